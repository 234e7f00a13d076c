#pragma once

#include "base/Error.h"
#include "base/Value.h"
#include "engine/EventBus.h"

#include <QHash>

#include <functional>
#include <optional>

namespace squall::engine {

// Who is calling: resolved from an API key or a token by authenticate().
struct Principal
{
    QString user;
    bool isAdmin = false;
    QString method;  // "api_key" | "token"
};

// URL query parameters exactly as the client sent them (limit, offset, filters,
// include_attributes, show_secrets, ...). Interpreting them is the engine's job.
using Params = QHash<QString, QString>;

struct ListResult
{
    ValueList items;
    qint64 total = 0;  // before paging; goes into X-Total-Count
    int limit = 0;     // echoed as X-Limit
    int offset = 0;
};

// The HTTP status an error kind maps to (the REST layer answers with it; the
// in-process client reports it so both backends agree). Unknown kinds: 500.
int httpStatusForKind(const QString &kind);

// The engine as seen by the REST API (and later by the studio's client interface).
// Every method runs on the engine's thread. Failures throw SquallException whose
// `kind` decides the HTTP status in one place (ApiErrors):
//   NotFound -> 404, BadRequest / ValidationError / ParameterError -> 400,
//   Conflict -> 409, Unauthorized -> 401, Forbidden -> 403, Unavailable -> 503,
//   anything else -> 500.
// Documents are in StackStorm's REST shapes (reference §13, §5).
class EngineApi
{
public:
    virtual ~EngineApi() = default;

    // --- events (the one observer path; see EventBus) ----------------------
    // `sink` runs on the engine's thread with batches of events after `sinceId`
    // (-1: only new ones) that pass `filter`. Returns a handle for unsubscribe().
    virtual qint64 subscribe(const EventFilter &filter, qint64 sinceId, EventSink sink) = 0;
    virtual void unsubscribe(qint64 handle) = 0;
    virtual qint64 lastEventId() = 0;

    virtual Value apiInfo() = 0;  // GET /api/v1/ : {version, product, ...}; the API adds api_version

    // --- auth -------------------------------------------------------------
    virtual std::optional<Principal> authenticate(const QString &apiKey, const QString &token) = 0;
    virtual Value createToken(const Principal &by, const QString &user, int ttlSeconds) = 0;  // {user, token, expiry}
    virtual ListResult listApiKeys(const Params &p, const Principal &by) = 0;
    virtual Value createApiKey(const Value &body, const Principal &by) = 0;  // returns {id, key, user, ...} (key shown once)
    virtual void deleteApiKey(const QString &idOrKey, const Principal &by) = 0;

    // --- actions ----------------------------------------------------------
    virtual ListResult listActions(const Params &p) = 0;                 // filters: pack, name
    virtual Value getAction(const QString &refOrId) = 0;
    virtual Value actionParameters(const QString &refOrId) = 0;          // views/parameters: {parameters: merged runner+action}
    virtual Value actionOverview(const QString &refOrId) = 0;            // views/overview: action doc with merged parameters
    virtual QString actionEntryPoint(const QString &refOrId) = 0;        // views/entry_point: file content
    // StackStorm's `data_files: [{file_path, content}]` (paths relative to the
    // pack's actions/ folder) are written before the definition is stored;
    // `write_file` (query or body) also writes the metadata actions/<name>.yaml.
    virtual Value createAction(const Value &doc, const Principal &by, const Params &p = {}) = 0;
    virtual Value updateAction(const QString &refOrId, const Value &doc, const Principal &by, const Params &p = {}) = 0;
    // `remove_files` (query, or the DELETE body merged in) also deletes the metadata file and the entry point (st2's `remove_files`).
    virtual void deleteAction(const QString &refOrId, const Principal &by, const Params &p = {}) = 0;

