#pragma once

#include "base/Value.h"

namespace squall::expr {

// Python's json.dumps with its keyword arguments: indent (<0 = None),
// separators, sort_keys and ensure_ascii.
QString pyJsonDumps(const Value &v, int indent = -1, bool sortKeys = false,
                    const QString &itemSeparator = QStringLiteral(", "),
                    const QString &keySeparator = QStringLiteral(": "), bool ensureAscii = true);

} // namespace squall::expr
