#pragma once

#include "ui/workflow/canvas/TransitionRef.h"

#include "workflow/inspect/WorkflowGraph.h"

#include <QHash>
#include <QPointF>
#include <QWidget>

#include <memory>

class QGraphicsScene;
class QGraphicsView;
class QToolButton;

namespace squall::ui {

struct CanvasStyle;
class DesignerView;
class Minimap;
class TaskItem;
class TransitionItem;

// The workflow designer's graph: a view of the workflow's tasks and
// transitions (items hold task ids), a minimap and a zoom bar. It shows what
// it is given and signals what the user means to do (draw a transition, drop
// an action, delete, move); the designer turns intents into document edits.
//
// Keys on the view: arrows select the nearest task that way, Tab / Shift+Tab
// the next / previous in document order (past the ends focus moves on), Enter
// activates, Delete / Backspace ask to delete, Ctrl+A selects all, + / - zoom,
// 0 fits, Escape clears the selection, Space + drag pans. Mouse: drag from a
// task's bottom handle to another task draws a transition, rubber band
// selects, Ctrl+wheel zooms at the pointer, middle-drag pans.
class DesignerCanvas final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesignerCanvas)
public:
    using TransitionRef = squall::ui::TransitionRef;
    struct TaskState
    {
        QString status;
        int itemsDone = -1;
        int itemsTotal = -1;
    };

    explicit DesignerCanvas(QWidget *parent = nullptr);
    ~DesignerCanvas() override;

    // Shows `graph`. Items are matched by id: an existing task keeps its item and
    // position; `positions` gives positions (scene coords of the box's top-left)
    // for ids that have one; new ids without one are placed by WorkflowLayout
    // (first open: all of them), at the last drop point for a just-dropped
    // action, else below a task that leads to them.
    void setGraph(const workflow::WorkflowGraph &graph, const QHash<QString, QPointF> &positions = {});
    const workflow::WorkflowGraph &graph() const { return m_graph; }
    QHash<QString, QPointF> positions() const;
    // Lays every task out again (the "Arrange" command), fits, emits positionsChanged().
    void relayout();

    QStringList selectedTasks() const;                  // in document order
    QList<TransitionRef> selectedTransitions() const;   // in graph edge order
    void selectTasks(const QStringList &ids, bool ensureVisible = true);
    void selectTransition(const TransitionRef &t);

    void setTaskStates(const QHash<QString, TaskState> &states);  // replaces all; empty hash clears
    void setTakenTransitions(const QList<TransitionRef> &taken);   // emphasised, the others dimmed; empty = all normal
    // A past execution: no drops, drawing, moving or delete requests; selection and activation still work.
    void setReadOnly(bool readOnly);
    bool isReadOnly() const;

    void zoomIn();
    void zoomOut();
    void setZoom(double factor);
    double zoom() const { return m_zoom; }
    void fitToView();

    // The whole graph at full detail, without selection or handles, on the palette's base colour.
    bool exportSvg(const QString &path, QString *why = nullptr) const;
    bool exportPng(const QString &path, QString *why = nullptr) const;  // 2x device pixel ratio

    QGraphicsView *view() const;
    QGraphicsScene *scene() const { return m_scene; }
    QPointF scenePosOf(const QString &taskId) const;   // box centre
    QPointF outletPosOf(const QString &taskId) const;  // where a transition is drawn from
    // The items, for tests and the composition (read them; the canvas owns them).
    TaskItem *taskItem(const QString &taskId) const { return m_tasks.value(taskId); }
    QList<TransitionItem *> transitionItems() const { return m_transitions; }
    Minimap *minimap() const { return m_minimap; }

    static constexpr double minZoom = 0.02;
    static constexpr double maxZoom = 4.0;

Q_SIGNALS:
    // MIME "application/x-squall-action-ref" (UTF-8 ref) dropped; the next setGraph()
    // places a single new task centred on scenePos.
    void actionDropped(const QString &actionRef, const QPointF &scenePos);
    void transitionDrawn(const QString &from, const QString &to);  // from may equal to (a loop)
    // The selected tasks (document order) and the selected transitions (not
    // those that merely touch a selected task: deleting a task removes them anyway).
    void deleteRequested(const QStringList &tasks, const QList<squall::ui::DesignerCanvas::TransitionRef> &transitions);
    void selectionChanged();
    void taskActivated(const QString &taskId);
    void transitionActivated(const squall::ui::DesignerCanvas::TransitionRef &t);
    void positionsChanged();  // the user moved tasks (once per drag, on release), or relayout()
    void copyRequested();
    void pasteRequested(const QPointF &scenePos);
    void zoomChanged(double factor);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    friend class DesignerView;
    friend class TaskItem;

    void rebuild(const workflow::WorkflowGraph &graph, const QHash<QString, QPointF> &positions);
    void zoomAt(double factor, const QPoint &viewportPos);
    void applyCacheMode(bool force = false);
    void placeOverlays();
    void updateSceneRect();
    void graphChanged();  // scene content changed: minimap picture, scene rect, hint
    void restyle();
    void describe();  // the view's accessible name: task count and selection
    void taskMoved(TaskItem *item);
    TaskItem *taskAt(const QPointF &scenePos) const;
    TaskItem *currentTask() const;
    void selectOnly(TaskItem *item);
    void moveSelectionTowards(int dx, int dy);
    bool cycleTasks(bool forward);  // false at the end: focus moves on
    void activateCurrent();
    void requestDelete();
    void selectAll();
    QRectF graphRect() const;
    bool renderTo(QPainter *painter, const QRectF &target, const QRectF &source) const;

    std::unique_ptr<CanvasStyle> m_style;
    QGraphicsScene *m_scene;
    DesignerView *m_view;
    Minimap *m_minimap;
    QWidget *m_zoomBar;
    QToolButton *m_zoomOutButton, *m_zoomPercentButton, *m_zoomInButton, *m_fitButton;
    workflow::WorkflowGraph m_graph;
    QHash<QString, TaskItem *> m_tasks;
    QList<TaskItem *> m_order;  // document order
    QList<TransitionItem *> m_transitions;
    QList<TransitionRef> m_taken;
    QPointF m_lastDrop;
    bool m_hasDrop = false;
    bool m_building = false;
    bool m_moved = false;
    bool m_fitPending = false;  // fit once the view has its size, unless the user zoomed
    double m_zoom = 1.0;
};

} // namespace squall::ui

Q_DECLARE_METATYPE(squall::ui::DesignerCanvas::TaskState)
