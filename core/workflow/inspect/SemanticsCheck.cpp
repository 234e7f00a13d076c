#include "workflow/inspect/InspectChecks.h"
#include "workflow/inspect/WorkflowModel.h"

#include "base/Python.h"

#include <QQueue>
#include <QSet>

namespace squall::workflow::inspect {

namespace {

const QString kTasksSpec = QStringLiteral("tasks");
const QString kTasksSchema = QStringLiteral("properties.tasks");
const QString kTaskSchema = QStringLiteral("properties.tasks.patternProperties.^\\w+$");

InspectionError semantic(const QString &message, const QString &specPath, const QString &schemaPath)
{
    InspectionError e;
    e.type = QStringLiteral("semantics");
    e.message = message;
    e.specPath = specPath;
    e.schemaPath = schemaPath;
    return e;
}

void detectReservedNames(const WorkflowModel &m, QList<InspectionError> &out)
{
    for (const auto &t : m.tasks) {
        if (WorkflowModel::isReservedName(t.name))
            out.append(semantic(QStringLiteral("The task name \"%1\" is reserved with special function.").arg(t.name),
                                kTasksSpec + u'.' + t.name, kTaskSchema));
    }
}

void detectStartTasks(const WorkflowModel &m, QList<InspectionError> &out)
{
    if (!m.tasks.isEmpty() && m.startTasks().isEmpty())
        out.append(semantic(QStringLiteral("Unable to identify any tasks to start the workflow. If the workflow has a "
                                           "loop, please add a task that serves as an entry point (or lead) into the "
                                           "loop."),
                            kTasksSpec, kTasksSchema));
}

// Breadth-first from the start tasks, like Orquesta, so a task queued twice
// before it is visited reports its undefined targets twice, as Orquesta does.
void detectUndefinedTasks(const WorkflowModel &m, QList<InspectionError> &out)
{
    QSet<QString> traversed;
    QQueue<QString> q;
    for (const QString &s : m.startTasks())
        q.enqueue(s);
    // Orquesta expands a task each time it is dequeued, and a task queued from
    // several inbound tasks is dequeued that many times, which doubles at each
    // fork joined again further on. Walked as Orquesta does (the same errors,
    // repeats included) while that stays small; past kExactDequeues each task
    // is expanded once, which finds the same undefined names.
    constexpr int kExactDequeues = 5000;
    int dequeues = 0;
    while (!q.isEmpty()) {
        const QString name = q.dequeue();
        const bool again = traversed.contains(name);
        traversed.insert(name);
        if (again && ++dequeues > kExactDequeues)
            continue;
        const WorkflowModel::Task *task = m.task(name);
        if (!task)
            continue;
        const QString specPath = kTasksSpec + u'.' + name;
        for (qsizetype i = 0; i < task->next.size(); ++i) {
            for (const QString &next : task->next.at(i).doNames) {
                if (traversed.contains(next))
                    continue;
                if (m.hasTask(next)) {
                    if (!WorkflowModel::isReservedName(next))
                        q.enqueue(next);
                } else {
                    out.append(semantic(QStringLiteral("The task \"%1\" is not defined.").arg(next),
                                        specPath + QStringLiteral(".next[") + QString::number(i) + QStringLiteral("].do"),
                                        kTaskSchema + QStringLiteral(".properties.next.items.properties.do")));
                }
            }
        }
    }
}

bool isJoinTask(const WorkflowModel &m, const QString &name)
{
    const WorkflowModel::Task *t = m.task(name);
    return t && t->hasJoinKey;
}

// A join is unreachable when its inbound tasks sit behind different sets of
// splits (tasks reached from several places without a join of their own).
void detectUnreachableTasks(const WorkflowModel &m, QList<InspectionError> &out)
{
    struct Stage
    {
        bool join = false;
        QSet<QString> splits;
        QSet<QString> prev;
    };
    struct Item
    {
        QString prev;
        QString name;
        QStringList splits;
    };
    QHash<QString, Stage> staging;
    QStringList stagingOrder;
    QQueue<Item> q;
    for (const QString &s : m.startTasks())
        q.enqueue({QString(), s, {}});

    QHash<QString, bool> cycleCache;
    auto inCycle = [&](const QString &name) {
        auto it = cycleCache.constFind(name);
        if (it == cycleCache.constEnd())
            it = cycleCache.insert(name, m.inCycle(name));
        return *it;
    };

    // Orquesta re-walks every path through the graph, which grows
    // exponentially with stacked forks. Visiting an identical (inbound task,
    // task, splits) item again changes nothing, so each is visited once.
    QSet<QString> seen;
    while (!q.isEmpty()) {
        Item item = q.dequeue();
        if (!m.index.contains(item.name))
            continue;
        QStringList key = item.splits;
        key.sort();
        key.prepend(item.name);
        key.prepend(item.prev);
        const QString itemKey = key.join(QChar(0x1f));
        if (seen.contains(itemKey))
            continue;
        seen.insert(itemKey);
        const bool split = !isJoinTask(m, item.name) && m.inboundCount(item.name) > 1;
        if (split && !inCycle(item.name))
            item.splits.append(item.name);
        auto it = staging.find(item.name);
        if (it == staging.end()) {
            it = staging.insert(item.name, Stage{isJoinTask(m, item.name), {}, {}});
            stagingOrder.append(item.name);
        }
        for (const QString &s : item.splits)
            it->splits.insert(s);
        if (!item.prev.isEmpty())
            it->prev.insert(item.prev);
        for (const auto &next : m.nextTasks(item.name)) {
            if (!staging.contains(next.first) || !inCycle(next.first))
                q.enqueue({item.name, next.first, item.splits});
        }
    }

    for (const QString &name : stagingOrder) {
        const Stage &stage = staging.value(name);
        if (!stage.join)
            continue;
        for (const QString &prev : stage.prev) {
            if (stage.splits != staging.value(prev).splits) {
                out.append(semantic(
                    QStringLiteral("The join task \"%1\" is unreachable. A join task is determined to be unreachable "
                                   "if there are nested forks from multi-referenced tasks that join on the said task. "
                                   "This is ambiguous to the workflow engine because it does not know at which level "
                                   "should the join occurs.")
                        .arg(name),
                    kTasksSpec + u'.' + name, kTaskSchema));
                break;
            }
        }
    }
}

void detectActionlessWithItems(const WorkflowModel &m, QList<InspectionError> &out)
{
    for (const auto &t : m.tasks) {
        if (t.isSpec && !t.with.isNull() && !py::truthy(t.action))
            out.append(semantic(QStringLiteral("The action property is required for with items task."),
                                kTasksSpec + u'.' + t.name, kTaskSchema));
    }
}

} // namespace

QList<InspectionError> checkSemantics(const WorkflowModel &model)
{
    QList<InspectionError> out;
    if (!model.tasksIsMapping)
        return out;
    detectReservedNames(model, out);
    detectStartTasks(model, out);
    detectUndefinedTasks(model, out);
    detectUnreachableTasks(model, out);
    detectActionlessWithItems(model, out);
    return out;
}

} // namespace squall::workflow::inspect
