#include "workflow/orquesta/Conductor.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/ExprString.h"
#include "workflow/orquesta/ConductorPrivate.h"
#include "workflow/orquesta/Machines.h"
#include "workflow/orquesta/Statuses.h"

#include <QQueue>

#include <algorithm>

namespace squall::orquesta {

namespace {

[[noreturn]] void raise(const QString &kind, const QString &message) { throw SquallException(kind, message); }

// Orquesta logs an exception as "<type>: <message>".
QString describe(const SquallException &e)
{
    const Error &err = e.error();
    return err.kind.isEmpty() ? err.message : err.kind + QStringLiteral(": ") + err.message;
}

} // namespace

void mergeInto(ValueDict &left, const ValueDict &right)
{
    for (const auto &[k, v] : right) {
        Value *existing = left.find(k);
        if (!existing) {
            left.insert(k, v);
        } else if (existing->isDict() && v.isDict()) {
            mergeInto(existing->dictRef(), v.toDict());
        } else {
            *existing = v;
        }
    }
}

// ---------------------------------------------------------------------------
// Private helpers

void StagedTask::recountItems()
{
    itemCounts.clear();
    for (const QString &s : std::as_const(items))
        itemCounts[s] += 1;
    firstUnset = 0;
}

void StagedTask::setItem(qsizetype index, const QString &st)
{
    itemCounts[items.at(index)] -= 1;
    items[index] = st;
    itemCounts[st] += 1;
    if (st == status::Unset && index < firstUnset)
        firstUnset = index;
}

bool StagedTask::anyItem(bool (*pred)(QStringView), qsizetype except) const
{
    int n = 0;
    for (auto it = itemCounts.cbegin(); it != itemCounts.cend(); ++it)
        if (pred(it.key()))
            n += it.value();
    if (except >= 0 && except < items.size() && pred(items.at(except)))
        n -= 1;
    return n > 0;
}

TaskEntry *Conductor::Private::entry(const QString &id, int route) const
{
    const int idx = entryIndex(id, route);
    return idx < 0 ? nullptr : sequence.at(idx).get();
}

int Conductor::Private::entryIndex(const QString &id, int route) const
{
    return tasks.value(key(id, route), -1);
}

StagedPtr Conductor::Private::stagedTask(const QString &id, int route) const
{
    for (const StagedPtr &s : staged)
        if (s->id == id && s->route == route)
            return s;
    return {};
}

QList<StagedPtr> Conductor::Private::readyStaged() const
{
    QList<StagedPtr> out;
    for (const StagedPtr &s : staged)
        if (s->ready && !s->completed)
            out.append(s);
    return out;
}

void Conductor::Private::removeStaged(const QString &id, int route)
{
    const StagedPtr s = stagedTask(id, route);
    if (!s)
        return;
    if (s->anyItem(status::isActive))
        return;
    staged.removeOne(s);
    journal.stagedDirty = true;
}

StagedPtr Conductor::Private::addStaged(const QString &id, int route, const QList<int> &ctxs, const Backrefs &prev,
                                        bool ready, const Value &retry)
{
    auto s = std::make_shared<StagedTask>();
    s->id = id;
    s->route = route;
    s->ctxIn = ctxs.isEmpty() ? QList<int>{0} : ctxs;
    s->prev = prev;
    s->ready = ready;
    s->retry = retry;
    staged.append(s);
    journal.stagedDirty = true;
    return s;
}

void Conductor::Private::setEntryStatus(int idx, const QString &newStatus)
{
    TaskEntry &e = *sequence[idx];
    if (e.status == newStatus)
        return;
    if (tasks.value(key(e.id, e.route), -1) == idx) {
        latestByStatus[e.status] -= 1;
        latestByStatus[newStatus] += 1;
    }
    e.status = newStatus;
    markEntry(idx);
}

bool Conductor::Private::hasActiveTasks() const
{
    for (const QString *s : {&status::Requested, &status::Scheduled, &status::Delayed, &status::Running,
                             &status::Resuming, &status::Pausing, &status::Canceling})
        if (latestByStatus.value(*s) > 0)
            return true;
    return false;
}

ValueDict Conductor::Private::taskContext(const QList<int> &idxs)
{
    for (const CtxCacheEntry &c : std::as_const(ctxCache))
        if (c.key == idxs)
            return c.value;
    ValueDict merged;
    qsizetype from = 0;
    for (const CtxCacheEntry &c : std::as_const(ctxCache)) {
        if (c.key.size() < idxs.size() && c.key.size() > from
            && std::equal(c.key.cbegin(), c.key.cend(), idxs.cbegin())) {
            merged = c.value;
            from = c.key.size();
        }
    }
    for (qsizetype i = from; i < idxs.size(); ++i)
        mergeInto(merged, contexts.at(idxs.at(i)).toDict());
    if (ctxCache.size() >= 8)
        ctxCache.removeFirst();
    ctxCache.append({idxs, merged});
    return merged;
}

Value Conductor::Private::stateObject() const { return Value(std::make_shared<StateObject>(this)); }

Value Conductor::Private::evaluate(const Value &v, const Value &data) const
{
    return expr::evaluateValue(v, data, opaque.isEmpty() ? nullptr : &opaque, functionScope);
}

namespace {

bool holdsObject(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Object: return true;
    case Value::Type::List:
        for (const Value &x : v.toList())
            if (holdsObject(x))
                return true;
        return false;
    case Value::Type::Dict:
        for (const auto &[k, x] : v.toDict())
            if (holdsObject(x))
                return true;
        return false;
    default: return false;
    }
}

void materialize(Value &v)
{
    if (v.isObject())
        v = v.toObject()->resolve();
    if (v.isList()) {
        for (Value &x : v.listRef())
            if (holdsObject(x))
                materialize(x);
    } else if (v.isDict()) {
        ValueDict &dict = v.dictRef();
        for (const QString &k : dict.keys())
            if (Value *x = dict.find(k); x && holdsObject(*x))
                materialize(*x);
    }
}

} // namespace

