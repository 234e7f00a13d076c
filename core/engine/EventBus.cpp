#include "engine/EventBus.h"

#include "base/Json.h"

#include <QMetaObject>

namespace squall::engine {

namespace {
// Enough to let a briefly disconnected client catch up without reading the log.
constexpr std::size_t kRecentKept = 8192;
} // namespace

EventBus::EventBus(QObject *parent) : QObject(parent) { }

void EventBus::setLog(EventLog *log, qint64 retention)
{
    m_log = log;
    m_retention = qMax<qint64>(retention, 1);
    if (m_log) {
        m_seq = m_log->lastEventId();
        const qint64 first = m_log->firstEventId();
        m_firstRetained = first > 0 ? first : m_seq + 1;
        m_flushedUpTo = m_seq;
        // Subscribed before the log was known: they asked for what comes next.
        for (Subscriber &sub : m_subs)
            sub.delivered = m_seq;
    }
}

const Event &EventBus::publish(EventKind kind, const Value &doc)
{
    Event e;
    e.id = ++m_seq;
    e.kind = kind;
    e.doc = doc;
    e.json = json::serialize(doc);
    if (m_log)
        m_log->appendEvent(e);
    m_recent.push_back(e);
    if (m_recent.size() > kRecentKept)
        m_recent.pop_front();
    if (!m_log)
        m_firstRetained = m_recent.front().id;
    m_pending.append(std::move(e));
    if (!m_subs.isEmpty())
        scheduleFlush();
    return m_pending.constLast();
}

qint64 EventBus::subscribe(const EventFilter &filter, qint64 sinceId, EventSink sink)
{
    Subscriber sub;
    sub.filter = filter;
    sub.sink = std::move(sink);
    if (sinceId < 0) {
        sub.delivered = m_seq;
    } else if (sinceId < m_firstRetained - 1 || sinceId > m_seq) {
        sub.resync = true;
        sub.delivered = m_flushedUpTo;
    } else {
        sub.delivered = sinceId;
    }
    const qint64 handle = m_nextHandle++;
    m_subs.insert(handle, std::move(sub));
    scheduleFlush();
    return handle;
}

void EventBus::unsubscribe(qint64 handle)
{
    m_subs.remove(handle);
}

void EventBus::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(this, &EventBus::flush, Qt::QueuedConnection);
}

void EventBus::flush()
{
    m_flushScheduled = false;
    const EventBatch pending = std::exchange(m_pending, {});
    const qint64 upTo = m_seq;
    // A sink may unsubscribe (its client went away) or subscribe someone new.
    const QList<qint64> handles = m_subs.keys();
    for (qint64 handle : handles) {
        auto it = m_subs.find(handle);
        if (it == m_subs.end())
            continue;
        Subscriber &sub = *it;
        EventBatch out;
        if (sub.resync) {
            sub.resync = false;
            Event r;
            r.id = sub.delivered;
            r.kind = EventKind::Resync;
            r.doc = makeDict({{QStringLiteral("last_id"), sub.delivered},
                              {QStringLiteral("reason"),
                               QStringLiteral("events after the requested id are no longer kept; reload")}});
            r.json = json::serialize(r.doc);
            out.append(std::move(r));
        }
        const qint64 firstPending = pending.isEmpty() ? upTo + 1 : pending.constFirst().id;
        if (sub.delivered < firstPending - 1)
            catchUp(sub, firstPending - 1, out);
        for (const Event &e : pending) {
            if (e.id > sub.delivered && sub.filter.accepts(e))
                out.append(e);
        }
        sub.delivered = upTo;
        if (!out.isEmpty())
            deliver(handle, out);
    }
    m_flushedUpTo = upTo;
}

void EventBus::catchUp(Subscriber &sub, qint64 upTo, EventBatch &out)
{
    qint64 cursor = sub.delivered;
    // From memory when the newest events cover the gap, from the log otherwise.
    if (!m_recent.empty() && m_recent.front().id <= cursor + 1) {
        for (const Event &e : m_recent) {
            if (e.id > cursor && e.id <= upTo && sub.filter.accepts(e))
                out.append(e);
        }
        return;
    }
    if (!m_log)
        return;
    while (cursor < upTo) {
        const EventBatch chunk = m_log->eventsAfter(cursor, kMaxBatch);
        if (chunk.isEmpty())
            break;
        for (const Event &e : chunk) {
            if (e.id > upTo)
                return;
            if (sub.filter.accepts(e))
                out.append(e);
            cursor = e.id;
        }
    }
}

void EventBus::deliver(qint64 handle, const EventBatch &batch)
{
    // Copy the sink: it may unsubscribe itself, destroying its subscriber.
    const EventSink sink = m_subs.value(handle).sink;
    if (batch.size() <= kMaxBatch) {
        sink(batch);
        return;
    }
    for (qsizetype i = 0; i < batch.size() && m_subs.contains(handle); i += kMaxBatch)
        sink(batch.mid(i, kMaxBatch));
}

void EventBus::purge()
{
    const qint64 keepFrom = m_seq - m_retention + 1;
    if (keepFrom <= m_firstRetained)
        return;
    if (m_log)
        m_log->purgeEventsUpTo(keepFrom - 1);
    m_firstRetained = keepFrom;
}

} // namespace squall::engine
