// The task side of the conductor: staging, rendering, action events,
// transitions, retries, reruns and the workflow output.

#include "workflow/orquesta/Conductor.h"

#include "base/Error.h"
#include "base/Python.h"
#include "workflow/orquesta/ConductorPrivate.h"
#include "workflow/orquesta/Statuses.h"

#include <QQueue>

#include <algorithm>

namespace squall::orquesta {

namespace {

QString describe(const SquallException &e)
{
    const Error &err = e.error();
    return err.kind.isEmpty() ? err.message : err.kind + QStringLiteral(": ") + err.message;
}

Value currentTask(const QString &id, int route, const Value *result = nullptr)
{
    ValueDict t;
    t.insert(QStringLiteral("id"), id);
    t.insert(QStringLiteral("route"), route);
    if (result)
        t.insert(QStringLiteral("result"), *result);
    return Value(std::move(t));
}

// The data an expression sees for a task: its context plus Orquesta's
// internal keys (__current_task, __state).
Value taskData(const Conductor::Private *d, ValueDict ctx, const Value &current)
{
    ctx.insert(QStringLiteral("__current_task"), current);
    ctx.insert(QStringLiteral("__state"), d->stateObject());
    return Value(std::move(ctx));
}

QString engineEventName(const QString &command)
{
    if (command == u"continue")
        return QStringLiteral("task_continue_requested");
    if (command == u"noop")
        return QStringLiteral("task_noop_requested");
    if (command == u"fail")
        return QStringLiteral("task_fail_requested");
    return QStringLiteral("task_retry_requested");
}

QString engineEventStatus(const QString &command)
{
    if (command == u"fail")
        return status::Failed;
    if (command == u"retry")
        return status::Retrying;
    return status::Succeeded;
}

// The parts of update_task_state that need the private state.
struct TaskOps
{
    Conductor *q;
    Conductor::Private *d;

