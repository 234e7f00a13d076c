#pragma once

#include "base/Value.h"

namespace squall::expr { class Scope; }

namespace squall::actionchain {

// Why rendering one entry of a mapping failed: the key, the template text as
// it was rendered (lists/dicts as their JSON text) and Jinja's message.
struct RenderFailure
{
    QString key;
    QString templateText;
    QString message;
};

// StackStorm's render_values() as ActionChain uses it for vars, node
// parameters and publish: each value of `mapping` is rendered with `context`
// (plus `__context`, the whole context) and
//  - a string renders to a string (no native types: the engine casts child
//    parameters by the action's declared types, as StackStorm does);
//  - a list/dict renders through its JSON text and is decoded again;
//  - a value whose text does not change keeps its original value and type.
// Returns the rendered dict; on the first failure returns a null Value and
// fills `failure`.
// `functions` (optional) is where templates find the engine's decrypt_kv().
Value renderValues(const Value &mapping, const ValueDict &context, RenderFailure *failure,
                   const expr::Scope *functions = nullptr);

} // namespace squall::actionchain
