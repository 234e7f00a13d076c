#include "engine/OrquestaHost.h"

#include "engine/CrashGuard.h"

#include "base/Error.h"
#include "engine/ExecutionService.h"
#include "engine/WorkflowRun.h"
#include "engine/WorkflowService.h"
#include "runners/RunRequest.h"
#include "store/Store.h"
#include "workflow/orquesta/Conductor.h"
#include "workflow/orquesta/Statuses.h"

#include <QLoggingCategory>
#include <QTimer>

namespace squall::engine {

Q_LOGGING_CATEGORY(lcOrquesta, "squall.orquesta")

namespace ost = orquesta::status;

namespace {

// A snapshot bounds how much journal a restart replays.
constexpr int kSnapshotEvery = 256;

Value errorEntry(const QString &message)
{
    return makeDict({{QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("message"), message}});
}

} // namespace

OrquestaHost::OrquestaHost(WorkflowService *service, WorkflowRun *run, Value execution)
    : WorkflowHost(service, run, std::move(execution))
{
}

OrquestaHost::~OrquestaHost() = default;

namespace {
const char kQuarantined[] = "the engine stopped while conducting this workflow; it was not resumed to avoid a crash loop";
} // namespace

void OrquestaHost::fail(const QString &message, const Value &errors)
{
    const Value errs = errors.isNull() ? Value(ValueList{errorEntry(message)}) : errors;
    finish(QStringLiteral("failed"), makeDict({{QStringLiteral("errors"), errs}, {QStringLiteral("output"), Value()}}));
}

void OrquestaHost::start()
{
    if (!run())
        return;
    const CrashGuard::Conducting conducting(service()->crashGuard(), id());
    Value inspection;
    try {
        m_plan = service()->orquestaPlan(run()->request().entryPoint, &inspection);
    } catch (const SquallException &e) {
        fail(e.error().toString());
        return;
    }
    if (!inspection.toList().isEmpty() || !m_plan) {
        fail(QStringLiteral("the workflow failed inspection"), inspection);
        return;
    }
    bool ok = false;
    CrashGuard *guard = service()->crashGuard();
    bool resuming = false;
    try {
        const Value rerun = execution()[u"context"][u"re-run"];
        if (const auto state = service()->store()->workflowState(id())) {
            if (guard && guard->isQuarantined(id())) {
                qCWarning(lcOrquesta).noquote() << "workflow" << id()
                                                << "was being conducted when the engine stopped; it is recorded as "
                                                   "failed instead of resumed, to avoid a crash loop";
                fail(QString::fromLatin1(kQuarantined));
                guard->release(id());
                return;
            }
            // Durable before the attempt: dying here in any way fails it next time.
            resuming = guard != nullptr;
            if (guard)
                guard->beginResume(id());
            CrashGuard::injectResumeFault();
            ok = restore(state->snapshot, state->journal);
        } else if (!rerun[u"tasks"].toList().isEmpty()) {
            ok = startRerun(rerun);
        } else {
            ok = startFresh();
        }
    } catch (const SquallException &e) {
        if (resuming)
            guard->endResume();
        fail(e.error().message);
        return;
    }
    if (ok)
        pump();
    if (resuming)
        guard->endResume();
}

Value OrquestaHost::parentContext() const
{
    const Value &ctx = execution()[u"context"];
    const runners::RunRequest &rr = run()->request();
    ValueDict st2{{QStringLiteral("action_execution_id"), id()},
                  {QStringLiteral("api_url"), service()->apiUrl()},
                  {QStringLiteral("user"), ctx[u"user"].isNull() ? Value(rr.user) : ctx[u"user"]},
                  {QStringLiteral("pack"), rr.packName},
                  {QStringLiteral("action"), rr.actionRef},
                  {QStringLiteral("runner"), rr.runnerType},
                  {QStringLiteral("workflow_execution_id"), id()}};
    if (!ctx[u"api_user"].isNull())
        st2.insert(QStringLiteral("api_user"), ctx[u"api_user"]);
    if (!ctx[u"source_channel"].isNull())
        st2.insert(QStringLiteral("source_channel"), ctx[u"source_channel"]);
    ValueDict out{{QStringLiteral("st2"), Value(std::move(st2))}};
    if (!ctx[u"parent"].isNull())
        out.insert(QStringLiteral("parent"), ctx[u"parent"]);
    return Value(std::move(out));
}

std::unique_ptr<orquesta::Conductor> OrquestaHost::restoreConductor(std::shared_ptr<const orquesta::WorkflowPlan> plan,
                                                                   const store::WorkflowState &state,
                                                                   const expr::Scope *functions)
{
    auto conductor = orquesta::Conductor::restore(std::move(plan), state.snapshot[u"c"], functions);
    for (const Value &entry : state.journal)
        if (!entry[u"c"].isNull())
            conductor->applyDelta(entry[u"c"]);
    return conductor;
}

bool OrquestaHost::startFresh()
{
    m_conductor = std::make_unique<orquesta::Conductor>(m_plan, run()->request().actionParameters, parentContext(),
                                                        service()->functionScope());
    if (!ost::isCompleted(m_conductor->workflowStatus()))
        m_conductor->requestWorkflowStatus(ost::Running);
    m_conductor->takeDelta();
    saveSnapshot();
    return true;
}

bool OrquestaHost::startRerun(const Value &rerun)
{
    const QString original = rerun[u"ref"].toString();
    const auto state = service()->store()->workflowState(original);
    if (!state) {
        fail(QStringLiteral("execution %1 has no workflow state to re-run from").arg(original));
        return false;
    }
    m_conductor = restoreConductor(m_plan, *state, service()->functionScope());
    QStringList reset;
    for (const Value &v : rerun[u"reset"].toList())
        reset << v.toString();
    QList<orquesta::TaskRerunRequest> requests;
    QStringList seen;
    for (const Value &v : rerun[u"tasks"].toList()) {
        const QString path = v.toString();
        // "task.inner[.deeper]": re-run `task`, whose action is a workflow, by
        // re-running its own execution from `inner` instead of starting it afresh.
        const qsizetype dot = path.indexOf(u'.');
        const QString task = dot < 0 ? path : path.left(dot);
        if (dot >= 0) {
            const QString child = latestChild(original, task);
            if (child.isEmpty()) {
                fail(QStringLiteral("task \"%1\" of execution %2 never ran a workflow to re-run \"%3\" in")
                         .arg(task, original, path.mid(dot + 1)));
                return false;
            }
            NestedRerun &nested = m_nestedReruns[task];
            nested.execution = child;
            nested.tasks << path.mid(dot + 1);
            if (reset.contains(path))
                nested.reset << path.mid(dot + 1);
        }
        if (!seen.contains(task)) {
            seen << task;
            requests.append({task, 0, reset.contains(task)});
        }
    }
    m_conductor->requestWorkflowRerun(requests);
    m_conductor->takeDelta();
    saveSnapshot();
    return true;
}

bool OrquestaHost::restore(const Value &snapshot, const ValueList &journal)
{
    m_conductor = orquesta::Conductor::restore(m_plan, snapshot[u"c"], service()->functionScope());
    auto addDispatched = [this](const Value &d) {
        const QString child = d[u"x"].toString();
        const Child c{d[u"t"].toString(), int(d[u"r"].toInt()), d[u"i"].isNull() ? -1 : int(d[u"i"].toInt())};
        m_active.insert(child, c);
        if (c.item >= 0) {
            m_itemChildren[keyOf(c.task, c.route)].append({c.item, child});
            m_itemsStarted[keyOf(c.task, c.route)].insert(c.item);
        }
    };
    for (const Value &d : snapshot[u"active"].toList())
        addDispatched(d);
    for (const auto &[key, list] : snapshot[u"items"].toDict()) {
        for (const Value &e : list.toList()) {
            m_itemChildren[key].append({int(e[u"i"].toInt()), e[u"x"].toString()});
            m_itemsStarted[key].insert(int(e[u"i"].toInt()));
        }
    }
    for (const Value &entry : journal) {
        if (!entry[u"c"].isNull())
            m_conductor->applyDelta(entry[u"c"]);
        for (const Value &d : entry[u"d"].toList())
            addDispatched(d);
        for (const Value &f : entry[u"f"].toList())
            m_active.remove(f.toString());
        for (const Value &k : entry[u"k"].toList()) {
            m_itemChildren.remove(k.toString());
            m_itemsStarted.remove(k.toString());
            m_itemResults.remove(k.toString());
        }
    }
    saveSnapshot();
    // Children that ended while the daemon was down (or were abandoned by its
    // restart) are fed now; the others report as usual.
    const QStringList ids = m_active.keys();
    QTimer::singleShot(0, run(), [this, ids] {
        for (const QString &child : ids) {
            if (isFinished() || !m_active.contains(child))
                continue;
            const Value doc = service()->executionRecord(child);
            const QString st = doc[u"status"].toString();
            if (doc.isNull())
                feed(child, ost::Abandoned, makeDict({{QStringLiteral("error"), QStringLiteral("the task's execution is gone")}}));
            else if (ost::isCompleted(st))
                feed(child, st, doc[u"result"]);
        }
        pump();
    });
    qCInfo(lcOrquesta) << "workflow" << id() << "resumed with" << m_active.size() << "task execution(s) in flight";
    return true;
}

QString OrquestaHost::latestChild(const QString &workflowId, const QString &task) const
{
    QString found;
    for (const Value &child : service()->store()->children(workflowId)) {
        if (child[u"context"][u"orquesta"][u"task_name"].toString() == task
            && (child[u"runner"][u"name"].toString() == u"orquesta"))
            found = child[u"id"].toString();  // oldest first: the last one wins
    }
    return found;
}

bool OrquestaHost::hasActive(const QString &task, int route) const
{
    for (const Child &c : m_active)
        if (c.task == task && c.route == route)
            return true;
    return false;
}

void OrquestaHost::pump()
{
    const CrashGuard::Conducting conducting(service()->crashGuard(), id());
    if (m_pumping || isFinished() || !m_conductor)
        return;
    m_pumping = true;
    bool progressed = true;
    while (progressed && !isFinished()) {
        progressed = false;
        QList<orquesta::NextTask> next;
        try {
            next = m_conductor->nextTasks();
        } catch (const SquallException &e) {
            qCWarning(lcOrquesta) << "workflow" << id() << e.error().message;
            break;
        }
        for (const orquesta::NextTask &t : next)
            progressed = dispatch(t) || progressed;
    }
    m_pumping = false;
    journal();
    checkState();
}

bool OrquestaHost::dispatch(const orquesta::NextTask &t)
{
    CrashGuard::injectConductFault(t.id);
    const QString key = keyOf(t.id, t.route);
    if (!t.hasItems) {
        if (hasActive(t.id, t.route))
            return false;
        m_conductor->updateTaskState(t.id, t.route, orquesta::ActionEvent::of(ost::Running));
        const bool actionless = t.actions.isEmpty() || t.actions.first().action.isNull();
        if (actionless) {
            m_conductor->updateTaskState(t.id, t.route, orquesta::ActionEvent::of(ost::Succeeded));
            return true;
        }
        const orquesta::ActionSpec &a = t.actions.first();
        requestAction(t.id, t.route, -1, a.action, a.input, t.hasDelay ? t.delay : 0);
        return true;
    }
    QSet<int> &started = m_itemsStarted[key];
    QList<const orquesta::ActionSpec *> fresh;
    for (const orquesta::ActionSpec &a : t.actions)
        if (!started.contains(a.itemId))
            fresh.append(&a);
    const bool first = started.isEmpty() && !hasActive(t.id, t.route);
    if (fresh.isEmpty() && !(first && t.itemsCount == 0))
        return false;
    m_conductor->updateTaskState(t.id, t.route, orquesta::ActionEvent::of(ost::Running));
    if (t.itemsCount == 0) {
        m_conductor->updateTaskState(t.id, t.route, orquesta::ActionEvent::of(ost::Succeeded, Value(ValueList())));
        settle(t.id, t.route);
        return true;
    }
    for (const orquesta::ActionSpec *a : fresh)
        started.insert(a->itemId);
    for (const orquesta::ActionSpec *a : fresh) {
        // A refused child can end the task at once, which drops its item
        // bookkeeping (`started` with it): then no other item starts.
        if (!m_itemsStarted.contains(key))
            break;
        // Orquesta delays only the first `concurrency` items.
        requestAction(t.id, t.route, a->itemId, a->action, a->input, t.hasDelay ? t.delay : 0);
    }
    return true;
}

void OrquestaHost::requestAction(const QString &task, int route, int item, const Value &action, const Value &input,
                                 qint64 delaySeconds)
{
    const Value &ctx = execution()[u"context"];
    ValueDict orq{{QStringLiteral("workflow_execution_id"), id()},
                  {QStringLiteral("task_id"), task},
                  {QStringLiteral("task_name"), task},
                  {QStringLiteral("task_route"), route}};
    if (item >= 0)
        orq.insert(QStringLiteral("item_id"), item);
    ValueDict childCtx{{QStringLiteral("user"), ctx[u"user"]},
                       {QStringLiteral("parent"),
                        makeDict({{QStringLiteral("execution_id"), id()},
                                  {QStringLiteral("user"), ctx[u"user"]},
                                  {QStringLiteral("pack"), run() ? Value(run()->request().packName) : Value()}})},
                       {QStringLiteral("orquesta"), Value(std::move(orq))}};
    if (!ctx[u"trace_context"].isNull())
        childCtx.insert(QStringLiteral("trace_context"), ctx[u"trace_context"]);
    if (!ctx[u"api_user"].isNull())
        childCtx.insert(QStringLiteral("api_user"), ctx[u"api_user"]);

    if (item < 0) {
        if (auto nested = m_nestedReruns.find(task); nested != m_nestedReruns.end()) {
            childCtx.insert(QStringLiteral("re-run"),
                            makeDict({{QStringLiteral("ref"), nested->execution},
                                      {QStringLiteral("tasks"), Value(ValueList(nested->tasks.cbegin(), nested->tasks.cend()))},
                                      {QStringLiteral("reset"), Value(ValueList(nested->reset.cbegin(), nested->reset.cend()))}}));
            m_nestedReruns.erase(nested);
        }
    }

    ExecutionRequest req;
    req.actionRef = action.toString();
    req.parameters = input.isDict() ? input : Value(ValueDict());
    req.context = Value(std::move(childCtx));
    req.delayMs = int(std::min<qint64>(delaySeconds * 1000, std::numeric_limits<int>::max()));
    QString childId;
    try {
        const Value doc = service()->requestChild(req);
        childId = doc[u"id"].toString();
    } catch (const SquallException &e) {
        // The task fails like a failed action, with the reason as its result.
        const Value result = makeDict({{QStringLiteral("error"), e.error().message}});
        const QString key = keyOf(task, route);
        if (item >= 0) {
            // Record a pseudo child so the accumulated result keeps its slot.
            const QString pseudo = QStringLiteral("refused:") + key + u':' + QString::number(item);
            m_active.insert(pseudo, Child{task, route, item});
            m_itemChildren[key].append({item, pseudo});
            feed(pseudo, ost::Failed, result);
        } else {
            m_conductor->updateTaskState(task, route, orquesta::ActionEvent::of(ost::Failed, result));
        }
        return;
    }
    m_active.insert(childId, Child{task, route, item});
    if (item >= 0)
        m_itemChildren[keyOf(task, route)].append({item, childId});
    ValueDict d{{QStringLiteral("x"), childId}, {QStringLiteral("t"), task}, {QStringLiteral("r"), route}};
    if (item >= 0)
        d.insert(QStringLiteral("i"), item);
    m_dispatched.append(Value(std::move(d)));
}

void OrquestaHost::feed(const QString &childId, const QString &status, const Value &result)
{
    const auto it = m_active.constFind(childId);
    if (it == m_active.cend())
        return;
    const Child c = *it;
    m_active.erase(it);
    if (!childId.startsWith(u"refused:"))
        m_finished.append(Value(childId));
    // An answered inquiry resumes a workflow that paused for it.
    if (m_conductor->workflowStatus() == ost::Paused && status != ost::Paused)
        m_conductor->requestWorkflowStatus(ost::Resuming);
    try {
        if (c.item < 0) {
            m_conductor->updateTaskState(c.task, c.route, orquesta::ActionEvent::of(status, result));
        } else {
            const QString key = keyOf(c.task, c.route);
            auto results = m_itemResults.find(key);
            if (results == m_itemResults.end()) {
                // First result of this attempt (or the first since a restart):
                // earlier items' results come from their stored records once.
                results = m_itemResults.insert(key, ValueList());
                for (const auto &[item, id] : m_itemChildren.value(key)) {
                    if (item >= results->size())
                        results->resize(item + 1);
                    if (id != childId && !m_active.contains(id) && !id.startsWith(u"refused:"))
                        (*results)[item] = service()->executionRecord(id)[u"result"];
                }
            }
            if (c.item >= results->size())
                results->resize(c.item + 1);
            (*results)[c.item] = result;
            const Value acc(*results);
            m_conductor->updateTaskState(c.task, c.route,
                                         orquesta::ActionEvent::item(c.item, status, result, acc));
        }
    } catch (const SquallException &e) {
        qCWarning(lcOrquesta) << "workflow" << id() << "task" << c.task << e.error().message;
    }
    settle(c.task, c.route);
}

void OrquestaHost::settle(const QString &task, int route)
{
    const QString key = keyOf(task, route);
    if (!m_itemsStarted.contains(key) || hasActive(task, route))
        return;
    if (!ost::isCompleted(m_conductor->taskStatus(task, route)))
        return;
    m_itemsStarted.remove(key);
    m_itemChildren.remove(key);
    m_itemResults.remove(key);
    m_cleared.append(Value(key));
}

void OrquestaHost::childCompleted(const Value &child)
{
    if (!m_conductor)
        return;
    const CrashGuard::Conducting conducting(service()->crashGuard(), id());
    feed(child[u"id"].toString(), child[u"status"].toString(), child[u"result"]);
    pump();
}

void OrquestaHost::childPending(const Value &child)
{
    const auto it = m_active.constFind(child[u"id"].toString());
    if (it == m_active.cend() || !m_conductor)
        return;
    const CrashGuard::Conducting conducting(service()->crashGuard(), id());
    try {
        m_conductor->updateTaskState(it->task, it->route, orquesta::ActionEvent::of(ost::Pending, child[u"result"]));
    } catch (const SquallException &e) {
        qCWarning(lcOrquesta) << "workflow" << id() << e.error().message;
    }
    pump();
}

bool OrquestaHost::pause()
{
    if (!m_conductor || isFinished())
        return false;
    const QString st = m_conductor->workflowStatus();
    if (st == ost::Paused || st == ost::Pausing)
        return true;
    try {
        m_conductor->requestWorkflowStatus(ost::Pausing);
    } catch (const SquallException &) {
        return false;
    }
    // Pausing cascades down to child workflows.
    for (auto it = m_active.cbegin(); it != m_active.cend(); ++it)
        service()->executions()->pauseChild(it.key());
    pump();
    return true;
}

bool OrquestaHost::resume()
{
    if (!m_conductor || isFinished())
        return false;
    const QString st = m_conductor->workflowStatus();
    if (st != ost::Paused && st != ost::Pausing)
        return false;
    try {
        m_conductor->requestWorkflowStatus(ost::Resuming);
    } catch (const SquallException &) {
        return false;
    }
    for (auto it = m_active.cbegin(); it != m_active.cend(); ++it)
        service()->executions()->resumeChild(it.key());
    pump();
    return true;
}

void OrquestaHost::cancel()
{
    if (!m_conductor || isFinished()) {
        if (!isFinished())
            finish(QStringLiteral("canceled"), makeDict({{QStringLiteral("output"), Value()}}));
        return;
    }
    try {
        m_conductor->requestWorkflowStatus(ost::Canceling);
    } catch (const SquallException &e) {
        qCWarning(lcOrquesta) << "workflow" << id() << e.error().message;
    }
    const QStringList children = m_active.keys();
    for (const QString &child : children)
        service()->executions()->cancelChild(child);
    pump();
}

void OrquestaHost::saveSnapshot()
{
    ValueList active;
    for (auto it = m_active.cbegin(); it != m_active.cend(); ++it) {
        if (it.key().startsWith(u"refused:"))
            continue;
        ValueDict d{{QStringLiteral("x"), it.key()}, {QStringLiteral("t"), it->task}, {QStringLiteral("r"), it->route}};
        if (it->item >= 0)
            d.insert(QStringLiteral("i"), it->item);
        active.append(Value(std::move(d)));
    }
    ValueDict items;
    for (auto it = m_itemChildren.cbegin(); it != m_itemChildren.cend(); ++it) {
        ValueList list;
        for (const auto &[item, child] : *it)
            if (!m_active.contains(child) && !child.startsWith(u"refused:"))
                list.append(makeDict({{QStringLiteral("i"), item}, {QStringLiteral("x"), child}}));
        items.insert(it.key(), Value(std::move(list)));
    }
    service()->store()->putWorkflowSnapshot(
        id(), makeDict({{QStringLiteral("c"), m_conductor->snapshot(true)},
                        {QStringLiteral("active"), Value(std::move(active))},
                        {QStringLiteral("items"), Value(std::move(items))}}));
    m_dispatched.clear();
    m_finished.clear();
    m_cleared.clear();
    m_journalSinceSnapshot = 0;
}

void OrquestaHost::journal()
{
    if (!m_conductor)
        return;
    const Value delta = m_conductor->takeDelta();
    if (delta.isNull() && m_dispatched.isEmpty() && m_finished.isEmpty() && m_cleared.isEmpty())
        return;
    if (++m_journalSinceSnapshot >= kSnapshotEvery || ost::isCompleted(m_conductor->workflowStatus())) {
        saveSnapshot();
        return;
    }
    ValueDict entry{{QStringLiteral("c"), delta}};
    if (!m_dispatched.isEmpty())
        entry.insert(QStringLiteral("d"), Value(std::move(m_dispatched)));
    if (!m_finished.isEmpty())
        entry.insert(QStringLiteral("f"), Value(std::move(m_finished)));
    if (!m_cleared.isEmpty())
        entry.insert(QStringLiteral("k"), Value(std::move(m_cleared)));
    m_dispatched = {};
    m_finished = {};
    m_cleared = {};
    service()->store()->appendWorkflowJournal(id(), Value(std::move(entry)));
}

void OrquestaHost::checkState()
{
    if (isFinished() || !m_conductor)
        return;
    const QString st = m_conductor->workflowStatus();
    if (!ost::isCompleted(st)) {
        if (st == ost::Pausing || st == ost::Paused || st == ost::Canceling || st == ost::Resuming || st == ost::Running)
            reportStatus(st);
        return;
    }
    try {
        m_conductor->renderWorkflowOutput();
    } catch (const SquallException &e) {
        qCWarning(lcOrquesta) << "workflow" << id() << "output:" << e.error().message;
    }
    saveSnapshot();
    ValueDict result{{QStringLiteral("output"), m_conductor->workflowOutput()}};
    const QString finalStatus = m_conductor->workflowStatus();
    // As StackStorm records it: errors only on a workflow that did not succeed.
    if (ost::isAbended(finalStatus) && !m_conductor->errors().isEmpty())
        result.insert(QStringLiteral("errors"), Value(m_conductor->errors()));
    finish(finalStatus, Value(std::move(result)));
}

} // namespace squall::engine
