#include "ui/workflow/panes/KeyValueTable.h"

#include "ui/shell/Icons.h"
#include "ui/workflow/panes/ValueText.h"

#include <QEvent>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

// Value cells complete context names (ctx().x, result() ...) while typing.
class CompletingDelegate : public QStyledItemDelegate
{
public:
    CompletingDelegate(const QStringList *words, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_words(words)
    {
    }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto *line = qobject_cast<QLineEdit *>(editor); line && !m_words->isEmpty()) {
            auto *completer = new QCompleter(*m_words, line);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            completer->setFilterMode(Qt::MatchContains);
            line->setCompleter(completer);
        }
        return editor;
    }

private:
    const QStringList *m_words;
};

} // namespace

KeyValueTable::KeyValueTable(const QString &name, const QString &label, const QString &keyHeader,
                             const QString &valueHeader, ValueKind kind, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_table(new QTableWidget(0, 2, this))
    , m_add(new QToolButton(this))
    , m_remove(new QToolButton(this))
{
    setObjectName(name);
    auto *title = new QLabel(label, this);
    title->setObjectName(name + QStringLiteral("Label"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);

    m_table->setObjectName(name + QStringLiteral("Table"));
    m_table->setAccessibleName(label);
    m_table->setAccessibleDescription(tr("%1 and %2 per row; double click a cell or press F2 to edit it").arg(keyHeader, valueHeader));
    m_table->setHorizontalHeaderLabels({keyHeader, valueHeader});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->resizeSection(0, 120);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    m_table->setItemDelegateForColumn(1, new CompletingDelegate(&m_completions, m_table));
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);

    m_add->setObjectName(name + QStringLiteral("Add"));
    m_add->setAccessibleName(tr("Add to %1").arg(label));
    m_add->setToolTip(tr("Add a row"));
    m_add->setAutoRaise(true);
    m_remove->setObjectName(name + QStringLiteral("Remove"));
    m_remove->setAccessibleName(tr("Remove from %1").arg(label));
    m_remove->setToolTip(tr("Remove the selected row"));
    m_remove->setAutoRaise(true);
    m_remove->setEnabled(false);

    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_table->selectedItems().isEmpty()); });
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_filling)
            return;
        // A new row counts once it has a name.
        const QTableWidgetItem *key = m_table->item(item->row(), 0);
        if (key && !key->text().trimmed().isEmpty())
            Q_EMIT edited();
    });
    connect(m_add, &QToolButton::clicked, this, [this] {
        m_filling = true;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem);
        m_table->setItem(row, 1, new QTableWidgetItem);
        m_filling = false;
        updateHeight();
        m_table->setCurrentCell(row, 0);
        m_table->editItem(m_table->item(row, 0));
    });
    connect(m_remove, &QToolButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0)
            return;
        const QTableWidgetItem *key = m_table->item(row, 0);
        const bool named = key && !key->text().trimmed().isEmpty();
        m_table->removeRow(row);
        updateHeight();
        if (named)
            Q_EMIT edited();
    });

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(title, 1);
    header->addWidget(m_add);
    header->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_table);
    updateHeight();
    updateIcons();
}

void KeyValueTable::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateIcons();
    QWidget::changeEvent(event);
}

void KeyValueTable::updateIcons()
{
    m_add->setIcon(icons::get(QStringLiteral("add"), palette()));
    m_remove->setIcon(icons::get(QStringLiteral("delete"), palette()));
}

void KeyValueTable::setRows(const QList<std::pair<QString, Value>> &rows)
{
    m_filling = true;
    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        m_table->setItem(i, 0, new QTableWidgetItem(rows.at(i).first));
        const Value &v = rows.at(i).second;
        const QString text = m_kind == ValueKind::Expression && v.isString() ? v.toString() : valuetext::format(v);
        m_table->setItem(i, 1, new QTableWidgetItem(text));
    }
    m_filling = false;
    updateHeight();
}

QList<std::pair<QString, Value>> KeyValueTable::rows() const
{
    QList<std::pair<QString, Value>> out;
    for (int i = 0; i < m_table->rowCount(); ++i) {
        const QTableWidgetItem *key = m_table->item(i, 0);
        const QTableWidgetItem *value = m_table->item(i, 1);
        const QString name = key ? key->text().trimmed() : QString();
        if (name.isEmpty())
            continue;
        const QString text = value ? value->text() : QString();
        out.append({name, m_kind == ValueKind::Expression ? valuetext::expression(text) : valuetext::parse(text)});
    }
    return out;
}

void KeyValueTable::setCompletions(const QStringList &words)
{
    m_completions = words;
}

void KeyValueTable::updateHeight()
{
    // Tall enough for the rows (a few at least), so a pane of tables scrolls as one.
    const int rows = std::max(2, std::min(m_table->rowCount(), 8));
    const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + rows * rowHeight + 2 * m_table->frameWidth() + 2);
}

} // namespace squall::ui
