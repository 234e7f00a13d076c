#include "ui/shell/EngineStatusLabel.h"

#include "client/Client.h"
#include "engine/EventFilter.h"

namespace squall::ui {

EngineStatusLabel::EngineStatusLabel(QWidget *parent) : QLabel(parent)
{
    setAccessibleName(tr("Engine status"));
    setAccessibleDescription(tr("Where the engine runs and whether its live updates are connected"));
    refresh();
}

void EngineStatusLabel::attach(client::Client *client)
{
    delete m_subscription;
    m_client = client;
    m_events = 0;
    m_subscription = client->subscribe(engine::EventFilter(), -1, this);
    connect(m_subscription, &client::Subscription::connectedChanged, this, &EngineStatusLabel::refresh);
    connect(m_subscription, &client::Subscription::eventsReceived, this, [this](const engine::EventBatch &batch) {
        m_events += batch.size();
        refresh();
    });
    refresh();
}

void EngineStatusLabel::refresh()
{
    if (!m_client) {
        setText(tr("No engine"));
        return;
    }
    const bool live = m_subscription && m_subscription->isConnected();
    setText(live ? (m_events == 1 ? tr("%1 · live · 1 event") : tr("%1 · live · %2 events").arg(QStringLiteral("%1"), QString::number(m_events))).arg(m_client->endpoint())
                 : tr("%1 · reconnecting…").arg(m_client->endpoint()));
}

} // namespace squall::ui
