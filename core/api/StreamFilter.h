#pragma once

#include "engine/EngineApi.h"

#include <QStringList>

namespace squall::api {

// Which events a stream client wants, from its query: `events` (comma-separated
// names; a trailing '*' matches a prefix), `execution_ids`, `action_refs`.
// Empty lists accept everything.
struct StreamFilter
{
    QStringList events;
    QStringList executionIds;
    QStringList actionRefs;

    static StreamFilter fromParams(const engine::Params &params);
    bool accepts(const QString &type, const Value &doc) const;
};

} // namespace squall::api
