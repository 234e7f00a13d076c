#include "workflow/inspect/WorkflowGraph.h"

#include "workflow/chain/ChainSpec.h"
#include "workflow/inspect/WorkflowModel.h"

#include <QHash>
#include <QQueue>
#include <QSet>

namespace squall::workflow {

namespace {

QString expressionText(const Value &when)
{
    return when.isString() ? when.toString() : QString();
}

Value retryOf(const inspect::WorkflowModel::Task &task)
{
    if (!task.retry.isDict())
        return {};
    return makeDict({{QStringLiteral("when"), task.retry[u"when"]},
                     {QStringLiteral("count"), task.retry[u"count"]},
                     {QStringLiteral("delay"), task.retry[u"delay"]}});
}

QString dotQuoted(const QString &s)
{
    QString out = s;
    out.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\"")).replace(u'\n', QStringLiteral("\\n"));
    return u'"' + out + u'"';
}

} // namespace

WorkflowGraph WorkflowGraph::fromOrquesta(const Value &doc, Reach reach)
{
    using inspect::WorkflowModel;
    const WorkflowModel model = WorkflowModel::build(doc);
    WorkflowGraph g;
    // Breadth first from the start tasks, each task expanded once: the order in
    // which Orquesta's composer first adds each task, without its re-visits
    // (which add nothing new).
    QQueue<QString> queue;
    for (const QString &start : model.startTasks())
        queue.enqueue(start);
    QHash<QString, qsizetype> nodeIndex;
    QSet<QString> expanded;
    // Once the start tasks' reach is exhausted (Reach::AllTasks), the tasks
    // left follow one by one in document order, successors not queued: they
    // are reached already or come in their own turn.
    bool unreachedPhase = false;
    qsizetype nextUnreached = 0;
    while (true) {
        if (queue.isEmpty()) {
            if (reach != Reach::AllTasks)
                break;
            unreachedPhase = true;
            while (nextUnreached < model.tasks.size() && expanded.contains(model.tasks.at(nextUnreached).name))
                ++nextUnreached;
            if (nextUnreached == model.tasks.size())
                break;
            queue.enqueue(model.tasks.at(nextUnreached).name);
        }
        const QString name = queue.dequeue();
        if (expanded.contains(name))
            continue;
        expanded.insert(name);
        const WorkflowModel::Task *task = model.task(name);
        if (!task)
            continue;  // a transition to a task nobody defined: the inspector says so
        Node node;
        node.id = name;
        node.action = task->action.isString() && !task->action.toString().isEmpty() ? task->action : Value();
        node.join = task->hasJoinKey ? task->join : Value();
        node.withItems = task->with.isDict() ? task->with[u"items"] : Value();
        node.retry = retryOf(*task);
        QList<Edge> out;
        for (const auto &[next, index] : model.nextTasks(name)) {
            const Value when = task->next.value(index).when;
            const Value whenText = expressionText(when).isEmpty() ? Value() : Value(expressionText(when));
            if (next == u"retry") {
                node.retry = makeDict({{QStringLiteral("when"), whenText.isNull() ? Value(QStringLiteral("<% completed() %>")) : whenText},
                                       {QStringLiteral("count"), 3},
                                       {QStringLiteral("delay"), Value()}});
                continue;
            }
            if (WorkflowModel::isReservedName(next)) {
                node.commands.append({next, whenText, index});
                continue;
            }
            const bool seen = std::any_of(out.cbegin(), out.cend(), [&](const Edge &e) {
                return e.to == next && e.nextIndex == index;
            });
            if (!seen)
                out.append({name, next, whenText, index});
            if (!unreachedPhase)
                queue.enqueue(next);
        }
        nodeIndex.insert(name, g.nodes.size());
        g.nodes.append(std::move(node));
        g.edges += out;
    }
    return g;
}

