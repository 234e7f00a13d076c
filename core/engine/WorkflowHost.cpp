#include "engine/WorkflowHost.h"

#include "engine/WorkflowRun.h"
#include "runners/RunRequest.h"

namespace squall::engine {

WorkflowHost::WorkflowHost(WorkflowService *service, WorkflowRun *run, Value execution)
    : m_service(service), m_run(run), m_execution(std::move(execution)), m_id(m_execution[u"id"].toString())
{
    if (m_id.isEmpty() && run)
        m_id = run->request().executionId;
}

WorkflowHost::~WorkflowHost() = default;

void WorkflowHost::finish(const QString &status, const Value &result)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_run)
        m_run->complete(runners::RunResult{status, result});
}

void WorkflowHost::reportStatus(const QString &status)
{
    if (m_finished || status == m_reported)
        return;
    m_reported = status;
    if (m_run)
        m_run->reportStatus(status);
}

} // namespace squall::engine
