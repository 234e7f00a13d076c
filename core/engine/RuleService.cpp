#include "engine/RuleService.h"

#include "base/Ids.h"
#include "base/Python.h"
#include "engine/ContentRegistry.h"
#include "engine/ExecutionService.h"
#include "engine/KeyValueService.h"
#include "engine/Statuses.h"
#include "engine/TriggerRegistry.h"
#include "expr/Jinja.h"
#include "model/RuleNormalizer.h"
#include "rules/CompiledRule.h"
#include "rules/RuleIndex.h"
#include "rules/RuleMatcher.h"
#include "schema/Secrets.h"
#include "sensors/TimerService.h"
#include "store/Store.h"

#include <QSet>

namespace squall::engine {

namespace {
const QString kRuleKind = QStringLiteral("rule");

[[noreturn]] void badRequest(const QString &msg)
{
    throw SquallException(QStringLiteral("BadRequest"), msg);
}
} // namespace

RuleService::RuleService(store::Store *store, ContentRegistry *content, TriggerRegistry *triggers,
                         ExecutionService *executions, KeyValueService *kv, QString systemUser, QObject *parent)
    : QObject(parent), m_store(store), m_content(content), m_triggers(triggers), m_executions(executions), m_kv(kv),
      m_systemUser(std::move(systemUser)), m_index(std::make_unique<rules::RuleIndex>())
{
}

RuleService::~RuleService() = default;

void RuleService::emitEvent(EventKind type, const Value &doc) const
{
    if (m_emit)
        m_emit(type, doc);
}

Value RuleService::normalize(const Value &doc, const QString &packHint) const
{
    QList<Error> errors;
    Value out = model::normalizeRule(doc, nullptr, packHint, &errors, QStringLiteral("rule"));
    QStringList lines;
    QString field;
    for (const Error &e : errors) {
        if (e.kind == u"warning")
            continue;  // an exported document's stale ref/uid is not a reason to refuse it
        lines.append(e.toString());
        if (field.isEmpty())
            field = e.field;
    }
    if (!lines.isEmpty() || out.isNull())
        throw SquallException(Error{lines.isEmpty() ? QStringLiteral("invalid rule") : lines.join(QStringLiteral("; ")),
                                    {}, field, QStringLiteral("BadRequest")});
    return out;
}

void RuleService::install(const Value &doc0)
{
    Value doc = doc0;
    const QString ref = doc[u"ref"].toString();
    const Value trigger = m_triggers->ensure(doc[u"trigger"][u"type"].toString(), doc[u"trigger"][u"parameters"]);
    // The trigger ref is the engine's, whatever an exported document carried.
    ValueDict t = doc[u"trigger"].toDict();
    t.insert(QStringLiteral("ref"), trigger[u"ref"]);
    doc.dictRef().insert(QStringLiteral("trigger"), Value(std::move(t)));
    auto compiled = std::make_shared<const rules::CompiledRule>(doc);
    m_index->upsert(compiled, trigger[u"ref"].toString());
    if (const QString old = m_docs.value(ref)[u"id"].toString(); !old.isEmpty())
        m_ids.remove(old);
    m_docs.insert(ref, doc);
    m_ids.insert(doc[u"id"].toString(), ref);
}

QList<Error> RuleService::load(const ValueList &packRules)
{
    QList<Error> errors;
    m_index->clear();
    m_docs.clear();
    m_ids.clear();
    QHash<QString, Value> merged;
    for (const Value &r : packRules) {
        Value doc = r;
        if (doc[u"id"].toString().isEmpty())
            doc.dictRef().insert(QStringLiteral("id"), stableId(doc[u"ref"].toString()));
        merged.insert(doc[u"ref"].toString(), doc);
    }
    for (const Value &stored : m_store->definitions(kRuleKind)) {
        const QString ref = stored[u"ref"].toString();
        if (stored[u"_deleted"].toBool())
            merged.remove(ref);
        else
            merged.insert(ref, stored);
    }
    for (const Value &doc : std::as_const(merged)) {
        try {
            install(doc);
        } catch (const SquallException &e) {
            Error err = e.error();
            err.message = QStringLiteral("rule %1: %2").arg(doc[u"ref"].toString(), err.message);
            if (err.location.file.isEmpty())
                err.location.file = doc[u"metadata_file"].toString();
            errors.append(err);
        }
    }
    refreshActiveTriggers();
    return errors;
}

void RuleService::refreshActiveTriggers()
{
    QSet<QString> active;
    for (const rules::RulePtr &r : m_index->allRules()) {
        if (r->enabled())
            active.insert(m_docs.value(r->ref())[u"trigger"][u"ref"].toString());
    }
    m_triggers->setActiveTriggers(active);
}

ValueList RuleService::rules() const
{
    ValueList out;
    for (const Value &d : m_docs)
        out.append(d);
    std::sort(out.begin(), out.end(),
              [](const Value &a, const Value &b) { return a[u"ref"].toString() < b[u"ref"].toString(); });
    return out;
}

Value RuleService::rule(const QString &refOrId) const
{
    if (const auto it = m_docs.constFind(refOrId); it != m_docs.cend())
        return *it;
    if (const auto it = m_ids.constFind(refOrId); it != m_ids.cend())
        return m_docs.value(*it);
    return {};
}

Value RuleService::create(const Value &doc0, const QString &user)
{
    if (!doc0.isDict())
        badRequest(QStringLiteral("a rule must be a JSON object"));
    Value doc = normalize(doc0, QString());
    const QString ref = doc[u"ref"].toString();
    if (m_docs.contains(ref))
        throw SquallException(QStringLiteral("Conflict"), QStringLiteral("rule %1 already exists").arg(ref));
    if (!m_content->triggerType(doc[u"trigger"][u"type"].toString()))
        badRequest(QStringLiteral("trigger type \"%1\" is not registered").arg(doc[u"trigger"][u"type"].toString()));
    if (!m_content->action(doc[u"action"][u"ref"].toString()))
        badRequest(QStringLiteral("action \"%1\" is not registered").arg(doc[u"action"][u"ref"].toString()));
    const QString type = doc[u"trigger"][u"type"].toString();
    if (type.startsWith(QStringLiteral("core.st2.")) && type.endsWith(QStringLiteral("Timer"))) {
        const QString err = sensors::TimerService::validate(type, doc[u"trigger"][u"parameters"], QTimeZone::utc());
        if (!err.isEmpty())
            badRequest(QStringLiteral("invalid timer parameters: %1").arg(err));
    }
    // An exported document keeps its id only if nothing else uses it.
    if (!isId(doc[u"id"].toString()) || m_ids.contains(doc[u"id"].toString()))
        doc.dictRef().insert(QStringLiteral("id"), newId());
    ValueDict ctx = doc[u"context"].toDict();
    if (!ctx.contains(u"user"))
        ctx.insert(QStringLiteral("user"), user);
    doc.dictRef().insert(QStringLiteral("context"), Value(std::move(ctx)));
    install(doc);
    const Value installed = m_docs.value(ref);
    m_store->putDefinition(kRuleKind, ref, installed);
    refreshActiveTriggers();
    emitEvent(EventKind::RuleCreate, installed);
    return installed;
}

Value RuleService::update(const QString &refOrId, const Value &doc0, const QString &user)
{
    Q_UNUSED(user);
    const Value existing = rule(refOrId);
    if (existing.isNull())
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("rule \"%1\" not found").arg(refOrId));
    Value doc = normalize(doc0, existing[u"pack"].toString());
    if (doc[u"ref"].toString() != existing[u"ref"].toString())
        badRequest(QStringLiteral("the document describes rule %1, not %2")
                       .arg(doc[u"ref"].toString(), existing[u"ref"].toString()));
    if (!m_content->triggerType(doc[u"trigger"][u"type"].toString()))
        badRequest(QStringLiteral("trigger type \"%1\" is not registered").arg(doc[u"trigger"][u"type"].toString()));
    doc.dictRef().insert(QStringLiteral("id"), existing[u"id"]);
    if (!doc.contains(u"context") || doc[u"context"].toDict().isEmpty())
        doc.dictRef().insert(QStringLiteral("context"), existing[u"context"]);
    install(doc);
    const Value installed = m_docs.value(doc[u"ref"].toString());
    m_store->putDefinition(kRuleKind, installed[u"ref"].toString(), installed);
    refreshActiveTriggers();
    emitEvent(EventKind::RuleUpdate, installed);
    return installed;
}

