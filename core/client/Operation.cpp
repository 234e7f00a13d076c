#include "client/Operation.h"

#include "client/InProcessCalls.h"
#include "engine/EngineApi.h"

#include <array>

namespace squall::client {

namespace {

using engine::EngineApi;
using engine::Principal;
using Done = std::function<void(ClientResult)>;
using Invoke = void (*)(EngineApi &, const Request &, const Principal &, const Done &);

ClientResult ok(const Value &v, int status = 200)
{
    ClientResult r;
    r.value = v;
    r.status = status;
    return r;
}

ClientResult page(const engine::ListResult &l)
{
    ClientResult r = ok(Value(l.items));
    r.total = l.total;
    r.limit = l.limit;
    return r;
}

ClientResult items(const ValueList &l)
{
    ClientResult r = ok(Value(l));
    r.total = l.size();
    return r;
}

const ClientResult kNoContent = ok(Value(), 204);

struct Entry
{
    Op op;
    const char *name;
    RouteSpec route;
    Invoke invoke;
};

// The REST route of each operation is what core/api's controllers serve; the
// engine call is what those controllers make. Keep both columns in step.
#define SQ_CALL(expr) [](EngineApi &e, const Request &r, const Principal &by, const Done &done) { \
    Q_UNUSED(e); Q_UNUSED(r); Q_UNUSED(by); done(expr); }

const std::array<Entry, 64> kTable = {{
    {Op::ApiInfo, "api_info", {"GET", "/api/v1", false, false}, SQ_CALL(ok(e.apiInfo()))},
    {Op::CreateToken, "create_token", {"POST", "/auth/v1/tokens", false, false},
     [](EngineApi &e, const Request &r, const Principal &by, const Done &done) {
         const QString user = r.body[u"user"].isString() ? r.body[u"user"].toString() : by.user;
         const Value ttl = r.body[u"ttl"];
         if (!ttl.isNull() && !ttl.isInt())
             throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("\"ttl\" must be an integer."));
         done(ok(e.createToken(by, user, int(ttl.toInt())), 201));
     }},
    {Op::ListApiKeys, "list_api_keys", {"GET", "/api/v1/apikeys", true, false}, SQ_CALL(page(e.listApiKeys(r.params, by)))},
    {Op::CreateApiKey, "create_api_key", {"POST", "/api/v1/apikeys", false, false},
     SQ_CALL(ok(e.createApiKey(r.body, by), 201))},
    {Op::DeleteApiKey, "delete_api_key", {"DELETE", "/api/v1/apikeys/{}", false, false},
     SQ_CALL((e.deleteApiKey(r.id, by), kNoContent))},

    {Op::ListActions, "list_actions", {"GET", "/api/v1/actions", true, false}, SQ_CALL(page(e.listActions(r.params)))},
    {Op::GetAction, "get_action", {"GET", "/api/v1/actions/{}", false, false}, SQ_CALL(ok(e.getAction(r.id)))},
    {Op::ActionParameters, "action_parameters", {"GET", "/api/v1/actions/views/parameters/{}", false, false},
     SQ_CALL(ok(e.actionParameters(r.id)))},
    {Op::ActionOverview, "action_overview", {"GET", "/api/v1/actions/views/overview/{}", false, false},
     SQ_CALL(ok(e.actionOverview(r.id)))},
    {Op::ActionEntryPoint, "action_entry_point", {"GET", "/api/v1/actions/views/entry_point/{}", false, true},
     SQ_CALL(ok(Value(e.actionEntryPoint(r.id))))},
    {Op::CreateAction, "create_action", {"POST", "/api/v1/actions", false, false},
     SQ_CALL(ok(e.createAction(r.body, by, r.params), 201))},
    {Op::UpdateAction, "update_action", {"PUT", "/api/v1/actions/{}", false, false},
     SQ_CALL(ok(e.updateAction(r.id, r.body, by, r.params)))},
    {Op::DeleteAction, "delete_action", {"DELETE", "/api/v1/actions/{}", false, false},
     [](EngineApi &e, const Request &r, const Principal &by, const Done &done) {
         engine::Params p = r.params;
         if (r.body[u"remove_files"].toBool())
             p.insert(QStringLiteral("remove_files"), QStringLiteral("true"));
         e.deleteAction(r.id, by, p);
         done(kNoContent);
     }},

    {Op::ListExecutions, "list_executions", {"GET", "/api/v1/executions", true, false},
     SQ_CALL(page(e.listExecutions(r.params)))},
    {Op::GetExecution, "get_execution", {"GET", "/api/v1/executions/{}", false, false},
     SQ_CALL(ok(e.getExecution(r.id, r.params)))},
    {Op::CreateExecution, "create_execution", {"POST", "/api/v1/executions", false, false},
     SQ_CALL(ok(e.createExecution(r.body, by), 201))},
    {Op::ReRunExecution, "re_run_execution", {"POST", "/api/v1/executions/{}/re_run", false, false},
     SQ_CALL(ok(e.reRunExecution(r.id, r.body, r.params, by), 201))},
    {Op::CancelExecution, "cancel_execution", {"DELETE", "/api/v1/executions/{}", false, false},
     SQ_CALL(ok(e.cancelExecution(r.id, by)))},
    {Op::UpdateExecution, "update_execution", {"PUT", "/api/v1/executions/{}", false, false},
     SQ_CALL(ok(e.updateExecution(r.id, r.body, by)))},
    {Op::ExecutionOutput, "execution_output", {"GET", "/api/v1/executions/{}/output", false, true},
     SQ_CALL(ok(Value(e.executionOutput(r.id, r.params.value(QStringLiteral("output_type"), QStringLiteral("all"))))))},
    {Op::ExecutionChildren, "execution_children", {"GET", "/api/v1/executions/{}/children", true, false},
     SQ_CALL(items(e.executionChildren(r.id, r.params)))},
    {Op::ExecutionWorkflow, "execution_workflow", {"GET", "/api/v1/executions/{}/workflow", false, false},
     SQ_CALL(ok(e.executionWorkflow(r.id)))},

    {Op::ListInquiries, "list_inquiries", {"GET", "/api/v1/inquiries", true, false}, SQ_CALL(page(e.listInquiries(r.params)))},
    {Op::GetInquiry, "get_inquiry", {"GET", "/api/v1/inquiries/{}", false, false}, SQ_CALL(ok(e.getInquiry(r.id)))},
    {Op::RespondInquiry, "respond_inquiry", {"PUT", "/api/v1/inquiries/{}", false, false},
     SQ_CALL(ok(e.respondInquiry(r.id, r.body, by)))},

    {Op::ListRules, "list_rules", {"GET", "/api/v1/rules", true, false}, SQ_CALL(page(e.listRules(r.params, &by)))},
    {Op::GetRule, "get_rule", {"GET", "/api/v1/rules/{}", false, false}, SQ_CALL(ok(e.getRule(r.id, r.params, &by)))},
    {Op::CreateRule, "create_rule", {"POST", "/api/v1/rules", false, false}, SQ_CALL(ok(e.createRule(r.body, by, r.params), 201))},
    {Op::UpdateRule, "update_rule", {"PUT", "/api/v1/rules/{}", false, false},
     SQ_CALL(ok(e.updateRule(r.id, r.body, by, r.params)))},
    {Op::DeleteRule, "delete_rule", {"DELETE", "/api/v1/rules/{}", false, false},
     SQ_CALL((e.deleteRule(r.id, by), kNoContent))},
    {Op::ListRuleTypes, "list_rule_types", {"GET", "/api/v1/ruletypes", true, false}, SQ_CALL(page(e.listRuleTypes(r.params)))},
    {Op::ListRuleEnforcements, "list_rule_enforcements", {"GET", "/api/v1/ruleenforcements", true, false},
     SQ_CALL(page(e.listRuleEnforcements(r.params)))},
    {Op::GetRuleEnforcement, "get_rule_enforcement", {"GET", "/api/v1/ruleenforcements/{}", false, false},
     SQ_CALL(ok(e.getRuleEnforcement(r.id)))},

    {Op::ListRunnerTypes, "list_runner_types", {"GET", "/api/v1/runnertypes", true, false},
     SQ_CALL(page(e.listRunnerTypes(r.params)))},
    {Op::GetRunnerType, "get_runner_type", {"GET", "/api/v1/runnertypes/{}", false, false},
     SQ_CALL(ok(e.getRunnerType(r.id)))},
    {Op::ListTriggerTypes, "list_trigger_types", {"GET", "/api/v1/triggertypes", true, false},
     SQ_CALL(page(e.listTriggerTypes(r.params)))},
    {Op::GetTriggerType, "get_trigger_type", {"GET", "/api/v1/triggertypes/{}", false, false},
     SQ_CALL(ok(e.getTriggerType(r.id)))},
    {Op::ListTriggers, "list_triggers", {"GET", "/api/v1/triggers", true, false}, SQ_CALL(page(e.listTriggers(r.params)))},
    {Op::GetTrigger, "get_trigger", {"GET", "/api/v1/triggers/{}", false, false}, SQ_CALL(ok(e.getTrigger(r.id)))},
    {Op::ListTriggerInstances, "list_trigger_instances", {"GET", "/api/v1/triggerinstances", true, false},
     SQ_CALL(page(e.listTriggerInstances(r.params)))},
    {Op::GetTriggerInstance, "get_trigger_instance", {"GET", "/api/v1/triggerinstances/{}", false, false},
     SQ_CALL(ok(e.getTriggerInstance(r.id)))},
    {Op::ReEmitTriggerInstance, "re_emit_trigger_instance", {"POST", "/api/v1/triggerinstances/{}/re_emit", false, false},
     SQ_CALL(ok(e.reEmitTriggerInstance(r.id, by)))},
    {Op::ListSensorTypes, "list_sensor_types", {"GET", "/api/v1/sensortypes", true, false},
     SQ_CALL(page(e.listSensorTypes(r.params)))},
    {Op::GetSensorType, "get_sensor_type", {"GET", "/api/v1/sensortypes/{}", false, false},
     SQ_CALL(ok(e.getSensorType(r.id)))},
    {Op::ListTimers, "list_timers", {"GET", "/api/v1/timers", true, false}, SQ_CALL(page(e.listTimers(r.params)))},
    {Op::GetTimer, "get_timer", {"GET", "/api/v1/timers/{}", false, false}, SQ_CALL(ok(e.getTimer(r.id)))},
    {Op::ListWebhooks, "list_webhooks", {"GET", "/api/v1/webhooks", true, false}, SQ_CALL(page(e.listWebhooks(r.params)))},
    {Op::GetWebhook, "get_webhook", {"GET", "/api/v1/webhooks/{}", false, false}, SQ_CALL(ok(e.getWebhook(r.id)))},
    {Op::PostWebhook, "post_webhook", {"POST", "/api/v1/webhooks/{}", false, false},
     [](EngineApi &e, const Request &r, const Principal &by, const Done &done) {
         e.postWebhook(r.id, r.body, r.headers.isDict() ? r.headers : Value(ValueDict()), by,
                       [done](const Value &response, const std::optional<Error> &error) {
                           if (!error) {
                               done(ok(response, 202));
                               return;
                           }
                           ClientResult failed;
                           failed.error = *error;
                           failed.status = engine::httpStatusForKind(error->kind);
                           done(failed);
                       });
     }},

    {Op::ListPacks, "list_packs", {"GET", "/api/v1/packs", true, false}, SQ_CALL(page(e.listPacks(r.params)))},
    {Op::GetPack, "get_pack", {"GET", "/api/v1/packs/{}", false, false}, SQ_CALL(ok(e.getPack(r.id)))},
    {Op::RegisterPacks, "register_packs", {"POST", "/api/v1/packs/register", false, false},
     SQ_CALL(ok(e.registerPacks(r.body, by)))},
    {Op::GetConfig, "get_config", {"GET", "/api/v1/configs/{}", false, false}, SQ_CALL(ok(e.getConfig(r.id, r.params, by)))},
    {Op::GetConfigSchema, "get_config_schema", {"GET", "/api/v1/config_schemas/{}", false, false},
     SQ_CALL(ok(e.getConfigSchema(r.id)))},

    {Op::ListKeys, "list_keys", {"GET", "/api/v1/keys", true, false}, SQ_CALL(page(e.listKeys(r.params, by)))},
    {Op::GetKey, "get_key", {"GET", "/api/v1/keys/{}", false, false}, SQ_CALL(ok(e.getKey(r.id, r.params, by)))},
    {Op::SetKey, "set_key", {"PUT", "/api/v1/keys/{}", false, false}, SQ_CALL(ok(e.setKey(r.id, r.body, by)))},
    {Op::DeleteKey, "delete_key", {"DELETE", "/api/v1/keys/{}", false, false},
     SQ_CALL((e.deleteKey(r.id, r.params, by), kNoContent))},

    {Op::ListTraces, "list_traces", {"GET", "/api/v1/traces", true, false}, SQ_CALL(page(e.listTraces(r.params)))},
    {Op::GetTrace, "get_trace", {"GET", "/api/v1/traces/{}", false, false}, SQ_CALL(ok(e.getTrace(r.id)))},
    {Op::UpdateSensorType, "update_sensor_type", {"PUT", "/api/v1/sensortypes/{}", false, false},
     SQ_CALL(ok(e.updateSensorType(r.id, r.body, by)))},
    {Op::TestRule, "test_rule", {"POST", "/api/v1/rules/test", false, false}, SQ_CALL(ok(e.testRule(r.body, by)))},
    {Op::UpdateConfig, "update_config", {"PUT", "/api/v1/configs/{}", false, false},
     SQ_CALL(ok(e.updateConfig(r.id, r.body, by)))},
    {Op::InstallPacks, "install_packs", {"POST", "/api/v1/packs/install", false, false},
     SQ_CALL(ok(e.installPacks(r.body, by)))},
}};

