// Engine: rules, rule types and rule enforcements in EngineApi.
#include "engine/Engine.h"

#include "base/Error.h"
#include "base/Python.h"
#include "base/Yaml.h"
#include "engine/ApiQuery.h"
#include "engine/ContentRegistry.h"
#include "engine/EngineFunctions.h"
#include "engine/KeyValueService.h"
#include "engine/PackFiles.h"
#include "engine/RuleService.h"
#include "expr/Jinja.h"
#include "rules/CompiledRule.h"
#include "rules/RuleDryRun.h"
#include "schema/Secrets.h"
#include "store/Store.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

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

bool wantsFile(const Params &p)
{
    return apiquery::isTrue(p.value(QStringLiteral("write_file")));
}

// The pack folder a rule file may be written into, or why there is none.
QString ruleFolder(const ContentRegistry &content, const QString &pack, QString *why)
{
    return packfiles::writableFolder(content, pack, QStringLiteral("rules"), why);
}

// The rule as a pack's rules/<name>.yaml holds it (what `squall rule create FILE` reads).
QByteArray ruleFileText(const Value &rule)
{
    ValueDict out;
    out.insert(QStringLiteral("name"), rule[u"name"]);
    out.insert(QStringLiteral("pack"), rule[u"pack"]);
    if (!rule[u"description"].toString().isEmpty())
        out.insert(QStringLiteral("description"), rule[u"description"]);
    out.insert(QStringLiteral("enabled"), rule[u"enabled"].toBool());
    if (rule[u"type"][u"ref"].toString() == u"backstop")
        out.insert(QStringLiteral("type"), makeDict({{QStringLiteral("ref"), QStringLiteral("backstop")}}));
    out.insert(QStringLiteral("trigger"), makeDict({{QStringLiteral("type"), rule[u"trigger"][u"type"]},
                                                    {QStringLiteral("parameters"), rule[u"trigger"][u"parameters"].isNull()
                                                                                       ? Value(ValueDict())
                                                                                       : rule[u"trigger"][u"parameters"]}}));
    out.insert(QStringLiteral("criteria"), rule[u"criteria"].isNull() ? Value(ValueDict()) : rule[u"criteria"]);
    out.insert(QStringLiteral("action"), makeDict({{QStringLiteral("ref"), rule[u"action"][u"ref"]},
                                                   {QStringLiteral("parameters"), rule[u"action"][u"parameters"].isNull()
                                                                                      ? Value(ValueDict())
                                                                                      : rule[u"action"][u"parameters"]}}));
    if (rule[u"tags"].isList() && !rule[u"tags"].toList().isEmpty())
        out.insert(QStringLiteral("tags"), rule[u"tags"]);
    return QByteArrayLiteral("---\n") + yaml::dump(Value(std::move(out))).toUtf8();
}

// The rule names the file it will be written to (what pack rules say too), when it can be.
Value withMetadataFile(Value doc, const QString &existingPack, const ContentRegistry &content)
{
    if (!doc.isDict())
        return doc;
    QString pack = doc[u"pack"].toString();
    if (pack.isEmpty())
        pack = existingPack.isEmpty() ? QStringLiteral("default") : existingPack;
    const QString name = doc[u"name"].toString();
    QString why;
    if (!name.isEmpty() && !name.contains(u'/') && !name.startsWith(u'.') && !ruleFolder(content, pack, &why).isEmpty())
        doc.dictRef().insert(QStringLiteral("metadata_file"), QStringLiteral("rules/%1.yaml").arg(name));
    return doc;
}

// Writes the file (atomically) and says where, or why not, in the answer.
Value withRuleFile(Value answer, const Value &stored, const ContentRegistry &content)
{
    QString why;
    const QString folder = ruleFolder(content, stored[u"pack"].toString(), &why);
    if (!folder.isEmpty() && stored[u"metadata_file"].toString().isEmpty())
        why = QStringLiteral("the rule name \"%1\" cannot be a file name").arg(stored[u"name"].toString());
    const QString path = folder + u'/' + stored[u"name"].toString() + QStringLiteral(".yaml");
    if (why.isEmpty()) {
        QSaveFile file(path);
        if (QDir().mkpath(folder) && file.open(QIODevice::WriteOnly) && file.write(ruleFileText(stored)) >= 0
            && file.commit()) {
            answer.dictRef().insert(QStringLiteral("metadata_file"), QStringLiteral("rules/") + QFileInfo(path).fileName());
            answer.dictRef().insert(QStringLiteral("file_path"), path);
            return answer;
        }
        why = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    }
    answer.dictRef().insert(QStringLiteral("file_error"), why);
    return answer;
}

Value shown(const Value &v)
{
    return py::resolved(v);
}
} // namespace

ListResult Engine::listRules(const Params &p, const Principal *by)
{
    ValueList all;
    const bool show = showSecrets(p, by);
    for (const Value &r : m_rules->rules())
        all.append(show ? r : maskRule(r, *m_content));
    return apiquery::page(all, p, {{QStringLiteral("pack"), QStringLiteral("pack")},
                                   {QStringLiteral("name"), QStringLiteral("name")},
                                   {QStringLiteral("action"), QStringLiteral("action.ref")},
                                   {QStringLiteral("trigger"), QStringLiteral("trigger.type")},
                                   {QStringLiteral("enabled"), QStringLiteral("enabled")}});
}