WorkflowGraph WorkflowGraph::fromActionChain(const actionchain::ChainSpec &chain)
{
    WorkflowGraph g;
    QQueue<QString> queue;
    if (!chain.defaultNode().isEmpty())
        queue.enqueue(chain.defaultNode());
    QSet<QString> expanded;
    while (!queue.isEmpty()) {
        const QString name = queue.dequeue();
        if (expanded.contains(name))
            continue;
        expanded.insert(name);
        const actionchain::ChainNode *node = chain.node(name);
        if (!node)
            continue;
        g.nodes.append(Node{name, node->ref.isEmpty() ? Value() : Value(node->ref), {}, {}, {}, {}});
        const std::pair<QString, const char *> next[] = {{node->onSuccess, "on-success"}, {node->onFailure, "on-failure"}};
        for (int i = 0; i < 2; ++i) {
            if (next[i].first.isEmpty())
                continue;
            g.edges.append({name, next[i].first, Value(QString::fromLatin1(next[i].second)), i});
            queue.enqueue(next[i].first);
        }
    }
    return g;
}

QString WorkflowGraph::outcomeOf(const Value &when)
{
    const QString text = when.toString();
    if (text.contains(u"failed()") || text == u"on-failure")
        return QStringLiteral("failure");
    if (text.contains(u"succeeded()") || text == u"on-success")
        return QStringLiteral("success");
    return QStringLiteral("other");
}

Value WorkflowGraph::toValue() const
{
    ValueList nodeList, edgeList;
    for (const Node &n : nodes) {
        ValueList commands;
        for (const Command &c : n.commands)
            commands.append(makeDict({{QStringLiteral("command"), c.name}, {QStringLiteral("when"), c.when},
                                      {QStringLiteral("next_index"), c.nextIndex}}));
        nodeList.append(makeDict({{QStringLiteral("id"), n.id},
                                  {QStringLiteral("action"), n.action},
                                  {QStringLiteral("join"), n.join},
                                  {QStringLiteral("with_items"), n.withItems},
                                  {QStringLiteral("retry"), n.retry},
                                  {QStringLiteral("commands"), Value(std::move(commands))}}));
    }
    for (const Edge &e : edges)
        edgeList.append(makeDict({{QStringLiteral("from"), e.from}, {QStringLiteral("to"), e.to},
                                  {QStringLiteral("when"), e.when}, {QStringLiteral("next_index"), e.nextIndex}}));
    return makeDict({{QStringLiteral("nodes"), Value(std::move(nodeList))}, {QStringLiteral("edges"), Value(std::move(edgeList))}});
}

QString WorkflowGraph::toDot() const
{
    QString out = QStringLiteral("digraph workflow {\n  rankdir=TB;\n  node [shape=box, style=rounded];\n");
    for (const Node &n : nodes) {
        QString label = n.id;
        if (n.action.isString())
            label += u'\n' + n.action.toString();
        for (const Command &c : n.commands) {
            if (c.name != u"continue")  // what every transition without `do` does
                label += QStringLiteral("\n→ ") + c.name;
        }
        out += QStringLiteral("  %1 [label=%2%3];\n")
                   .arg(dotQuoted(n.id), dotQuoted(label),
                        n.join.isNull() ? QString() : QStringLiteral(", peripheries=2"));
    }
    for (const Edge &e : edges) {
        const QString when = e.when.toString();
        const QString outcome = outcomeOf(e.when);
        const QString colour = outcome == u"failure"   ? QStringLiteral("red")
                               : outcome == u"success" ? QStringLiteral("darkgreen")
                                                       : QStringLiteral("gray40");
        out += QStringLiteral("  %1 -> %2 [color=%3%4];\n")
                   .arg(dotQuoted(e.from), dotQuoted(e.to), colour,
                        when.isEmpty() ? QString() : QStringLiteral(", label=") + dotQuoted(when));
    }
    out += QStringLiteral("}\n");
    return out;
}

} // namespace squall::workflow
