#pragma once

#include "model/TriggerTypeDef.h"

#include <QList>

namespace squall::model {

// A sensor's metadata (StackStorm's SensorTypeAPI) from `<pack>/sensors/<x>.yaml`.
struct SensorDef
{
    QString id;
    QString pack;
    QString className;
    QString entryPoint;        // as written, relative to <pack>/sensors/
    QString entryPointPath;    // absolute once resolved
    QString description;
    bool enabled = true;
    Value pollInterval;        // number, or null when not given
    QList<TriggerTypeDef> triggerTypes;  // declared by the sensor, pack filled in
    QString metadataFile;
    QString packPath;

    QString name() const { return className; }
    QString ref() const { return pack + u'.' + className; }
    QString uid() const { return QStringLiteral("sensor_type:") + pack + u':' + className; }
    // {id, uid, ref, pack, name, class_name, entry_point, artifact_uri, description,
    //  enabled, poll_interval, trigger_types: [refs], metadata_file}
    Value toApi() const;
};

} // namespace squall::model
