// Engine: trigger types, triggers, trigger instances, sensors, timers and
// webhooks in EngineApi.
#include "engine/Engine.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "engine/ApiQuery.h"
#include "engine/ContentRegistry.h"
#include "engine/CredentialHeaders.h"
#include "engine/ExecutionService.h"
#include "engine/RuleService.h"
#include "engine/TriggerRegistry.h"
#include "schema/Validator.h"
#include "store/Store.h"

#include <QUuid>

namespace squall::engine {

namespace {

// The implicit trigger of a parameterless type: same ref, and an id derived
// from its uid so it stays the same across restarts.
Value shadowTrigger(const model::TriggerTypeDef &t)
{
    const QString uid = QStringLiteral("trigger:") + t.pack + u':' + t.name;
    return makeDict({{QStringLiteral("id"), stableId(uid)},
                     {QStringLiteral("ref"), t.ref()},
                     {QStringLiteral("uid"), uid},
                     {QStringLiteral("name"), t.name},
                     {QStringLiteral("pack"), t.pack},
                     {QStringLiteral("type"), t.ref()},
                     {QStringLiteral("parameters"), ValueDict()},
                     {QStringLiteral("description"), t.description}});
}

} // namespace

ListResult Engine::listTriggerTypes(const Params &p)
{
    ValueList all;
    for (const model::TriggerTypeDef *t : m_content->triggerTypes())
        all.append(t->toApi());
    std::sort(all.begin(), all.end(),
              [](const Value &a, const Value &b) { return a[u"ref"].toString() < b[u"ref"].toString(); });
    return apiquery::page(all, p, {{QStringLiteral("pack"), QStringLiteral("pack")},
                                   {QStringLiteral("name"), QStringLiteral("name")}});
}

Value Engine::getTriggerType(const QString &ref)
{
    const model::TriggerTypeDef *t = m_content->triggerType(ref);
    if (!t)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("trigger type \"%1\" not found").arg(ref));
    return t->toApi();
}

ListResult Engine::listTriggers(const Params &p)
{
    // Parameterless types have an implicit (shadow) trigger of the same ref.
    ValueList all = m_triggers->triggers();
    QSet<QString> refs;
    for (const Value &t : all)
        refs.insert(t[u"ref"].toString());
    for (const model::TriggerTypeDef *t : m_content->triggerTypes()) {
        if (!t->hasParameters() && !refs.contains(t->ref()))
            all.append(shadowTrigger(*t));
    }
    std::sort(all.begin(), all.end(),
              [](const Value &a, const Value &b) { return a[u"ref"].toString() < b[u"ref"].toString(); });
    return apiquery::page(all, p, {{QStringLiteral("pack"), QStringLiteral("pack")},
                                   {QStringLiteral("type"), QStringLiteral("type")}});
}

Value Engine::getTrigger(const QString &refOrId)
{
    Value t = m_triggers->trigger(refOrId);
    if (t.isNull()) {
        const model::TriggerTypeDef *tt = m_content->triggerType(refOrId);
        if (tt && !tt->hasParameters())
            return shadowTrigger(*tt);
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("trigger \"%1\" not found").arg(refOrId));
    }
    return t;
}

ListResult Engine::listTriggerInstances(const Params &p)
{
    store::Query q = apiquery::toStoreQuery(p, {QStringLiteral("trigger"), QStringLiteral("status")});
    // A filter by trigger type means every trigger of that type.
    const QString type = p.value(QStringLiteral("trigger_type"));
    if (!type.isEmpty() && q.filters.value(QStringLiteral("trigger")).isEmpty())
        q.filters.insert(QStringLiteral("trigger_type"), type);
    const store::Page page = m_store->triggerInstances(q);
    return ListResult{apiquery::project(page.items, p), page.total, q.limit, q.offset};
}

Value Engine::getTriggerInstance(const QString &id)
{
    const auto doc = m_store->triggerInstance(id);
    if (!doc)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("trigger instance %1 not found").arg(id));
    return *doc;
}

Value Engine::reEmitTriggerInstance(const QString &id, const Principal &by)
{
    Q_UNUSED(by);
    const Value original = getTriggerInstance(id);
    Value payload = original[u"payload"];
    // StackStorm marks re-emitted payloads so rules can tell them apart.
    if (payload.isDict())
        payload.dictRef().insert(QStringLiteral("__context"),
                                 makeDict({{QStringLiteral("original_id"), id}}));
    const Value instance = fire(original[u"trigger"].toString(), payload,
                                 QStringLiteral("trigger-instance-reemit-") + id);
    return makeDict({{QStringLiteral("message"), QStringLiteral("Trigger instance %1 was sent again.").arg(id)},
                     {QStringLiteral("trigger_instance"), instance}});
}

ListResult Engine::listSensorTypes(const Params &p)
{
    ValueList all;
    for (const model::SensorDef *s : m_content->sensors())
        all.append(s->toApi());
    return apiquery::page(all, p, {{QStringLiteral("pack"), QStringLiteral("pack")},
                                   {QStringLiteral("enabled"), QStringLiteral("enabled")}});
}

Value Engine::getSensorType(const QString &ref)
{
    const model::SensorDef *s = m_content->sensor(ref);
    if (!s)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("sensor \"%1\" not found").arg(ref));
    return s->toApi();
}

