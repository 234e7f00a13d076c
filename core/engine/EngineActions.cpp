// Engine: actions, runner types and packs in EngineApi.
#include "engine/Engine.h"

#include "base/Error.h"
#include "engine/ApiQuery.h"
#include "engine/ContentRegistry.h"
#include "engine/RuleService.h"
#include "engine/TriggerRegistry.h"
#include "schema/Secrets.h"

#include <QFile>

namespace squall::engine {

namespace {
const model::ActionDef &requireAction(const ContentRegistry &content, const QString &refOrId)
{
    const model::ActionDef *a = content.action(refOrId);
    if (!a)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("action \"%1\" not found").arg(refOrId));
    return *a;
}

[[noreturn]] void adminOnly(const Principal &by, const QString &what)
{
    Q_UNUSED(by);
    throw SquallException(QStringLiteral("Forbidden"), what + QStringLiteral(" needs an administrator"));
}
} // namespace

ListResult Engine::listActions(const Params &p)
{
    ValueList all;
    for (const model::ActionDef *a : m_content->actions())
        all.append(a->toApi());
    std::sort(all.begin(), all.end(),
              [](const Value &a, const Value &b) { return a[u"ref"].toString() < b[u"ref"].toString(); });
    return apiquery::page(all, p, {{QStringLiteral("pack"), QStringLiteral("pack")},
                                   {QStringLiteral("name"), QStringLiteral("name")},
                                   {QStringLiteral("runner_type"), QStringLiteral("runner_type")}});
}

Value Engine::getAction(const QString &refOrId)
{
    return requireAction(*m_content, refOrId).toApi();
}

Value Engine::actionParameters(const QString &refOrId)
{
    const model::ActionDef &a = requireAction(*m_content, refOrId);
    return makeDict({{QStringLiteral("parameters"), m_content->parameterSchema(a)}});
}

Value Engine::actionOverview(const QString &refOrId)
{
    const model::ActionDef &a = requireAction(*m_content, refOrId);
    Value doc = a.toApi();
    doc.dictRef().insert(QStringLiteral("parameters"), m_content->parameterSchema(a));
    return doc;
}

QString Engine::actionEntryPoint(const QString &refOrId)
{
    const model::ActionDef &a = requireAction(*m_content, refOrId);
    if (a.entryPointPath.isEmpty())
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("action %1 has no entry point").arg(a.ref()));
    QFile f(a.entryPointPath);
    if (!f.open(QIODevice::ReadOnly))
        throw SquallException(QStringLiteral("NotFound"),
                              QStringLiteral("entry point of %1 cannot be read: %2").arg(a.ref(), f.errorString()));
    return QString::fromUtf8(f.readAll());
}

Value Engine::createAction(const Value &doc, const Principal &by)
{
    if (!by.isAdmin)
        adminOnly(by, QStringLiteral("creating actions"));
    const Value created = m_content->createAction(doc).toApi();
    emitEvent(EventKind::ActionCreate, created);
    return created;
}

Value Engine::updateAction(const QString &refOrId, const Value &doc, const Principal &by)
{
    if (!by.isAdmin)
        adminOnly(by, QStringLiteral("updating actions"));
    const Value updated = m_content->updateAction(refOrId, doc).toApi();
    emitEvent(EventKind::ActionUpdate, updated);
    return updated;
}

void Engine::deleteAction(const QString &refOrId, const Principal &by)
{
    if (!by.isAdmin)
        adminOnly(by, QStringLiteral("deleting actions"));
    const Value existing = getAction(refOrId);
    m_content->deleteAction(refOrId);
    emitEvent(EventKind::ActionDelete, existing);
}

ListResult Engine::listRunnerTypes(const Params &p)
{
    ValueList all;
    for (const model::RunnerType *r : m_content->runners())
        all.append(r->toApi());
    return apiquery::page(all, p, {{QStringLiteral("name"), QStringLiteral("name")}});
}

Value Engine::getRunnerType(const QString &name)
{
    const model::RunnerType *r = m_content->runner(name);
    if (!r)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("runner type \"%1\" not found").arg(name));
    return r->toApi();
}

ListResult Engine::listPacks(const Params &p)
{
    ValueList all;
    for (const model::PackDef *pk : m_content->packs())
        all.append(pk->toApi());
    std::sort(all.begin(), all.end(),
              [](const Value &a, const Value &b) { return a[u"ref"].toString() < b[u"ref"].toString(); });
    return apiquery::page(all, p, {{QStringLiteral("name"), QStringLiteral("name")},
                                   {QStringLiteral("ref"), QStringLiteral("ref")}});
}

Value Engine::getPack(const QString &refOrId)
{
    const model::PackDef *pk = m_content->pack(refOrId);
    if (!pk)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("pack \"%1\" not found").arg(refOrId));
    return pk->toApi();
}

Value Engine::registerPacks(const Value &body, const Principal &by)
{
    if (!by.isAdmin)
        adminOnly(by, QStringLiteral("registering packs"));
    if (!body[u"packs"].isNull() && !body[u"packs"].isList())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("\"packs\" must be a list of pack names"));
    QStringList only;
    for (const Value &v : body[u"packs"].toList())
        only.append(v.toString());
    const QList<Error> errors = m_content->load(m_content->packRoots(), only);
    QList<Error> ruleErrors = m_rules->load(m_content->packRules());
    ValueList errs;
    for (const Error &e : errors + ruleErrors)
        errs.append(Value(e.toString()));
    if (body[u"fail_on_failure"].toBool() && !errs.isEmpty())
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("%1 problem(s) while registering: %2").arg(errs.size()).arg(errs.first().toString()));
    m_loadErrors = errors + ruleErrors;
    Value summary = makeDict({{QStringLiteral("packs"), qint64(m_content->packs().size())},
                     {QStringLiteral("actions"), qint64(m_content->actions().size())},
                     {QStringLiteral("rules"), qint64(m_content->packRules().size())},
                     {QStringLiteral("triggers"), qint64(m_content->triggerTypes().size())},
                     {QStringLiteral("sensors"), qint64(m_content->sensors().size())},
                     {QStringLiteral("errors"), Value(std::move(errs))}});
    emitEvent(EventKind::PacksRegister, summary);
    return summary;
}

Value Engine::getConfig(const QString &pack, const Params &p, const Principal &by)
{
    if (!m_content->pack(pack))
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("pack \"%1\" not found").arg(pack));
    const Value config = m_content->packConfig(pack);
    const bool show = apiquery::isTrue(p.value(QStringLiteral("show_secrets"))) && by.isAdmin;
    const Value values = show ? config : schema::maskSecrets(config, m_content->packConfigSchema(pack));
    return makeDict({{QStringLiteral("pack"), pack}, {QStringLiteral("values"), values}});
}

Value Engine::getConfigSchema(const QString &pack)
{
    if (!m_content->pack(pack))
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("pack \"%1\" not found").arg(pack));
    return makeDict({{QStringLiteral("pack"), pack}, {QStringLiteral("attributes"), m_content->packConfigSchema(pack)}});
}

} // namespace squall::engine
