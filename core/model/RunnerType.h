#pragma once

#include "base/Value.h"

#include <QStringList>

namespace squall::model {

// A runner definition (StackStorm's RunnerTypeAPI): the parameters every
// action of that runner accepts, and where its result keeps the main output.
struct RunnerType
{
    QString id;
    QString name;              // "local-shell-cmd"
    QString description;
    bool enabled = true;
    QString runnerModule;
    QStringList aliases;       // other names accepted as runner_type ("orchestra")
    Value runnerParameters;    // dict: name -> parameter schema (insertion-ordered)
    QString outputKey;         // "result", "body", ... ; empty when none
    Value outputSchema;        // dict, or null

    QString uid() const { return QStringLiteral("runner_type:") + name; }
    bool isRunnerParameter(QStringView param) const;
    // StackStorm's REST shape: {id, uid, name, description, enabled, runner_module,
    // runner_parameters, output_key, output_schema}.
    Value toApi() const;
};

} // namespace squall::model
