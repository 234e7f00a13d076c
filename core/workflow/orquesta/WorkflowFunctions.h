#pragma once

#include "base/Value.h"
#include "expr/Functions.h"

#include <QString>

// Hooks for expression functions that live outside this library (the
// engine's st2kv() and a richer task()): the same view of the workflow that
// Orquesta's own functions get.
namespace squall::orquesta {

// The data the expression is evaluated over: the task's context dict plus
// __current_task / __current_item / __state. Null outside a workflow.
// `ctx().st2.user` (for st2kv's user scope) is workflowData(cc)["st2"]["user"].
Value workflowData(const expr::CallContext &cc);

// task_status(taskId, route) as the workflow function computes it ("null"
// when the task has not run); route < 0 means the current task's route.
QString workflowTaskStatus(const expr::CallContext &cc, const QString &taskId, int route = -1);

} // namespace squall::orquesta
