#pragma once

#include "base/Value.h"

namespace squall::model {

// A trigger type (StackStorm's TriggerTypeAPI): a schema for the trigger's
// parameters and for the payloads it carries.
struct TriggerTypeDef
{
    QString id;
    QString pack;
    QString name;              // may contain dots: "st2.webhook"
    QString description;
    Value payloadSchema;       // dict, {} when not declared
    Value parametersSchema;    // dict, {} when not declared
    Value tags;                // list
    QString metadataFile;

    QString ref() const { return pack + u'.' + name; }
    QString uid() const { return QStringLiteral("trigger_type:") + pack + u':' + name; }
    // A type without parameters gets one shadow Trigger with the same ref.
    bool hasParameters() const;
    // {id, uid, ref, pack, name, description, payload_schema, parameters_schema, tags, metadata_file}
    Value toApi() const;
};

} // namespace squall::model
