#include "ui/common/ScalarListEditor.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace squall::ui {

ScalarListEditor::ScalarListEditor(QWidget *parent)
    : QWidget(parent), m_list(new QListWidget(this)), m_add(new QToolButton(this)),
      m_remove(new QToolButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::AnyKeyPressed);
    m_list->setUniformItemSizes(true);
    m_list->installEventFilter(this);
    // Room for four rows; the list scrolls beyond that.
    const int row = m_list->fontMetrics().height() + 4;
    m_list->setFixedHeight(row * 4 + 2 * m_list->frameWidth());
    layout->addWidget(m_list, 1);

    auto *buttons = new QVBoxLayout;
    buttons->setSpacing(2);
    m_add->setIcon(QIcon::fromTheme(QStringLiteral("list-add")));
    m_add->setText(tr("Add"));
    m_add->setToolTip(tr("Add an item"));
    m_remove->setIcon(QIcon::fromTheme(QStringLiteral("list-remove")));
    m_remove->setText(tr("Remove"));
    m_remove->setToolTip(tr("Remove the selected items (Delete)"));
    for (QToolButton *b : {m_add, m_remove}) {
        b->setToolButtonStyle(b->icon().isNull() ? Qt::ToolButtonTextOnly : Qt::ToolButtonIconOnly);
        buttons->addWidget(b);
    }
    buttons->addStretch();
    layout->addLayout(buttons);

    connect(m_add, &QToolButton::clicked, this, &ScalarListEditor::addItem);
    connect(m_remove, &QToolButton::clicked, this, &ScalarListEditor::removeSelected);
    connect(m_list, &QListWidget::itemSelectionChanged, this, &ScalarListEditor::updateButtons);
    connect(m_list, &QListWidget::itemChanged, this, &ScalarListEditor::changed);
    // An item added but left empty goes away when its editor closes.
    connect(m_list->itemDelegate(), &QAbstractItemDelegate::closeEditor, this, [this] {
        for (int i = m_list->count() - 1; i >= 0; --i) {
            if (m_list->item(i)->text().isEmpty())
                delete m_list->takeItem(i);
        }
        updateButtons();
    });
    setFocusProxy(m_list);
    updateButtons();
}

void ScalarListEditor::setNames(const QString &objectName, const QString &label)
{
    setObjectName(objectName);
    setAccessibleName(label);
    m_list->setObjectName(objectName + QStringLiteral("_items"));
    m_list->setAccessibleName(tr("%1 items").arg(label));
    m_add->setObjectName(objectName + QStringLiteral("_add"));
    m_add->setAccessibleName(tr("Add an item to %1").arg(label));
    m_remove->setObjectName(objectName + QStringLiteral("_remove"));
    m_remove->setAccessibleName(tr("Remove the selected items from %1").arg(label));
}

void ScalarListEditor::setItems(const QStringList &items)
{
    const QSignalBlocker block(m_list);
    m_list->clear();
    for (const QString &text : items) {
        auto *item = new QListWidgetItem(text, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    updateButtons();
}

QStringList ScalarListEditor::items() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i) {
        if (!m_list->item(i)->text().isEmpty())
            out << m_list->item(i)->text();
    }
    return out;
}

void ScalarListEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_list->setEditTriggers(readOnly ? QAbstractItemView::NoEditTriggers
                                     : QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                           | QAbstractItemView::AnyKeyPressed);
    updateButtons();
}

void ScalarListEditor::addItem()
{
    if (m_readOnly)
        return;
    auto *item = new QListWidgetItem(m_list);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    m_list->setCurrentItem(item);
    m_list->setFocus();
    m_list->editItem(item);
    updateButtons();
}

void ScalarListEditor::removeSelected()
{
    if (m_readOnly)
        return;
    const auto selected = m_list->selectedItems();
    if (selected.isEmpty())
        return;
    int row = m_list->row(selected.first());
    qDeleteAll(selected);
    if (m_list->count() > 0)
        m_list->setCurrentRow(qMin(row, m_list->count() - 1));
    updateButtons();
    Q_EMIT changed();
}

bool ScalarListEditor::eventFilter(QObject *watched, QEvent *event)
{
    // Keys typed into an item's editor go to that editor, not to the list.
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Delete) {
            removeSelected();
            return true;
        }
        if (key->key() == Qt::Key_Insert) {
            addItem();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ScalarListEditor::updateButtons()
{
    m_add->setEnabled(!m_readOnly);
    m_remove->setEnabled(!m_readOnly && !m_list->selectedItems().isEmpty());
}

} // namespace squall::ui
