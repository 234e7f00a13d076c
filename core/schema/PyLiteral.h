#pragma once

#include "base/Value.h"

namespace squall::schema {

// Python's ast.literal_eval for the literals parameters can carry: str (all
// quote styles, escapes, r/u/b prefixes, implicit concatenation), int (incl.
// 0x/0o/0b and '_'), float, True/False/None, list, tuple (-> list), set
// (-> list) and dict, with unary +/-. Throws SquallException kind
// "ValueError" ("malformed node or string ...") otherwise.
Value literalEval(QStringView source);

} // namespace squall::schema
