#include "ui/shell/Page.h"

#include "ui/shell/Studio.h"

#include <QAction>

namespace squall::ui {

Page::Page(Studio *studio, QWidget *parent) : QWidget(parent), m_studio(studio)
{
    connect(studio, &Studio::eventsReceived, this, [this](const engine::EventBatch &batch) {
        if (!m_loaded)
            return;
        for (const engine::Event &e : batch)
            onEvent(e);
    });
    connect(studio, &Studio::resyncRequired, this, [this] {
        if (m_loaded)
            reload();
    });
}

void Page::activate()
{
    if (m_loaded)
        return;
    m_loaded = true;
    firstShown();
}

QAction *Page::addCommand(const QString &text, const QKeySequence &shortcut, std::function<void()> run,
                          const QString &objectName)
{
    auto *action = new QAction(text, this);
    action->setShortcut(shortcut);
    // Page shortcuts only act while the page is the one shown.
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    if (!objectName.isEmpty())
        action->setObjectName(objectName);
    connect(action, &QAction::triggered, this, [run = std::move(run)] { run(); });
    addAction(action);
    m_commands.append(action);
    return action;
}

} // namespace squall::ui
