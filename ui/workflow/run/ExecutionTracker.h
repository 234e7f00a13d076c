#pragma once

#include "base/Value.h"
#include "engine/EngineEvent.h"
#include "workflow/inspect/WorkflowGraph.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>

#include <utility>

namespace squall::client {
struct ClientResult;
struct Request;
}

namespace squall::ui {

class Studio;

// A workflow execution's task states, kept live: what the designer colours
// its graph with. Loads the execution and its children, then follows the
// studio's one event feed; works for past and running executions alike.
// Task names come from the children's context (orquesta.task_name, or
// chain.name for ActionChain), with-items items from orquesta.item_id.
class ExecutionTracker : public QObject
{
    Q_OBJECT
public:
    struct TaskRun
    {
        QString task;
        QString status;        // the child's status; a with-items task's is aggregated
        QString executionId;   // the latest child (the latest item for with-items)
        int itemsDone = -1;    // with-items: completed items, else -1
        int itemsTotal = -1;   // with-items: all items as the conductor counts them (else those started so far)
        Value result;          // with-items: the items' results in item order
        Value published;       // what its transitions published (Orquesta), or the chain's display_published
        QString childWorkflowId;  // the child execution when the task's action is itself a workflow
    };

    explicit ExecutionTracker(Studio *studio, QObject *parent = nullptr);

    // Forgets what it followed and follows `executionId`.
    void follow(const QString &executionId);
    void stop();
    QString executionId() const { return m_id; }
    // The workflow's own status (empty until loaded).
    QString status() const { return m_doc[u"status"].toString(); }
    // The workflow execution as last seen.
    Value execution() const { return m_doc; }
    bool isLoaded() const { return m_loaded; }

    // By task name; the latest run of each task (a loop shows its last turn).
    QHash<QString, TaskRun> tasks() const { return m_tasks; }
    // (from task, to task) transitions taken, as far as known: for Orquesta
    // the conductor's own record (Op::ExecutionWorkflow); otherwise the
    // workflow's transitions whose source ended before the target started
    // with the outcome the transition asks for; without the file, task order.
    QList<std::pair<QString, QString>> path() const { return m_path; }

Q_SIGNALS:
    void changed();
    // The workflow completed (emitted once; at once for a past execution).
    void finished(const QString &status);
    // Loading failed (unknown execution, engine gone).
    void failed(const QString &message);

private:
    void onEvents(const engine::EventBatch &batch);
    void load(const client::Request &request, int generation, std::function<void(const client::ClientResult &)> done);
    void loadChildren(int generation);
    void loadGraph(int generation);
    void loadState();
    void applyState();
    bool upsertChild(const Value &doc);
    void setDocument(const Value &doc);
    void rebuild();
    void computePath();
    void notifyFinished();

    Studio *m_studio;
    QString m_id;
    int m_generation = 0;
    bool m_loaded = false;
    bool m_finishedSent = false;
    Value m_doc;
    QHash<QString, Value> m_children;  // by execution id
    QList<QString> m_childOrder;       // as first seen
    engine::EventBatch m_early;        // events that came while loading
    workflow::WorkflowGraph m_graph;
    bool m_hasGraph = false;
    Value m_state;                     // Op::ExecutionWorkflow's answer, null until known
    bool m_stateInFlight = false;
    bool m_stateDirty = false;
    QHash<QString, TaskRun> m_tasks;
    QList<std::pair<QString, QString>> m_path;
};

} // namespace squall::ui
