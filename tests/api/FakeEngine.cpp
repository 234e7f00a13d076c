#include "FakeEngine.h"

#include "base/Error.h"

using squall::makeDict;
using squall::makeList;
using squall::SquallException;
using squall::Value;

Value FakeEngine::doc(const QString &method, const QString &arg)
{
    calls.append(method);
    if (arg.startsWith(u"err."))
        throw SquallException(arg.mid(4), QStringLiteral("scripted failure for %1").arg(arg));
    return makeDict({{QStringLiteral("called"), method}, {QStringLiteral("arg"), arg}});
}

FakeEngine::ListResult FakeEngine::page(const QString &method, const Params &p)
{
    calls.append(method);
    lastParams = p;
    ListResult r;
    r.items = {makeDict({{QStringLiteral("id"), QStringLiteral("one")}, {QStringLiteral("name"), QStringLiteral("first")}}),
               makeDict({{QStringLiteral("id"), QStringLiteral("two")}, {QStringLiteral("name"), QStringLiteral("second")}})};
    r.total = 42;
    r.limit = p.value(QStringLiteral("limit"), QStringLiteral("100")).toInt();
    return r;
}

void FakeEngine::note(const QString &method, const Principal &by, const Value &body)
{
    calls.append(method);
    lastPrincipal = by;
    lastBody = body;
}

void FakeEngine::completeWebhook()
{
    if (!pendingDone)
        return;
    WebhookDone done = std::move(pendingDone);
    pendingDone = nullptr;
    done(makeDict({{QStringLiteral("hook"), webhookHook}, {QStringLiteral("body"), webhookBody}}), std::nullopt);
}

Value FakeEngine::apiInfo()
{
    calls.append(QStringLiteral("apiInfo"));
    return makeDict({{QStringLiteral("version"), QStringLiteral("0.1.0")}});
}

std::optional<FakeEngine::Principal> FakeEngine::authenticate(const QString &apiKey, const QString &token)
{
    if (apiKey == u"admin-key")
        return Principal{QStringLiteral("admin"), true, QStringLiteral("api_key")};
    if (apiKey == u"user-key")
        return Principal{QStringLiteral("bob"), false, QStringLiteral("api_key")};
    if (apiKey.isEmpty() && token == u"tok-1")
        return Principal{QStringLiteral("alice"), false, QStringLiteral("token")};
    if (token == u"tok-throws")
        throw SquallException(QStringLiteral("Unauthorized"), QStringLiteral("Token expired."));
    return std::nullopt;
}

Value FakeEngine::createToken(const Principal &by, const QString &user, int ttlSeconds)
{
    note(QStringLiteral("createToken"), by);
    return makeDict({{QStringLiteral("user"), user}, {QStringLiteral("token"), QStringLiteral("new-token")},
                     {QStringLiteral("ttl"), ttlSeconds}});
}

FakeEngine::ListResult FakeEngine::listApiKeys(const Params &p, const Principal &) { return page(QStringLiteral("listApiKeys"), p); }
Value FakeEngine::createApiKey(const Value &body, const Principal &by) { note(QStringLiteral("createApiKey"), by, body); return body; }
void FakeEngine::deleteApiKey(const QString &idOrKey, const Principal &) { doc(QStringLiteral("deleteApiKey"), idOrKey); }

FakeEngine::ListResult FakeEngine::listActions(const Params &p) { return page(QStringLiteral("listActions"), p); }
Value FakeEngine::getAction(const QString &r) { return doc(QStringLiteral("getAction"), r); }
Value FakeEngine::actionParameters(const QString &r) { return doc(QStringLiteral("actionParameters"), r); }
Value FakeEngine::actionOverview(const QString &r) { return doc(QStringLiteral("actionOverview"), r); }
QString FakeEngine::actionEntryPoint(const QString &r) { doc(QStringLiteral("actionEntryPoint"), r); return QStringLiteral("#!/bin/sh\necho hi\n"); }
Value FakeEngine::createAction(const Value &d, const Principal &by, const Params &p) { lastParams = p; note(QStringLiteral("createAction"), by, d); return d; }
Value FakeEngine::updateAction(const QString &r, const Value &d, const Principal &by, const Params &p) { lastParams = p; note(QStringLiteral("updateAction"), by, d); return doc(QStringLiteral("updateAction"), r); }
void FakeEngine::deleteAction(const QString &r, const Principal &, const Params &p) { lastParams = p; doc(QStringLiteral("deleteAction"), r); }

