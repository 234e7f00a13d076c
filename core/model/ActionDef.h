#pragma once

#include "base/Value.h"
#include "base/Yaml.h"

#include <memory>

namespace squall::model {

// An action's metadata (StackStorm's ActionAPI), as loaded from
// `<pack>/actions/<name>.yaml` or posted to the API.
struct ActionDef
{
    QString id;
    QString pack;
    QString name;
    QString description;
    bool enabled = true;
    QString runnerType;
    QString entryPoint;        // as written, relative to <pack>/actions/
    QString entryPointPath;    // absolute path once resolved; empty when there is none
    Value parameters;          // dict: name -> parameter schema (own params and runner overrides)
    Value outputSchema;        // dict or null
    Value notify;              // dict or null
    Value tags;                // list of {name, value}
    QString metadataFile;      // relative to the pack directory ("actions/local.yaml")
    QString packPath;          // absolute pack directory; empty for API-created actions
    // Where each field sits in the metadata file; null for actions without a file.
    std::shared_ptr<const yaml::LocationMap> locations;

    QString ref() const { return pack + u'.' + name; }
    QString uid() const { return QStringLiteral("action:") + pack + u':' + name; }
    // {id, uid, ref, pack, name, description, enabled, entry_point, runner_type,
    //  parameters, output_schema, notify, tags, metadata_file}
    Value toApi() const;
};

} // namespace squall::model
