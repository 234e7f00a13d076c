#include "engine/WorkflowRun.h"

#include "engine/WorkflowService.h"

namespace squall::engine {

WorkflowRun::WorkflowRun(const runners::RunRequest &request, WorkflowService *service, QObject *parent)
    : ActionRun(request, parent), m_service(service)
{
}

WorkflowRun::~WorkflowRun()
{
    if (m_service)
        m_service->detach(this);
}

void WorkflowRun::start()
{
    if (m_service)
        m_service->begin(this);
}

void WorkflowRun::cancel()
{
    if (m_service)
        m_service->cancel(request().executionId);
}

bool WorkflowRun::pause()
{
    return m_service && m_service->pause(request().executionId);
}

bool WorkflowRun::resume()
{
    return m_service && m_service->resume(request().executionId);
}

} // namespace squall::engine