void RuleService::remove(const QString &refOrId)
{
    const Value existing = rule(refOrId);
    if (existing.isNull())
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("rule \"%1\" not found").arg(refOrId));
    const QString ref = existing[u"ref"].toString();
    m_index->remove(ref);
    m_docs.remove(ref);
    m_ids.remove(existing[u"id"].toString());
    // A tombstone keeps a deleted pack rule from coming back at the next start.
    m_store->putDefinition(kRuleKind, ref,
                           makeDict({{QStringLiteral("ref"), ref}, {QStringLiteral("_deleted"), true}}));
    refreshActiveTriggers();
    emitEvent(EventKind::RuleDelete, existing);
}

bool RuleService::hasRulesFor(const QString &triggerRef) const
{
    return !m_index->rulesFor(triggerRef).isEmpty();
}

Value RuleService::dispatch(const QString &triggerRef, const Value &payload, const QString &traceTag)
{
    Value instance = makeDict({{QStringLiteral("id"), newId()},
                               {QStringLiteral("trigger"), triggerRef},
                               {QStringLiteral("occurrence_time"), nowTimestamp()},
                               {QStringLiteral("payload"), payload},
                               {QStringLiteral("status"), QStringLiteral("processing")}});
    const Value trigger = m_triggers->trigger(triggerRef);
    instance.dictRef().insert(QStringLiteral("trigger_type"),
                              trigger.isNull() ? Value(triggerRef) : trigger[u"type"]);
    if (!traceTag.isEmpty())
        instance.dictRef().insert(QStringLiteral("trace_tag"), traceTag);
    // Matching runs now, in the same transaction as the instance: writing it
    // once with its final status is as durable as writing it twice.
    process(instance);
    emitEvent(EventKind::TriggerInstanceCreate, instance);
    return instance;
}

