#pragma once

#include "base/Value.h"

#include <QString>

namespace squall::runners { struct RunResult; }

namespace squall::engine {

class WorkflowRun;
class WorkflowService;

// One running workflow execution inside the WorkflowService: it feeds child
// execution outcomes to its conductor and asks the service for new children.
// Subclasses: OrquestaHost, ChainHost.
class WorkflowHost
{
public:
    WorkflowHost(WorkflowService *service, WorkflowRun *run, Value execution);
    virtual ~WorkflowHost();
    WorkflowHost(const WorkflowHost &) = delete;
    WorkflowHost &operator=(const WorkflowHost &) = delete;

    const QString &id() const { return m_id; }
    const Value &execution() const { return m_execution; }
    WorkflowRun *run() const { return m_run; }
    void detachRun() { m_run = nullptr; }
    bool isFinished() const { return m_finished; }

    // Starts the workflow, or continues it from its stored state after a restart.
    virtual void start() = 0;
    // A child execution of this workflow ended (the record is persisted).
    virtual void childCompleted(const Value &child) = 0;
    // A child now waits for an answer (an inquiry).
    virtual void childPending(const Value &child) = 0;
    virtual bool pause() = 0;
    virtual bool resume() = 0;
    virtual void cancel() = 0;

protected:
    // Ends the run once; the service drops the host afterwards.
    void finish(const QString &status, const Value &result);
    void reportStatus(const QString &status);
    WorkflowService *service() const { return m_service; }

private:
    WorkflowService *m_service;
    WorkflowRun *m_run;
    Value m_execution;
    QString m_id;
    QString m_reported;
    bool m_finished = false;
};

} // namespace squall::engine
