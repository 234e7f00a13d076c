#pragma once

#include "base/Value.h"

#include <QString>

namespace squall::workflow {

// Orquesta's parse_inline_params(): the `k=v k2=v2` form of an action's
// parameters or a transition's `publish`. Values may be bracketed or quoted
// text, numbers, true/false/null or an expression; unquoted values (and
// quoted JSON objects) are read as JSON when they parse, quoted text stays a
// string. Returns one single-key dict per parameter, in order of appearance;
// empty when `s` holds no parameter.
ValueList parseInlineParams(const QString &s);

// The same parameters as one dict (a later duplicate replaces the value,
// keeping the first position), as Orquesta builds a task's inline `input`.
ValueDict inlineParamsDict(const QString &s);

} // namespace squall::workflow
