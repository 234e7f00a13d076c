#pragma once

#include "engine/EngineApi.h"

#include <QStringList>

// A scripted EngineApi for the REST tests. Documents echo what was asked
// ({"called": <method>, "arg": <first argument>}); refs starting with "err."
// throw SquallException with the rest of the ref as kind.
class FakeEngine final : public squall::engine::EngineApi
{
public:
    using Params = squall::engine::Params;
    using Principal = squall::engine::Principal;
    using ListResult = squall::engine::ListResult;
    using Value = squall::Value;

    squall::engine::EventBus bus;
    // Publishes as the engine would; ids come from the bus (1, 2, ...).
    qint64 publish(const QString &name, const Value &doc)
    {
        return bus.publish(*squall::engine::eventKindFromName(name), doc).id;
    }
    QStringList calls;
    Params lastParams;
    Value lastBody;
    Principal lastPrincipal;

    // Webhooks: the last post, and its `done` held until completeWebhook().
    bool holdWebhooks = false;
    QString webhookHook;
    Value webhookBody;
    Value webhookHeaders;
    WebhookDone pendingDone;
    void completeWebhook();

    qint64 subscribe(const squall::engine::EventFilter &filter, qint64 sinceId, squall::engine::EventSink sink) override
    {
        return bus.subscribe(filter, sinceId, std::move(sink));
    }
    void unsubscribe(qint64 handle) override { bus.unsubscribe(handle); }
    qint64 lastEventId() override { return bus.lastId(); }
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
    squall::ValueList executionChildren(const QString &id, const Params &p) override;
    squall::Value executionWorkflow(const QString &id) override;

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
    Value doc(const QString &method, const QString &arg);
    ListResult page(const QString &method, const Params &p);
    void note(const QString &method, const Principal &by, const Value &body = {});
};
