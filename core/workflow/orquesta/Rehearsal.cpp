#include "workflow/orquesta/Rehearsal.h"

#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "base/Yaml.h"
#include "workflow/inspect/Inspector.h"
#include "workflow/orquesta/Conductor.h"
#include "workflow/orquesta/Statuses.h"
#include "workflow/orquesta/WorkflowPlan.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QQueue>

#include <algorithm>

namespace squall::orquesta {

namespace {

QString absolute(const QString &base, const QString &path)
{
    if (path.startsWith(QLatin1Char('/')) || base.isEmpty())
        return path;
    return base + QLatin1Char('/') + path;
}

QString pyList(const QStringList &l)
{
    QStringList quoted;
    for (const QString &s : l)
        quoted.append(py::repr(Value(s)));
    return QLatin1Char('[') + quoted.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QStringList normalized(const QStringList &ids)
{
    QStringList out;
    for (const QString &id : ids)
        out.append(id.contains(QLatin1String("__r")) ? id : id + QStringLiteral("__r0"));
    return out;
}

QStringList friendly(const QStringList &ids)
{
    QStringList out;
    for (const QString &id : ids)
        out.append(id.endsWith(QLatin1String("__r0")) ? id.left(id.size() - 4) : id);
    return out;
}

QStringList stringsOf(const Value &v)
{
    QStringList out;
    for (const Value &x : v.toList())
        out.append(py::str(x));
    return out;
}

} // namespace

MockExecutions MockExecutions::fromValue(const Value &list, const QString &basePath)
{
    MockExecutions m;
    if (!list.isNull() && !list.isList())
        throw SquallException(QStringLiteral("WorkflowRehearsalError"),
                              QStringLiteral("mock_action_executions must be a list"));
    for (const Value &e : list.toList()) {
        if (!e.isDict() || !e[u"task_id"].isString())
            throw SquallException(QStringLiteral("WorkflowRehearsalError"),
                                  QStringLiteral("a mock action execution needs a task_id"));
        Mock mock;
        mock.taskId = e[u"task_id"].toString();
        mock.seqId = e.contains(u"seq_id") ? int(e[u"seq_id"].toInt()) : -1;
        mock.itemId = e.contains(u"item_id") && !e[u"item_id"].isNull() ? int(e[u"item_id"].toInt()) : -1;
        mock.iterId = int(e[u"iter_id"].toInt());
        mock.numIter = e.contains(u"num_iter") ? int(e[u"num_iter"].toInt()) : 1;
        mock.iterPos = mock.iterId - 1;
        mock.status = py::truthy(e[u"status"]) ? e[u"status"].toString() : status::Succeeded;
        if (!status::isValid(mock.status))
            throw SquallException(QStringLiteral("WorkflowRehearsalError"),
                                  QStringLiteral("Status \"%1\" is not valid.").arg(mock.status));
        mock.result = e[u"result"];
        if (e[u"result_path"].isString()) {
            const QString path = absolute(basePath, e[u"result_path"].toString());
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                throw SquallException(QStringLiteral("WorkflowRehearsalError"),
                                      QStringLiteral("The result path \"%1\" for the mock action execution does not "
                                                     "exist.")
                                          .arg(path));
            const QByteArray bytes = f.readAll();
            const QString suffix = QFileInfo(path).suffix();
            if (suffix == u"json")
                mock.result = json::parse(bytes);
            else if (suffix == u"yaml" || suffix == u"yml")
                mock.result = yaml::load(bytes, path).value;
            else
                mock.result = QString::fromUtf8(bytes);
        }
        m.m_mocks.append(mock);
    }
    return m;
}

MockExecutions::Mock *MockExecutions::find(const QString &taskId, int seqId, bool bySeq)
{
    QList<Mock *> candidates;
    for (Mock &m : m_mocks)
        if (m.taskId == taskId && m.iterPos < m.iterId + m.numIter - 1)
            candidates.append(&m);
    if (!candidates.isEmpty() && bySeq) {
        QList<Mock *> filtered;
        for (Mock *m : std::as_const(candidates))
            if (m->seqId == seqId)
                filtered.append(m);
        candidates = filtered;
    }
    if (!candidates.isEmpty() && candidates.first()->seqId >= 0 && !bySeq)
        return nullptr;
    return candidates.isEmpty() ? nullptr : candidates.first();
}

MockExecutions::Mock *MockExecutions::take(const QString &taskId, int seqId)
{
    Mock *m = find(taskId, seqId, true);
    if (!m)
        m = find(taskId, -1, false);
    if (m)
        m->iterPos += 1;
    return m;
}

SimulatedFunctions::SimulatedFunctions(Value datastore)
    : m_datastore(datastore.isDict() ? std::move(datastore) : Value(ValueDict())), m_scope(this)
{
    m_st2kv = [this](const ValueList &args, const ValueDict &kwargs, const expr::CallContext &cc) {
        return st2kv(*this, QStringLiteral("stanley"), args, kwargs, cc);
    };
    m_decryptKv = [](const ValueList &args, const ValueDict &kwargs, const expr::CallContext &) -> Value {
        const expr::ArgBinder a("decrypt_kv", args, kwargs, {"value"}, 1);
        throw SquallException(QStringLiteral("ValueError"),
                              QStringLiteral("Referenced datastore item is not a secret or cannot be decrypted."));
    };
    m_taskRecord = [this](const ValueList &args, const ValueDict &, const expr::CallContext &) -> Value {
        if (args.size() < 2)
            return {};
        return m_records.value(args.at(0).toString() + QStringLiteral("__r") + QString::number(args.at(1).toInt()));
    };
}

void SimulatedFunctions::recordRun(const QString &taskId, int route, const Value &result)
{
    m_records.insert(taskId + QStringLiteral("__r") + QString::number(route),
                     makeDict({{QStringLiteral("result"), result}}));
}

void SimulatedFunctions::recordItem(const QString &taskId, int route, int itemId, int itemsCount,
                                    const QString &status, const Value &result)
{
    const QString key = taskId + QStringLiteral("__r") + QString::number(route);
    ValueList items = m_records.value(key)[u"result"][u"items"].toList();
    // An item already done means the task runs again (a cycle): a new record.
    if (itemId < items.size() && !items.at(itemId).isNull())
        items.clear();
    while (items.size() < std::max(itemsCount, itemId + 1))
        items.append(Value());
    items[itemId] = makeDict({{QStringLiteral("status"), status}, {QStringLiteral("result"), result}});
    m_records.insert(key, makeDict({{QStringLiteral("result"),
                                     makeDict({{QStringLiteral("items"), Value(std::move(items))}})}}));
}

const expr::Function *SimulatedFunctions::hostedFunction(QStringView name) const
{
    if (name == u"st2kv")
        return &m_st2kv;
    if (name == u"decrypt_kv")
        return &m_decryptKv;
    if (name == kTaskRecordFunction)
        return &m_taskRecord;
    return nullptr;
}

bool SimulatedFunctions::find(bool system, const QString &, const QString &name, Value *value, bool *secret) const
{
    const Value *v = m_datastore.toDict().find(system ? QStringLiteral("system.") + name : name);
    if (!v)
        return false;
    *value = *v;
    *secret = false;
    return true;
}

bool SimulatedFunctions::decrypt(const QString &, QString *) const { return false; }

bool conductWithMocks(std::unique_ptr<Conductor> &conductor, MockExecutions &mocks, SimulatedFunctions *records,
                      int maxTaskRuns, int *taskRuns, bool roundTrip)
{
    int runs = 0;
    QQueue<NextTask> queue;
    for (const NextTask &t : conductor->nextTasks())
        queue.enqueue(t);
    Value state = roundTrip ? conductor->snapshot() : Value();
    QHash<QString, ValueList> accumulated;
    const auto plan = conductor->plan();
    // Mocks that never complete a with-items task would loop forever.
    int rounds = 0;
    while (!queue.isEmpty()) {
        if (++rounds > 1000000)
            throw SquallException(QStringLiteral("WorkflowRehearsalError"),
                                  QStringLiteral("The workflow does not make progress with these mocks."));
        if (roundTrip)
            conductor = Conductor::restore(plan, state, conductor->functionScope());
        // Every ready task goes running first, in the order given, then each
        // completes in that same order.
        QList<std::pair<NextTask, int>> round;
        while (!queue.isEmpty()) {
            const NextTask task = queue.dequeue();
            conductor->updateTaskState(task.id, task.route, ActionEvent::of(status::Running));
            round.append({task, conductor->taskEntryIndex(task.id, task.route)});
        }
        for (const auto &[task, seqId] : std::as_const(round)) {
            if (maxTaskRuns >= 0 && runs >= maxTaskRuns) {
                if (taskRuns)
                    *taskRuns = runs;
                return false;
            }
            ++runs;
            MockExecutions::Mock fallback;
            fallback.taskId = task.id;
            fallback.status = status::Succeeded;
            MockExecutions::Mock *mock = mocks.take(task.id, seqId);
            if (!mock)
                mock = &fallback;
            if (!plan->task(task.id)->hasItems) {
                if (records)
                    records->recordRun(task.id, task.route, mock->result);
                conductor->updateTaskState(task.id, task.route, ActionEvent::of(mock->status, mock->result));
                continue;
            }
            ValueList &acc = accumulated[task.id];
            // A mock without an item (one that serves every run) answers the
            // next item each time; it is not pinned to the first one it served.
            const int itemId = mock->itemId >= 0 ? mock->itemId : int(acc.size());
            while (acc.size() <= itemId)
                acc.append(Value());
            acc[itemId] = mock->result;
            if (records)
                records->recordItem(task.id, task.route, itemId, task.itemsCount, mock->status, mock->result);
            conductor->updateTaskState(task.id, task.route,
                                       ActionEvent::item(itemId, mock->status, mock->result, Value(acc)));
        }
        for (const NextTask &t : conductor->nextTasks())
            queue.enqueue(t);
        if (roundTrip)
            state = conductor->snapshot();
    }
    if (status::isCompleted(conductor->workflowStatus()))
        conductor->renderWorkflowOutput();
    if (taskRuns)
        *taskRuns = runs;
    return true;
}

Simulation simulate(const yaml::Document &doc, const Value &inputs, MockExecutions &mocks, const Value &datastore,
                    int maxTaskRuns, bool roundTrip)
{
    SimulatedFunctions functions(datastore.isDict() ? datastore : Value(ValueDict()));
    const auto plan = WorkflowPlan::compile(doc.value, doc.locations);
    auto conductor = std::make_unique<Conductor>(plan, inputs.isDict() ? inputs : Value(ValueDict()), Value(),
                                                 functions.scope());
    Simulation out;
    if (conductor->workflowStatus() != status::Failed) {
        conductor->requestWorkflowStatus(status::Running);
        out.stopped = !conductWithMocks(conductor, mocks, &functions, maxTaskRuns, &out.taskRuns, roundTrip);
        if (!out.stopped)
            conductor->renderWorkflowOutput();
        out.errors = conductor->errors();
    } else if (!conductor->errors().isEmpty()) {
        // Failed while rendering input or vars: no output, and StackStorm
        // reports the first error only.
        out.errors.append(conductor->errors().first());
    }
    out.status = conductor->workflowStatus();
    out.output = conductor->workflowOutput();
    for (int i = 0; i < conductor->sequenceSize(); ++i) {
        const Value e = conductor->sequenceEntry(i);
        out.tasks.append({e[u"id"].toString(), int(e[u"route"].toInt()), e[u"status"].toString()});
        // `prev` maps "task__tN" to the sequence index of the entry it came from.
        for (const auto &[key, index] : e[u"prev"].toDict()) {
            Q_UNUSED(key);
            const QString from = conductor->sequenceEntry(int(index.toInt()))[u"id"].toString();
            if (!from.isEmpty())
                out.transitions.append({from, e[u"id"].toString()});
        }
    }
    return out;
}

RehearsalResult rehearseFile(const QString &specFile, const QString &basePath)
{
    RehearsalResult r;
    QString base = basePath;
    if (base.isEmpty())
        base = QFileInfo(QFileInfo(specFile).absolutePath()).absolutePath();
    try {
        const yaml::Document doc = yaml::loadFile(specFile);
        return rehearse(doc.value, base);
    } catch (const SquallException &e) {
        r.differences.append(e.error().toString());
    }
    return r;
}

RehearsalResult rehearse(const Value &spec, const QString &basePath)
{
    RehearsalResult r;
    QStringList &diff = r.differences;
    try {
        if (!spec.isDict())
            throw SquallException(QStringLiteral("WorkflowRehearsalError"),
                                  QStringLiteral("Unable to convert workflow test case into dict."));
        if (!spec.contains(u"expected_task_sequence"))
            throw SquallException(QStringLiteral("WorkflowRehearsalError"),
                                  QStringLiteral("The test spec needs expected_task_sequence."));
        const bool rerun = spec.contains(u"workflow_state");
        Value workflowDoc;
        std::shared_ptr<const yaml::LocationMap> locations;
        if (!rerun) {
            const QString wfPath = absolute(basePath, spec[u"workflow"].toString());
            if (!QFileInfo::exists(wfPath))
                throw SquallException(QStringLiteral("WorkflowRehearsalError"),
                                      QStringLiteral("Unable to open worklfow definition at \"%1\"").arg(wfPath));
            const yaml::Document wf = yaml::loadFile(wfPath);
            workflowDoc = wf.value;
            locations = wf.locations;
        } else {
            const Value s = spec[u"workflow_state"][u"spec"];
            workflowDoc = s[u"spec"].isDict() ? s[u"spec"] : s;
            if (workflowDoc.isDict())
                workflowDoc.dictRef().remove(u"catalog");
        }

        MockExecutions mocks = MockExecutions::fromValue(spec[u"mock_action_executions"], basePath);

        // 1. Inspection.
        const Value inspection = workflow::inspectionToValue(workflow::inspectWorkflow(workflowDoc, locations.get()));
        const Value expectedInspection =
            spec[u"expected_inspection_errors"].isDict() ? spec[u"expected_inspection_errors"] : Value(ValueDict());
        if (inspection != expectedInspection)
            diff.append(QStringLiteral("The actual inspection errors %1 does not match expected %2.")
                            .arg(json::toString(inspection), json::toString(expectedInspection)));
        if (!expectedInspection.toDict().isEmpty() || !diff.isEmpty()) {
            r.passed = diff.isEmpty();
            return r;
        }

        const auto plan = WorkflowPlan::compile(workflowDoc, locations);
        for (const MockExecutions::Mock &m : mocks.mocks()) {
            if (!plan->hasTask(m.taskId))
                throw SquallException(QStringLiteral("InvalidTask"),
                                      QStringLiteral("Task \"%1\" does not exist.").arg(m.taskId));
            if (plan->task(m.taskId)->hasItems && m.itemId < 0)
                throw SquallException(QStringLiteral("WorkflowRehearsalError"),
                                      QStringLiteral("Mock action execution for with items task \"%1\" is misssing "
                                                     "\"item_id\".")
                                          .arg(m.taskId));
        }

        std::unique_ptr<Conductor> conductor;
        if (!rerun) {
            conductor = std::make_unique<Conductor>(plan, spec[u"inputs"]);
            // A workflow whose input or vars failed to render is already
            // failed; its errors are compared below instead of stopping here.
            if (conductor->workflowStatus() != status::Failed)
                conductor->requestWorkflowStatus(status::Running);
        } else {
            conductor = Conductor::restore(plan, spec[u"workflow_state"]);
            QList<TaskRerunRequest> requests;
            for (const Value &t : spec[u"rerun_tasks"].toList())
                requests.append({t[u"task_id"].toString(), int(t[u"route"].toInt()), t[u"reset_items"].toBool()});
            conductor->requestWorkflowRerun(requests);
            if (conductor->workflowStatus() != status::Resuming)
                diff.append(QStringLiteral("The workflow status after the rerun request is \"%1\", not \"resuming\".")
                                .arg(conductor->workflowStatus()));
        }
        conductWithMocks(conductor, mocks);

        const QStringList actualSeq = conductor->taskSequence();
        const QStringList expectedSeq = normalized(stringsOf(spec[u"expected_task_sequence"]));
        if (actualSeq != expectedSeq)
            diff.append(QStringLiteral("The actual task sequence %1 does not match expected %2.")
                            .arg(pyList(friendly(actualSeq)), pyList(stringsOf(spec[u"expected_task_sequence"]))));

        const Value expectedRoutes = spec.contains(u"expected_routes") ? spec[u"expected_routes"]
                                                                        : makeList({Value(ValueList())});
        if (conductor->routes() != expectedRoutes)
            diff.append(QStringLiteral("The actual routes %1 does not match expected %2.")
                            .arg(py::repr(conductor->routes()), py::repr(expectedRoutes)));

        const QString expectedStatus = py::truthy(spec[u"expected_workflow_status"])
                                           ? spec[u"expected_workflow_status"].toString()
                                           : status::Succeeded;
        if (conductor->workflowStatus() != expectedStatus) {
            QString msg = QStringLiteral("The actual workflow status \"%1\" does not match expected \"%2\".")
                              .arg(conductor->workflowStatus(), expectedStatus);
            if (!conductor->errors().isEmpty())
                msg += QStringLiteral(" Errors: ") + py::repr(Value(conductor->errors()));
            diff.append(msg);
        }

        if (spec.contains(u"expected_errors") && !spec[u"expected_errors"].isNull()) {
            const Value actual(conductor->errors());
            if (actual != spec[u"expected_errors"])
                diff.append(QStringLiteral("The actual workflow errors %1 does not match expected %2.")
                                .arg(py::repr(actual), py::repr(spec[u"expected_errors"])));
        }
        if (spec.contains(u"expected_output") && !spec[u"expected_output"].isNull()) {
            if (conductor->workflowOutput() != spec[u"expected_output"])
                diff.append(QStringLiteral("The actual workflow output %1 does not match expected %2.")
                                .arg(py::repr(conductor->workflowOutput()), py::repr(spec[u"expected_output"])));
        }
        if (spec.contains(u"expected_term_tasks") && !spec[u"expected_term_tasks"].isNull()) {
            QStringList actual = conductor->terminalTasks();
            QStringList expected = normalized(stringsOf(spec[u"expected_term_tasks"]));
            actual.sort();
            expected.sort();
            if (actual != expected) {
                QStringList shownExpected = stringsOf(spec[u"expected_term_tasks"]);
                shownExpected.sort();
                QStringList shownActual = friendly(actual);
                shownActual.sort();
                diff.append(QStringLiteral("The actual terminal tasks %1 does not match expected %2.")
                                .arg(pyList(shownActual), pyList(shownExpected)));
            }
        }
    } catch (const SquallException &e) {
        diff.append(e.error().kind.isEmpty() ? e.error().toString()
                                              : e.error().kind + QStringLiteral(": ") + e.error().toString());
    }
    r.passed = diff.isEmpty();
    return r;
}

} // namespace squall::orquesta