Value Conductor::Private::evaluateToKeep(const Value &v, const Value &data) const
{
    // An expression may hand back the live `__state` (`<% $__vars %>`,
    // `{{ __state }}`), which points into this conductor: stored as is, it
    // would dangle once the conductor is rebuilt and recurse into itself when
    // the state is saved. Whatever is kept is made plain data first.
    Value out = evaluate(v, data);
    if (holdsObject(out))
        materialize(out);
    return out;
}

void Conductor::Private::noteOpaque(const Value &v)
{
    switch (v.type()) {
    case Value::Type::String: {
        const QString &s = v.toString();
        if ((s.contains(QLatin1String("<%")) || s.contains(QLatin1String("{{")) || s.contains(QLatin1String("{%")))
            && !opaque.contains(s)) {
            opaque.insert(s);
            journal.opaque.append(s);
        }
        break;
    }
    case Value::Type::List:
        for (const Value &x : v.toList())
            noteOpaque(x);
        break;
    case Value::Type::Dict:
        for (const auto &[k, x] : v.toDict()) {
            noteOpaque(Value(k));
            noteOpaque(x);
        }
        break;
    default:
        break;
    }
}

int Conductor::Private::entryFor(const QString &taskId, int route) const
{
    const int idx = tasks.value(key(taskId, route), -1);
    if (idx >= 0 || route <= 0 || route >= routes.size())
        return idx;
    // Not on this route: the task ran before the split, on a route this one extends.
    const QStringList &current = routes.at(route);
    for (int r = route - 1; r >= 0; --r) {
        bool subset = true;
        for (const QString &x : routes.at(r))
            if (!current.contains(x)) {
                subset = false;
                break;
            }
        if (subset)
            return entryFor(taskId, r);
    }
    return -1;
}

QString Conductor::Private::taskStatusFor(const QString &taskId, int route) const
{
    const int idx = entryFor(taskId, route);
    if (idx < 0)
        return status::Unset;
    const QString &s = sequence.at(idx)->status;
    return s.isEmpty() ? status::Unset : s;
}

void Conductor::Private::logEntry(const QString &type, const QString &message, const QString &taskId, int route,
                                  const QString &transitionId, const Value &result, bool hasResult)
{
    ValueDict e;
    e.insert(QStringLiteral("type"), type);
    e.insert(QStringLiteral("message"), message);
    if (!taskId.isEmpty())
        e.insert(QStringLiteral("task_id"), taskId);
    if (route >= 0)
        e.insert(QStringLiteral("route"), route);
    if (!transitionId.isEmpty())
        e.insert(QStringLiteral("task_transition_id"), transitionId);
    if (hasResult && !result.isNull())
        e.insert(QStringLiteral("result"), result);
    ValueList &target = type == u"error" ? errors : log;
    const Value entryValue(std::move(e));
    for (const Value &x : std::as_const(target))
        if (x == entryValue)
            return;
    target.append(entryValue);
}

