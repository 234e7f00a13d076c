#include "ui/workflow/run/ExecutionTracker.h"

#include "base/Yaml.h"
#include "client/Client.h"
#include "engine/Statuses.h"
#include "ui/history/ExecutionFormat.h"
#include "ui/shell/Studio.h"
#include "workflow/chain/ChainSpec.h"

#include <QMap>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace squall::ui {

namespace {
bool isFinal(const QString &s) { return engine::status::isCompleted(s); }

int itemOf(const Value &child)
{
    const Value item = child[u"context"][u"orquesta"][u"item_id"];
    return item.isNull() ? -1 : int(item.toInt());
}

bool isWorkflowRunner(const Value &child)
{
    const QString runner = child[u"runner"][u"name"].toString();
    return runner == u"orquesta" || runner == u"action-chain";
}
} // namespace

ExecutionTracker::ExecutionTracker(Studio *studio, QObject *parent) : QObject(parent), m_studio(studio)
{
    connect(m_studio, &Studio::eventsReceived, this, &ExecutionTracker::onEvents);
    connect(m_studio, &Studio::resyncRequired, this, [this] {
        if (!m_id.isEmpty())
            follow(m_id);
    });
}

void ExecutionTracker::stop()
{
    ++m_generation;  // late answers of the last follow() are dropped
    m_id.clear();
    m_loaded = false;
    m_finishedSent = false;
    m_doc = Value();
    m_children.clear();
    m_childOrder.clear();
    m_early.clear();
    m_graph = {};
    m_hasGraph = false;
    m_state = Value();
    m_stateInFlight = false;
    m_stateDirty = false;
    m_tasks.clear();
    m_path.clear();
}

void ExecutionTracker::follow(const QString &executionId)
{
    stop();
    m_id = executionId;
    const int generation = m_generation;
    load(client::Request::of(client::Op::GetExecution, executionId), generation, [this, generation](const client::ClientResult &r) {
                                 setDocument(r.value);
                                 loadChildren(generation);
                                 loadGraph(generation);
                             });
}

void ExecutionTracker::load(const client::Request &request, int generation,
                            std::function<void(const client::ClientResult &)> done)
{
    // Answers for an execution no longer followed are dropped; failures are said.
    m_studio->client()->call(request, this, [this, generation, done = std::move(done)](const client::ClientResult &r) {
        if (generation != m_generation)
            return;
        if (!r.ok()) {
            Q_EMIT failed(r.errorText());
            return;
        }
        done(r);
    });
}

void ExecutionTracker::loadChildren(int generation)
{
    load(client::Request::of(client::Op::ExecutionChildren, m_id), generation, [this](const client::ClientResult &r) {
                                 for (const Value &child : r.value.toList())
                                     upsertChild(child);
                                 m_loaded = true;
                                 // What happened while loading is newer than (or as new as) the load.
                                 const engine::EventBatch early = std::exchange(m_early, {});
                                 onEvents(early);
                                 rebuild();
                                 Q_EMIT changed();
                                 notifyFinished();
                                 loadState();
                             });
}

// The conductor's record: the exact path and what each task published.
// One request at a time; changes meanwhile ask once more when it answers.
void ExecutionTracker::loadState()
{
    if (m_doc[u"runner"][u"name"].toString() != u"orquesta")
        return;
    if (m_stateInFlight) {
        m_stateDirty = true;
        return;
    }
    m_stateInFlight = true;
    const int generation = m_generation;
    m_studio->client()->call(client::Request::of(client::Op::ExecutionWorkflow, m_id), this,
                             [this, generation](const client::ClientResult &r) {
                                 if (generation != m_generation)
                                     return;
                                 m_stateInFlight = false;
                                 if (r.ok()) {
                                     m_state = r.value;
                                     applyState();
                                     Q_EMIT changed();
                                 }
                                 if (std::exchange(m_stateDirty, false))
                                     loadState();
                             });
}

