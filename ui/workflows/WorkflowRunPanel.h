#pragma once

#include "base/Value.h"
#include "ui/workflow/canvas/DesignerCanvas.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace squall::ui {

class ExecutionTracker;
class JsonTreeView;
class RecentRunsView;
class Studio;

// The designer's "Runs" panel: the workflow's recent runs, the one shown on
// the graph (followed live while it runs), an offline simulation's outcome,
// and the selected task's result and published variables.
class WorkflowRunPanel final : public QWidget
{
    Q_OBJECT
public:
    WorkflowRunPanel(Studio *studio, QWidget *parent = nullptr);

    void setWorkflow(const QString &ref);
    // Shows an execution of this workflow on the graph (live while it runs).
    void follow(const QString &executionId);
    void clear();
    void showTask(const QString &task);

    // Asks for the input, starts a run and follows it.
    void requestRun(const QString &ref);
    // Asks for the input and mocked results, then simulates `workflowText` offline.
    void requestSimulation(const QString &workflowText, const QStringList &tasks);
    // Re-runs the shown execution from `tasks`, then follows the new run.
    void reRunFrom(const QStringList &tasks);

    QString executionId() const;
    bool isSimulation() const { return m_simulated; }
    QHash<QString, DesignerCanvas::TaskState> taskStates() const { return m_states; }
    QList<std::pair<QString, QString>> path() const { return m_path; }
    ExecutionTracker *tracker() const { return m_tracker; }
    QTreeWidget *runsView() const;
    QLabel *statusLabel() const { return m_status; }
    JsonTreeView *taskView() const { return m_task; }

Q_SIGNALS:
    void statesChanged();
    void runRequested();
    void simulateRequested();
    void reRunRequested();

private:
    void fromTracker();

    Studio *m_studio;
    ExecutionTracker *m_tracker;
    RecentRunsView *m_runs;
    QLabel *m_status;
    QPushButton *m_clear;
    JsonTreeView *m_task;
    QString m_ref;
    QString m_shownTask;
    bool m_simulated = false;
    QHash<QString, DesignerCanvas::TaskState> m_states;
    QList<std::pair<QString, QString>> m_path;
    QHash<QString, Value> m_taskDetails;  // per task: {status, result, published}
};

} // namespace squall::ui
