#pragma once

#include "base/Value.h"

#include <QHash>
#include <QString>

namespace squall::client {

// Every operation of the engine's API (engine/EngineApi.h), named once. Each
// has a REST route (for the remote backend) and an engine call (for the
// in-process one) in the same table, Operation.cpp.
enum class Op : quint8 {
    ApiInfo,
    CreateToken,
    ListApiKeys,
    CreateApiKey,
    DeleteApiKey,
    ListActions,
    GetAction,
    ActionParameters,
    ActionOverview,
    ActionEntryPoint,
    CreateAction,
    UpdateAction,
    DeleteAction,
    ListExecutions,
    GetExecution,
    CreateExecution,
    ReRunExecution,
    CancelExecution,
    UpdateExecution,
    ExecutionOutput,
    ExecutionChildren,
    ExecutionWorkflow,
    ListInquiries,
    GetInquiry,
    RespondInquiry,
    ListRules,
    GetRule,
    CreateRule,
    UpdateRule,
    DeleteRule,
    ListRuleTypes,
    ListRuleEnforcements,
    GetRuleEnforcement,
    ListRunnerTypes,
    GetRunnerType,
    ListTriggerTypes,
    GetTriggerType,
    ListTriggers,
    GetTrigger,
    ListTriggerInstances,
    GetTriggerInstance,
    ReEmitTriggerInstance,
    ListSensorTypes,
    GetSensorType,
    ListTimers,
    GetTimer,
    ListWebhooks,
    GetWebhook,
    PostWebhook,
    ListPacks,
    GetPack,
    RegisterPacks,
    GetConfig,
    GetConfigSchema,
    ListKeys,
    GetKey,
    SetKey,
    DeleteKey,
    ListTraces,
    GetTrace,
    UpdateSensorType,
    TestRule,
    UpdateConfig,
    InstallPacks,
};

// One call: the operation, the object it names (ref, id, name, hook), the JSON
// body, the query parameters, and for webhooks the request headers.
struct Request
{
    Op op = Op::ApiInfo;
    QString id;
    Value body;
    QHash<QString, QString> params;
    Value headers;

    static Request of(Op op, const QString &id = {}, const Value &body = {}, const QHash<QString, QString> &params = {})
    {
        return Request{op, id, body, params, {}};
    }
};

struct RouteSpec
{
    const char *method;   // GET, POST, PUT, DELETE
    const char *path;     // with "{}" where the request's id goes
    bool list;            // answers a page with X-Total-Count
    bool text;            // answers text/plain instead of JSON
};

const RouteSpec &routeOf(Op op);
QString opName(Op op);
int opCount();

} // namespace squall::client
