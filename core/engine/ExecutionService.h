#pragma once

#include "engine/EngineEvent.h"
#include "base/Value.h"

#include <QHash>
#include <QObject>
#include <QQueue>

namespace squall::store { class Store; class SecretBox; }
namespace squall::expr { class Scope; }
namespace squall::runners { class ActionRun; class RunnerRegistry; struct RunResult; }

namespace squall::engine {

class ContentRegistry;
class KeyValueService;

// A request to run an action, from the API, a rule or (later) a workflow.
struct ExecutionRequest
{
    QString actionRef;
    Value parameters;          // live parameters as given (may hold templates)
    Value context;             // {user, trace_context, rule, trigger_instance, parent, ...}
    Value trigger;             // trigger payload for rule enforcement (render context), or null
    Value ruleInfo;            // {rule, trigger, trigger_type, trigger_instance} docs for the record
    int delayMs = 0;
    bool failOnRenderError = false;  // rules: record a failed execution instead of refusing
};

// Owns the life of every execution: requested -> scheduled -> running ->
// succeeded|failed|timeout|canceled|abandoned, each step persisted before the
// next action is taken, with a status log and masked secrets.
class ExecutionService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExecutionService)
public:
    ExecutionService(store::Store *store, const store::SecretBox *box, ContentRegistry *content,
                     KeyValueService *kv, runners::RunnerRegistry *runners,
                     QObject *parent = nullptr);
    ~ExecutionService() override;

    void setApiUrl(const QString &url) { m_apiUrl = url; }
    // Where parameter templates find the engine's decrypt_kv().
    void setFunctionScope(const expr::Scope *scope) { m_functionScope = scope; }
    void setMaxRunning(int n) { m_maxRunning = n; }
    // Issues the short-lived token script actions get as ST2_ACTION_AUTH_TOKEN.
    void setTokenFactory(std::function<QString(const QString &user)> f) { m_tokens = std::move(f); }
    void setEventSink(std::function<void(EventKind kind, const Value &doc)> sink) { m_emit = std::move(sink); }

    // Creates and persists the execution, then schedules it once the record is
    // durable. Throws SquallException (BadRequest/NotFound/ParameterError) when
    // the request is refused and nothing was created.
    Value request(const ExecutionRequest &req);
    Value cancel(const QString &id);
    // Completes an execution waiting in `pending` (an inquiry answered or
    // expired): end time, status log, persistence, stream event and completed()
    // exactly as for any other completion. Returns the stored record. Throws
    // NotFound for an unknown id and BadRequest when it is not pending.
    Value completePending(const QString &id, const QString &status, const Value &result);
    // PUT status pausing / resuming: only workflows can. Throws NotFound, or
    // BadRequest with the reason.
    Value pause(const QString &id);
    Value resume(const QString &id);
    // The same for a workflow's children: no exception, false when refused.
    bool pauseChild(const QString &id);
    bool resumeChild(const QString &id);
    bool cancelChild(const QString &id);
    // The live record of an unfinished execution, or null.
    const Value *live(const QString &id) const;
    // Which runner types keep running across a restart (workflows resume
    // from their journal instead of being abandoned).
    void setResumableRunners(QStringList runnerTypes) { m_resumable = std::move(runnerTypes); }

    // Parameters of a past execution with secrets restored, for re-runs.
    Value originalParameters(const Value &execution) const;
    // Only the parameters the caller gave (secrets restored): what a re-run starts from.
    Value givenParameters(const Value &execution) const;

    // Crash recovery at start: running work becomes abandoned, queued work is
    // scheduled again, pending executions (inquiries) keep waiting.
    void recover();
    // Shutdown: kills what runs and records it as abandoned (pending executions stay pending).
    void abandonRunning(const QString &reason);
    int runningCount() const { return int(m_runs.size()); }
    int backlog() const { return int(m_live.size()); }  // executions not finished yet (pending included)

    // API shape of a stored execution (internal fields removed, secrets masked).
    static Value toApi(const Value &stored);

Q_SIGNALS:
    // A record reached a completed state (already persisted).
    void completed(const squall::Value &execution);
    // A runner left the execution `pending` (already persisted): it is live,
    // waits for an outside answer and ends through completePending().
    void waiting(const squall::Value &execution);

private:
    Value changeRun(const QString &id, bool pausing);
    void schedule(const QString &id);
    void startWhenDurable(const QString &id, int delayMs);
    void pump();
    void launch(Value doc);
    void onFinished(const QString &id, const runners::RunResult &result);
    void setStatus(Value &doc, const QString &status);
    void save(const Value &doc, bool created = false);
    Value renderParameters(const ExecutionRequest &req, const Value &schema, const Value &actionDoc) const;

    store::Store *m_store;
    const store::SecretBox *m_box;
    ContentRegistry *m_content;
    KeyValueService *m_kv;
    runners::RunnerRegistry *m_runners;
    std::function<void(EventKind, const Value &)> m_emit;
    std::function<QString(const QString &)> m_tokens;
    QString m_apiUrl;
    const expr::Scope *m_functionScope = nullptr;
    int m_maxRunning = 128;
    QQueue<QString> m_queue;                       // scheduled, waiting for a slot
    QHash<QString, runners::ActionRun *> m_runs;   // running
    QStringList m_resumable;
    QHash<QString, Value> m_live;                  // docs of executions not yet completed
};

} // namespace squall::engine
