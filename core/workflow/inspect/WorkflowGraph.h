#pragma once

#include "base/Value.h"

#include <QList>
#include <QString>

namespace squall::actionchain {
class ChainSpec;
}

namespace squall::workflow {

// The graph of an Orquesta workflow as Orquesta's composer builds it: tasks
// reached from the start tasks (in the order it reaches them) and one edge per
// (task, next task, `next` entry). Engine commands (`fail`, `noop`,
// `continue`) are not nodes; they are listed on the task that names them.
// `do: retry` becomes the task's retry, as in Orquesta. Shared by
// `squall workflow graph` and the designer.
struct WorkflowGraph
{
    struct Command
    {
        QString name;       // fail, noop, continue
        Value when;         // expression text, or null
        int nextIndex = 0;  // position of the `next` entry in its task
    };
    struct Node
    {
        QString id;
        Value action;     // the action ref, null when none
        Value join;       // "all", a count, or null
        Value withItems;  // the items expression, or null
        Value retry;      // {when, count, delay}, or null
        QList<Command> commands;
    };
    struct Edge
    {
        QString from, to;
        Value when;       // expression text, or null
        int nextIndex = 0;
    };

    QList<Node> nodes;
    QList<Edge> edges;

    // Which tasks become nodes: those the composer reaches from the start
    // tasks, or every task (the designer shows unreached ones too; they follow
    // the reached ones in document order, with their edges).
    enum class Reach { FromStart, AllTasks };

    // From a loaded workflow document (no validation: run the inspector for that).
    static WorkflowGraph fromOrquesta(const Value &doc, Reach reach = Reach::FromStart);
    // An ActionChain: nodes reached from the default node, edges `on-success`
    // (next_index 0) and `on-failure` (1), with that name as `when`.
    static WorkflowGraph fromActionChain(const actionchain::ChainSpec &chain);

    // How a transition reads: "success", "failure" or "other" (for colours).
    static QString outcomeOf(const Value &when);

    // {"nodes": [{id, action, join, with_items, retry, commands}], "edges": [{from, to, when, next_index}]}
    Value toValue() const;
    // Graphviz: transitions on success green, on failure red, others grey, labelled with `when`.
    QString toDot() const;
};

} // namespace squall::workflow
