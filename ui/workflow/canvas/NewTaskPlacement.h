#pragma once

#include <QHash>
#include <QList>
#include <QPointF>
#include <QStringList>

#include <optional>

namespace squall::workflow {
struct WorkflowGraph;
struct WorkflowLayout;
} // namespace squall::workflow

namespace squall::ui {

class TaskItem;

// Positions the tasks in `unplaced` (ids of items that have none yet):
// - a single task just dropped from the palette: centred on `drop`;
// - all of the tasks (a file opened the first time): WorkflowLayout's boxes;
// - else each below a task that leads to it (or right of everything placed),
//   moved right until it is clear of the others.
void placeNewTasks(const workflow::WorkflowGraph &graph, const workflow::WorkflowLayout &layout,
                   const QList<TaskItem *> &order, const QHash<QString, TaskItem *> &tasks, const QStringList &unplaced,
                   std::optional<QPointF> drop);

} // namespace squall::ui