#undef SQ_CALL

const Entry &entry(Op op)
{
    return kTable[std::size_t(op)];
}

// The table is indexed by Op: a row out of place is a programming error that
// would send requests to the wrong route.
[[maybe_unused]] const bool kTableInOrder = [] {
    for (std::size_t i = 0; i < kTable.size(); ++i)
        Q_ASSERT(std::size_t(kTable[i].op) == i);
    return true;
}();

} // namespace

const RouteSpec &routeOf(Op op)
{
    return entry(op).route;
}

QString opName(Op op)
{
    return QString::fromLatin1(entry(op).name);
}

int opCount()
{
    return int(kTable.size());
}

void invokeOnEngine(engine::EngineApi &engine, const Request &request, const engine::Principal &by,
                    std::function<void(ClientResult)> done)
{
    try {
        entry(request.op).invoke(engine, request, by, done);
    } catch (const SquallException &e) {
        ClientResult r;
        r.error = e.error();
        r.status = engine::httpStatusForKind(e.error().kind);
        done(r);
    } catch (const std::exception &e) {
        ClientResult r;
        r.error = Error{QStringLiteral("Internal error: %1").arg(QString::fromUtf8(e.what())), {}, {},
                        QStringLiteral("Internal")};
        r.status = 500;
        done(r);
    }
}

} // namespace squall::client
