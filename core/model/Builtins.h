#pragma once

#include "base/Error.h"
#include "model/RunnerType.h"
#include "model/TriggerTypeDef.h"

#include <QList>

namespace squall::model {

// The runners Squall ships, read once from the YAML files embedded under
// :/squall/runners/ (resources/runners/*.yaml in the source tree).
const QList<RunnerType> &builtinRunnerTypes();
// By name or alias ("orchestra" finds orquesta); null when unknown.
const RunnerType *findBuiltinRunnerType(QStringView name);

// The core.st2.* trigger types, read once from :/squall/triggers/*.yaml.
const QList<TriggerTypeDef> &builtinTriggerTypes();
const TriggerTypeDef *findBuiltinTriggerType(QStringView ref);

// Problems found in the embedded files themselves (empty in a correct build).
QList<Error> builtinLoadErrors();

} // namespace squall::model
