#include "engine/WorkflowService.h"

#include "base/Error.h"
#include "base/Yaml.h"
#include "engine/ChainHost.h"
#include "engine/ContentRegistry.h"
#include "engine/ExecutionService.h"
#include "engine/OrquestaHost.h"
#include "engine/WorkflowRun.h"
#include "runners/RunRequest.h"
#include "store/Store.h"
#include "workflow/chain/ChainSpec.h"
#include "workflow/inspect/Inspector.h"
#include "workflow/orquesta/WorkflowPlan.h"
#include "workflow/orquesta/Conductor.h"
#include "model/ActionDef.h"

#include <QFileInfo>

namespace squall::engine {

WorkflowService::WorkflowService(store::Store *store, ExecutionService *executions, ContentRegistry *content,
                                 KeyValueService *kv, QObject *parent)
    : QObject(parent), m_store(store), m_executions(executions), m_content(content), m_kv(kv)
{
    connect(m_executions, &ExecutionService::completed, this, &WorkflowService::onCompleted);
    connect(m_executions, &ExecutionService::waiting, this, &WorkflowService::onWaiting);
}

WorkflowService::~WorkflowService()
{
    for (WorkflowHost *host : std::as_const(m_hosts)) {
        if (WorkflowRun *run = host->run())
            run->disconnect(this);
        delete host;
    }
}

QStringList WorkflowService::runnerTypes()
{
    return {QStringLiteral("orquesta"), QStringLiteral("action-chain")};
}

bool WorkflowService::isWorkflowRunner(QStringView runnerType)
{
    return runnerType == u"orquesta" || runnerType == u"action-chain";
}

runners::ActionRun *WorkflowService::createRun(const runners::RunRequest &request, QObject *parent)
{
    return new WorkflowRun(request, this, parent);
}

void WorkflowService::begin(WorkflowRun *run)
{
    const QString id = run->request().executionId;
    if (WorkflowHost *old = m_hosts.take(id))
        delete old;
    const Value execution = executionRecord(id);
    WorkflowHost *host = nullptr;
    if (run->request().runnerType == u"action-chain")
        host = new ChainHost(this, run, execution);
    else
        host = new OrquestaHost(this, run, execution);
    m_hosts.insert(id, host);
    run->markStarted();
    host->start();
}

void WorkflowService::detach(WorkflowRun *run)
{
    if (WorkflowHost *host = m_hosts.value(run->request().executionId); host && host->run() == run)
        host->detachRun();
}

void WorkflowService::cancel(const QString &executionId)
{
    if (WorkflowHost *host = m_hosts.value(executionId))
        host->cancel();
}

bool WorkflowService::pause(const QString &executionId)
{
    WorkflowHost *host = m_hosts.value(executionId);
    return host && host->pause();
}

bool WorkflowService::resume(const QString &executionId)
{
    WorkflowHost *host = m_hosts.value(executionId);
    return host && host->resume();
}

Value WorkflowService::requestChild(const ExecutionRequest &request)
{
    return m_executions->request(request);
}

Value WorkflowService::executionRecord(const QString &id) const
{
    if (const Value *live = m_executions->live(id))
        return *live;
    return m_store->execution(id).value_or(Value());
}

void WorkflowService::forgetFile(const QString &path)
{
    m_plans.remove(path);
    m_chains.remove(path);
}

std::shared_ptr<const orquesta::WorkflowPlan> WorkflowService::orquestaPlan(const QString &path, Value *errors)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("workflow file %1 does not exist").arg(path));
    auto it = m_plans.find(path);
    if (it == m_plans.end() || it->modified != info.lastModified() || it->size != info.size()) {
        const yaml::Document doc = yaml::loadFile(path);  // throws with file:line:col
        CachedPlan cached;
        cached.modified = info.lastModified();
        cached.size = info.size();
        cached.document = doc.value;
        const QList<workflow::InspectionError> found =
            workflow::inspectWorkflow(doc.value, doc.locations.get(), {QStringLiteral("st2"), QStringLiteral("parent")});
        cached.inspection = workflow::inspectionToSt2Errors(found);
        if (found.isEmpty())
            cached.plan = orquesta::WorkflowPlan::compile(doc.value, doc.locations);
        it = m_plans.insert(path, cached);
    }
    // Content errors depend on what is registered now, so they are never cached.
    ValueList all = it->inspection.toList();
    all += contentErrors(it->document);
    if (errors) {
        std::stable_sort(all.begin(), all.end(), [](const Value &a, const Value &b) {
            const QString ta = a[u"type"].toString(), tb = b[u"type"].toString();
            return ta != tb ? ta < tb : a[u"schema_path"].toString() < b[u"schema_path"].toString();
        });
        *errors = Value(std::move(all));
    }
    return it->plan;
}

