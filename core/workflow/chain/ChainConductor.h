#pragma once

#include "base/Value.h"
#include "workflow/chain/ChainTypes.h"

#include <memory>

namespace squall::actionchain {

class ChainSpec;
struct ChainNode;

// One ActionChain execution as pure logic: it decides which node runs next,
// renders node parameters, vars and published values, and builds the chain's
// result; the engine runs the child executions and reports back. Not
// thread-safe; one instance per chain execution.
//
// Statuses (StackStorm's): requested -> running -> succeeded | failed |
// timeout | canceled, with pausing/paused and canceling on the way. The final
// status is that of the last node that ran (a failure handled by a successful
// on-failure node gives "succeeded"); chain-level errors (vars, parameter or
// publish rendering, unknown next node) give "failed" and a top-level `error`.
class ChainConductor
{
public:
    ChainConductor(std::shared_ptr<const ChainSpec> spec, ChainInputs inputs, ChainEnvironment env = {});
    // Rebuilds a conductor saved with toValue(). Throws SquallException kind
    // "ChainStateError" when `state` is not such a snapshot.
    static ChainConductor restore(std::shared_ptr<const ChainSpec> spec, const Value &state,
                                  ChainEnvironment env = {});
    // Everything needed to continue after a restart (inputs, vars, tasks,
    // published values, the outstanding child); the environment is not saved.
    Value toValue() const;
    void setEnvironment(ChainEnvironment env) { m_env = std::move(env); }

    // Renders vars and asks for the start node. Only from "requested".
    ChainStep start();
    // The engine created the child for the last RunNode request. Ids and the
    // creation time end up in the task entry; liveactionId defaults to the
    // execution id, createdAt to the time the node was requested.
    void nodeScheduled(const QString &executionId, const QString &liveactionId = {}, const QString &createdAt = {});
    // The outstanding child reached `status`: succeeded, failed, timeout,
    // abandoned, canceled, or paused / pending (which pause the chain).
    // Called while the chain is paused, the outcome is recorded and acted on
    // at resume(). Throws SquallException kind "ChainStateError" when no child
    // is outstanding or the status is not one of those.
    ChainStep nodeCompleted(const QString &status, const Value &result, const QString &updatedAt = {});
    // The child could not be created (e.g. its parameters did not validate):
    // the task fails with an error result and the chain follows on-failure.
    ChainStep nodeRequestFailed(const QString &message, const QString &updatedAt = {});

    // running -> pausing (the chain pauses when the running child completes;
    // the engine may also pause that child if it is a workflow). False when
    // there is nothing to pause.
    bool requestPause();
    // running/pausing -> canceling (the engine cancels the running child; its
    // completion ends the chain as canceled); paused or requested -> canceled
    // at once (read currentExecutionId() first: a paused or pending child is
    // left to the engine to cancel). False when finished or already canceling.
    bool requestCancel();
    // paused -> running: resumes a paused child, runs the next node decided
    // while pausing, or finishes. A pending child (an inquiry) is waited for.
    ChainStep resume();

    const QString &status() const { return m_status; }
    bool isFinished() const;
    // {"tasks": [...], "published": {...}} (published only with
    // display_published), plus "error" for chain-level errors.
    Value result() const;
    const ValueDict &vars() const { return m_vars; }
    const ChainSpec &spec() const { return *m_spec; }
    // The node whose child is outstanding (running, paused or pending), if any.
    QString currentNode() const;
    QString currentExecutionId() const;

private:
    struct Current
    {
        bool active = false;
        QString node;
        QString executionId;
        QString liveactionId;
        QString createdAt;
        QString state;  // "running", "paused", "pending"
    };

    ChainStep advance(const QString &nodeName);
    ChainStep processCompletion(const QString &status, const Value &result, const QString &updatedAt,
                                const QString &requestError);
    ChainStep proceed();
    ChainStep finish(const QString &status);
    ChainStep failChain(const QString &error);
    void appendTask(const QString &state, const Value &result, const QString &updatedAt);
    void dropOutstandingTaskEntry();
    ValueDict baseContext() const;
    Value parentContext() const;
    Value datastoreScope(const QString &scope) const;
    Value notifyFor(const ChainNode &node) const;

    std::shared_ptr<const ChainSpec> m_spec;
    ChainInputs m_inputs;
    ChainEnvironment m_env;
    QString m_status;
    QString m_outcome;        // status of the last node that ran, as the chain's final status
    ValueDict m_vars;
    ValueList m_tasks;
    ValueDict m_published;
    ValueDict m_results;      // node results by node name (rebuilt from m_tasks on restore)
    QString m_error;
    Current m_current;
    bool m_decided = false;   // a completion was processed while pausing: m_next is what follows
    QString m_next;
};

} // namespace squall::actionchain
