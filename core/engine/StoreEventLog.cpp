#include "engine/StoreEventLog.h"

#include "base/Json.h"
#include "store/Store.h"

namespace squall::engine {

void StoreEventLog::appendEvent(const Event &event)
{
    m_store->appendEvent(event.id, event.name(), event.json);
}

EventBatch StoreEventLog::eventsAfter(qint64 afterId, int limit)
{
    EventBatch out;
    for (const store::StoredEvent &row : m_store->eventsAfter(afterId, limit)) {
        const std::optional<EventKind> kind = eventKindFromName(row.kind);
        if (!kind)
            continue;  // written by a newer version: nothing this one can describe
        Event e;
        e.id = row.id;
        e.kind = *kind;
        e.json = row.json;
        json::ParseError error;
        e.doc = json::parse(row.json, &error);
        if (!error.ok())
            continue;
        out.append(std::move(e));
    }
    return out;
}

qint64 StoreEventLog::firstEventId()
{
    return m_store->firstEventId();
}

qint64 StoreEventLog::lastEventId()
{
    return m_store->lastEventId();
}

void StoreEventLog::purgeEventsUpTo(qint64 id)
{
    m_store->purgeEventsUpTo(id);
}

} // namespace squall::engine
