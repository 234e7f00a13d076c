#pragma once

#include "base/Value.h"

namespace squall::expr {
class Scope;
}

namespace squall::rules {

// StackStorm's action parameter rendering (util/param.py + casts.py +
// action parameter validation), for rule enforcements and every execution:
//  - `liveParams`: the parameters given (rule action parameters, CLI/API input);
//  - `mergedSchema`: {name: paramSchema}, runner params deep-merged with the action's;
//  - `context`: a dict of extra variables, normally `trigger`, `action_context`
//    and `config_context`; `extra` supplies the rest (`st2kv`).
// Parameters may reference each other and the context by name; defaults fill
// absent parameters and may be templates; immutable parameters always take
// their default. Rendered values are cast by declared type and the result is
// validated (unknown parameters rejected). Returns the final parameters: the
// given ones plus every parameter that has a default.
// Throws SquallException kind "ParameterError" naming the parameter.
Value renderActionParameters(const Value &liveParams, const Value &mergedSchema, const Value &context,
                             const expr::Scope *extra);

} // namespace squall::rules