ValueList WorkflowService::contentErrors(const Value &workflow) const
{
    static const QString schemaPath = QStringLiteral("properties.tasks.patternProperties.^\\w+$");
    ValueList out;
    auto entry = [&out](const QString &message, const QString &specPath, const QString &schema) {
        out.append(makeDict({{QStringLiteral("type"), QStringLiteral("content")},
                             {QStringLiteral("message"), message},
                             {QStringLiteral("spec_path"), specPath},
                             {QStringLiteral("schema_path"), schema}}));
    };
    for (const auto &[name, task] : workflow[u"tasks"].toDict()) {
        const Value actionValue = task[u"action"];
        if (!actionValue.isString())
            continue;
        const QString action = actionValue.toString().trimmed();
        if (action.isEmpty() || action.contains(u"<%") || action.contains(u"{{") || action.contains(u"{%"))
            continue;
        const QString specPath = QStringLiteral("tasks.") + name;
        // "pack.action k=v ...": the inline parameters are the task's input.
        const qsizetype space = action.indexOf(u' ');
        const QString ref = space < 0 ? action : action.left(space);
        const qsizetype dot = ref.indexOf(u'.');
        if (dot <= 0 || dot == ref.size() - 1) {
            entry(QStringLiteral("The action reference \"%1\" is not formatted correctly.").arg(ref),
                  specPath + QStringLiteral(".action"), schemaPath + QStringLiteral(".properties.action"));
            continue;
        }
        const model::ActionDef *def = m_content->action(ref);
        if (!def) {
            entry(QStringLiteral("The action \"%1\" is not registered in the database.").arg(ref),
                  specPath + QStringLiteral(".action"), schemaPath + QStringLiteral(".properties.action"));
            continue;
        }
        QStringList given;
        if (space >= 0) {
            for (const orquesta::NamedValue &p : orquesta::parseInlineParams(action.mid(space + 1)))
                given << p.name;
        } else if (task[u"input"].isDict()) {
            for (const auto &[k, v] : task[u"input"].toDict())
                given << k;
        } else if (!task[u"input"].isNull()) {
            continue;  // an expression: known only at run time
        }
        const Value schema = m_content->parameterSchema(*def);
        for (const auto &[param, spec] : schema.toDict()) {
            if (spec[u"required"].toBool() && spec[u"default"].isNull() && !spec.toDict().contains(u"default")
                && !given.contains(param))
                entry(QStringLiteral("Action \"%1\" is missing required input \"%2\".").arg(ref, param),
                      specPath + QStringLiteral(".input"), schemaPath + QStringLiteral(".properties.input"));
        }
        for (const QString &param : std::as_const(given)) {
            if (!schema.toDict().contains(param))
                entry(QStringLiteral("Action \"%1\" has unexpected input \"%2\".").arg(ref, param),
                      specPath + QStringLiteral(".input.") + param,
                      schemaPath + QStringLiteral(".properties.input.patternProperties.^\\w+$"));
        }
    }
    return out;
}

std::shared_ptr<const actionchain::ChainSpec> WorkflowService::chainSpec(const QString &path)
{
    const QFileInfo info(path);
    auto it = m_chains.find(path);
    if (it == m_chains.end() || it->modified != info.lastModified() || it->size != info.size()) {
        QList<Error> errors;
        auto spec = actionchain::ChainSpec::loadFile(path, &errors);
        if (!spec) {
            QStringList lines;
            for (const Error &e : errors)
                lines << e.toString();
            throw SquallException(QStringLiteral("BadRequest"), lines.join(u'\n'));
        }
        it = m_chains.insert(path, CachedChain{info.lastModified(), info.size(), spec});
    }
    return it->spec;
}

