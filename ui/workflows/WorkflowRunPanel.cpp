#include "ui/workflows/WorkflowRunPanel.h"

#include "client/Client.h"
#include "ui/common/JsonTreeView.h"
#include "ui/lists/RecentRunsView.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"
#include "ui/workflow/run/ExecutionTracker.h"
#include "ui/workflow/run/WorkflowSimulation.h"
#include "ui/workflows/WorkflowInputDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

QPushButton *button(QWidget *parent, const QString &icon, const QString &text, const QString &name, const QString &description)
{
    auto *b = new QPushButton(icons::get(icon), text, parent);
    b->setObjectName(name);
    b->setAccessibleName(text.endsWith(u'…') ? text.chopped(1) : text);
    b->setAccessibleDescription(description);
    b->setToolTip(description);
    return b;
}

} // namespace

WorkflowRunPanel::WorkflowRunPanel(Studio *studio, QWidget *parent)
    : QWidget(parent), m_studio(studio), m_tracker(new ExecutionTracker(studio, this)),
      m_runs(new RecentRunsView(studio, this)), m_status(new QLabel(this)),
      m_clear(button(this, QStringLiteral("cancel"), tr("Clear"), QStringLiteral("runClear"),
                     tr("Stop showing the run on the graph"))),
      m_task(new JsonTreeView(this))
{
    setObjectName(QStringLiteral("workflowRunPanel"));
    auto *run = button(this, QStringLiteral("run"), tr("Run…"), QStringLiteral("runPanelRun"),
                       tr("Run the workflow and follow it on the graph"));
    auto *simulate = button(this, QStringLiteral("test"), tr("Simulate…"), QStringLiteral("runPanelSimulate"),
                            tr("Run it offline with mocked results"));
    auto *rerun = button(this, QStringLiteral("rerun"), tr("Re-run"), QStringLiteral("runPanelReRun"),
                         tr("Run the shown execution again from the tasks selected on the graph"));
    connect(run, &QPushButton::clicked, this, &WorkflowRunPanel::runRequested);
    connect(simulate, &QPushButton::clicked, this, &WorkflowRunPanel::simulateRequested);
    connect(rerun, &QPushButton::clicked, this, &WorkflowRunPanel::reRunRequested);
    connect(m_clear, &QPushButton::clicked, this, &WorkflowRunPanel::clear);

    m_runs->setObjectName(QStringLiteral("designerRuns"));
    m_runs->list()->setObjectName(QStringLiteral("designerRunsList"));
    m_runs->list()->setAccessibleDescription(tr("Select a run to show it on the graph; activate it to open it in History"));
    connect(m_runs->list(), &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        const QString id = item ? item->data(0, Qt::UserRole).toString() : QString();
        if (!id.isEmpty() && (id != m_tracker->executionId() || m_simulated))
            follow(id);
    });

    m_status->setObjectName(QStringLiteral("runStatus"));
    m_status->setAccessibleName(tr("Shown run"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    connect(m_status, &QLabel::linkActivated, this, [this](const QString &id) { m_studio->show(QStringLiteral("history"), id); });
    m_task->setObjectName(QStringLiteral("runTaskResult"));
    m_task->setAccessibleName(tr("Selected task's result"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(run);
    buttons->addWidget(simulate);
    buttons->addWidget(rerun);
    buttons->addStretch(1);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_clear);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("runPanelSplitter"));
    split->addWidget(m_runs);
    split->addWidget(m_task);
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(buttons);
    layout->addLayout(statusRow);
    layout->addWidget(split, 1);

    connect(m_tracker, &ExecutionTracker::changed, this, &WorkflowRunPanel::fromTracker);
    clear();
}

void WorkflowRunPanel::setWorkflow(const QString &ref)
{
    m_ref = ref;
    clear();
    m_runs->setActionRef(ref);
}

QTreeWidget *WorkflowRunPanel::runsView() const
{
    return m_runs->list();
}

QString WorkflowRunPanel::executionId() const
{
    return m_simulated ? QString() : m_tracker->executionId();
}

void WorkflowRunPanel::clear()
{
    m_tracker->stop();
    m_simulated = false;
    m_states.clear();
    m_path.clear();
    m_taskDetails.clear();
    m_task->setValue(Value());
    m_status->setText(tr("Select a run to see it on the graph, or run the workflow."));
    m_clear->setEnabled(false);
    Q_EMIT statesChanged();
}

void WorkflowRunPanel::follow(const QString &executionId)
{
    m_simulated = false;
    m_taskDetails.clear();
    m_tracker->follow(executionId);
    m_clear->setEnabled(true);
    fromTracker();
}

void WorkflowRunPanel::fromTracker()
{
    if (m_simulated || m_tracker->executionId().isEmpty())
        return;
    m_states.clear();
    m_taskDetails.clear();
    const auto tasks = m_tracker->tasks();
    for (auto it = tasks.cbegin(); it != tasks.cend(); ++it) {
        const ExecutionTracker::TaskRun &t = it.value();
        m_states.insert(it.key(), {t.status, t.itemsDone, t.itemsTotal});
        m_taskDetails.insert(it.key(), makeDict({{QStringLiteral("status"), t.status},
                                                 {QStringLiteral("execution"), t.executionId},
                                                 {QStringLiteral("result"), t.result},
                                                 {QStringLiteral("published"), t.published}}));
    }
    m_path = m_tracker->path();
    const QString id = m_tracker->executionId();
    const QString status = m_tracker->status();
    m_status->setText(tr("Run <a href=\"%1\">%2</a> · %3 · %n task(s)", nullptr, int(tasks.size()))
                          .arg(id.toHtmlEscaped(), id.left(8).toHtmlEscaped(), status.isEmpty() ? tr("loading") : status));
    if (!m_shownTask.isEmpty())
        m_task->setValue(m_taskDetails.value(m_shownTask));
    Q_EMIT statesChanged();
}

void WorkflowRunPanel::showTask(const QString &task)
{
    m_shownTask = task;
    m_task->setValue(m_taskDetails.value(task));
}

void WorkflowRunPanel::requestRun(const QString &ref)
{
    auto *dialog = new WorkflowInputDialog(m_studio, ref, {}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, ref] {
        const Value body = makeDict({{QStringLiteral("action"), ref}, {QStringLiteral("parameters"), dialog->values()}});
        m_status->setText(tr("Starting %1…").arg(ref));
        m_studio->client()->call(client::Request::of(client::Op::CreateExecution, {}, body), this,
                                 [this](const client::ClientResult &r) {
                                     if (!r.ok()) {
                                         m_status->setText(tr("Could not start the run: %1").arg(r.errorText()));
                                         return;
                                     }
                                     follow(r.value[u"id"].toString());
                                 });
    });
    dialog->open();
}

