#pragma once

#include "base/Error.h"
#include "engine/EngineApi.h"

#include <QObject>
#include <QSet>
#include <QTimeZone>

#include <memory>

namespace squall::store { class Store; class SecretBox; }
namespace squall::runners { class RunnerRegistry; }
namespace squall::sensors { class TimerService; }

namespace squall::engine {

class AuthService;
class ContentRegistry;
class EngineFunctions;
class CrashGuard;
class ExecutionService;
class InquiryService;
class KeyValueService;
class RuleService;
class TriggerRegistry;
class WorkflowService;

struct EngineOptions
{
    QString dataDir;               // database, datastore key, admin key
    QStringList packRoots;         // folders holding packs (each subfolder with pack.yaml)
    QString apiUrl;                // what actions get as ST2_ACTION_API_URL
    QTimeZone timerZone = QTimeZone::systemTimeZone();
    QString systemUser = QStringLiteral("stanley");  // user of rule-launched executions
    int maxRunning = 128;          // actions running at once; more wait as scheduled
    // Executions not yet finished beyond which webhooks are refused with 503
    // instead of queueing without bound (timers and internal triggers still pass).
    int maxBacklog = 20000;
    bool actionTrigger = true;
    // Events kept for stream clients that resume (`since` / Last-Event-ID);
    // a client further behind is told to reload (a `resync` event).
    qint64 eventRetention = 100'000;     // emit core.st2.generic.actiontrigger after each execution
    qint64 inquiryMinuteMs = 60'000;  // length of an inquiry TTL minute (tests shorten it)
};

// The whole engine in one object: it owns the store and the services, wires
// trigger dispatch -> rules -> executions -> runners, and implements EngineApi
// for the REST layer. Everything runs on the thread that owns it.
class Engine final : public QObject, public EngineApi
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Engine)
public:
    explicit Engine(QObject *parent = nullptr);
    ~Engine() override;

    // Opens the store, loads the packs and rules, recovers after a crash and starts timers.
    bool start(const EngineOptions &options, QString *error);
    // Problems found while loading packs (the engine still runs with what loaded).
    const QList<Error> &loadErrors() const { return m_loadErrors; }
    QString adminKeyFile() const;
    bool createdAdminKey() const { return m_createdAdminKey; }
    store::Store *store() const { return m_store.get(); }
    // Inquiries: its responded()/timedOut() signals say when a parent workflow should resume.
    InquiryService *inquiries() const { return m_inquiries; }
    // What actions get as ST2_ACTION_API_URL (known once the API listens).
    void setApiUrl(const QString &url);
    // Stops cleanly: running actions are killed and recorded as abandoned.
    void shutdown();

    // The one entry for every trigger source (webhooks, re-emits, timers, key-value
    // changes, action triggers, core.inject_trigger): stores the instance, matches
    // rules, requests their actions; returns the instance. Throws on bad input.
    Value fire(const QString &triggerRef, const Value &payload, const QString &traceTag);
    // fire() for sources inside the engine, which have nobody to report a failure
    // to but the log. `done` runs once the instance is durable.
    void dispatch(const QString &triggerRef, const Value &payload, const QString &traceTag,
                  std::function<void(const Value &instance)> done = {});

    // EngineApi
    qint64 subscribe(const EventFilter &filter, qint64 sinceId, EventSink sink) override;
    void unsubscribe(qint64 handle) override;
    qint64 lastEventId() override;
    EventBus *eventBus() const { return m_bus; }
    Value apiInfo() override;
    std::optional<Principal> authenticate(const QString &apiKey, const QString &token) override;
    Value createToken(const Principal &by, const QString &user, int ttlSeconds) override;
    ListResult listApiKeys(const Params &p, const Principal &by) override;
    Value createApiKey(const Value &body, const Principal &by) override;
    void deleteApiKey(const QString &idOrKey, const Principal &by) override;

    ListResult listActions(const Params &p) override;
    Value getAction(const QString &refOrId) override;
    Value actionParameters(const QString &refOrId) override;
    Value actionOverview(const QString &refOrId) override;
    QString actionEntryPoint(const QString &refOrId) override;
    Value createAction(const Value &doc, const Principal &by, const Params &p = {}) override;
    Value updateAction(const QString &refOrId, const Value &doc, const Principal &by, const Params &p = {}) override;
    void deleteAction(const QString &refOrId, const Principal &by, const Params &p = {}) override;

    ListResult listExecutions(const Params &p) override;
    Value getExecution(const QString &id, const Params &p) override;
    Value createExecution(const Value &body, const Principal &by) override;
    Value reRunExecution(const QString &id, const Value &body, const Params &p, const Principal &by) override;
    Value cancelExecution(const QString &id, const Principal &by) override;
    Value updateExecution(const QString &id, const Value &body, const Principal &by) override;
    QString executionOutput(const QString &id, const QString &outputType) override;
    ValueList executionChildren(const QString &id, const Params &p) override;
    Value executionWorkflow(const QString &id) override;

    ListResult listInquiries(const Params &p) override;
    Value getInquiry(const QString &id) override;
    Value respondInquiry(const QString &id, const Value &body, const Principal &by) override;

    ListResult listRules(const Params &p, const Principal *by = nullptr) override;
    Value getRule(const QString &refOrId, const Params &p = {}, const Principal *by = nullptr) override;
    Value createRule(const Value &doc, const Principal &by, const Params &p = {}) override;
    Value updateRule(const QString &refOrId, const Value &doc, const Principal &by, const Params &p = {}) override;
    Value testRule(const Value &body, const Principal &by) override;
    void deleteRule(const QString &refOrId, const Principal &by) override;
    ListResult listRuleTypes(const Params &p) override;
    ListResult listRuleEnforcements(const Params &p) override;
    Value getRuleEnforcement(const QString &id) override;
    ListResult listTraces(const Params &p) override;
    Value getTrace(const QString &id) override;

    ListResult listRunnerTypes(const Params &p) override;
    Value getRunnerType(const QString &name) override;
    ListResult listTriggerTypes(const Params &p) override;
    Value getTriggerType(const QString &ref) override;
    ListResult listTriggers(const Params &p) override;
    Value getTrigger(const QString &refOrId) override;
    ListResult listTriggerInstances(const Params &p) override;
    Value getTriggerInstance(const QString &id) override;
    Value reEmitTriggerInstance(const QString &id, const Principal &by) override;
    ListResult listSensorTypes(const Params &p) override;
    Value getSensorType(const QString &ref) override;
    ListResult listTimers(const Params &p) override;
    Value getTimer(const QString &refOrId) override;
    ListResult listWebhooks(const Params &p) override;
    Value getWebhook(const QString &url) override;
    void postWebhook(const QString &hook, const Value &body, const Value &headers, const Principal &by,
                     WebhookDone done) override;
    Value updateSensorType(const QString &refOrId, const Value &doc, const Principal &by) override;

    ListResult listPacks(const Params &p) override;
    Value getPack(const QString &refOrId) override;
    Value registerPacks(const Value &body, const Principal &by) override;
    Value getConfig(const QString &pack, const Params &p, const Principal &by) override;
    Value getConfigSchema(const QString &pack) override;
    Value updateConfig(const QString &pack, const Value &values, const Principal &by) override;
    Value installPacks(const Value &body, const Principal &by) override;

    ListResult listKeys(const Params &p, const Principal &by) override;
    Value getKey(const QString &name, const Params &p, const Principal &by) override;
    Value setKey(const QString &name, const Value &body, const Principal &by) override;
    void deleteKey(const QString &name, const Params &p, const Principal &by) override;

