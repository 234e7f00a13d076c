#pragma once

#include "base/Value.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

namespace squall::store { class Store; }
namespace squall::expr { class Scope; }
namespace squall::runners { class ActionRun; struct RunRequest; }
namespace squall::orquesta { class WorkflowPlan; }
namespace squall::actionchain { class ChainSpec; }
namespace squall::workflow { struct InspectionError; }

namespace squall::engine {

class ContentRegistry;
class CrashGuard;
class ExecutionService;
class KeyValueService;
class WorkflowHost;
class WorkflowRun;
struct ExecutionRequest;

// Hosts the workflow runners (orquesta, action-chain): one conductor per
// running workflow execution, fed with its children's outcomes. Children are
// ordinary executions created through the ExecutionService with `parent`
// set; the conductor state is journaled in the store at each transition so a
// restarted daemon carries on where it stopped.
class WorkflowService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowService)
public:
    WorkflowService(store::Store *store, ExecutionService *executions, ContentRegistry *content,
                    KeyValueService *kv, QObject *parent = nullptr);
    ~WorkflowService() override;

    static QStringList runnerTypes();  // orquesta, action-chain
    static bool isWorkflowRunner(QStringView runnerType);
    // The RunnerRegistry factory for workflow runner types.
    runners::ActionRun *createRun(const runners::RunRequest &request, QObject *parent);

    // From WorkflowRun.
    void begin(WorkflowRun *run);
    void detach(WorkflowRun *run);
    void cancel(const QString &executionId);
    bool pause(const QString &executionId);
    bool resume(const QString &executionId);
    int activeWorkflows() const { return int(m_hosts.size()); }

    // For hosts.
    store::Store *store() const { return m_store; }
    ExecutionService *executions() const { return m_executions; }
    ContentRegistry *content() const { return m_content; }
    KeyValueService *keyValues() const { return m_kv; }
    QString apiUrl() const { return m_apiUrl; }
    void setApiUrl(const QString &url) { m_apiUrl = url; }
    // Where workflow expressions find the engine's st2kv(), decrypt_kv() and task().
    const expr::Scope *functionScope() const { return m_functionScope; }
    void setFunctionScope(const expr::Scope *scope) { m_functionScope = scope; }
    // Names the workflow being conducted for a crash, and says which not to resume.
    CrashGuard *crashGuard() const { return m_crashGuard; }
    void setCrashGuard(CrashGuard *guard) { m_crashGuard = guard; }
    // Creates a child execution; throws SquallException when it is refused.
    Value requestChild(const ExecutionRequest &request);
    // Parsed once per file version; throws SquallException (file:line:col) for a
    // file that cannot be read or parsed. `errors` gets StackStorm's inspection
    // result: Orquesta's errors plus the content checks (actions registered,
    // required and unexpected inputs), one flat list; empty when it may run.
    std::shared_ptr<const orquesta::WorkflowPlan> orquestaPlan(const QString &path, Value *errors);
    std::shared_ptr<const actionchain::ChainSpec> chainSpec(const QString &path);
    // Drops what was parsed from `path` (a workflow file written through the
    // API): the next run reads it again even when size and mtime look the same.
    void forgetFile(const QString &path);
    // Throws BadRequest (with Orquesta's reason) when a completed workflow
    // execution cannot be re-run from these tasks ("task" or "task.inner").
    void checkRerun(const Value &execution, const QStringList &tasks);
    // What Engine::executionWorkflow answers, from the stored state (snapshot
    // and journal, current while it runs). Throws BadRequest for an execution
    // that is not an Orquesta workflow, NotFound before it has a state.
    Value workflowView(const Value &execution);
    // A live or stored execution record (null when unknown).
    Value executionRecord(const QString &id) const;

private:
    void onCompleted(const Value &execution);
    void onWaiting(const Value &execution);
    WorkflowHost *hostOf(const Value &child) const;
    ValueList contentErrors(const Value &workflow) const;

    store::Store *m_store;
    ExecutionService *m_executions;
    ContentRegistry *m_content;
    KeyValueService *m_kv;
    QString m_apiUrl;
    const expr::Scope *m_functionScope = nullptr;
    CrashGuard *m_crashGuard = nullptr;
    QHash<QString, WorkflowHost *> m_hosts;  // by workflow execution id; owned

    struct CachedPlan
    {
        QDateTime modified;
        qint64 size = -1;
        std::shared_ptr<const orquesta::WorkflowPlan> plan;
        Value inspection;  // StackStorm's flat error list
        Value document;
    };
    QHash<QString, CachedPlan> m_plans;
    struct CachedChain
    {
        QDateTime modified;
        qint64 size = -1;
        std::shared_ptr<const actionchain::ChainSpec> spec;
    };
    QHash<QString, CachedChain> m_chains;
};

} // namespace squall::engine
