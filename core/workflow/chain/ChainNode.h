#pragma once

#include "base/Error.h"
#include "base/Value.h"

namespace squall::actionchain {

// One node of an action chain, as loaded and checked by ChainSpec.
struct ChainNode
{
    QString name;
    QString ref;           // the action to run
    Value parameters;      // dict of templates (from `parameters`, or the deprecated `params`)
    QString onSuccess;     // next node names; empty = the chain ends there
    QString onFailure;
    Value publish;         // dict {var: template}, or null
    Value notify;          // dict {on-complete, on-success, on-failure}, or null
    // The node's attributes as StackStorm exposes them to a child execution's
    // context under `chain` (name, ref, params, parameters, on_success, ...).
    Value attributes;
    SourceLocation location;
};

} // namespace squall::actionchain
