#pragma once

// Internal to squall_orquesta: the conductor's state, laid out like
// Orquesta's WorkflowState so that snapshots stay compatible with it.

#include "base/Value.h"
#include "workflow/orquesta/Conductor.h"
#include "expr/Jinja.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <memory>

namespace squall::orquesta {

using Backrefs = QList<std::pair<QString, int>>;  // "task__tN" -> sequence index, ordered

struct TaskEntry
{
    QString id;
    int route = 0;
    QList<int> ctxIn;
    Backrefs ctxOut;
    Backrefs prev;
    QList<std::pair<QString, bool>> next;  // transition id -> criteria satisfied
    QString status;                        // empty = not set yet
    bool term = false;
    Value retry;                           // null, or {when, count, delay, tally}
};

struct StagedTask
{
    QString id;
    int route = 0;
    QList<int> ctxIn;
    Backrefs prev;
    bool ready = true;
    Value retry;                           // null, or the retry dict of the task entry
    bool hasItems = false;
    QStringList items;                     // per-item status
    bool completed = false;
    bool runOnFail = false;
    // How many items are in each status, so item events stay O(1) on big lists.
    QHash<QString, int> itemCounts;
    // No item before this index is unset: finding the next items to start
    // does not rescan a long list from the beginning on every event.
    qsizetype firstUnset = 0;

    void recountItems();
    void setItem(qsizetype index, const QString &status);
    // Whether an item other than `except` has a status matching `pred`.
    bool anyItem(bool (*pred)(QStringView), qsizetype except = -1) const;
};

using TaskEntryPtr = std::shared_ptr<TaskEntry>;
using StagedPtr = std::shared_ptr<StagedTask>;

struct Conductor::Private
{
    std::shared_ptr<const WorkflowPlan> plan;
    Value inputs;
    Value parentCtx;
    QSet<QString> opaque;                   // outside strings that look like expressions

    // WorkflowState
    QList<Value> contexts;
    QList<QStringList> routes;
    QList<TaskEntryPtr> sequence;
    QList<StagedPtr> staged;
    QString status = QStringLiteral("null");
    QHash<QString, int> tasks;              // "task__rN" -> latest sequence index
    QList<QList<int>> reruns;

    ValueList errors;
    ValueList log;
    Value output;

    // Counts of latest task entries per status, so "any active task?" is O(1).
    QHash<QString, int> latestByStatus;

    // Journal bookkeeping: what changed since the last takeDelta().
    struct Journal
    {
        qsizetype contexts = 0, routes = 0, reruns = 0, errors = 0, log = 0;
        bool errorsReset = false;
        bool stagedDirty = false;
        bool outputDirty = false;
        QSet<int> sequence;
        QStringList opaque;
        ValueList itemChanges;                // [task, route, item, status] while staged is otherwise clean
        qint64 serial = 0;
        QString statusSeen = QStringLiteral("null");
    } journal;

    // Merged-context cache (a chain's next task extends its predecessor's list).
    struct CtxCacheEntry
    {
        QList<int> key;
        ValueDict value;
    };
    QList<CtxCacheEntry> ctxCache;

    // --- helpers (Conductor.cpp) ---
    static QString key(const QString &id, int route) { return id + QStringLiteral("__r") + QString::number(route); }
    TaskEntry *entry(const QString &id, int route) const;
    int entryIndex(const QString &id, int route) const;
    StagedPtr stagedTask(const QString &id, int route) const;
    QList<StagedPtr> readyStaged() const;
    void removeStaged(const QString &id, int route);
    StagedPtr addStaged(const QString &id, int route, const QList<int> &ctxs, const Backrefs &prev, bool ready,
                        const Value &retry = {});
    void setEntryStatus(int idx, const QString &status);
    void markEntry(int idx) { journal.sequence.insert(idx); }
    bool hasActiveTasks() const;
    int countLatest(const QString &status) const { return latestByStatus.value(status); }
    bool hasStagedTasks() const { return !readyStaged().isEmpty(); }
    ValueDict taskContext(const QList<int> &idxs);
    Value stateObject() const;
    Value evaluate(const Value &v, const Value &data) const;
    // evaluate() for a value the conductor keeps or hands out (published
    // variables, output, action input): never holds a live object.
    Value evaluateToKeep(const Value &v, const Value &data) const;
    // Reaches the engine's functions (st2kv, decrypt_kv, task); may be null.
    const expr::Scope *functionScope = nullptr;
    void noteOpaque(const Value &v);

    // Orquesta's function task_status (with the route fallback before splits).
    QString taskStatusFor(const QString &taskId, int route) const;
    // The sequence index task_status and st2's task() look at: the task's
    // latest entry on `route`, or on the route it split from; -1 when none.
    int entryFor(const QString &taskId, int route) const;

    void logEntry(const QString &type, const QString &message, const QString &taskId = {}, int route = -1,
                  const QString &transitionId = {}, const Value &result = {}, bool hasResult = false);
};

enum class Inbound { Satisfied, WorkInProgress, NotSatisfied };

// Orquesta's state machines applied to the conductor state (machines.py).
struct Machine
{
    Conductor::Private *d;

    bool hasNextTasks(const QString &taskId, int route) const;
    Inbound inboundCriteria(const QString &taskId, int route) const;
    void taskActionEvent(int idx, const QString &eventName);
    QString itemEventName(const TaskEntry &e, const ActionEvent &ev) const;
    void taskWorkflowEvent(int idx, const QString &wfStatus);
    void workflowEvent(const QString &requested);
    void workflowTaskEvent(const QString &taskId, int route, const QString &taskStatus);
};

// The value standing for Orquesta's `__state` in an expression's data: the
// workflow functions read the live state through it without serialising it.
class StateObject final : public ValueObject
{
public:
    explicit StateObject(const Conductor::Private *d) : m_d(d) { }
    Value attribute(const QString &name) const override;
    Value resolve() const override;
    const Conductor::Private *state() const { return m_d; }

private:
    const Conductor::Private *m_d;
};

// Serialisation helpers shared by the snapshot and the journal (ConductorPersistence.cpp).
Value entryToValue(const TaskEntry &e, bool compact);
TaskEntry entryFromValue(const Value &v);
Value stagedToValue(const StagedTask &s, bool compact);
StagedTask stagedFromValue(const Value &v);
Value stateToValue(const Conductor::Private &d, bool compact);

// Deep merge, right wins (Orquesta's dict_util.merge_dicts with overwrite).
void mergeInto(ValueDict &left, const ValueDict &right);

} // namespace squall::orquesta
