#pragma once

#include "base/Value.h"
#include "base/Yaml.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

// An Orquesta workflow definition parsed once into an immutable plan: the
// task model (specs/native/v1/models.py) plus the task graph the native
// composer builds (barriers, retry, transitions keyed like networkx edges).
// One plan is shared, read-only, by every execution of that workflow.
namespace squall::orquesta {

// One `name: value` entry of input / vars / output / publish; `hasValue` is
// false for a bare input name (its default is null).
struct NamedValue
{
    QString name;
    Value value;
    bool hasValue = true;
};

struct TransitionPlan
{
    int index = 0;               // position in `next`
    QString when;                // empty = no condition
    QList<NamedValue> publish;   // in order
    QStringList next;            // task names or engine commands; default ["continue"]
};

struct TaskPlan
{
    QString name;
    Value action;                // string (may be an expression) or null
    Value input;                 // dict, expression string, or null
    Value delay;                 // null, int or expression string
    bool hasJoin = false;
    Value join;                  // "all" or an int
    bool hasItems = false;
    QString itemsSpec;           // the raw `with.items` text
    QString itemsExpr;           // the expression part after " in "
    QStringList itemKeys;        // names before " in " (empty when none)
    Value concurrency;           // null, int or expression string
    bool hasRetry = false;
    Value retryWhen, retryCount, retryDelay;
    QList<TransitionPlan> transitions;
    bool isEngineCommand = false;  // continue / fail / noop / retry
};

// A graph edge: Orquesta's (source, destination, key, {criteria, ref}).
struct GraphTransition
{
    QString source;
    QString destination;
    int key = 0;          // per (source, destination) pair, in order of creation
    int ref = 0;          // index of the transition in the source's `next`
    QStringList criteria; // zero or one expression
    QString id() const { return destination + QStringLiteral("__t") + QString::number(key); }
    QString backref() const { return source + QStringLiteral("__t") + QString::number(key); }
};

struct GraphNode
{
    QString id;
    Value barrier;               // null, "*" or an int
    bool hasRetry = false;
    Value retry;                 // {when, count, delay} as the composer records it
    bool inCycle = false;
    QList<int> next;             // indexes into transitions(), sorted by destination
    QList<int> prev;             // inbound transitions
};

class WorkflowPlan
{
public:
    // Throws SquallException (with file/line/column from `locations` when
    // given) when the document is not a workflow the conductor can run.
    // Full inspection is the inspector's job (workflow/inspect).
    static std::shared_ptr<const WorkflowPlan> compile(const Value &doc,
                                                      std::shared_ptr<const yaml::LocationMap> locations = {});
    static std::shared_ptr<const WorkflowPlan> compileFile(const QString &path);

    const Value &document() const { return m_doc; }
    const std::shared_ptr<const yaml::LocationMap> &locations() const { return m_locations; }
    const QList<NamedValue> &input() const { return m_input; }
    const QList<NamedValue> &vars() const { return m_vars; }
    const QList<NamedValue> &output() const { return m_output; }

    // Defined tasks in document order; engine commands resolve to built-ins.
    const QStringList &taskNames() const { return m_taskNames; }
    bool hasTask(QStringView name) const;
    const TaskPlan *task(QStringView name) const;
    static bool isEngineCommand(QStringView name);
    // Orquesta's TaskMappingSpec.is_split_task: no join and more than one
    // inbound (task, transition) reference in the spec.
    bool isSplitTask(QStringView name) const;

    // The composed graph.
    const QList<GraphTransition> &transitions() const { return m_transitions; }
    bool graphHasTask(QStringView id) const { return m_nodeIndex.contains(id.toString()); }
    const GraphNode *node(QStringView id) const;
    const QStringList &roots() const { return m_roots; }
    QStringList barriers() const;

    WorkflowPlan(const WorkflowPlan &) = delete;
    WorkflowPlan &operator=(const WorkflowPlan &) = delete;
    ~WorkflowPlan();

private:
    WorkflowPlan();
    void compose();

    Value m_doc;
    std::shared_ptr<const yaml::LocationMap> m_locations;
    QList<NamedValue> m_input, m_vars, m_output;
    QStringList m_taskNames;
    QHash<QString, TaskPlan> m_tasks;
    QHash<QString, int> m_prevCount;  // inbound references per task name
    QList<GraphTransition> m_transitions;
    QList<GraphNode> m_nodes;
    QHash<QString, int> m_nodeIndex;
    QStringList m_roots;
};

// Orquesta's utils/parameters.parse_inline_params: `k=v k2="x"` pairs, JSON-ish
// values decoded, quoted strings kept as strings. Order preserved.
QList<NamedValue> parseInlineParams(const QString &s);

} // namespace squall::orquesta
