#pragma once

#include "base/Error.h"
#include "base/Value.h"

#include <QList>

namespace squall::yaml {
class LocationMap;
}

namespace squall::model {

struct ActionDef;
struct RunnerType;

// Parameter names must match ^\w+$.
bool isValidParameterName(QStringView name);

// Checks a `parameters` dict (action, runner or config schema) against
// StackStorm's parameter meta-schema: known keys only, `type` one simple type,
// `position` a number >= 0, `required`/`secret`/`immutable` booleans, `enum` a
// list. `fieldPath` is where the dict sits ("parameters"); each error names
// file/line/column of the offending key. Returns the number of errors added.
int validateParameters(const Value &parameters, const QString &fieldPath, const yaml::LocationMap *locations,
                       QList<Error> *errors, const QString &file = {});

// The keys an action may change on a runner parameter.
bool isOverridableRunnerAttribute(QStringView key);

// Runner parameters deep-merged with the action's: dict name -> schema, runner
// parameters first (in runner order), then the action's own. An action may only
// override default, description, enum, immutable and required of a runner
// parameter (setting another attribute to a different value is an error naming
// the action's file, line and field; the runner's value is kept).
Value mergedParameterSchema(const RunnerType &runner, const ActionDef &action, QList<Error> *errors = nullptr);

// A draft-4 object schema over merged parameters: {type: object, properties
// (without the draft-3 `required: bool`), required: [names], additionalProperties: false}.
Value parametersJsonSchema(const Value &mergedParameters);

// Runner and action parameters share one namespace: names the runner declares
// go to the runner, everything else to the action.
struct SplitParameters
{
    Value runnerParameters;   // dict
    Value actionParameters;   // dict
};
SplitParameters splitParameters(const RunnerType &runner, const Value &parameters);

} // namespace squall::model
