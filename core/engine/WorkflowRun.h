#pragma once

#include "runners/ActionRun.h"

#include <QPointer>

namespace squall::engine {

class WorkflowService;

// The ActionRun of a workflow execution (orquesta, action-chain): it owns no
// process; the WorkflowService drives a conductor and finishes the run when
// the workflow ends. Pause/resume/cancel go to the service.
class WorkflowRun final : public runners::ActionRun
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowRun)
public:
    WorkflowRun(const runners::RunRequest &request, WorkflowService *service, QObject *parent);
    ~WorkflowRun() override;

    void start() override;
    void cancel() override;
    bool pause() override;
    bool resume() override;

    // Called by the service.
    void markStarted() { emitStartedLater(); }
    void complete(const runners::RunResult &result) { finishLater(result); }
    void reportStatus(const QString &status) { Q_EMIT statusChanged(status); }

private:
    QPointer<WorkflowService> m_service;
};

} // namespace squall::engine
