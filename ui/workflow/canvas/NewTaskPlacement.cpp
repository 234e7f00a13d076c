#include "ui/workflow/canvas/NewTaskPlacement.h"

#include "ui/workflow/canvas/CanvasStyle.h"
#include "ui/workflow/canvas/TaskItem.h"

#include "workflow/inspect/WorkflowGraph.h"
#include "workflow/inspect/WorkflowLayout.h"

#include <QSet>

namespace squall::ui {

void placeNewTasks(const workflow::WorkflowGraph &graph, const workflow::WorkflowLayout &layout,
                   const QList<TaskItem *> &order, const QHash<QString, TaskItem *> &tasks, const QStringList &unplaced,
                   std::optional<QPointF> drop)
{
    if (unplaced.isEmpty())
        return;
    if (drop && unplaced.size() == 1) {
        TaskItem *t = tasks.value(unplaced.first());
        t->setPos(*drop - QPointF(t->size().width() / 2, t->size().height() / 2));
        return;
    }
    if (unplaced.size() == order.size()) {
        QHash<QString, int> boxOf;
        for (int i = 0; i < layout.boxes.size(); ++i)
            boxOf.insert(layout.boxes.at(i).id, i);
        for (TaskItem *t : order) {
            const auto &b = layout.boxes.at(boxOf.value(t->id()));
            t->setPos(b.x, b.y);
        }
        return;
    }
    const QSet<QString> pending(unplaced.cbegin(), unplaced.cend());
    QSet<QString> placed;
    auto isPlaced = [&](const QString &id) { return !pending.contains(id) || placed.contains(id); };
    auto collides = [&](const TaskItem *self, const QRectF &r) {
        for (const TaskItem *o : order) {
            if (o != self && isPlaced(o->id()) && o->sceneBox().adjusted(-12, -12, 12, 12).intersects(r))
                return true;
        }
        return false;
    };
    for (const QString &id : unplaced) {
        TaskItem *t = tasks.value(id);
        const TaskItem *pred = nullptr;
        for (const auto &edge : graph.edges) {
            if (edge.to == id && edge.from != id && isPlaced(edge.from)) {
                pred = tasks.value(edge.from);
                break;
            }
        }
        QPointF at;
        if (pred) {
            at = pred->pos() + QPointF(0, pred->size().height() + CanvasStyle::layerGap);
        } else {
            QRectF used;
            for (const TaskItem *o : order) {
                if (isPlaced(o->id()))
                    used = used.united(o->sceneBox());
            }
            at = used.isNull() ? QPointF() : QPointF(used.right() + CanvasStyle::columnGap * 2, used.top());
        }
        for (int guard = 0; guard < 200 && collides(t, QRectF(at, t->size())); ++guard)
            at.rx() += t->size().width() / 2 + CanvasStyle::columnGap / 2;
        t->setPos(at);
        placed.insert(id);
    }
}

} // namespace squall::ui
