#include "engine/WorkflowService.h"

#include "base/Error.h"
#include "base/Yaml.h"
#include "engine/ChainHost.h"
#include "engine/ExecutionService.h"
#include "engine/OrquestaHost.h"
#include "engine/WorkflowRun.h"
#include "runners/RunRequest.h"
#include "store/Store.h"
#include "workflow/chain/ChainSpec.h"
#include "workflow/inspect/Inspector.h"
#include "workflow/orquesta/WorkflowPlan.h"

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

std::shared_ptr<const orquesta::WorkflowPlan> WorkflowService::orquestaPlan(
    const QString &path, QList<workflow::InspectionError> *inspection)
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
        cached.inspection = workflow::inspectWorkflow(doc.value, doc.locations.get(),
                                                      {QStringLiteral("st2"), QStringLiteral("parent")});
        if (cached.inspection.isEmpty())
            cached.plan = orquesta::WorkflowPlan::compile(doc.value, doc.locations);
        it = m_plans.insert(path, cached);
    }
    if (inspection)
        *inspection = it->inspection;
    return it->plan;
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
