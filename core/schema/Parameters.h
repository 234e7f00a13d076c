#pragma once

#include "base/Error.h"
#include "base/Value.h"

namespace squall::schema {

// The object schema StackStorm validates final action parameters against:
// {type: object, properties: merged, additionalProperties: false}.
Value parametersSchema(const Value &mergedSchema);

// Validates parameters against a merged {name: paramSchema} dict: unknown
// names are rejected, `required: true` enforced, each value checked against
// its schema. As StackStorm's allow_default_none does, a null value is
// accepted for a parameter that is not required. Error fields are
// "parameters.<name>".
QList<Error> validateParameters(const Value &params, const Value &mergedSchema);

} // namespace squall::schema
