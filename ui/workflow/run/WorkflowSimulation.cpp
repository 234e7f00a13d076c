#include "ui/workflow/run/WorkflowSimulation.h"

#include "base/Error.h"
#include "base/Yaml.h"
#include "workflow/inspect/Inspector.h"
#include "workflow/orquesta/Rehearsal.h"

#include <QCoreApplication>
#include <QMap>

#include <limits>

namespace squall::ui {

namespace {
// The designer's mocks as the rehearsal's, which are taken in order per task:
// pinned runs in their place, the every-run mock (or a plain success) between
// them and after them.
orquesta::MockExecutions rehearsalMocks(const QList<WorkflowSimulation::Mock> &mocks)
{
    using RMock = orquesta::MockExecutions::Mock;
    auto rmock = [](const QString &task, const QString &status, const Value &result, int times) {
        RMock m;
        m.taskId = task;
        m.status = status.isEmpty() ? QStringLiteral("succeeded") : status;
        m.result = result;
        m.numIter = times;
        m.iterId = 0;
        m.iterPos = -1;
        return m;
    };
    QStringList order;
    QHash<QString, QMap<int, const WorkflowSimulation::Mock *>> pinned;
    QHash<QString, const WorkflowSimulation::Mock *> every;
    for (const WorkflowSimulation::Mock &m : mocks) {
        if (!order.contains(m.task))
            order.append(m.task);
        if (m.iteration < 0)
            every.insert(m.task, &m);
        else
            pinned[m.task].insert(m.iteration, &m);
    }
    orquesta::MockExecutions out;
    constexpr int forever = std::numeric_limits<int>::max() / 2;
    for (const QString &task : std::as_const(order)) {
        const WorkflowSimulation::Mock *other = every.value(task);
        auto filler = [&](int times) {
            return other ? rmock(task, other->status, other->result, times)
                         : rmock(task, QStringLiteral("succeeded"), Value(), times);
        };
        int next = 0;
        const QMap<int, const WorkflowSimulation::Mock *> runs = pinned.value(task);
        for (auto it = runs.cbegin(); it != runs.cend(); ++it) {
            if (it.key() > next)
                out.mocks().append(filler(it.key() - next));
            out.mocks().append(rmock(task, it.value()->status, it.value()->result, 1));
            next = it.key() + 1;
        }
        if (other)
            out.mocks().append(filler(forever));
    }
    return out;
}
} // namespace

WorkflowSimulation::Outcome WorkflowSimulation::run(const QString &workflowYaml, const Value &input,
                                                    const QList<Mock> &mocks, const Value &datastore)
{
    Outcome out;
    try {
        const yaml::Document doc = yaml::load(workflowYaml.toUtf8());
        if (!doc.value[u"tasks"].isDict()) {
            out.error = QCoreApplication::translate("WorkflowSimulation",
                                                    "only Orquesta workflows (with tasks) can be simulated");
            return out;
        }
        const QList<workflow::InspectionError> problems = workflow::inspectWorkflow(doc.value, doc.locations.get());
        if (!problems.isEmpty()) {
            out.error = workflow::formatInspection(problems);
            return out;
        }
        orquesta::MockExecutions rehearsal = rehearsalMocks(mocks);
        const orquesta::Simulation sim = orquesta::simulate(doc, input.isDict() ? input : Value(ValueDict()), rehearsal,
                                                            datastore, MaxTaskRuns, /*roundTrip=*/false);
        out.status = sim.status;
        out.output = sim.output;
        out.errors = Value(sim.errors);
        // The sequence also holds engine commands (`continue`, `fail`): the
        // designer shows tasks.
        const Value &tasks = doc.value[u"tasks"];
        for (const auto &[from, to] : sim.transitions)
            if (tasks.contains(from) && tasks.contains(to))
                out.transitions.append({from, to});
        for (const orquesta::Simulation::Task &t : sim.tasks)
            if (tasks.contains(t.id))
                out.steps.append({t.id, t.status, t.route});
        if (sim.stopped)
            out.error = QCoreApplication::translate("WorkflowSimulation", "stopped after %1 task runs (loop?)")
                            .arg(sim.taskRuns);
    } catch (const SquallException &e) {
        out.error = e.error().toString();
    }
    return out;
}

} // namespace squall::ui
