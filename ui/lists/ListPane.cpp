#include "ui/lists/ListPane.h"

#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/Icons.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace squall::ui {

ListPane::ListPane(const QString &name, const QString &noun, ResourceTableModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(new QSortFilterProxyModel(this)), m_search(new QLineEdit(this)),
      m_view(new QTreeView(this)), m_stack(new QStackedWidget(this)), m_empty(new QLabel(this))
{
    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(ResourceTableModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_search->setObjectName(name + QStringLiteral("Search"));
    m_search->setPlaceholderText(tr("Search %1").arg(noun));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(icons::get(QStringLiteral("search")), QLineEdit::LeadingPosition);
    m_search->setAccessibleName(tr("Search %1").arg(noun));
    m_search->setAccessibleDescription(tr("Shows only the %1 whose columns contain this text").arg(noun));
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        updateEmptyState();
    });

    m_view->setObjectName(name + QStringLiteral("List"));
    m_view->setAccessibleName(tr("%1 list").arg(noun));
    m_view->setAccessibleDescription(tr("The %1; choose one to see it beside the list").arg(noun));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(0, Qt::AscendingOrder);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);

    m_empty->setObjectName(name + QStringLiteral("Empty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setMargin(24);
    m_emptyText = tr("No %1.").arg(noun);

    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->setSpacing(4);
    top->addWidget(m_search, 1);
    m_buttons = top;

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { Q_EMIT currentChanged(current()); });
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT activated(m_model->itemAt(m_proxy->mapToSource(index).row()));
    });
    connect(model, &QAbstractItemModel::modelReset, this, &ListPane::updateEmptyState);
    connect(model, &QAbstractItemModel::rowsInserted, this, &ListPane::updateEmptyState);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &ListPane::updateEmptyState);
    updateEmptyState();
}

QToolButton *ListPane::addButton(const QString &iconName, const QString &text, const QString &objectName)
{
    auto *button = new QToolButton(this);
    button->setObjectName(objectName);
    button->setIcon(icons::get(iconName));
    button->setText(text);
    button->setToolTip(text);
    button->setAccessibleName(text);
    button->setAutoRaise(true);
    m_buttons->addWidget(button);
    return button;
}

bool ListPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key == Qt::Key_Down || key == Qt::Key_Return || key == Qt::Key_Enter) && m_proxy->rowCount() > 0) {
            const QModelIndex current = m_view->currentIndex();
            if (!current.isValid())
                m_view->setCurrentIndex(m_proxy->index(0, 0));
            m_view->setFocus(Qt::TabFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ListPane::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void ListPane::setEmptyText(const QString &text)
{
    m_emptyText = text;
    updateEmptyState();
}

void ListPane::setLoading(bool loading)
{
    m_loading = loading;
    if (loading)
        m_error.clear();
    updateEmptyState();
}

void ListPane::setError(const QString &error)
{
    m_error = error;
    m_loading = false;
    updateEmptyState();
}

void ListPane::updateEmptyState()
{
    const bool empty = m_proxy->rowCount() == 0;
    if (!m_error.isEmpty())
        m_empty->setText(m_error);
    else if (m_loading)
        m_empty->setText(tr("Loading…"));
    else if (m_model->rowCount() > 0)
        m_empty->setText(tr("Nothing matches “%1”.").arg(m_search->text()));
    else
        m_empty->setText(m_emptyText);
    m_stack->setCurrentWidget(empty || !m_error.isEmpty() ? static_cast<QWidget *>(m_empty) : m_view);
}

Value ListPane::current() const
{
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid())
        return {};
    return m_model->itemAt(m_proxy->mapToSource(index).row());
}

QString ListPane::currentId() const
{
    const Value item = current();
    return item.isNull() ? QString() : m_model->idOf(item);
}

bool ListPane::select(const QString &id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

} // namespace squall::ui
