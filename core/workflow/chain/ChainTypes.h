#pragma once

#include "base/Value.h"

#include <QStringList>

#include <functional>

namespace squall::expr { class Scope; }

namespace squall::actionchain {

// What one chain execution starts from. All of it is part of the persisted
// conductor state (ChainConductor::toValue).
struct ChainInputs
{
    Value parameters;        // the chain action's rendered parameters (dict)
    Value context;           // the chain execution's context (user, pack, parent, ...)
    QString executionId;     // the chain execution; children see it as parent.execution_id
    Value notify;            // the chain execution's notify settings, inherited by nodes without their own
    bool displayPublished = true;  // runner parameter display_published
    QStringList skipNotify;        // runner parameter skip_notify: node names that get no notify
};

// Live services the conductor reads through; never persisted, supplied again
// after a restore.
struct ChainEnvironment
{
    // The `st2kv` template variable (KeyValueService::templateVariable(user)):
    // an object or dict with `system` and `user` scopes. Null: no datastore.
    Value datastore;
    // `config_context` for node parameters: the pack config of the chain's pack.
    Value configContext;
    // Whether an action ref is registered; unset = every ref is assumed to exist.
    std::function<bool(const QString &ref)> actionExists;
    // Where templates find the engine's decrypt_kv() (an expr::HostScope); may be null.
    const expr::Scope *functions = nullptr;
};

// A child execution the engine should start (or resume).
struct NodeRequest
{
    QString node;          // chain node name
    QString ref;           // action ref
    Value parameters;      // rendered parameters (strings as StackStorm renders them; cast them by the
                           // action's parameter types when creating the execution)
    Value context;         // the child's context: {parent: {execution_id, ...chain context}, chain: {node attrs}}
    Value notify;          // notify settings for the child, or null
    QString executionId;   // ResumeNode only: the paused child to resume
};

// What the engine has to do after a conductor call.
struct ChainStep
{
    enum class Action {
        None,        // nothing to start: see ChainConductor::status() (finished, paused, waiting)
        RunNode,     // create a child execution from `request`, then call nodeScheduled()
        ResumeNode,  // resume the paused child `request.executionId`
    };
    Action action = Action::None;
    NodeRequest request;
};

} // namespace squall::actionchain