Value Engine::getRule(const QString &refOrId, const Params &p, const Principal *by)
{
    const Value r = m_rules->rule(refOrId);
    if (r.isNull())
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("rule \"%1\" not found").arg(refOrId));
    return showSecrets(p, by) ? r : maskRule(r, *m_content);
}

Value Engine::createRule(const Value &doc, const Principal &by, const Params &p)
{
    const Value stored = m_rules->create(wantsFile(p) ? withMetadataFile(doc, QString(), *m_content) : doc, by.user);
    const Value answer = maskRule(stored, *m_content);
    return wantsFile(p) ? withRuleFile(answer, stored, *m_content) : answer;
}

Value Engine::updateRule(const QString &refOrId, const Value &doc, const Principal &by, const Params &p)
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
    if (wantsFile(p))
        incoming = withMetadataFile(incoming, existing[u"pack"].toString(), *m_content);
    const Value stored = m_rules->update(refOrId, incoming, by.user);
    const Value answer = maskRule(stored, *m_content);
    return wantsFile(p) ? withRuleFile(answer, stored, *m_content) : answer;
}

Value Engine::testRule(const Value &body, const Principal &by)
{
    if (!body.isDict())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("the body must be a JSON object"));
    Value rule = body[u"rule"];
    if (rule.isNull() && !body[u"rule_ref"].toString().isEmpty())
        rule = getRule(body[u"rule_ref"].toString());
    if (!rule.isDict())
        throw SquallException(Error{QStringLiteral("give a rule document or a rule_ref"), {}, QStringLiteral("rule"),
                                    QStringLiteral("BadRequest")});
    Value instance;
    if (!body[u"trigger_instance_id"].toString().isEmpty())
        instance = getTriggerInstance(body[u"trigger_instance_id"].toString());
    else if (body.contains(u"trigger_instance"))
        instance = body[u"trigger_instance"];
    else if (body.contains(u"payload"))
        instance = makeDict({{QStringLiteral("payload"), body[u"payload"]}});
    else
        throw SquallException(Error{QStringLiteral("give a trigger_instance_id, a trigger_instance or a payload"), {},
                                    QStringLiteral("trigger_instance"), QStringLiteral("BadRequest")});
    // The trigger ref in an instance names a trigger (core.<uuid> for webhooks),
    // not the type: compare with the type the engine recorded.
    if (instance[u"trigger_type"].isString()) {
        instance = makeDict({{QStringLiteral("trigger"), instance[u"trigger_type"]},
                             {QStringLiteral("payload"), instance[u"payload"]}});
    }
    // The explainer shows what the criteria say of a disabled rule too.
    const bool enabled = rule[u"enabled"].toBool();
    rule.dictRef().insert(QStringLiteral("enabled"), true);
    Value actionSchema;
    if (const model::ActionDef *action = m_content->action(rule[u"action"][u"ref"].toString()))
        actionSchema = m_content->parameterSchema(*action);
    ValueDict extraVars;
    extraVars.insert(QStringLiteral("st2kv"), m_kv->templateVariable(m_options.systemUser));
    const expr::DictScope extra{Value(std::move(extraVars)), m_functions->scope()};
    const rules::DryRun run = rules::dryRunRule(rule, instance, actionSchema, &extra, by.user);

    ValueList criteria;
    for (const rules::CriterionTrace &t : run.evaluation.trace)
        criteria.append(makeDict({{QStringLiteral("key"), t.key},
                                  {QStringLiteral("operator"), t.op},
                                  {QStringLiteral("pattern"), shown(t.pattern)},
                                  {QStringLiteral("value"), shown(t.value)},
                                  {QStringLiteral("result"), t.result},
                                  {QStringLiteral("error"), t.error}}));
    ValueList problems;
    for (const Error &e : run.rule->errors())
        problems.append(e.toString());
    const bool matched = run.triggerMismatch.isEmpty() && run.evaluation.matched;
    return makeDict({{QStringLiteral("rule"), run.rule->ref()},
                     {QStringLiteral("trigger_type"), run.rule->triggerType()},
                     {QStringLiteral("enabled"), enabled},
                     {QStringLiteral("matched"), matched},
                     {QStringLiteral("trigger_mismatch"), run.triggerMismatch},
                     {QStringLiteral("failure_reason"), run.evaluation.failureReason},
                     {QStringLiteral("problems"), problems},
                     {QStringLiteral("criteria"), criteria},
                     {QStringLiteral("action"), run.rule->actionRef()},
                     {QStringLiteral("parameters"), run.parameters ? shown(*run.parameters) : Value()},
                     {QStringLiteral("parameter_error"),
                      run.parameterError ? Value(run.parameterError->toString()) : Value()},
                     {QStringLiteral("rendered_without_schema"), run.renderedWithoutSchema}});
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
