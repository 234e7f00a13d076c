#include "client/Client.h"

namespace squall::client {

void Subscription::deliver(const engine::EventBatch &batch)
{
    engine::EventBatch events;
    events.reserve(batch.size());
    for (const engine::Event &e : batch) {
        if (e.kind == engine::EventKind::Resync) {
            if (!events.isEmpty()) {
                Q_EMIT eventsReceived(events);
                events.clear();
            }
            m_lastId = e.id;
            Q_EMIT resyncRequired(e.id);
            continue;
        }
        if (e.id <= m_lastId)
            continue;  // already seen (a replay overlapping what arrived live)
        m_lastId = e.id;
        events.append(e);
    }
    if (!events.isEmpty())
        Q_EMIT eventsReceived(events);
}

void Subscription::setConnected(bool connected)
{
    if (m_connected == connected)
        return;
    m_connected = connected;
    Q_EMIT connectedChanged(connected);
}

} // namespace squall::client
