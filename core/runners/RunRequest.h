#pragma once

#include "base/Value.h"

#include <QMetaType>
#include <QString>

namespace squall::runners {

// Everything a runner needs to run one action execution. The engine fills it
// after rendering and casting the parameters; runners never look anything up.
struct RunRequest
{
    QString executionId;
    QString actionRef;          // "core.local"
    QString actionName;         // "local"
    QString packName;           // "core"
    QString packPath;           // absolute pack dir ("" for API-created actions without files)
    QString entryPoint;         // absolute path to the script, or ""
    QString runnerType;         // "local-shell-cmd", ...
    Value runnerParameters;     // dict: cmd, cwd, env, timeout, sudo, kwarg_op, url, headers, ...
    Value actionParameters;     // dict: everything else
    Value parameterSchema;      // merged schema {name: {type, position, ...}}
    QString apiUrl;             // exported as ST2_ACTION_API_URL
    QString authToken;          // exported as ST2_ACTION_AUTH_TOKEN
    QString user;
    Value packConfig;           // pack config dict handed to python actions (null = {})
};

// status: succeeded | failed | timeout | canceled | abandoned, or pending
// (the inquirer: the execution waits for an answer instead of completing)
struct RunResult
{
    QString status;
    Value result;
};

} // namespace squall::runners

Q_DECLARE_METATYPE(squall::runners::RunResult)
