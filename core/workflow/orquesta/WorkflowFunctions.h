#pragma once

#include "base/Value.h"
#include "expr/Functions.h"

#include <QString>

// What expression functions outside this library see of the workflow (the
// same view Orquesta's own functions get), and the pieces an engine lends
// through an expr::FunctionHost: a Datastore for st2kv() and the task
// records behind st2's task().
namespace squall::orquesta {

// The data the expression is evaluated over: the task's context dict plus
// __current_task / __current_item / __state. Null outside a workflow.
// `ctx().st2.user` (for st2kv's user scope) is workflowData(cc)["st2"]["user"].
Value workflowData(const expr::CallContext &cc);

// task_status(taskId, route) as the workflow function computes it ("null"
// when the task has not run); route < 0 means the current task's route.
QString workflowTaskStatus(const expr::CallContext &cc, const QString &taskId, int route = -1);

// The datastore st2kv() reads, as an engine (or the simulator) provides it.
class Datastore
{
public:
    virtual ~Datastore() = default;
    // The stored value of `name` in the system scope or in `user`'s scope
    // and whether it is a secret (then the value is the cipher text); false
    // when there is no such key.
    virtual bool find(bool system, const QString &user, const QString &name, Value *value, bool *secret) const = 0;
    // The clear text of a secret's cipher text; false when it cannot be decrypted.
    virtual bool decrypt(const QString &cipher, QString *plain) const = 0;
};

// st2's st2kv(key, decrypt=False, default=...) over `store`: `system.x` is the
// system scope, other keys are in the scope of ctx().st2.user (else `user`).
Value st2kv(const Datastore &store, const QString &user, const ValueList &args, const ValueDict &kwargs,
            const expr::CallContext &cc);

// The hosted function (expr::FunctionHost) st2's task() asks for what only
// the engine knows about a task's latest execution: called with (task id,
// route, status) of the task's state entry, it returns a dict with any of
// task_execution_id, workflow_execution_id, result, start_timestamp,
// end_timestamp, or null when the task has no execution record.
inline constexpr QStringView kTaskRecordFunction = u"@task record";

} // namespace squall::orquesta
