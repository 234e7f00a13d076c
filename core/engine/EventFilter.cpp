#include "engine/EventFilter.h"

namespace squall::engine {

namespace {

QStringList splitList(const QString &text)
{
    QStringList out;
    for (QStringView part : QStringView(text).split(u',', Qt::SkipEmptyParts)) {
        part = part.trimmed();
        if (!part.isEmpty())
            out.append(part.toString());
    }
    return out;
}

constexpr quint64 kAllKinds = (quint64(1) << kEventKindCount) - 1;

quint64 kindMask(const QStringList &patterns)
{
    if (patterns.isEmpty())
        return kAllKinds;
    // Resync always passes: a subscriber must hear that it has to reload.
    quint64 mask = quint64(1) << int(EventKind::Resync);
    for (int k = 0; k < kEventKindCount; ++k) {
        const QString name = eventName(EventKind(k));
        for (const QString &p : patterns) {
            if (p.endsWith(u'*') ? name.startsWith(QStringView(p).chopped(1)) : name == p) {
                mask |= quint64(1) << k;
                break;
            }
        }
    }
    return mask;
}

} // namespace

EventFilter::EventFilter() : m_kinds(kAllKinds) { }

EventFilter::EventFilter(const QStringList &events, const QStringList &executionIds, const QStringList &actionRefs)
    : m_kinds(kindMask(events))
    , m_eventPatterns(events)
    , m_executionIds(executionIds.begin(), executionIds.end())
    , m_actionRefs(actionRefs.begin(), actionRefs.end())
{
}

EventFilter EventFilter::fromParams(const QHash<QString, QString> &params)
{
    return EventFilter(splitList(params.value(QStringLiteral("events"))),
                       splitList(params.value(QStringLiteral("execution_ids"))),
                       splitList(params.value(QStringLiteral("action_refs"))));
}

EventFilter EventFilter::ofKinds(std::initializer_list<EventKind> kinds)
{
    QStringList names;
    for (EventKind k : kinds)
        names.append(eventName(k));
    return EventFilter(names, {}, {});
}

EventFilter &EventFilter::onlyExecutions(const QStringList &ids)
{
    m_executionIds = QSet<QString>(ids.begin(), ids.end());
    return *this;
}

bool EventFilter::accepts(const Event &event) const
{
    if (!acceptsKind(event.kind))
        return false;
    if (event.kind == EventKind::Resync)
        return true;
    if (!m_executionIds.isEmpty()) {
        // Execution documents carry their own id; output records carry execution_id.
        const bool isExecution = event.kind == EventKind::ExecutionCreate || event.kind == EventKind::ExecutionUpdate;
        const Value id = isExecution ? event.doc[u"id"] : event.doc[u"execution_id"];
        if (!id.isString() || !m_executionIds.contains(id.toString()))
            return false;
    }
    if (!m_actionRefs.isEmpty()) {
        Value ref = event.doc[u"action"][u"ref"];
        if (!ref.isString())
            ref = event.doc[u"action_ref"];
        if (!ref.isString() || !m_actionRefs.contains(ref.toString()))
            return false;
    }
    return true;
}

QHash<QString, QString> EventFilter::toParams() const
{
    QHash<QString, QString> p;
    if (!m_eventPatterns.isEmpty())
        p.insert(QStringLiteral("events"), m_eventPatterns.join(u','));
    if (!m_executionIds.isEmpty())
        p.insert(QStringLiteral("execution_ids"), QStringList(m_executionIds.begin(), m_executionIds.end()).join(u','));
    if (!m_actionRefs.isEmpty())
        p.insert(QStringLiteral("action_refs"), QStringList(m_actionRefs.begin(), m_actionRefs.end()).join(u','));
    return p;
}

} // namespace squall::engine