FakeEngine::ListResult FakeEngine::listExecutions(const Params &p) { return page(QStringLiteral("listExecutions"), p); }
Value FakeEngine::getExecution(const QString &id, const Params &p) { lastParams = p; return doc(QStringLiteral("getExecution"), id); }
Value FakeEngine::createExecution(const Value &body, const Principal &by) { note(QStringLiteral("createExecution"), by, body); return body; }
Value FakeEngine::reRunExecution(const QString &id, const Value &body, const Params &p, const Principal &by) { note(QStringLiteral("reRunExecution"), by, body); lastParams = p; return doc(QStringLiteral("reRunExecution"), id); }
Value FakeEngine::cancelExecution(const QString &id, const Principal &) { return doc(QStringLiteral("cancelExecution"), id); }
Value FakeEngine::updateExecution(const QString &id, const Value &body, const Principal &by) { note(QStringLiteral("updateExecution"), by, body); return doc(QStringLiteral("updateExecution"), id); }
QString FakeEngine::executionOutput(const QString &id, const QString &type) { doc(QStringLiteral("executionOutput"), id); return QStringLiteral("output %1 of %2\n").arg(type, id); }
squall::ValueList FakeEngine::executionChildren(const QString &id, const Params &) { return {doc(QStringLiteral("executionChildren"), id)}; }
squall::Value FakeEngine::executionWorkflow(const QString &id) { return doc(QStringLiteral("executionWorkflow"), id); }

FakeEngine::ListResult FakeEngine::listInquiries(const Params &p) { return page(QStringLiteral("listInquiries"), p); }
Value FakeEngine::getInquiry(const QString &id) { return doc(QStringLiteral("getInquiry"), id); }
Value FakeEngine::respondInquiry(const QString &id, const Value &body, const Principal &by) { note(QStringLiteral("respondInquiry"), by, body); return doc(QStringLiteral("respondInquiry"), id); }

FakeEngine::ListResult FakeEngine::listRules(const Params &p, const Principal *) { return page(QStringLiteral("listRules"), p); }
Value FakeEngine::getRule(const QString &r, const Params &, const Principal *) { return doc(QStringLiteral("getRule"), r); }
Value FakeEngine::createRule(const Value &d, const Principal &by, const Params &) { note(QStringLiteral("createRule"), by, d); return d; }
Value FakeEngine::updateRule(const QString &r, const Value &d, const Principal &by, const Params &) { note(QStringLiteral("updateRule"), by, d); return doc(QStringLiteral("updateRule"), r); }
Value FakeEngine::testRule(const Value &d, const Principal &by) { note(QStringLiteral("testRule"), by, d); return d; }
void FakeEngine::deleteRule(const QString &r, const Principal &) { doc(QStringLiteral("deleteRule"), r); }
FakeEngine::ListResult FakeEngine::listRuleTypes(const Params &p) { return page(QStringLiteral("listRuleTypes"), p); }
FakeEngine::ListResult FakeEngine::listRuleEnforcements(const Params &p) { return page(QStringLiteral("listRuleEnforcements"), p); }
Value FakeEngine::getRuleEnforcement(const QString &id) { return doc(QStringLiteral("getRuleEnforcement"), id); }
FakeEngine::ListResult FakeEngine::listTraces(const Params &p) { return page(QStringLiteral("listTraces"), p); }
Value FakeEngine::getTrace(const QString &id) { return doc(QStringLiteral("getTrace"), id); }