    // --- executions -------------------------------------------------------
    virtual ListResult listExecutions(const Params &p) = 0;  // action, status, parent, rule, runner, trigger_instance, user, timestamp_gt/lt, exclude_attributes=result
    virtual Value getExecution(const QString &id, const Params &p) = 0;
    // POST /executions {action, parameters, user?, trace_tag?, context?, delay?}
    virtual Value createExecution(const Value &body, const Principal &by) = 0;
    // POST /executions/{id}/re_run {parameters, tasks, reset, delay}; query no_merge
    virtual Value reRunExecution(const QString &id, const Value &body, const Params &p, const Principal &by) = 0;
    virtual Value cancelExecution(const QString &id, const Principal &by) = 0;      // DELETE /executions/{id}
    virtual Value updateExecution(const QString &id, const Value &body, const Principal &by) = 0;  // PUT {status: pausing|resuming|canceling}
    virtual QString executionOutput(const QString &id, const QString &outputType) = 0;  // "all"|"stdout"|"stderr"
    virtual ValueList executionChildren(const QString &id, const Params &p) = 0;
    // Squall: an Orquesta workflow execution's state as its conductor holds it
    // (running or completed): {status, tasks: [{id, route, status, term, prev:
    // [task ids it came from], published: {vars its transitions published},
    // items: how many items a with-items task has, while it is staged}]}.
    virtual Value executionWorkflow(const QString &id) = 0;

    // --- inquiries (executions of runner inquirer waiting in `pending`) ----
    virtual ListResult listInquiries(const Params &p) = 0;  // [{id, route, ttl, users, roles, schema}]; limit, offset
    virtual Value getInquiry(const QString &id) = 0;        // NotFound; BadRequest when not pending
    // PUT /inquiries/{id} {id?, response: {...}} -> {id, response}. BadRequest: not an inquiry,
    // timed out, already answered, response failing the schema; Forbidden: user not in `users`.
    virtual Value respondInquiry(const QString &id, const Value &body, const Principal &by) = 0;

    // --- rules and enforcement -------------------------------------------
    // show_secrets=true (admins only) returns secret action parameters unmasked.
    virtual ListResult listRules(const Params &p, const Principal *by = nullptr) = 0;  // pack, action, trigger, enabled, name
    virtual Value getRule(const QString &refOrId, const Params &p = {}, const Principal *by = nullptr) = 0;
    // write_file=true (the studio's Save) also writes rules/<name>.yaml into the
    // rule's pack folder when it is on disk, writable and not the bundled `core`;
    // the answer then has metadata_file, or file_error saying why not.
    virtual Value createRule(const Value &doc, const Principal &by, const Params &p = {}) = 0;
    virtual Value updateRule(const QString &refOrId, const Value &doc, const Principal &by, const Params &p = {}) = 0;
    // POST /rules/test (Squall's; st2 has only the st2-rule-tester CLI): a dry run of
    // {rule (a document, saved or not) | rule_ref, trigger_instance_id | trigger_instance
    // | payload} -> {matched, trigger_mismatch, failure_reason, criteria: [{key, operator,
    // pattern, value, result, error}], enabled, parameters, parameter_error, rendered_without_schema};
    // a disabled rule is evaluated as if enabled.
    virtual Value testRule(const Value &body, const Principal &by) = 0;
    virtual void deleteRule(const QString &refOrId, const Principal &by) = 0;
    virtual ListResult listRuleTypes(const Params &p) = 0;
    virtual ListResult listRuleEnforcements(const Params &p) = 0;  // rule_ref, execution, trigger_instance, enforced_at_gt/lt
    virtual Value getRuleEnforcement(const QString &id) = 0;
    // Traces: everything recorded under one trace tag, in StackStorm's TraceAPI shape
    // {id, uid, trace_tag, start_timestamp, trigger_instances, rules, action_executions};
    // each component {object_id, ref, updated_at, caused_by: {type, id} | {}}.
    virtual ListResult listTraces(const Params &p) = 0;  // trace_tag, execution, rule, trigger_instance, sort_asc/sort_desc
    virtual Value getTrace(const QString &id) = 0;

