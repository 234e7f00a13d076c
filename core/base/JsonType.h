#pragma once

#include "base/Value.h"

#include <QStringView>

namespace squall::json {

// The one answer to "is this value of JSON-schema type X", with draft 4's
// semantics (what StackStorm's validators use):
//   integer  an int, never a bool, never a float (1.0 is a number, not an integer)
//   number   an int or a float, never a bool
//   boolean  true/false only
//   null     null only
//   string, object, array as their names say
//   any      everything (draft 3's type, still found in StackStorm schemas)
// Lazy objects (st2kv, ...) are resolved first. An unknown type name matches
// nothing; callers that want to skip unknown types ask isKnownType first.
bool isOfType(const Value &value, QStringView type);
bool isKnownType(QStringView type);

} // namespace squall::json
