#pragma once

#include "base/Error.h"
#include "base/Value.h"
#include "model/ActionDef.h"
#include "model/PackDef.h"
#include "model/SensorDef.h"
#include "model/TriggerTypeDef.h"

#include <QList>

namespace squall::packs {

// Everything one pack directory holds, as loaded. Files that fail to load are
// left out and their problems are in `errors`; the rest is usable.
struct PackContent
{
    QString dir;                               // the pack directory, as given
    model::PackDef pack;                       // pack.yaml (ref falls back to the directory name)
    QList<model::ActionDef> actions;
    QList<Value> rules;                        // normalized rules (model::normalizeRule shape)
    QList<model::TriggerTypeDef> triggerTypes; // triggers/*.yaml, then those declared by sensors
    QList<model::SensorDef> sensors;
    Value configSchema;                        // config.schema.yaml (dict) or null
    Value config;                              // configs/<pack>.yaml with schema defaults applied, or null
    QString configFile;                        // where `config` came from; empty if none
    QList<Error> errors;                       // errors and warnings (kind "warning")
    int filesRead = 0;

    QString ref() const { return pack.ref; }
    int errorCount() const;
    int warningCount() const;
    const model::ActionDef *findAction(QStringView name) const;
};

struct PackLoadOptions
{
    // Where `<pack>.yaml` configs live; empty means `<pack dir>/../../configs`
    // (StackStorm's /opt/stackstorm/packs/<pack> next to /opt/stackstorm/configs).
    QString configsDir;
};

} // namespace squall::packs
