#pragma once

#include "engine/EventBus.h"

namespace squall::store { class Store; }

namespace squall::engine {

// The event log kept in the engine's store, next to the records the events
// describe (written in the same transaction).
class StoreEventLog final : public EventLog
{
public:
    explicit StoreEventLog(store::Store *store) : m_store(store) { }

    void appendEvent(const Event &event) override;
    EventBatch eventsAfter(qint64 afterId, int limit) override;
    qint64 firstEventId() override;
    qint64 lastEventId() override;
    void purgeEventsUpTo(qint64 id) override;

private:
    store::Store *m_store;
};

} // namespace squall::engine
