#pragma once

#include "base/Value.h"
#include "workflow/orquesta/WorkflowPlan.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace squall::expr { class Scope; }

// Orquesta's WorkflowConductor (orquesta/conducting.py) over a shared
// WorkflowPlan: it decides which tasks run next, with which context and
// action input, from the action events the engine feeds it. Pure logic: it
// never runs anything or waits. Not thread-safe; one conductor per execution.
namespace squall::orquesta {

// An action execution event (events.ActionExecutionEvent, or
// TaskItemActionExecutionEvent when itemId >= 0).
struct ActionEvent
{
    QString status;              // an Orquesta status: running, succeeded, failed, timeout, pending...
    Value result;
    int itemId = -1;             // with-items: the item this event is for
    Value accumulatedResult;     // with-items: the item results so far, in item order

    static ActionEvent of(const QString &status, Value result = {}) { return {status, std::move(result), -1, {}}; }
    static ActionEvent item(int itemId, const QString &status, Value result, Value accumulated)
    {
        return {status, std::move(result), itemId, std::move(accumulated)};
    }
};

struct ActionSpec
{
    Value action;   // the rendered action ref (null for action-less tasks)
    Value input;    // the rendered input dict
    int itemId = -1;
};

// One entry of nextTasks(): a task ready to be scheduled.
struct NextTask
{
    QString id;
    int route = 0;
    Value ctx;                   // the task's context (with __current_task)
    QList<ActionSpec> actions;   // with-items: only the items that may start now
    bool hasDelay = false;
    qint64 delay = 0;            // seconds
    bool hasItems = false;
    int itemsCount = 0;
    Value concurrency;           // null or an int
    Value toValue() const;       // {id, route, ctx, actions[{action, input[, item_id]}], delay?, items_count?, concurrency?}
};

// requests.TaskRerunRequest
struct TaskRerunRequest
{
    QString taskId;
    int route = 0;
    bool resetItems = false;
};

class Conductor
{
public:
    // `inputs` are the runtime input values (never evaluated as expressions);
    // `parentContext` is merged under them (st2: {st2: {...}, parent: {...}}).
    // Input and vars are rendered here; a rendering error leaves the
    // workflow failed with the errors logged.
    // `functions` (optional, outliving the conductor) is the scope through
    // which expressions reach the engine's own functions (st2kv, decrypt_kv,
    // task): an expr::HostScope.
    explicit Conductor(std::shared_ptr<const WorkflowPlan> plan, const Value &inputs = {},
                       const Value &parentContext = {}, const expr::Scope *functions = nullptr);
    ~Conductor();
    Conductor(const Conductor &) = delete;
    Conductor &operator=(const Conductor &) = delete;

    const std::shared_ptr<const WorkflowPlan> &plan() const;

    // --- Orquesta's public operations ------------------------------------
    QString workflowStatus() const;
    // request_workflow_status: running, pausing, paused, resuming, canceling,
    // canceled, failed... Throws SquallException kind
    // "InvalidWorkflowStatusTransition" when the status cannot change so.
    void requestWorkflowStatus(const QString &status);
    // get_next_tasks, sorted by (task id, route).
    QList<NextTask> nextTasks();
    // update_task_state. Throws SquallException ("InvalidTask",
    // "InvalidTaskStateEntry") for a task that is not staged or unknown.
    void updateTaskState(const QString &taskId, int route, const ActionEvent &event);
    // request_workflow_rerun; an empty list reruns the failed terminal tasks.
    // Throws ("WorkflowIsActiveAndNotRerunableError", "InvalidTaskRerunRequest").
    void requestWorkflowRerun(const QList<TaskRerunRequest> &tasks = {});
    // render_workflow_output: renders `output` once the workflow completed.
    void renderWorkflowOutput();

    Value workflowOutput() const;        // null when there is none
    const ValueList &errors() const;     // [{type, message, task_id?, route?, task_transition_id?, result?}]
    const ValueList &log() const;
    Value input() const;
    Value parentContext() const;

    // --- Views for rehearsal, CLI and the engine ---------------------------
    int sequenceSize() const;
    int taskEntryIndex(const QString &taskId, int route) const;  // latest entry, -1 when none
    QStringList taskSequence() const;    // "task__rN" per task state entry, in order
    Value sequenceEntry(int index) const;// {id, route, status, ...} as Orquesta stores it
    Value routes() const;                // [[], ["task2__t0"], ...]
    QStringList terminalTasks() const;   // "task__rN"
    QString taskStatus(const QString &taskId, int route) const;  // "null" when unknown

    // --- Persistence --------------------------------------------------------
    // The complete state, Orquesta's serialize() layout ({input, context,
    // state{contexts, routes, sequence, staged, status, tasks, reruns}, log,
    // errors, output}) plus Squall's `opaque` list. JSON-safe. Later
    // takeDelta() results are relative to the last snapshot.
    // `compact` writes context index lists as [first, last] runs (restore reads
    // both): a long chain's snapshot stays linear in its length.
    Value snapshot(bool compact = false) const;
    // Rebuilds a conductor from snapshot() (Orquesta's serialized state is
    // accepted as well; its `spec`/`graph` are ignored in favour of `plan`).
    static std::unique_ptr<Conductor> restore(std::shared_ptr<const WorkflowPlan> plan, const Value &snapshot,
                                              const expr::Scope *functions = nullptr);
    const expr::Scope *functionScope() const;
    // What changed since the last call (or since construction/restore), as a
    // small JSON-safe value to append to a journal; null when nothing changed.
    // restore(snapshot) followed by applyDelta() of every later delta, in
    // order, gives the same state.
    Value takeDelta();
    void applyDelta(const Value &delta);

    struct Private;

private:
    Conductor();
    std::unique_ptr<Private> d;
};

// Registers Orquesta's workflow functions (ctx, succeeded, failed, completed,
// result, task_status, item, json, zip, task) in the expression function
// registry. Idempotent; the Conductor calls it itself.
void registerWorkflowFunctions();

} // namespace squall::orquesta