private:
    void emitEvent(EventKind kind, const Value &doc);
    void onExecutionCompleted(const Value &execution);
    void reloadRules();
    void reprocessPendingInstances();
    // A stored trace row {id, trace_tag, start_timestamp} with its components.
    Value traceDocument(const Value &row);

    EngineOptions m_options;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<store::SecretBox> m_box;
    std::unique_ptr<runners::RunnerRegistry> m_runners;
    std::unique_ptr<ContentRegistry> m_content;
    std::unique_ptr<KeyValueService> m_kv;
    std::unique_ptr<AuthService> m_auth;
    EventBus *m_bus = nullptr;
    std::unique_ptr<EventLog> m_eventLog;
    sensors::TimerService *m_timers = nullptr;
    TriggerRegistry *m_triggers = nullptr;
    ExecutionService *m_executions = nullptr;
    InquiryService *m_inquiries = nullptr;
    WorkflowService *m_workflows = nullptr;
    RuleService *m_rules = nullptr;
    QList<Error> m_loadErrors;
    bool m_createdAdminKey = false;
    // st2kv(), decrypt_kv() and task() over this engine's data, lent to its expressions.
    std::unique_ptr<EngineFunctions> m_functions;
    // Workflows that took the engine down are failed at the next start, not resumed.
    std::unique_ptr<CrashGuard> m_crashGuard;
};

} // namespace squall::engine
