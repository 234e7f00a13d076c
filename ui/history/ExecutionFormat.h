#pragma once

#include "base/Value.h"

#include <QString>

namespace squall::ui::execfmt {

// How an execution came to be, from its context: "workflow" (a task of a
// parent), "re-run" (context["re-run"]), "re-emit" (a rule fired by a trigger
// instance that was sent again), "rule", or "manual".
QString origin(const Value &execution);
// "1.2 s", "3 min 4 s", "2 h 5 min"; empty for a negative span.
QString duration(qint64 ms);
// The execution's start as milliseconds since the epoch (0 when unknown).
qint64 startMs(const Value &execution);
qint64 endMs(const Value &execution);
// Local "yyyy-MM-dd HH:mm:ss" of an ISO timestamp.
QString localTime(const QString &iso);
bool isWorkflow(const Value &execution);
bool isActive(const QString &status);   // requested .. running, pausing, canceling
// The task name of a workflow child ("task1"), empty otherwise.
QString taskName(const Value &execution);

} // namespace squall::ui::execfmt