void ExecutionTracker::applyState()
{
    if (m_state.isNull())
        return;
    // The sequence also holds engine commands (continue, fail, noop).
    auto isTask = [this](const QString &id) {
        if (m_hasGraph)
            return std::any_of(m_graph.nodes.cbegin(), m_graph.nodes.cend(),
                               [&](const workflow::WorkflowGraph::Node &n) { return n.id == id; });
        return m_tasks.contains(id);
    };
    // Steps guessed for tasks the state does not know yet (it answers later
    // than events) stay until it does.
    const QList<std::pair<QString, QString>> guessed = std::exchange(m_path, {});
    QSet<QString> known;
    for (const Value &entry : m_state[u"tasks"].toList())
        known.insert(entry[u"id"].toString());
    for (const Value &entry : m_state[u"tasks"].toList()) {
        const QString to = entry[u"id"].toString();
        if (!isTask(to))
            continue;
        for (const Value &from : entry[u"prev"].toList()) {
            const std::pair<QString, QString> step{from.toString(), to};
            if (isTask(step.first) && !m_path.contains(step))
                m_path.append(step);
        }
        const auto it = m_tasks.find(to);
        if (it != m_tasks.end()) {
            it->published = entry[u"published"];  // the latest entry of the task wins
            // Items not started yet (concurrency) are counted by the conductor.
            if (entry[u"items"].isInt() && it->itemsTotal >= 0)
                it->itemsTotal = std::max(it->itemsTotal, int(entry[u"items"].toInt()));
        }
    }
    for (const auto &step : guessed)
        if (!known.contains(step.second) && !m_path.contains(step))
            m_path.append(step);
}

// The workflow file names the transitions; the path is read against them.
void ExecutionTracker::loadGraph(int generation)
{
    const QString action = m_doc[u"action"][u"ref"].toString();
    if (action.isEmpty())
        return;
    m_studio->client()->call(
        client::Request::of(client::Op::ActionEntryPoint, action), this, [this, generation](const client::ClientResult &r) {
            if (generation != m_generation || !r.ok())
                return;
            try {
                const yaml::Document doc = yaml::load(r.value.toString().toUtf8());
                if (doc.value[u"tasks"].isDict()) {
                    m_graph = workflow::WorkflowGraph::fromOrquesta(doc.value);
                    m_hasGraph = true;
                } else if (doc.value[u"chain"].isList()) {
                    QList<Error> errors;
                    if (const auto chain = actionchain::ChainSpec::fromDocument(doc, &errors)) {
                        m_graph = workflow::WorkflowGraph::fromActionChain(*chain);
                        m_hasGraph = true;
                    }
                }
            } catch (const SquallException &) {
                return;  // a file that no longer parses: task order it is
            }
            if (m_hasGraph && m_loaded) {
                computePath();
                applyState();
                Q_EMIT changed();
            }
        });
}

void ExecutionTracker::setDocument(const Value &doc)
{
    // A late event of an earlier state never takes a completed workflow back.
    if (!m_doc.isNull() && isFinal(m_doc[u"status"].toString()) && !isFinal(doc[u"status"].toString()))
        return;
    m_doc = doc;
}

bool ExecutionTracker::upsertChild(const Value &doc)
{
    const QString id = doc[u"id"].toString();
    if (id.isEmpty())
        return false;
    const auto it = m_children.find(id);
    if (it == m_children.end()) {
        m_children.insert(id, doc);
        m_childOrder.append(id);
        return true;
    }
    if (isFinal(it->operator[](u"status").toString()) && !isFinal(doc[u"status"].toString()))
        return false;
    *it = doc;
    return true;
}

void ExecutionTracker::onEvents(const engine::EventBatch &batch)
{
    if (m_id.isEmpty())
        return;
    if (!m_loaded) {
        for (const engine::Event &ev : batch)
            if (ev.kind == engine::EventKind::ExecutionCreate || ev.kind == engine::EventKind::ExecutionUpdate)
                m_early.append(ev);
        return;
    }
    bool any = false;
    const QString before = status();
    for (const engine::Event &ev : batch) {
        if (ev.kind != engine::EventKind::ExecutionCreate && ev.kind != engine::EventKind::ExecutionUpdate)
            continue;
        if (ev.doc[u"id"].toString() == m_id) {
            setDocument(ev.doc);
            any = true;
        } else if (ev.doc[u"parent"].toString() == m_id) {
            any = upsertChild(ev.doc) || any;
        }
    }
    if (!any)
        return;
    rebuild();
    Q_EMIT changed();
    loadState();
    if (status() != before)
        notifyFinished();
}

void ExecutionTracker::notifyFinished()
{
    if (m_finishedSent || !m_loaded || !isFinal(status()))
        return;
    m_finishedSent = true;
    Q_EMIT finished(status());
}