void WorkflowService::checkRerun(const Value &execution, const QStringList &tasks)
{
    const model::ActionDef *action = m_content->action(execution[u"action"][u"ref"].toString());
    if (!action)
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("action %1 is no longer registered").arg(execution[u"action"][u"ref"].toString()));
    const auto plan = orquestaPlan(action->entryPointPath, nullptr);
    const auto state = m_store->workflowState(execution[u"id"].toString());
    if (!plan || !state)
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("execution %1 has no workflow state to re-run from")
                                  .arg(execution[u"id"].toString()));
    QList<orquesta::TaskRerunRequest> requests;
    for (const QString &t : tasks) {
        const QString task = t.section(u'.', 0, 0);
        if (!std::any_of(requests.cbegin(), requests.cend(), [&](const auto &r) { return r.taskId == task; }))
            requests.append({task, 0, false});
    }
    try {
        OrquestaHost::restoreConductor(plan, *state, m_functionScope)->requestWorkflowRerun(requests);
    } catch (const SquallException &e) {
        throw SquallException(QStringLiteral("BadRequest"), e.error().message);
    }
}

Value WorkflowService::workflowView(const Value &execution)
{
    const QString id = execution[u"id"].toString();
    const QString runner = execution[u"runner"][u"name"].toString();
    if (runner != u"orquesta")
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("execution %1 is not an Orquesta workflow (runner %2)").arg(id, runner));
    const model::ActionDef *action = m_content->action(execution[u"action"][u"ref"].toString());
    if (!action)
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("action %1 is no longer registered").arg(execution[u"action"][u"ref"].toString()));
    const auto state = m_store->workflowState(id);
    if (!state)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("execution %1 has no workflow state yet").arg(id));
    std::unique_ptr<orquesta::Conductor> conductor;
    try {
        conductor = OrquestaHost::restoreConductor(orquestaPlan(action->entryPointPath, nullptr), *state, m_functionScope);
    } catch (const SquallException &e) {
        // The workflow file changed since, say, and no longer fits the state.
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("the state of execution %1 cannot be read: %2").arg(id, e.error().message));
    }
    // A context entry holds what one transition published (Orquesta's layout).
    const Value snapshot = conductor->snapshot();
    const ValueList contexts = snapshot[u"state"][u"contexts"].toList();
    // A with-items task still staged knows how many items it has.
    QHash<QString, qsizetype> itemCounts;
    for (const Value &s : snapshot[u"state"][u"staged"].toList())
        if (s[u"items"].isList())
            itemCounts.insert(s[u"id"].toString() + u'#' + QString::number(s[u"route"].toInt()), s[u"items"].toList().size());
    ValueList tasks;
    for (int i = 0; i < conductor->sequenceSize(); ++i) {
        const Value e = conductor->sequenceEntry(i);
        ValueList prev;
        for (const auto &[key, index] : e[u"prev"].toDict()) {
            Q_UNUSED(key);
            prev.append(conductor->sequenceEntry(int(index.toInt()))[u"id"]);
        }
        ValueDict published;
        for (const auto &[key, index] : e[u"ctxs"][u"out"].toDict()) {
            Q_UNUSED(key);
            for (const auto &[name, value] : contexts.value(index.toInt()).toDict())
                published.insert(name, value);
        }
        Value task = makeDict({{QStringLiteral("id"), e[u"id"]},
                               {QStringLiteral("route"), e[u"route"]},
                               {QStringLiteral("status"), e[u"status"]},
                               {QStringLiteral("term"), e[u"term"].toBool()},
                               {QStringLiteral("prev"), Value(std::move(prev))},
                               {QStringLiteral("published"), Value(std::move(published))}});
        const QString key = e[u"id"].toString() + u'#' + QString::number(e[u"route"].toInt());
        if (itemCounts.contains(key))
            task.dictRef().insert(QStringLiteral("items"), qint64(itemCounts.value(key)));
        tasks.append(std::move(task));
    }
    return makeDict({{QStringLiteral("id"), id},
                     {QStringLiteral("status"), conductor->workflowStatus()},
                     {QStringLiteral("tasks"), Value(std::move(tasks))}});
}

WorkflowHost *WorkflowService::hostOf(const Value &child) const
{
    const QString parent = child[u"parent"].toString();
    return parent.isEmpty() ? nullptr : m_hosts.value(parent);
}

void WorkflowService::onCompleted(const Value &execution)
{
    // The workflow's own record is final: its host has nothing left to do.
    if (WorkflowHost *own = m_hosts.value(execution[u"id"].toString()); own && own->isFinished()) {
        m_hosts.remove(own->id());
        delete own;
    }
    if (WorkflowHost *host = hostOf(execution); host && !host->isFinished())
        host->childCompleted(execution);
}

void WorkflowService::onWaiting(const Value &execution)
{
    if (WorkflowHost *host = hostOf(execution); host && !host->isFinished())
        host->childPending(execution);
}

} // namespace squall::engine