// ---------------------------------------------------------------------------
// Construction

Conductor::Conductor() : d(std::make_unique<Private>()) { registerWorkflowFunctions(); }

Conductor::~Conductor() = default;

const expr::Scope *Conductor::functionScope() const { return d->functionScope; }

Conductor::Conductor(std::shared_ptr<const WorkflowPlan> plan, const Value &inputs, const Value &parentContext,
                     const expr::Scope *functions)
    : Conductor()
{
    d->functionScope = functions;
    d->plan = std::move(plan);
    d->inputs = inputs.isDict() ? inputs : Value(ValueDict());
    d->parentCtx = parentContext.isDict() ? parentContext : Value(ValueDict());
    d->noteOpaque(d->inputs);
    d->noteOpaque(d->parentCtx);

    // Initial context: parent context, then input (runtime value or the
    // evaluated default), then vars, each seeing the ones before it.
    ValueDict ctx = d->parentCtx.toDict();
    QStringList errors;
    const ValueDict &runtime = d->inputs.toDict();
    for (const NamedValue &in : d->plan->input()) {
        if (const Value *given = runtime.find(in.name)) {
            ctx.insert(in.name, *given);
            continue;
        }
        try {
            ctx.insert(in.name, d->evaluate(in.value, Value(ctx)));
        } catch (const SquallException &e) {
            errors.append(describe(e));
        }
    }
    for (const NamedValue &var : d->plan->vars()) {
        try {
            ctx.insert(var.name, d->evaluate(var.value, Value(ctx)));
        } catch (const SquallException &e) {
            errors.append(describe(e));
        }
    }
    if (!errors.isEmpty()) {
        for (const QString &e : std::as_const(errors))
            d->logEntry(QStringLiteral("error"), e);
        requestWorkflowStatus(status::Failed);
        return;
    }
    d->contexts.append(Value(std::move(ctx)));
    d->routes.append(QStringList());
    for (const QString &root : d->plan->roots())
        d->addStaged(root, 0, {0}, {}, true);
}

const std::shared_ptr<const WorkflowPlan> &Conductor::plan() const { return d->plan; }
QString Conductor::workflowStatus() const { return d->status; }
Value Conductor::workflowOutput() const
{
    return d->output.isDict() && !d->output.toDict().isEmpty() ? d->output : Value();
}
const ValueList &Conductor::errors() const { return d->errors; }
const ValueList &Conductor::log() const { return d->log; }
Value Conductor::input() const { return d->inputs; }
Value Conductor::parentContext() const { return d->parentCtx; }

// ---------------------------------------------------------------------------
// Status machines

void Machine::taskActionEvent(int idx, const QString &eventName)
{
    const TaskEntry &e = *d->sequence.at(idx);
    const QString current = e.status.isEmpty() ? status::Unset : e.status;
    const QString next = machines::taskTransition(current, eventName);
    if (!next.isNull())
        d->setEntryStatus(idx, next);
}

QString Machine::itemEventName(const TaskEntry &e, const ActionEvent &ev) const
{
    QString name = QStringLiteral("action_") + ev.status;
    static const QStringList needs = {status::Resuming, status::Pending, status::Paused, status::Succeeded,
                                      status::Failed, status::Expired, status::Abandoned, status::Canceled};
    if (!needs.contains(ev.status))
        return name;
    const StagedPtr s = d->stagedTask(e.id, e.route);
    bool active = false, incomplete = false, paused = false, canceled = false, failed = false;
    if (s) {
        const qsizetype except = ev.itemId;
        active = s->anyItem(status::isActive, except);
        incomplete = s->anyItem([](QStringView x) { return !status::isCompleted(x); }, except);
        paused = s->anyItem([](QStringView x) { return x == status::Pending || x == status::Paused; }, except);
        canceled = s->anyItem([](QStringView x) { return x == status::Canceled; }, except);
        failed = s->anyItem(status::isAbended, except);
    }
    name += active ? QStringLiteral("_task_active") : QStringLiteral("_task_dormant");
    if (!active && paused)
        return name + QStringLiteral("_items_paused");
    if (!active && canceled)
        return name + QStringLiteral("_items_canceled");
    if (!active && failed)
        return name + QStringLiteral("_items_failed");
    return name + (incomplete ? QStringLiteral("_items_incomplete") : QStringLiteral("_items_completed"));
}