ListResult Engine::listTimers(const Params &p)
{
    Params pp = p;
    pp.remove(QStringLiteral("timer_type"));
    return apiquery::page(m_triggers->timers(p.value(QStringLiteral("timer_type"))), pp, {});
}

Value Engine::getTimer(const QString &refOrId)
{
    const Value t = m_triggers->trigger(refOrId);
    if (t.isNull() || !m_triggers->timers(QString()).contains(t))
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("timer \"%1\" not found").arg(refOrId));
    return t;
}

ListResult Engine::listWebhooks(const Params &p)
{
    // StackStorm answers with whole trigger documents whatever the attribute
    // filters say, and st2client relies on it: `st2 webhook list` asks for
    // url,type,description but reads `parameters.url`.
    Params pp = p;
    pp.remove(QStringLiteral("include_attributes"));
    pp.remove(QStringLiteral("exclude_attributes"));
    return apiquery::page(m_triggers->webhooks(), pp, {});
}

Value Engine::getWebhook(const QString &url)
{
    const QStringList refs = m_triggers->webhookTriggers(url);
    if (refs.isEmpty())
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("no webhook is registered at \"%1\"").arg(url));
    return m_triggers->trigger(refs.first());
}

void Engine::postWebhook(const QString &hook0, const Value &body, const Value &headers, const Principal &by,
                         WebhookDone done)
{
    Q_UNUSED(by);
    const QString hook = TriggerRegistry::normalizeWebhookUrl(hook0);
    if (m_executions->backlog() >= m_options.maxBacklog) {
        // Refusing loses nothing: the sender learns at once and can retry,
        // where accepting would grow memory without bound.
        done(Value(), Error{QStringLiteral("%1 executions are waiting to finish; try again shortly")
                                .arg(m_executions->backlog()),
                            {}, {}, QStringLiteral("Unavailable")});
        return;
    }
    QString traceTag;
    ValueDict cleanHeaders;
    ValueDict lower;
    for (const auto &[name, value] : headers.toDict()) {
        const QString l = name.toLower();
        // Credentials never travel into payloads, histories or rules.
        if (isCredentialHeader(name.toLatin1()))
            continue;
        if (l == u"st2-trace-tag")
            traceTag = value.toString();
        cleanHeaders.insert(name, value);
        lower.insert(l, value);
    }
    try {
        QList<std::pair<QString, Value>> dispatches;
        if (hook == u"st2") {
            // The generic form: {"trigger": "<ref>", "payload": {...}} fires any trigger.
            if (!body.isDict())
                throw SquallException(QStringLiteral("BadRequest"),
                                      QStringLiteral("the body of /webhooks/st2 must be a JSON object"));
            const QString ref = body[u"trigger"].toString();
            if (ref.isEmpty())
                throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("\"trigger\" is required"));
            const Value trigger = m_triggers->trigger(ref);
            const QString typeRef = trigger.isNull() ? ref : trigger[u"type"].toString();
            const model::TriggerTypeDef *tt = m_content->triggerType(typeRef);
            if (!tt)
                throw SquallException(QStringLiteral("NotFound"), QStringLiteral("trigger \"%1\" not found").arg(ref));
            const Value payload = body[u"payload"].isNull() ? Value(ValueDict()) : body[u"payload"];
            if (!tt->payloadSchema.toDict().isEmpty()) {
                const QList<Error> errors = schema::validate(payload, tt->payloadSchema, QStringLiteral("payload"));
                if (!errors.isEmpty()) {
                    Error e = errors.first();
                    e.message = QStringLiteral("payload does not match trigger type %1: %2").arg(typeRef, e.message);
                    e.kind = QStringLiteral("BadRequest");
                    throw SquallException(e);
                }
            }
            dispatches.append({trigger.isNull() ? ref : trigger[u"ref"].toString(), payload});
            if (body[u"trace_tag"].isString())
                traceTag = body[u"trace_tag"].toString();
        } else {
            const QStringList refs = m_triggers->webhookTriggers(hook);
            if (refs.isEmpty())
                throw SquallException(QStringLiteral("NotFound"),
                                      QStringLiteral("no webhook is registered at \"%1\"").arg(hook));
            const Value payload = makeDict({{QStringLiteral("headers"), Value(std::move(cleanHeaders))},
                                            {QStringLiteral("headers_lower"), Value(std::move(lower))},
                                            {QStringLiteral("body"), body}});
            for (const QString &ref : refs)
                dispatches.append({ref, payload});
        }
        if (traceTag.isEmpty())
            traceTag = QStringLiteral("webhook-%1-%2").arg(hook, QUuid::createUuid().toString(QUuid::WithoutBraces));
        ValueList ids;
        for (const auto &[ref, payload] : dispatches)
            ids.append(fire(ref, payload, traceTag)[u"id"]);
        const Value response = makeDict({{QStringLiteral("trigger_instance_id"), ids.value(0)},
                                         {QStringLiteral("trigger_instance_ids"), ids},
                                         {QStringLiteral("trace_tag"), traceTag},
                                         {QStringLiteral("body"), body}});
        // Acknowledge only what is on disk.
        m_store->whenDurable([done, response] { done(response, std::nullopt); });
    } catch (const SquallException &e) {
        done(Value(), e.error());
    }
}

} // namespace squall::engine
