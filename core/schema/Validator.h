#pragma once

#include "base/Error.h"
#include "base/Value.h"

#include <QList>

namespace squall::schema {

// JSON-Schema draft 4 as StackStorm's validator applies it (jsonschema's
// Draft4Validator plus the draft-3 per-property `required: true`). Messages
// follow jsonschema's wording; each Error carries kind "schema" and the dotted
// path of the offending value in `field` ("parameters.cmd", "items[2].name"),
// rooted at `path`.
QList<Error> validate(const Value &value, const Value &schema, const QString &path = {});

// Fills in `default`s of absent properties, recursing into nested object
// schemas (properties with an object default or nested defaults).
Value applyDefaults(const Value &value, const Value &schema);

} // namespace squall::schema