void Machine::taskWorkflowEvent(int idx, const QString &wfStatus)
{
    const TaskEntry &e = *d->sequence.at(idx);
    QString name = QStringLiteral("workflow_") + wfStatus;
    const StagedPtr s = d->stagedTask(e.id, e.route);
    if ((status::isPause(wfStatus) || status::isCancel(wfStatus)) && s && s->hasItems) {
        bool active = false, incomplete = false;
        for (const QString &st : std::as_const(s->items)) {
            active |= status::isActive(st);
            incomplete |= !status::isCompleted(st);
        }
        name += active ? QStringLiteral("_task_active") : QStringLiteral("_task_dormant");
        name += incomplete ? QStringLiteral("_items_incomplete") : QStringLiteral("_items_completed");
    }
    taskActionEvent(idx, name);
}

void Machine::workflowEvent(const QString &requested)
{
    QString name = QStringLiteral("workflow_") + requested;
    const bool active = d->hasActiveTasks();
    if (status::isPause(requested) || status::isCancel(requested))
        name += active ? QStringLiteral("_workflow_active") : QStringLiteral("_workflow_dormant");
    if (d->status == status::Paused && (requested == status::Running || requested == status::Resuming) && !active
        && !d->hasStagedTasks() && d->countLatest(status::Paused) + d->countLatest(status::Pending) == 0)
        name += QStringLiteral("_workflow_completed");
    const QString next = machines::workflowTransition(d->status, name);
    if (!next.isNull())
        d->status = next;
}

void Machine::workflowTaskEvent(const QString &taskId, int route, const QString &taskStatus)
{
    QString name = QStringLiteral("task_") + taskStatus;
    const bool hasNext = hasNextTasks(taskId, route);
    const bool active = d->hasActiveTasks();
    if (status::isAbended(taskStatus) && hasNext)
        name = QStringLiteral("task_remediated");
    static const QStringList conditional = {
        QStringLiteral("task_pending"),  QStringLiteral("task_paused"),   QStringLiteral("task_succeeded"),
        QStringLiteral("task_failed"),   QStringLiteral("task_remediated"), QStringLiteral("task_canceled"),
        QStringLiteral("task_retrying")};
    if (conditional.contains(name))
        name += active ? QStringLiteral("_workflow_active") : QStringLiteral("_workflow_dormant");
    if (name.startsWith(QLatin1String("task_succeeded")) || name.startsWith(QLatin1String("task_remediated"))) {
        if (d->countLatest(status::Canceling) + d->countLatest(status::Canceled) > 0)
            name += QStringLiteral("_canceled");
        else if (d->countLatest(status::Pausing) + d->countLatest(status::Paused) + d->countLatest(status::Pending) > 0)
            name += QStringLiteral("_paused");
        else if (d->hasStagedTasks() || hasNext)
            name += QStringLiteral("_incomplete");
        else
            name += QStringLiteral("_completed");
    }
    const QString next = machines::workflowTransition(d->status, name);
    if (next.isNull())
        return;
    d->status = next;
    if (!status::isCompleted(d->status))
        return;
    // A completed workflow must not leave a join that started to gather
    // inbound branches behind: that is an error.
    QList<StagedPtr> unreachable;
    const QStringList barriers = d->plan->barriers();
    for (const StagedPtr &s : std::as_const(d->staged)) {
        if (!barriers.contains(s->id) || s->ready)
            continue;
        if (inboundCriteria(s->id, s->route) == Inbound::NotSatisfied)
            unreachable.append(s);
    }
    if (unreachable.isEmpty())
        return;
    d->status = status::Failed;
    for (const StagedPtr &s : std::as_const(unreachable))
        d->logEntry(QStringLiteral("error"),
                    QStringLiteral("UnreachableJoinError: The join task|route \"%1|%2\" is partially satisfied but "
                                   "unreachable.")
                        .arg(s->id)
                        .arg(s->route),
                    s->id, s->route);
}

