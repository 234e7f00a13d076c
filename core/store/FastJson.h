#pragma once

#include "base/Value.h"

#include <QByteArray>

namespace squall::store {

// Compact JSON writer for stored documents. Its output is byte-for-byte what
// json::serialize(v) writes with the default style, but strings are encoded
// straight from UTF-16 into the output buffer in one pass, which matters for
// multi-megabyte results (B7: an 8 MB result must be stored in < 100 ms).
QByteArray toCompactJson(const Value &v);
void appendCompactJson(QByteArray &out, const Value &v);

} // namespace squall::store
