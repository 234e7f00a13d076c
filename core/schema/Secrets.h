#pragma once

#include "base/Value.h"

namespace squall::schema {

inline constexpr QStringView MaskedValue = u"********";

// Replaces the values of `secret: true` parameters with "********". The
// schema is the action's merged parameter dict {name: paramSchema}; secrets
// nested in object `properties` / `additionalProperties` and array `items`
// are masked inside the value too.
Value maskSecrets(const Value &params, const Value &paramsSchema);

// Masks `secret: true` fields of an execution result. `outputSchema` is
// either a full object schema ({type: object, properties: ...}) or the older
// {field: schema} form. With an `outputKey` (the runner's, e.g. "result")
// the fields live under result[outputKey].
Value maskSecretsInResult(const Value &result, const Value &outputSchema, const QString &outputKey = {});

} // namespace squall::schema
