#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace squall::graph {

// The cycles of a small directed graph given by its nodes and a successor
// function: every strongly connected component that can reach itself (more
// than one node, or a node that names itself). Each component's nodes are
// sorted; components come in the order Tarjan's algorithm closes them.
// Iterative, so a long chain cannot overflow the stack. Successors that are not
// among `nodes` are visited too; callers filter what they do not know.
using Successors = std::function<QStringList(const QString &node)>;
QList<QStringList> cycles(const QStringList &nodes, const Successors &next);

} // namespace squall::graph