void WorkflowRunPanel::requestSimulation(const QString &workflowText, const QStringList &tasks)
{
    auto *dialog = new WorkflowInputDialog(m_studio, m_ref, tasks, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, workflowText] {
        QList<WorkflowSimulation::Mock> mocks;
        for (const WorkflowInputDialog::Mock &m : dialog->mockList()) {
            WorkflowSimulation::Mock mock;
            mock.task = m.task;
            mock.status = m.status;
            mock.result = m.result;
            mocks.append(mock);
        }
        const WorkflowSimulation::Outcome outcome = WorkflowSimulation::run(workflowText, dialog->valuesWithDefaults(), mocks);
        m_tracker->stop();
        m_simulated = true;
        m_clear->setEnabled(true);
        m_states.clear();
        m_taskDetails.clear();
        for (const WorkflowSimulation::Step &step : outcome.steps) {
            m_states.insert(step.task, {step.status, -1, -1});
            m_taskDetails.insert(step.task, makeDict({{QStringLiteral("status"), step.status},
                                                      {QStringLiteral("route"), step.route}}));
        }
        m_path = outcome.transitions;
        if (!outcome.error.isEmpty())
            m_status->setText(tr("Simulation could not run: %1").arg(outcome.error.toHtmlEscaped()));
        else
            m_status->setText(tr("Simulation · %1 · %n task run(s)", nullptr, int(outcome.steps.size())).arg(outcome.status));
        m_task->setValue(makeDict({{QStringLiteral("status"), outcome.status},
                                   {QStringLiteral("output"), outcome.output},
                                   {QStringLiteral("errors"), outcome.errors}}));
        Q_EMIT statesChanged();
    });
    dialog->open();
}

void WorkflowRunPanel::reRunFrom(const QStringList &tasks)
{
    const QString id = executionId();
    if (id.isEmpty())
        return;
    ValueList names;
    for (const QString &t : tasks)
        names.append(t);
    const Value body = makeDict({{QStringLiteral("tasks"), names}, {QStringLiteral("reset"), ValueList{}}});
    m_studio->client()->call(client::Request::of(client::Op::ReRunExecution, id, body), this,
                             [this](const client::ClientResult &r) {
                                 if (!r.ok()) {
                                     m_status->setText(tr("Could not re-run: %1").arg(r.errorText()));
                                     return;
                                 }
                                 follow(r.value[u"id"].toString());
                             });
}

} // namespace squall::ui
