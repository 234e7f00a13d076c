#include "ui/shell/CommandPalette.h"

#include <QAction>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

QString plainText(const QAction *action)
{
    QString text = action->text();
    text.remove(u'&');
    if (text.endsWith(u'…'))
        text.chop(1);
    return text;
}

} // namespace

CommandPalette::CommandPalette(QWidget *parent)
    : QDialog(parent, Qt::Popup | Qt::FramelessWindowHint), m_input(new QLineEdit(this)), m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("commandPalette"));
    setAccessibleName(tr("Command palette"));
    m_input->setObjectName(QStringLiteral("commandInput"));
    m_input->setAccessibleName(tr("Command"));
    m_input->setAccessibleDescription(tr("Type part of a command's name; Enter runs the selected command"));
    m_input->setPlaceholderText(tr("Type a command…"));
    m_list->setObjectName(QStringLiteral("commandList"));
    m_list->setAccessibleDescription(tr("Commands whose name contains the typed words; Enter runs the selected one"));
    m_list->setAccessibleName(tr("Matching commands"));
    m_list->setUniformItemSizes(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_input);
    layout->addWidget(m_list);
    m_input->installEventFilter(this);
    connect(m_input, &QLineEdit::textChanged, this, &CommandPalette::refilter);
    connect(m_input, &QLineEdit::returnPressed, this, &CommandPalette::runCurrent);
    connect(m_list, &QListWidget::itemActivated, this, &CommandPalette::runCurrent);
}

void CommandPalette::open(const QList<QAction *> &commands)
{
    m_commands.clear();
    for (QAction *a : commands) {
        if (!a->text().isEmpty() && !a->isSeparator())
            m_commands.append(a);
    }
    m_input->clear();
    refilter();
    if (QWidget *p = parentWidget()) {
        const int width = std::min(560, p->width() - 40);
        resize(width, 360);
        move(p->mapToGlobal(QPoint((p->width() - width) / 2, 60)));
    }
    show();
    raise();
    activateWindow();
    m_input->setFocus();
}

void CommandPalette::refilter()
{
    const QStringList words = m_input->text().split(u' ', Qt::SkipEmptyParts);
    m_list->clear();
    for (const QPointer<QAction> &a : std::as_const(m_commands)) {
        if (!a)
            continue;
        const QString text = plainText(a);
        const bool all = std::all_of(words.begin(), words.end(),
                                     [&](const QString &w) { return text.contains(w, Qt::CaseInsensitive); });
        if (!all)
            continue;
        QString label = text;
        if (!a->shortcut().isEmpty())
            label += QStringLiteral("    ") + a->shortcut().toString(QKeySequence::NativeText);
        auto *item = new QListWidgetItem(a->icon(), label, m_list);
        item->setData(Qt::UserRole, QVariant::fromValue(static_cast<QObject *>(a.data())));
        item->setFlags(a->isEnabled() ? item->flags() : item->flags() & ~Qt::ItemIsEnabled);
    }
    m_list->setCurrentRow(0);
}

void CommandPalette::runCurrent()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    auto *action = qobject_cast<QAction *>(item->data(Qt::UserRole).value<QObject *>());
    hide();
    if (action && action->isEnabled())
        action->trigger();
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up) {
            const int row = m_list->currentRow() + (key == Qt::Key_Down ? 1 : -1);
            if (row >= 0 && row < m_list->count())
                m_list->setCurrentRow(row);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace squall::ui
