#pragma once

#include "base/Value.h"

#include <QByteArray>
#include <QString>

// Helpers that turn document fields into indexed column values.
namespace squall::store::fields {

// The field's string, or a null QString (bound as SQL NULL) when the field is
// absent, empty or not a string.
QString text(const Value &v);
// First non-empty string among `path` lookups, e.g. {"rule","ref"}.
QString textAt(const Value &doc, std::initializer_list<QStringView> path);
// A timestamp in the one fixed format (microseconds, Z) so that string order
// is time order; anything unparsable is kept as given.
QString timestamp(const Value &v);
QString timestamp(const QString &s);
// "st2kv.system" / "system" -> "system", likewise for user; other text kept.
QString scope(const QString &s);
QByteArray toJson(const Value &v);
Value fromJson(const QByteArray &bytes);

} // namespace squall::store::fields