void ExecutionTracker::rebuild()
{
    // Children by task, in start order (first seen breaks ties).
    QHash<QString, QList<Value>> byTask;
    for (const QString &id : std::as_const(m_childOrder)) {
        const Value &child = m_children[id];
        const QString task = execfmt::taskName(child);
        if (!task.isEmpty())
            byTask[task].append(child);
    }
    m_tasks.clear();
    for (auto it = byTask.begin(); it != byTask.end(); ++it) {
        QList<Value> &runs = *it;
        std::stable_sort(runs.begin(), runs.end(),
                         [](const Value &a, const Value &b) { return execfmt::startMs(a) < execfmt::startMs(b); });
        TaskRun run;
        run.task = it.key();
        const Value &latest = runs.last();
        run.executionId = latest[u"id"].toString();
        if (itemOf(latest) < 0) {
            run.status = latest[u"status"].toString();
            run.result = latest[u"result"];
            run.published = latest[u"result"][u"published"];
        } else {
            // The items of the latest turn: from the last item 0 on (a loop starts again at 0).
            qsizetype from = 0;
            for (qsizetype i = runs.size() - 1; i >= 0; --i) {
                if (itemOf(runs.at(i)) == 0) {
                    from = i;
                    break;
                }
            }
            QMap<int, Value> items;
            for (qsizetype i = from; i < runs.size(); ++i)
                if (itemOf(runs.at(i)) >= 0)
                    items.insert(itemOf(runs.at(i)), runs.at(i));
            bool active = false, failed = false, canceled = false, pending = false;
            int done = 0;
            ValueList results;
            for (const Value &item : std::as_const(items)) {
                const QString s = item[u"status"].toString();
                if (isFinal(s))
                    ++done;
                else if (s == u"pending")
                    pending = true;
                else
                    active = true;
                failed = failed || s == u"failed" || s == u"timeout" || s == u"abandoned";
                canceled = canceled || s == u"canceled";
                results.append(item[u"result"]);
            }
            run.itemsDone = done;
            run.itemsTotal = int(items.size());
            run.result = Value(std::move(results));
            run.status = pending ? u"pending"_s
                       : active  ? u"running"_s
                       : failed  ? u"failed"_s
                       : canceled ? u"canceled"_s
                                  : u"succeeded"_s;
        }
        if (isWorkflowRunner(latest))
            run.childWorkflowId = latest[u"id"].toString();
        m_tasks.insert(run.task, run);
    }
    computePath();
    applyState();  // until the next answer, the last known state says more than the guess
}

void ExecutionTracker::computePath()
{
    m_path.clear();
    // Each task's latest run: when it started, when it ended.
    struct Span
    {
        QString task;
        qint64 start = 0;
        qint64 end = 0;
        QString status;
    };
    QList<Span> spans;
    for (const TaskRun &t : std::as_const(m_tasks)) {
        Span s{t.task, 0, 0, t.status};
        qint64 first = -1;
        for (const Value &c : std::as_const(m_children)) {
            if (execfmt::taskName(c) != t.task)
                continue;
            const qint64 st = execfmt::startMs(c);
            if (first < 0 || st < first)
                first = st;
            s.end = std::max(s.end, execfmt::endMs(c));
        }
        // A with-items task starts with its first item of the latest turn; the
        // earliest start is close enough for ordering.
        s.start = first < 0 ? 0 : first;
        if (t.itemsTotal < 0)
            s.start = execfmt::startMs(m_children.value(t.executionId));
        spans.append(s);
    }
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) {
        return a.start != b.start ? a.start < b.start : a.task < b.task;
    });
    QHash<QString, Span> byTask;
    for (const Span &s : std::as_const(spans))
        byTask.insert(s.task, s);
    auto endedBefore = [](const Span &from, const Span &to) {
        return isFinal(from.status) && (from.end <= 0 || to.start <= 0 || from.end <= to.start);
    };
    for (const Span &to : std::as_const(spans)) {
        if (m_hasGraph) {
            for (const workflow::WorkflowGraph::Edge &e : std::as_const(m_graph.edges)) {
                if (e.to != to.task || !byTask.contains(e.from))
                    continue;
                const Span &from = byTask[e.from];
                if (!endedBefore(from, to))
                    continue;
                const QString outcome = workflow::WorkflowGraph::outcomeOf(e.when);
                if ((outcome == u"success" && from.status != u"succeeded")
                    || (outcome == u"failure" && from.status == u"succeeded"))
                    continue;
                const std::pair<QString, QString> step{e.from, to.task};
                if (!m_path.contains(step))
                    m_path.append(step);
            }
            continue;
        }
        // No workflow file: the task that ended last before this one started.
        const Span *best = nullptr;
        for (const Span &from : std::as_const(spans)) {
            if (from.task == to.task || !endedBefore(from, to) || from.start > to.start)
                continue;
            if (!best || from.end > best->end)
                best = &from;
        }
        if (best)
            m_path.append({best->task, to.task});
    }
}

} // namespace squall::ui
