#pragma once

#include "engine/EventFilter.h"

#include <QHash>
#include <QObject>

#include <deque>
#include <functional>

namespace squall::engine {

// Where published events are kept so that a subscriber can resume after a
// disconnect or a restart. The engine backs it with its store; appends land in
// the same transaction as the change they describe.
class EventLog
{
public:
    virtual ~EventLog() = default;
    virtual void appendEvent(const Event &event) = 0;
    virtual EventBatch eventsAfter(qint64 afterId, int limit) = 0;  // ascending ids
    virtual qint64 firstEventId() = 0;  // 0 when empty
    virtual qint64 lastEventId() = 0;   // 0 when empty
    virtual void purgeEventsUpTo(qint64 id) = 0;
};

using EventSink = std::function<void(const EventBatch &batch)>;

// The one way out of the engine for observers (stream clients, the studio).
// Events are numbered, persisted through the EventLog, and delivered to each
// subscriber filtered and coalesced: everything published during one event-loop
// turn reaches a subscriber as one batch (chunked when very large), in id order,
// each event once. Lives on the engine's thread; every method is called there.
class EventBus final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventBus)
public:
    explicit EventBus(QObject *parent = nullptr);

    // `retention`: how many events stay available for resuming.
    void setLog(EventLog *log, qint64 retention);

    const Event &publish(EventKind kind, const Value &doc);

    // Events after `sinceId` (or, with sinceId < 0, after lastId()) that pass
    // `filter` reach `sink` on the engine thread. When events after `sinceId` are
    // gone (older than the retention window, or the id is from another engine),
    // the first batch starts with one Resync event whose id is where the
    // subscriber now stands. Returns the subscription's handle.
    qint64 subscribe(const EventFilter &filter, qint64 sinceId, EventSink sink);
    void unsubscribe(qint64 handle);

    qint64 lastId() const { return m_seq; }
    qint64 firstRetainedId() const { return m_firstRetained; }
    int subscriberCount() const { return int(m_subs.size()); }

    // Delivers what is pending now instead of at the end of the turn.
    void flush();
    // Drops events beyond the retention window from the log.
    void purge();

    static constexpr int kMaxBatch = 2048;

private:
    struct Subscriber
    {
        EventFilter filter;
        EventSink sink;
        qint64 delivered = 0;  // last id this subscriber has been given (or skipped)
        bool resync = false;
    };

    void scheduleFlush();
    void catchUp(Subscriber &sub, qint64 upTo, EventBatch &out);
    void deliver(qint64 handle, const EventBatch &batch);

    EventLog *m_log = nullptr;
    qint64 m_retention = 100'000;
    qint64 m_seq = 0;
    qint64 m_firstRetained = 1;
    qint64 m_flushedUpTo = 0;
    EventBatch m_pending;
    std::deque<Event> m_recent;  // the newest events, for cheap catch-up
    QHash<qint64, Subscriber> m_subs;
    qint64 m_nextHandle = 1;
    bool m_flushScheduled = false;
};

} // namespace squall::engine
