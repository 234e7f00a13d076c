#pragma once

#include "base/Value.h"

namespace squall::schema {

// What the `use_none` Jinja filter renders; the cast layer turns it into null.
inline constexpr QStringView NoneMagicValue = u"%*****__%NONE%__*****%";

// StackStorm's casts.py: a rendered parameter value cast by its declared
// `type`. object/array: JSON, else a Python literal; boolean: Python literal of
// the capitalised string; integer: int(); number: float(); string: must be a
// string or null. Values without a type (or null) pass through. Throws
// SquallException kind "ValueError"/"TypeError" with Python's wording.
Value castRendered(const Value &value, const Value &paramSchema);

// `squall run k=v` argument parsing (st2 CLI rules): array = JSON list or a
// comma-separated list (items cast by items.type), object = JSON or
// `k=v,k2=v2`, boolean = true/false/yes/no/y/n/1/0 (any case), integer,
// number, anything else the raw string. Throws SquallException kind
// "ParameterError" naming `name` when the text does not fit the type.
Value castCliArgument(const QString &raw, const Value &paramSchema, const QString &name = {});

} // namespace squall::schema
