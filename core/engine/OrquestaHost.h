#pragma once

#include "engine/WorkflowHost.h"

#include <QHash>
#include <QSet>
#include <QStringList>

#include <memory>

namespace squall::orquesta { class Conductor; class WorkflowPlan; struct NextTask; }
namespace squall::store { struct WorkflowState; }

namespace squall::expr { class Scope; }

namespace squall::engine {

// Hosts one Orquesta workflow execution: runs the tasks its conductor hands
// out as child executions, feeds their outcomes back, journals each
// transition, and ends the run with {output, errors}.
class OrquestaHost final : public WorkflowHost
{
public:
    OrquestaHost(WorkflowService *service, WorkflowRun *run, Value execution);
    ~OrquestaHost() override;

    void start() override;
    void childCompleted(const Value &child) override;
    void childPending(const Value &child) override;
    bool pause() override;
    bool resume() override;
    void cancel() override;

    // The conductor as stored: its snapshot with the journal replayed over it.
    static std::unique_ptr<orquesta::Conductor> restoreConductor(std::shared_ptr<const orquesta::WorkflowPlan> plan,
                                                                 const store::WorkflowState &state,
                                                                 const expr::Scope *functions = nullptr);

private:
    struct Child
    {
        QString task;
        int route = 0;
        int item = -1;
    };
    static QString keyOf(const QString &task, int route) { return task + u'@' + QString::number(route); }

    bool startFresh();
    bool restore(const Value &snapshot, const ValueList &journal);
    bool startRerun(const Value &rerun);
    Value parentContext() const;
    void pump();
    bool dispatch(const orquesta::NextTask &task);
    void requestAction(const QString &task, int route, int item, const Value &action, const Value &input, qint64 delaySeconds);
    void feed(const QString &childId, const QString &status, const Value &result);
    void settle(const QString &task, int route);
    void saveSnapshot();
    void journal();
    void checkState();
    void fail(const QString &message, const Value &errors = {});
    bool hasActive(const QString &task, int route) const;
    QString latestChild(const QString &workflowId, const QString &task) const;

    std::shared_ptr<const orquesta::WorkflowPlan> m_plan;
    std::unique_ptr<orquesta::Conductor> m_conductor;
    QHash<QString, Child> m_active;               // child execution id -> task entry
    QHash<QString, QList<std::pair<int, QString>>> m_itemChildren;  // task key -> (item, child id) of this attempt
    QHash<QString, QSet<int>> m_itemsStarted;     // task key -> items dispatched in this attempt
    QHash<QString, ValueList> m_itemResults;      // task key -> results of the finished items, by item
    ValueList m_dispatched;                       // journal content not written yet
    ValueList m_finished;
    ValueList m_cleared;
    struct NestedRerun
    {
        QString execution;   // the child workflow execution to re-run from
        QStringList tasks;   // its tasks (may be dotted again)
        QStringList reset;
    };
    QHash<QString, NestedRerun> m_nestedReruns;  // by task of this workflow, until dispatched
    int m_journalSinceSnapshot = 0;
    bool m_pumping = false;
};

} // namespace squall::engine