    // --- runners, triggers, sensors, timers, webhooks ----------------------
    virtual ListResult listRunnerTypes(const Params &p) = 0;
    virtual Value getRunnerType(const QString &name) = 0;
    virtual ListResult listTriggerTypes(const Params &p) = 0;  // pack
    virtual Value getTriggerType(const QString &ref) = 0;
    virtual ListResult listTriggers(const Params &p) = 0;
    virtual Value getTrigger(const QString &refOrId) = 0;
    virtual ListResult listTriggerInstances(const Params &p) = 0;  // trigger, trigger_type, status, timestamp_gt/lt
    virtual Value getTriggerInstance(const QString &id) = 0;
    virtual Value reEmitTriggerInstance(const QString &id, const Principal &by) = 0;  // {message, trigger_instance: {...}}
    virtual ListResult listSensorTypes(const Params &p) = 0;
    virtual Value getSensorType(const QString &ref) = 0;
    virtual ListResult listTimers(const Params &p) = 0;  // timer_type
    virtual Value getTimer(const QString &refOrId) = 0;
    virtual ListResult listWebhooks(const Params &p) = 0;
    virtual Value getWebhook(const QString &url) = 0;

    // POST /webhooks/<hook>. `body` is already parsed (JSON, form or text as StackStorm does);
    // headers are the request headers (original case). The engine stores the trigger
    // instance(s) and calls `done` once they are durable, with the 202 response body, or with
    // the error (kind, message, field, location; e.g. NotFound for an unknown hook, BadRequest
    // for a payload failing the trigger type's schema). `done` may run later, from the event loop.
    using WebhookDone = std::function<void(const Value &responseBody, const std::optional<Error> &error)>;
    virtual void postWebhook(const QString &hook, const Value &body, const Value &headers,
                             const Principal &by, WebhookDone done) = 0;
    // PUT /sensortypes/{ref_or_id}: the sensor type document; only `enabled` may change
    // (BadRequest when it is missing or not a boolean). The choice survives a restart.
    virtual Value updateSensorType(const QString &refOrId, const Value &doc, const Principal &by) = 0;

    // --- packs and configs --------------------------------------------------
    virtual ListResult listPacks(const Params &p) = 0;
    virtual Value getPack(const QString &refOrId) = 0;
    virtual Value registerPacks(const Value &body, const Principal &by) = 0;  // {packs?, types?, fail_on_failure?}
    virtual Value getConfig(const QString &pack, const Params &p, const Principal &by) = 0;
    virtual Value getConfigSchema(const QString &pack) = 0;
    // PUT /configs/{pack}: `values` (a dict) checked against config.schema.yaml and
    // written to configs/<pack>.yaml next to the pack's folder, then the pack is
    // reloaded. A secret sent back masked ("********") keeps its stored value.
    // Answers as getConfig does (secrets masked).
    virtual Value updateConfig(const QString &pack, const Value &values, const Principal &by) = 0;
    // POST /packs/install {packs: [local folder | file:// URL], force?}: copies each
    // pack folder into the data dir's packs folder and registers it. Only local
    // folders: StackStorm's index, git and http sources need a network this
    // engine does not reach for. Answers {packs: [ref...], installed: [{ref, path}]}.
    virtual Value installPacks(const Value &body, const Principal &by) = 0;

    // --- key-value datastore ----------------------------------------------
    virtual ListResult listKeys(const Params &p, const Principal &by) = 0;  // prefix, scope, user, decrypt
    virtual Value getKey(const QString &name, const Params &p, const Principal &by) = 0;
    virtual Value setKey(const QString &name, const Value &body, const Principal &by) = 0;  // {name, value, secret, encrypted, scope, user, ttl, description}
    virtual void deleteKey(const QString &name, const Params &p, const Principal &by) = 0;
};

} // namespace squall::engine

