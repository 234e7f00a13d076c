#include "ui/workflow/panes/ProblemsList.h"

#include "ui/shell/Icons.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

#include <functional>

namespace squall::ui {

namespace {

constexpr int kRowRole = Qt::UserRole + 1;

QIcon iconFor(const QString &type)
{
    // Syntax and semantics stop the workflow from loading; expression and
    // context problems fail it at run time: both are errors, the tone differs.
    if (type == u"expression" || type == u"context")
        return icons::status(QStringLiteral("timeout"));
    return icons::status(QStringLiteral("failed"));
}

// Enter activates the current row like a double click does.
class ProblemsView : public QTreeView
{
public:
    using QTreeView::QTreeView;
    std::function<void(int)> onActivate;

protected:
    void keyPressEvent(QKeyEvent *event) override
    {
        if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && currentIndex().isValid()) {
            onActivate(currentIndex().row());
            return;
        }
        QTreeView::keyPressEvent(event);
    }
};

} // namespace

ProblemsList::ProblemsList(QWidget *parent)
    : QWidget(parent)
    , m_count(new QLabel(this))
    , m_model(new QStandardItemModel(this))
{
    setObjectName(QStringLiteral("problemsList"));
    auto *view = new ProblemsView(this);
    m_view = view;
    view->onActivate = [this](int row) { activate(row); };

    m_count->setObjectName(QStringLiteral("problemsCount"));
    m_count->setAccessibleName(tr("Problem count"));
    m_count->setContentsMargins(4, 2, 4, 2);

    m_model->setHorizontalHeaderLabels({tr("Line"), tr("Type"), tr("Message"), tr("Where")});
    m_view->setModel(m_model);
    m_view->setObjectName(QStringLiteral("problemsView"));
    m_view->setAccessibleName(tr("Workflow problems"));
    m_view->setAccessibleDescription(tr("Double click or press Enter to show a problem in the text and on the graph"));
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(3, QHeaderView::Interactive);
    m_view->header()->resizeSection(3, 200);
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) { activate(index.row()); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_count);
    layout->addWidget(m_view, 1);
    setProblems({});
}

void ProblemsList::setProblems(const QList<workflow::InspectionError> &problems)
{
    m_problems = problems;
    m_model->removeRows(0, m_model->rowCount());
    for (int i = 0; i < problems.size(); ++i) {
        const workflow::InspectionError &p = problems.at(i);
        QString where;
        if (p.location.line > 0)
            where = p.location.column > 0 ? QStringLiteral("%1:%2").arg(p.location.line).arg(p.location.column)
                                          : QString::number(p.location.line);
        auto *line = new QStandardItem(iconFor(p.type), where);
        line->setData(i, kRowRole);
        line->setData(p.location.line, Qt::UserRole + 2);
        auto *type = new QStandardItem(p.type);
        auto *message = new QStandardItem(p.message);
        message->setToolTip(p.expression.isEmpty() ? p.message : p.message + QStringLiteral("\n\n") + p.expression);
        auto *path = new QStandardItem(p.specPath.isEmpty() ? tr("(document)") : p.specPath);
        path->setToolTip(p.specPath);
        m_model->appendRow({line, type, message, path});
    }
    if (problems.isEmpty())
        m_count->setText(tr("No problems"));
    else
        m_count->setText(problems.size() == 1 ? tr("1 problem") : tr("%1 problems").arg(problems.size()));
    m_view->setEnabled(!problems.isEmpty());
}

void ProblemsList::activate(int row)
{
    if (row >= 0 && row < m_problems.size())
        Q_EMIT problemActivated(m_problems.at(row));
}

} // namespace squall::ui