FakeEngine::ListResult FakeEngine::listRunnerTypes(const Params &p) { return page(QStringLiteral("listRunnerTypes"), p); }
Value FakeEngine::getRunnerType(const QString &n) { return doc(QStringLiteral("getRunnerType"), n); }
FakeEngine::ListResult FakeEngine::listTriggerTypes(const Params &p) { return page(QStringLiteral("listTriggerTypes"), p); }
Value FakeEngine::getTriggerType(const QString &r) { return doc(QStringLiteral("getTriggerType"), r); }
FakeEngine::ListResult FakeEngine::listTriggers(const Params &p) { return page(QStringLiteral("listTriggers"), p); }
Value FakeEngine::getTrigger(const QString &r) { return doc(QStringLiteral("getTrigger"), r); }
FakeEngine::ListResult FakeEngine::listTriggerInstances(const Params &p) { return page(QStringLiteral("listTriggerInstances"), p); }
Value FakeEngine::getTriggerInstance(const QString &id) { return doc(QStringLiteral("getTriggerInstance"), id); }
Value FakeEngine::reEmitTriggerInstance(const QString &id, const Principal &) { return doc(QStringLiteral("reEmitTriggerInstance"), id); }
FakeEngine::ListResult FakeEngine::listSensorTypes(const Params &p) { return page(QStringLiteral("listSensorTypes"), p); }
Value FakeEngine::getSensorType(const QString &r) { return doc(QStringLiteral("getSensorType"), r); }
FakeEngine::ListResult FakeEngine::listTimers(const Params &p) { return page(QStringLiteral("listTimers"), p); }
Value FakeEngine::getTimer(const QString &r) { return doc(QStringLiteral("getTimer"), r); }
FakeEngine::ListResult FakeEngine::listWebhooks(const Params &p) { return page(QStringLiteral("listWebhooks"), p); }
Value FakeEngine::getWebhook(const QString &url) { return doc(QStringLiteral("getWebhook"), url); }
Value FakeEngine::updateSensorType(const QString &r, const Value &d, const Principal &by) { note(QStringLiteral("updateSensorType"), by, d); return doc(QStringLiteral("updateSensorType"), r); }

void FakeEngine::postWebhook(const QString &hook, const Value &body, const Value &headers, const Principal &by,
                             WebhookDone done)
{
    note(QStringLiteral("postWebhook"), by, body);
    webhookHook = hook;
    webhookBody = body;
    webhookHeaders = headers;
    if (hook.startsWith(u"err.")) {
        done({}, squall::Error{QStringLiteral("scripted webhook failure"), {}, {}, hook.mid(4)});
        return;
    }
    pendingDone = std::move(done);
    if (!holdWebhooks)
        completeWebhook();
}

FakeEngine::ListResult FakeEngine::listPacks(const Params &p) { return page(QStringLiteral("listPacks"), p); }
Value FakeEngine::getPack(const QString &r) { return doc(QStringLiteral("getPack"), r); }
Value FakeEngine::registerPacks(const Value &body, const Principal &by) { note(QStringLiteral("registerPacks"), by, body); return body; }
Value FakeEngine::getConfig(const QString &pack, const Params &, const Principal &) { return doc(QStringLiteral("getConfig"), pack); }
Value FakeEngine::getConfigSchema(const QString &pack) { return doc(QStringLiteral("getConfigSchema"), pack); }
Value FakeEngine::updateConfig(const QString &pack, const Value &values, const Principal &by) { note(QStringLiteral("updateConfig"), by, values); return doc(QStringLiteral("updateConfig"), pack); }
Value FakeEngine::installPacks(const Value &body, const Principal &by) { note(QStringLiteral("installPacks"), by, body); return body; }

FakeEngine::ListResult FakeEngine::listKeys(const Params &p, const Principal &) { return page(QStringLiteral("listKeys"), p); }
Value FakeEngine::getKey(const QString &name, const Params &p, const Principal &) { lastParams = p; return doc(QStringLiteral("getKey"), name); }
Value FakeEngine::setKey(const QString &name, const Value &body, const Principal &by) { note(QStringLiteral("setKey"), by, body); return doc(QStringLiteral("setKey"), name); }
void FakeEngine::deleteKey(const QString &name, const Params &, const Principal &) { doc(QStringLiteral("deleteKey"), name); }
