#pragma once

#include "engine/EngineEvent.h"

#include <QHash>
#include <QSet>
#include <QStringList>

namespace squall::engine {

// Which events a subscriber wants. Built from a stream query (`events`: comma-
// separated names, a trailing '*' matches a prefix; `execution_ids`;
// `action_refs`) or from code. Names are resolved to kinds once, so accepting
// an event costs a bit test plus, when ids or refs are given, one hash lookup.
class EventFilter
{
public:
    EventFilter();  // accepts everything
    EventFilter(const QStringList &events, const QStringList &executionIds, const QStringList &actionRefs);

    static EventFilter fromParams(const QHash<QString, QString> &params);
    static EventFilter ofKinds(std::initializer_list<EventKind> kinds);

    EventFilter &onlyExecutions(const QStringList &ids);

    bool accepts(const Event &event) const;
    bool acceptsKind(EventKind kind) const { return m_kinds & (quint64(1) << int(kind)); }
    // The query that rebuilds this filter on a remote engine.
    QHash<QString, QString> toParams() const;

private:
    quint64 m_kinds;
    QStringList m_eventPatterns;
    QSet<QString> m_executionIds;
    QSet<QString> m_actionRefs;
};

} // namespace squall::engine