    int addTaskState(const QString &id, int route, const QList<int> &ctxIn, const Backrefs &prev);
    int evaluateRoute(const GraphTransition &t, int prevRoute);
    bool evaluateRetry(const TaskEntry &e, const Value &data);
    // With `staged`, a with-items task renders only the items that may start
    // now (not yet run, within the concurrency), and its item slots are set up.
    NextTask getTask(const QString &id, int route, const StagedPtr &staged = {});
    void update(const QString &taskId, int route, const ActionEvent &event, const QString &engineEvent);
};

int TaskOps::addTaskState(const QString &id, int route, const QList<int> &ctxIn, const Backrefs &prev)
{
    if (!d->plan->graphHasTask(id))
        throw SquallException(QStringLiteral("InvalidTask"), QStringLiteral("Task \"%1\" does not exist.").arg(id));
    auto e = std::make_shared<TaskEntry>();
    e->id = id;
    e->route = route;
    e->ctxIn = ctxIn.isEmpty() ? QList<int>{0} : ctxIn;
    e->prev = prev;
    const GraphNode *node = d->plan->node(id);
    if (node->hasRetry) {
        ValueDict retry = node->retry.toDict();
        retry.insert(QStringLiteral("tally"), 0);
        const Value inCtx(d->taskContext(e->ctxIn));
        for (const char16_t *field : {u"delay", u"count"}) {
            const QString name = QString::fromUtf16(field);
            const Value *v = retry.find(name);
            if (!v || !v->isString())
                continue;
            const Value evaluated = d->evaluate(*v, inCtx);
            if (!evaluated.isInt())
                throw SquallException(QStringLiteral("ValueError"),
                                      QStringLiteral("The retry %1 for task \"%2\" is not an integer.").arg(name, id));
            retry.insert(name, evaluated);
        }
        e->retry = Value(std::move(retry));
    }
    const QString k = Conductor::Private::key(id, route);
    const int old = d->tasks.value(k, -1);
    if (old >= 0)
        d->latestByStatus[d->sequence.at(old)->status] -= 1;
    d->sequence.append(e);
    const int idx = int(d->sequence.size() - 1);
    d->tasks.insert(k, idx);
    d->latestByStatus[e->status] += 1;
    d->markEntry(idx);
    return idx;
}

int TaskOps::evaluateRoute(const GraphTransition &t, int prevRoute)
{
    const QString &taskId = t.destination;
    const GraphNode *node = d->plan->node(taskId);
    if (!d->plan->isSplitTask(taskId) || (node && node->inCycle))
        return prevRoute;
    const QStringList &old = d->routes.at(prevRoute);
    const QString backref = t.backref();
    if (old.contains(backref))
        return prevRoute;
    QStringList updated = old;
    updated.append(backref);
    d->routes.append(updated);
    return int(d->routes.size() - 1);
}

bool TaskOps::evaluateRetry(const TaskEntry &e, const Value &data)
{
    if (e.retry.isNull())
        return false;
    const qint64 count = e.retry[u"count"].toInt();
    const qint64 tally = e.retry[u"tally"].toInt();
    if (tally >= count)
        return false;
    const Value when = e.retry[u"when"];
    if (status::isAbended(e.status) && when.isNull())
        return true;
    if (when.isNull())
        return false;
    return py::truthy(d->evaluate(when, data));
}

NextTask TaskOps::getTask(const QString &id, int route, const StagedPtr &staged)
{
    ValueDict ctx;
    if (const StagedPtr s = d->stagedTask(id, route))
        ctx = d->taskContext(s->ctxIn);
    else if (const TaskEntry *e = d->entry(id, route))
        ctx = d->taskContext(e->ctxIn);
    else
        ctx = d->contexts.value(0).toDict();
    const Value current = currentTask(id, route);
    const Value data = taskData(d, ctx, current);
    const TaskPlan *plan = d->plan->task(id);

    NextTask task;
    task.id = id;
    task.route = route;
    ValueDict visible = ctx;
    visible.insert(QStringLiteral("__current_task"), current);
    task.ctx = Value(std::move(visible));
    const Value input = plan->input.isNull() ? Value(ValueDict()) : plan->input;
    if (!plan->hasItems) {
        task.actions.append({d->evaluateToKeep(plan->action, data), d->evaluateToKeep(input, data), -1});
    } else {
        const Value items = d->evaluateToKeep(Value(plan->itemsExpr), data);
        if (!items.isList())
            throw SquallException(QStringLiteral("TypeError"),
                                  QStringLiteral("The value of \"%1\" is not type of list.").arg(plan->itemsExpr));
        const ValueList &list = items.toList();
        task.concurrency = d->evaluate(plan->concurrency, data);
        QList<qsizetype> selected;
        if (staged) {
            if (!staged->hasItems || staged->items.isEmpty()) {
                staged->hasItems = true;
                staged->items = QStringList(list.size(), status::Unset);
                staged->recountItems();
                d->journal.stagedDirty = true;
            }
            // Counted per status, so this stays O(1) per event on long lists.
            qsizetype active = 0;
            for (auto it = staged->itemCounts.cbegin(); it != staged->itemCounts.cend(); ++it)
                if (it.key() != status::Unset && status::isActive(it.key()))
                    active += it.value();
            const qsizetype limit = std::min(list.size(), staged->items.size());
            qint64 wanted = limit;
            if (!task.concurrency.isNull())
                wanted = std::max<qint64>(0, task.concurrency.toInt() - active);
            while (staged->firstUnset < limit && staged->items.at(staged->firstUnset) != status::Unset)
                ++staged->firstUnset;
            for (qsizetype i = staged->firstUnset; i < limit && selected.size() < wanted; ++i)
                if (staged->items.at(i) == status::Unset)
                    selected.append(i);
        } else {
            for (qsizetype i = 0; i < list.size(); ++i)
                selected.append(i);
        }
        task.itemsCount = int(list.size());
        for (const qsizetype i : std::as_const(selected)) {
            Value item = list.at(i);
            if (!plan->itemKeys.isEmpty() && item.isList()) {
                ValueDict named;
                const ValueList &parts = item.toList();
                for (qsizetype k = 0; k < std::min(parts.size(), plan->itemKeys.size()); ++k)
                    named.insert(plan->itemKeys.at(k), parts.at(k));
                item = Value(std::move(named));
            } else if (plan->itemKeys.size() == 1) {
                item = makeDict({{plan->itemKeys.first(), item}});
            }
            ValueDict itemData = data.toDict();
            itemData.insert(QStringLiteral("__current_item"), item);
            const Value itemValue(std::move(itemData));
            task.actions.append({d->evaluateToKeep(plan->action, itemValue), d->evaluateToKeep(input, itemValue), int(i)});
        }
    }
    if (py::truthy(plan->delay)) {
        Value delay = plan->delay;
        if (delay.isString())
            delay = d->evaluate(delay, data);
        if (!delay.isInt())
            throw SquallException(QStringLiteral("TypeError"),
                                  QStringLiteral("The value of task delay is not type of integer."));
        task.hasDelay = true;
        task.delay = delay.toInt();
    }
    task.hasItems = plan->hasItems;
    return task;
}

void TaskOps::update(const QString &taskId, int route, const ActionEvent &event, const QString &engineEvent)
{
    Machine m{d};
    if (!d->plan->graphHasTask(taskId))
        throw SquallException(QStringLiteral("InvalidTask"), QStringLiteral("Task \"%1\" does not exist.").arg(taskId));
    StagedPtr staged = d->stagedTask(taskId, route);
    int idx = d->entryIndex(taskId, route);
    const TaskPlan *plan = d->plan->task(taskId);
    if (!staged && idx < 0)
        throw SquallException(QStringLiteral("InvalidTaskStateEntry"),
                              QStringLiteral("Task \"%1\" is not staged or has not started yet.").arg(taskId));
    if (staged && staged->hasItems && event.itemId >= staged->items.size())
        throw SquallException(QStringLiteral("IndexError"),
                              QStringLiteral("Task \"%1\" has no item %2.").arg(taskId).arg(event.itemId));
    if (staged && (idx < 0 || WorkflowPlan::isEngineCommand(taskId)))
        idx = addTaskState(taskId, staged->route, staged->ctxIn, staged->prev);
    if (staged && status::isCompleted(d->sequence.at(idx)->status) && status::isStarting(event.status))
        idx = addTaskState(taskId, staged->route, staged->ctxIn, staged->prev);
    if (!event.status.isEmpty() && staged && !staged->hasItems)
        d->removeStaged(taskId, route);
    if (staged && event.itemId >= 0 && event.itemId < staged->items.size()) {
        staged->setItem(event.itemId, event.status);
        d->journal.itemChanges.append(makeList({staged->id, staged->route, event.itemId, event.status}));
    }
    if (engineEvent.isEmpty()) {
        d->noteOpaque(event.result);
        // Item results were noted one by one as they arrived; rescanning the
        // accumulated list on every item would make with-items quadratic.
        if (event.itemId < 0)
            d->noteOpaque(event.accumulatedResult);
    }
    if (event.status == status::Failed)
        d->logEntry(QStringLiteral("error"), QStringLiteral("Execution failed. See result for details."), taskId, -1,
                    {}, event.result, true);

    const QString oldStatus = d->sequence.at(idx)->status.isEmpty() ? status::Unset : d->sequence.at(idx)->status;
    if (!engineEvent.isEmpty())
        m.taskActionEvent(idx, engineEvent);
    else if (event.itemId >= 0)
        m.taskActionEvent(idx, m.itemEventName(*d->sequence.at(idx), event));
    else
        m.taskActionEvent(idx, QStringLiteral("action_") + event.status);
    TaskEntry &entry = *d->sequence[idx];
    const QString newStatus = entry.status.isEmpty() ? status::Unset : entry.status;

    if (newStatus == status::Retrying) {
        entry.retry.dictRef().insert(QStringLiteral("tally"), entry.retry[u"tally"].toInt() + 1);
        d->markEntry(idx);
        d->removeStaged(taskId, route);
        d->addStaged(taskId, route, entry.ctxIn, entry.prev, true, entry.retry);
    }

    QQueue<std::pair<QString, int>> engineQueue;
    if (status::isCompleted(newStatus)) {
        if (!(plan->hasItems && status::isAbended(newStatus))) {
            d->removeStaged(taskId, route);
        } else if (const StagedPtr s = d->stagedTask(taskId, route)) {
            s->completed = true;
            d->journal.stagedDirty = true;
        }
        Value result = event.result;
        if (plan->hasItems) {
            result = event.itemId >= 0 ? event.accumulatedResult : event.result;
            if (!py::truthy(result))
                result = Value(ValueList());
        }
        const Value data = taskData(d, d->taskContext(entry.ctxIn), currentTask(taskId, entry.route, &result));
        if (status::isActive(d->status)) {
            bool retry = false;
            try {
                retry = evaluateRetry(entry, data);
            } catch (const SquallException &e) {
                d->logEntry(QStringLiteral("error"), describe(e), taskId, route);
                q->requestWorkflowStatus(status::Failed);
            }
            if (retry) {
                update(taskId, route, ActionEvent::of(status::Retrying), engineEventName(QStringLiteral("retry")));
                return;
            }
        }

        if (newStatus != oldStatus) {
            bool manualFail = false;
            QList<StagedPtr> readyNext;
            const GraphNode *node = d->plan->node(taskId);
            if (node->next.isEmpty())
                entry.term = true;
            for (int ti : node->next) {
                const GraphTransition &t = d->plan->transitions().at(ti);
                const QString tid = t.id();
                bool satisfied = true;
                try {
                    for (const QString &c : t.criteria)
                        satisfied = py::truthy(d->evaluate(Value(c), data)) && satisfied;
                } catch (const SquallException &e) {
                    d->logEntry(QStringLiteral("error"), describe(e), taskId, route, tid);
                    q->requestWorkflowStatus(status::Failed);
                    continue;
                }
                bool found = false;
                for (auto &[k, v] : entry.next)
                    if (k == tid) {
                        v = satisfied;
                        found = true;
                    }
                if (!found)
                    entry.next.append({tid, satisfied});
                d->markEntry(idx);
                if (!satisfied)
                    continue;

                // Publish: each value sees the ones before it.
                ValueDict rolling = data.toDict();
                ValueDict published;
                QStringList errors;
                const TransitionPlan &tp = plan->transitions.at(t.ref);
                if (tp.next.contains(t.destination)) {
                    for (const NamedValue &p : tp.publish) {
                        try {
                            const Value v = d->evaluateToKeep(p.value, Value(rolling));
                            rolling.insert(p.name, v);
                            published.insert(p.name, v);
                        } catch (const SquallException &e) {
                            errors.append(describe(e));
                        }
                    }
                }
                if (!errors.isEmpty()) {
                    for (const QString &e : std::as_const(errors))
                        d->logEntry(QStringLiteral("error"), e, taskId, route, tid);
                    q->requestWorkflowStatus(status::Failed);
                    continue;
                }
                QList<int> outIdxs = entry.ctxIn;
                if (!published.isEmpty()) {
                    d->contexts.append(Value(std::move(published)));
                    const int newIdx = int(d->contexts.size() - 1);
                    outIdxs.append(newIdx);
                    entry.ctxOut = {{tid, newIdx}};
                }
                const int nextRoute = evaluateRoute(t, route);
                StagedPtr next = d->stagedTask(t.destination, nextRoute);
                const QString backref = t.backref();
                if (next) {
                    outIdxs.removeOne(0);
                    next->ctxIn.append(outIdxs);
                    bool replaced = false;
                    for (auto &[k, v] : next->prev)
                        if (k == backref) {
                            v = idx;
                            replaced = true;
                        }
                    if (!replaced)
                        next->prev.append({backref, idx});
                    next->hasItems = false;
                    next->items.clear();
                    next->recountItems();
                    next->completed = false;
                } else {
                    next = d->addStaged(t.destination, nextRoute, outIdxs, {{backref, idx}}, false);
                }
                d->journal.stagedDirty = true;
                next->ready = m.inboundCriteria(t.destination, route) == Inbound::Satisfied;
                if (WorkflowPlan::isEngineCommand(t.destination)) {
                    engineQueue.enqueue({next->id, next->route});
                    manualFail |= t.destination == u"fail";
                } else if (next->ready) {
                    readyNext.append(next);
                }
            }
            if (manualFail)
                for (const StagedPtr &s : std::as_const(readyNext))
                    s->runOnFail = true;
        }
    }

    m.workflowTaskEvent(taskId, route, newStatus);
    while (!engineQueue.isEmpty()) {
        const auto [id, r] = engineQueue.dequeue();
        update(id, r, ActionEvent::of(engineEventStatus(id)), engineEventName(id));
    }
    if (status::isCompleted(d->status)) {
        d->sequence[idx]->term = true;
        d->markEntry(idx);
    }
}

} // namespace

void Conductor::updateTaskState(const QString &taskId, int route, const ActionEvent &event)
{
    if (!status::isValid(event.status))
        throw SquallException(QStringLiteral("InvalidStatus"), QStringLiteral("Status \"%1\" is not valid.").arg(event.status));
    TaskOps{this, d.get()}.update(taskId, route, event, {});
}

QList<NextTask> Conductor::nextTasks()
{
    QList<NextTask> out;
    const QList<StagedPtr> ready = d->readyStaged();
    QList<StagedPtr> remediation;
    if (d->status == status::Failed)
        for (const StagedPtr &s : ready)
            if (s->runOnFail)
                remediation.append(s);
    if (!status::isRunning(d->status) && remediation.isEmpty())
        return out;
    bool failed = false;
    TaskOps ops{this, d.get()};
    for (const StagedPtr &s : remediation.isEmpty() ? ready : remediation) {
        try {
            NextTask task = ops.getTask(s->id, s->route, s);
            if (!s->retry.isNull()) {
                task.hasDelay = true;
                task.delay = s->retry[u"delay"].toInt();
            }
            if (!task.actions.isEmpty() || (task.hasItems && task.itemsCount == 0))
                out.append(task);
        } catch (const SquallException &e) {
            failed = true;
            d->logEntry(QStringLiteral("error"), describe(e), s->id, s->route);
        }
    }
    if (failed) {
        requestWorkflowStatus(status::Failed);
        return {};
    }
    std::sort(out.begin(), out.end(), [](const NextTask &a, const NextTask &b) {
        return a.id != b.id ? a.id < b.id : a.route < b.route;
    });
    return out;
}

void Conductor::renderWorkflowOutput()
{
    if (!status::isCompleted(d->status) || workflowOutput().isDict())
        return;
    ValueDict ctx;
    bool first = true;
    for (const TaskEntryPtr &e : std::as_const(d->sequence)) {
        if (!e->term)
            continue;
        if (first) {
            ctx = d->taskContext(e->ctxIn);
            first = false;
        } else {
            QList<int> idxs = e->ctxIn;
            idxs.removeOne(0);
            mergeInto(ctx, d->taskContext(idxs));
        }
    }
    ctx.insert(QStringLiteral("__state"), d->stateObject());
    ValueDict outputs;
    QStringList errors;
    for (const NamedValue &o : d->plan->output()) {
        try {
            const Value v = d->evaluateToKeep(o.value, Value(ctx));
            ctx.insert(o.name, v);
            outputs.insert(o.name, v);
        } catch (const SquallException &e) {
            errors.append(describe(e));
        }
    }
    if (!outputs.isEmpty()) {
        d->output = Value(std::move(outputs));
        d->journal.outputDirty = true;
    }
    if (!errors.isEmpty()) {
        for (const QString &e : std::as_const(errors))
            d->logEntry(QStringLiteral("error"), e);
        if (d->status != status::Expired && d->status != status::Abandoned && d->status != status::Canceled)
            requestWorkflowStatus(status::Failed);
    }
}

void Conductor::requestWorkflowRerun(const QList<TaskRerunRequest> &requests)
{
    if (!status::isCompleted(d->status))
        throw SquallException(QStringLiteral("WorkflowIsActiveAndNotRerunableError"),
                              QStringLiteral("Unable to rerun workflow because it is not in a completed state."));
    // Deduplicated by task|route, first request wins its position, last its flags.
    QList<TaskRerunRequest> tasks;
    for (const TaskRerunRequest &r : requests) {
        bool dup = false;
        for (TaskRerunRequest &t : tasks)
            if (t.taskId == r.taskId && t.route == r.route) {
                t = r;
                dup = true;
            }
        if (!dup)
            tasks.append(r);
    }
    QStringList invalid;
    for (const TaskRerunRequest &t : std::as_const(tasks))
        if (!d->tasks.contains(Private::key(t.taskId, t.route)))
            invalid.append(t.taskId + QLatin1Char('|') + QString::number(t.route));
    if (!invalid.isEmpty())
        throw SquallException(QStringLiteral("InvalidTaskRerunRequest"),
                              QStringLiteral("Unable to rerun task|route(s) because it doesn't exist or isn't "
                                             "rerunnable: %1")
                                  .arg(invalid.join(QStringLiteral(", "))));

    // The sequence of entries downstream of an entry (get_task_sequence).
    auto downstream = [this](const QString &taskId, int route) {
        QList<int> seq{d->entryIndex(taskId, route)};
        QQueue<std::pair<QString, int>> queue;
        queue.enqueue({taskId, route});
        QSet<int> seen;
        while (!queue.isEmpty()) {
            const auto [id, r] = queue.dequeue();
            for (int i = 0; i < d->sequence.size(); ++i) {
                for (const auto &[k, v] : d->sequence.at(i)->prev) {
                    Q_UNUSED(k);
                    const TaskEntry &p = *d->sequence.at(v);
                    if (p.id == id && p.route == r) {
                        seq.append(i);
                        if (!seen.contains(i)) {
                            seen.insert(i);
                            queue.enqueue({d->sequence.at(i)->id, d->sequence.at(i)->route});
                        }
                    }
                }
            }
        }
        return seq;
    };

    QList<std::pair<int, TaskRerunRequest>> candidates;  // (sequence index, request)
    if (tasks.isEmpty()) {
        for (int i = 0; i < d->sequence.size(); ++i) {
            const TaskEntry &e = *d->sequence.at(i);
            if (e.term && status::isAbended(e.status))
                candidates.append({i, TaskRerunRequest{e.id, e.route, false}});
        }
    } else {
        QList<QList<int>> seqs;
        for (const TaskRerunRequest &t : std::as_const(tasks))
            seqs.append(downstream(t.taskId, t.route));
        for (qsizetype i = 0; i < tasks.size(); ++i) {
            bool keep = tasks.size() == 1;
            // Kept when its downstream reaches something another request's does not.
            for (qsizetype j = 0; j < seqs.size() && !keep; ++j) {
                const QSet<int> other(seqs.at(j).cbegin(), seqs.at(j).cend());
                for (int x : seqs.at(i))
                    if (!other.contains(x)) {
                        keep = true;
                        break;
                    }
            }
            if (keep)
                candidates.append({d->entryIndex(tasks.at(i).taskId, tasks.at(i).route), tasks.at(i)});
        }
    }
    QList<int> rerunEntry;
    for (const auto &c : std::as_const(candidates))
        rerunEntry.append(c.first);
    d->reruns.append(rerunEntry);

    std::sort(candidates.begin(), candidates.end(), [this](const auto &a, const auto &b) {
        const TaskEntry &x = *d->sequence.at(a.first), &y = *d->sequence.at(b.first);
        return x.id != y.id ? x.id < y.id : x.route < y.route;
    });
    TaskOps ops{this, d.get()};
    for (const auto &[seqIdx, request] : std::as_const(candidates)) {
        TaskEntry &task = *d->sequence[seqIdx];
        const QList<int> ctxIn = task.ctxIn;
        const Backrefs prev = task.prev;
        const QString id = task.id;
        const int route = task.route;
        task.term = false;
        d->markEntry(seqIdx);
        const StagedPtr staged = d->stagedTask(id, route);
        if (staged) {
            staged->completed = false;
            d->journal.stagedDirty = true;
        }
        ValueList kept;
        for (const Value &e : std::as_const(d->errors))
            if (e[u"task_id"].toString() != id || !e.contains(u"task_id"))
                kept.append(e);
        if (kept.size() != d->errors.size()) {
            d->errors = kept;
            d->journal.errorsReset = true;
        }
        if (d->plan->task(id)->hasItems) {
            if (staged) {
                for (QString &item : staged->items)
                    if (request.resetItems || status::isAbended(item))
                        item = status::Unset;
                staged->recountItems();
                d->journal.stagedDirty = true;
            }
        } else {
            ops.addTaskState(id, route, ctxIn, prev);
            d->addStaged(id, route, ctxIn, prev, true);
        }
        for (int i : downstream(id, route)) {
            d->sequence[i]->term = false;
            d->markEntry(i);
        }
    }
    for (int i = 0; i < d->sequence.size(); ++i) {
        TaskEntry &e = *d->sequence[i];
        if (!e.term)
            continue;
        for (const auto &[k, v] : e.next)
            if (v) {
                e.term = false;
                d->markEntry(i);
                break;
            }
    }
    d->output = Value();
    d->journal.outputDirty = true;
    d->status = status::Resuming;
}

} // namespace squall::orquesta