bool Machine::hasNextTasks(const QString &taskId, int route) const
{
    if (taskId.isEmpty())
        return d->hasStagedTasks();
    const TaskEntry *e = d->entry(taskId, route);
    if (!e || !status::isCompleted(e->status))
        return false;
    const GraphNode *node = d->plan->node(taskId);
    if (!node)
        return false;
    for (int ti : node->next) {
        const GraphTransition &t = d->plan->transitions().at(ti);
        if (t.destination == u"continue")
            continue;
        const QString tid = t.id();
        bool satisfied = false;
        for (const auto &[k, v] : e->next)
            if (k == tid)
                satisfied = v;
        if (!satisfied)
            continue;
        const GraphNode *dest = d->plan->node(t.destination);
        if (dest && !dest->barrier.isNull() && inboundCriteria(t.destination, route) == Inbound::NotSatisfied)
            continue;
        return true;
    }
    return false;
}

Inbound Machine::inboundCriteria(const QString &taskId, int route) const
{
    const GraphNode *node = d->plan->node(taskId);
    if (node->barrier.isString()) {
        // join: all cannot be satisfied while one inbound task is still
        // undecided. Branches complete roughly in the order they are listed,
        // so looking from the end finds an undecided one at once, and a wide
        // join costs O(1) per completion instead of O(branches).
        for (auto it = node->prev.crbegin(); it != node->prev.crend(); ++it) {
            const TaskEntry *prev = d->entry(d->plan->transitions().at(*it).source, route);
            if (!prev || !status::isCompleted(prev->status))
                return d->hasActiveTasks() || d->hasStagedTasks() ? Inbound::WorkInProgress : Inbound::NotSatisfied;
        }
    }
    QHash<QString, int> evaluation;  // inbound task -> -1 unknown, 0 false, 1 true
    for (int ti : node->prev)
        evaluation.insert(d->plan->transitions().at(ti).source, -1);
    qint64 requirement = 1;
    if (node->barrier.isString())
        requirement = evaluation.size();
    else if (node->barrier.isInt() && node->barrier.toInt() != 0)
        requirement = node->barrier.toInt();
    for (int ti : node->prev) {
        const GraphTransition &t = d->plan->transitions().at(ti);
        const TaskEntry *prev = d->entry(t.source, route);
        // An inbound task that has not completed yet has not decided.
        if (!prev || !status::isCompleted(prev->status))
            continue;
        const QString tid = t.id();
        bool satisfied = false;
        for (const auto &[k, v] : prev->next)
            if (k == tid)
                satisfied = v;
        int &s = evaluation[t.source];
        if (s != 1)
            s = satisfied ? 1 : 0;
    }
    qint64 trues = 0;
    bool unknown = false;
    for (const int v : std::as_const(evaluation)) {
        trues += v == 1;
        unknown |= v == -1;
    }
    if (trues >= requirement)
        return Inbound::Satisfied;
    if (unknown && (d->hasActiveTasks() || d->hasStagedTasks()))
        return Inbound::WorkInProgress;
    return Inbound::NotSatisfied;
}

void Conductor::requestWorkflowStatus(const QString &requested)
{
    if (!status::isValid(requested))
        raise(QStringLiteral("InvalidStatus"), QStringLiteral("Status \"%1\" is not valid.").arg(requested));
    Machine m{d.get()};
    const QString current = d->status;
    for (int i = 0; i < d->sequence.size(); ++i) {
        const TaskEntry &e = *d->sequence.at(i);
        if (d->entryIndex(e.id, e.route) == i && status::isActive(e.status))
            m.taskWorkflowEvent(i, requested);
    }
    m.workflowEvent(requested);
    const QString updated = d->status;
    if (requested == status::Paused && current == status::Pausing && updated == status::Pausing)
        return;
    if (requested == status::Canceled && current == status::Canceling && updated == status::Canceling)
        return;
    if (requested != current && current == updated)
        raise(QStringLiteral("InvalidWorkflowStatusTransition"),
              QStringLiteral("Unable to process event \"workflow_%1\" for workflow in \"%2\" status.")
                  .arg(requested, current));
}

} // namespace squall::orquesta