void RuleService::process(Value &instance)
{
    const QString triggerRef = instance[u"trigger"].toString();
    const QString instanceId = instance[u"id"].toString();
    const Value payload = instance[u"payload"];
    const QList<rules::RulePtr> candidates = m_index->candidatesFor(triggerRef, payload);
    bool failed = false;
    if (!candidates.isEmpty()) {
        ValueDict extraVars;
        extraVars.insert(QStringLiteral("st2kv"), m_kv->templateVariable(m_systemUser));
        const expr::DictScope extra{Value(std::move(extraVars)), m_functionScope};
        const rules::MatchResult result = rules::RuleMatcher(&extra).match(candidates, payload);
        auto enforcement = [&](const rules::CompiledRule &r, const QString &executionId, const QString &failure) {
            Value e = makeDict({{QStringLiteral("id"), newId()},
                                {QStringLiteral("rule"), makeDict({{QStringLiteral("ref"), r.ref()},
                                                                   {QStringLiteral("id"), r.id()},
                                                                   {QStringLiteral("uid"), r.uid()}})},
                                {QStringLiteral("trigger_instance_id"), instanceId},
                                {QStringLiteral("execution_id"), executionId.isEmpty() ? Value() : Value(executionId)},
                                {QStringLiteral("status"), failure.isEmpty() ? QStringLiteral("succeeded")
                                                                            : QStringLiteral("failed")},
                                {QStringLiteral("failure_reason"), failure},
                                {QStringLiteral("enforced_at"), nowTimestamp()}});
            m_store->putRuleEnforcement(e);
            emitEvent(EventKind::RuleEnforcementCreate, e);
        };
        for (const rules::RuleEvaluation &f : result.failures)
            enforcement(*f.rule, QString(), f.failureReason);
        for (const rules::RulePtr &r : result.matched) {
            // The rule goes into the execution record: its secret action
            // parameters must not (the seed's rule carries a sudo_password).
            Value ruleDoc = m_docs.value(r->ref());
            if (const model::ActionDef *action = m_content->action(r->actionRef())) {
                ValueDict a = ruleDoc[u"action"].toDict();
                a.insert(QStringLiteral("parameters"),
                         schema::maskSecrets(a.value(u"parameters"), m_content->parameterSchema(*action)));
                ruleDoc.dictRef().insert(QStringLiteral("action"), Value(std::move(a)));
            }
            ValueDict ctx;
            ctx.insert(QStringLiteral("user"), m_systemUser);
            ctx.insert(QStringLiteral("rule"), makeDict({{QStringLiteral("id"), r->id()},
                                                          {QStringLiteral("name"), r->name()},
                                                          {QStringLiteral("ref"), r->ref()}}));
            ctx.insert(QStringLiteral("trigger_instance"), makeDict({{QStringLiteral("id"), instanceId},
                                                                      {QStringLiteral("name"), Value()}}));
            if (instance.contains(u"trace_tag"))
                ctx.insert(QStringLiteral("trace_context"),
                           makeDict({{QStringLiteral("trace_tag"), instance[u"trace_tag"]}}));
            ExecutionRequest req;
            req.actionRef = r->actionRef();
            req.parameters = r->actionParameters();
            req.context = Value(std::move(ctx));
            req.trigger = payload;
            req.failOnRenderError = true;
            const Value trigger = m_triggers->trigger(triggerRef);
            const model::TriggerTypeDef *tt = m_content->triggerType(instance[u"trigger_type"].toString());
            req.ruleInfo = makeDict({{QStringLiteral("rule"), ruleDoc},
                                     {QStringLiteral("trigger"), trigger},
                                     {QStringLiteral("trigger_type"), tt ? tt->toApi() : Value()},
                                     {QStringLiteral("trigger_instance"), instance}});
            try {
                const Value exec = m_executions->request(req);
                const bool execFailed = exec[u"status"].toString() == QLatin1StringView(status::Failed);
                enforcement(*r, exec[u"id"].toString(),
                            execFailed ? exec[u"result"][u"error"].toString() : QString());
            } catch (const SquallException &e) {
                failed = true;
                enforcement(*r, QString(), e.error().message);
            }
        }
    }
    ValueDict &d = instance.dictRef();
    d.insert(QStringLiteral("status"), failed ? QStringLiteral("processing_failed") : QStringLiteral("processed"));
    m_store->putTriggerInstance(instance);
}

void RuleService::reprocessPending()
{
    store::Query q;
    q.limit = 0;
    q.ascending = true;
    for (const QString &st : {QStringLiteral("pending"), QStringLiteral("processing")}) {
        q.filters.insert(QStringLiteral("status"), st);
        for (Value instance : m_store->triggerInstances(q).items)
            process(instance);
    }
}

} // namespace squall::engine
