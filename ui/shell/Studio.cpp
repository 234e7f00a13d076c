#include "ui/shell/Studio.h"

#include "client/Client.h"
#include "engine/EventFilter.h"

#include <QUndoStack>

namespace squall::ui {

Studio::Studio(client::Client *client, const QString &engineLabel, QObject *parent)
    : QObject(parent), m_client(client), m_engineLabel(engineLabel), m_apiAddress(client->endpoint()),
      m_undo(new QUndoStack(this))
{
}

Studio::~Studio() = default;

void Studio::startEvents()
{
    if (m_subscription)
        return;
    m_subscription = m_client->subscribe(engine::EventFilter(), -1, this);
    connect(m_subscription, &client::Subscription::eventsReceived, this, &Studio::eventsReceived);
    connect(m_subscription, &client::Subscription::resyncRequired, this, &Studio::resyncRequired);
    connect(m_subscription, &client::Subscription::connectedChanged, this, &Studio::liveChanged);
    connect(m_subscription, &client::Subscription::failed, this, [this](const QString &why) {
        tell(tr("Live updates stopped: %1").arg(why), 0);
    });
}

bool Studio::isLive() const
{
    return m_subscription && m_subscription->isConnected();
}

qint64 Studio::lastEventId() const
{
    return m_subscription ? m_subscription->lastEventId() : -1;
}

void Studio::show(const QString &pageId, const QString &objectId)
{
    Q_EMIT showRequested(pageId, objectId);
}

void Studio::tell(const QString &text, int timeoutMs)
{
    Q_EMIT message(text, timeoutMs);
}

} // namespace squall::ui
