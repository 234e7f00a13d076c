// Engine: rules, rule types and rule enforcements in EngineApi.
#include "engine/Engine.h"

#include "base/Error.h"
#include "engine/ApiQuery.h"
#include "engine/ContentRegistry.h"
#include "engine/RuleService.h"
#include "schema/Secrets.h"
#include "store/Store.h"

namespace squall::engine {

namespace {
// Secret action parameters written into a rule (the seed's sudo_password) are
// shown masked, like execution parameters.
Value maskRule(const Value &rule, const ContentRegistry &content)
{
    const model::ActionDef *action = content.action(rule[u"action"][u"ref"].toString());
    if (!action)
        return rule;
    Value out = rule;
    ValueDict a = rule[u"action"].toDict();
    a.insert(QStringLiteral("parameters"),
             schema::maskSecrets(rule[u"action"][u"parameters"], content.parameterSchema(*action)));
    out.dictRef().insert(QStringLiteral("action"), Value(std::move(a)));
    return out;
}

bool showSecrets(const Params &p, const Principal *by)
{
    return by && by->isAdmin && apiquery::isTrue(p.value(QStringLiteral("show_secrets")));
}
} // namespace

ListResult Engine::listRules(const Params &p)
{
    ValueList all;
    for (const Value &r : m_rules->rules())
        all.append(showSecrets(p, nullptr) ? r : maskRule(r, *m_content));
    return apiquery::page(all, p, {{QStringLiteral("pack"), QStringLiteral("pack")},
                                   {QStringLiteral("name"), QStringLiteral("name")},
                                   {QStringLiteral("action"), QStringLiteral("action.ref")},
                                   {QStringLiteral("trigger"), QStringLiteral("trigger.type")},
                                   {QStringLiteral("enabled"), QStringLiteral("enabled")}});
}

Value Engine::getRule(const QString &refOrId)
{
    const Value r = m_rules->rule(refOrId);
    if (r.isNull())
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("rule \"%1\" not found").arg(refOrId));
    return maskRule(r, *m_content);
}

Value Engine::createRule(const Value &doc, const Principal &by)
{
    return maskRule(m_rules->create(doc, by.user), *m_content);
}

Value Engine::updateRule(const QString &refOrId, const Value &doc, const Principal &by)
{
    // A masked secret sent back unchanged (rule get -j | edit | rule update)
    // keeps the stored value instead of becoming "********".
    Value incoming = doc;
    const Value existing = m_rules->rule(refOrId);
    if (!existing.isNull() && incoming[u"action"].isDict()) {
        ValueDict params = incoming[u"action"][u"parameters"].toDict();
        for (const QString &k : params.keys()) {
            const Value *v = params.find(k);
            if (v && v->isString() && v->toString() == schema::MaskedValue)
                params.insert(k, existing[u"action"][u"parameters"][k]);
        }
        ValueDict a = incoming[u"action"].toDict();
        a.insert(QStringLiteral("parameters"), Value(std::move(params)));
        incoming.dictRef().insert(QStringLiteral("action"), Value(std::move(a)));
    }
    return maskRule(m_rules->update(refOrId, incoming, by.user), *m_content);
}

void Engine::deleteRule(const QString &refOrId, const Principal &by)
{
    Q_UNUSED(by);
    m_rules->remove(refOrId);
}

ListResult Engine::listRuleTypes(const Params &p)
{
    const ValueList types = {
        makeDict({{QStringLiteral("id"), QStringLiteral("standard")},
                  {QStringLiteral("name"), QStringLiteral("standard")},
                  {QStringLiteral("description"), QStringLiteral("Fires when its criteria match.")},
                  {QStringLiteral("enabled"), true},
                  {QStringLiteral("parameters"), ValueDict()}}),
        makeDict({{QStringLiteral("id"), QStringLiteral("backstop")},
                  {QStringLiteral("name"), QStringLiteral("backstop")},
                  {QStringLiteral("description"),
                   QStringLiteral("Fires only when no standard rule matched the same trigger instance.")},
                  {QStringLiteral("enabled"), true},
                  {QStringLiteral("parameters"), ValueDict()}})};
    return apiquery::page(types, p, {});
}

ListResult Engine::listRuleEnforcements(const Params &p)
{
    Params pp = p;
    if (pp.contains(QStringLiteral("rule_ref")))
        pp.insert(QStringLiteral("rule"), pp.value(QStringLiteral("rule_ref")));
    store::Query q = apiquery::toStoreQuery(pp, {QStringLiteral("rule"), QStringLiteral("rule_id"),
                                                  QStringLiteral("execution"), QStringLiteral("trigger_instance"),
                                                  QStringLiteral("status")});
    const store::Page page = m_store->ruleEnforcements(q);
    return ListResult{apiquery::project(page.items, p), page.total, q.limit, q.offset};
}

Value Engine::getRuleEnforcement(const QString &id)
{
    const auto doc = m_store->ruleEnforcement(id);
    if (!doc)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("rule enforcement %1 not found").arg(id));
    return *doc;
}

} // namespace squall::engine
