#include "ui/workflow/canvas/DesignerView.h"

#include "ui/workflow/canvas/CanvasStyle.h"
#include "ui/workflow/canvas/DesignerCanvas.h"
#include "ui/workflow/canvas/TaskItem.h"
#include "ui/workflow/canvas/TransitionItem.h"

#include <QGraphicsLineItem>
#include <QKeyEvent>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>

#include <cmath>

namespace squall::ui {

namespace {

const QString actionMime = QStringLiteral("application/x-squall-action-ref");

} // namespace

DesignerView::DesignerView(QGraphicsScene *scene, DesignerCanvas *canvas) : QGraphicsView(scene, canvas), m_canvas(canvas)
{
    setObjectName(QStringLiteral("designerView"));
    setAccessibleName(tr("Workflow graph"));
    setAccessibleDescription(tr("Tasks and transitions. Arrow keys move between tasks, Enter opens one, Delete removes "
                                "the selection, drag from a task's bottom handle to another task to add a transition."));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setTransformationAnchor(NoAnchor);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    setCacheMode(CacheBackground);
    setOptimizationFlags(DontSavePainterState);
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
}

bool DesignerView::event(QEvent *event)
{
    // Tab goes from task to task in document order; past the last one (or
    // before the first) it moves on to the next widget, so the keyboard is
    // never trapped in the canvas.
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab)
            && !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
            const bool forward = key->key() == Qt::Key_Tab && !(key->modifiers() & Qt::ShiftModifier);
            if (m_canvas->cycleTasks(forward))
                return true;
        }
    }
    return QGraphicsView::event(event);
}

void DesignerView::keyPressEvent(QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (event->matches(QKeySequence::SelectAll)) {
        m_canvas->selectAll();
        return;
    }
    if (mods == Qt::NoModifier || mods == Qt::ShiftModifier) {
        switch (event->key()) {
        case Qt::Key_Left: m_canvas->moveSelectionTowards(-1, 0); return;
        case Qt::Key_Right: m_canvas->moveSelectionTowards(1, 0); return;
        case Qt::Key_Up: m_canvas->moveSelectionTowards(0, -1); return;
        case Qt::Key_Down: m_canvas->moveSelectionTowards(0, 1); return;
        case Qt::Key_Return:
        case Qt::Key_Enter: m_canvas->activateCurrent(); return;
        case Qt::Key_Delete:
        case Qt::Key_Backspace: m_canvas->requestDelete(); return;
        case Qt::Key_Plus:
        case Qt::Key_Equal: m_canvas->zoomIn(); return;
        case Qt::Key_Minus: m_canvas->zoomOut(); return;
        case Qt::Key_0: m_canvas->fitToView(); return;
        case Qt::Key_Escape:
            scene()->clearSelection();
            return;
        case Qt::Key_Space:
            if (!event->isAutoRepeat()) {
                m_space = true;
                viewport()->setCursor(Qt::OpenHandCursor);
            }
            return;
        default: break;
        }
    }
    QGraphicsView::keyPressEvent(event);
}

void DesignerView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_space = false;
        if (!m_panning)
            viewport()->unsetCursor();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void DesignerView::focusOutEvent(QFocusEvent *event)
{
    m_space = false;
    QGraphicsView::focusOutEvent(event);
}

void DesignerView::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_space)) {
        m_panning = true;
        m_canvas->m_fitPending = false;
        m_panLast = pos;
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    m_canvas->m_moved = false;
    if (event->button() == Qt::LeftButton && !m_canvas->isReadOnly()) {
        const QPointF at = mapToScene(pos);
        for (QGraphicsItem *item : items(pos)) {
            if (item->type() != TaskItem::Type)
                continue;
            auto *task = static_cast<TaskItem *>(item);
            if (task->outletContains(at)) {
                m_drawFrom = task->id();
                m_drawLine = new QGraphicsLineItem(QLineF(task->outletScenePos(), at));
                QPen pen(m_canvas->m_style->highlight, 2, Qt::DashLine, Qt::RoundCap);
                m_drawLine->setPen(pen);
                m_drawLine->setZValue(10);
                scene()->addItem(m_drawLine);
                event->accept();
                return;
            }
            break;  // the topmost task decides
        }
    }
    QGraphicsView::mousePressEvent(event);
}

void DesignerView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_panning) {
        const QPoint d = pos - m_panLast;
        m_panLast = pos;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
        event->accept();
        return;
    }
    if (m_drawLine) {
        if (const TaskItem *from = m_canvas->taskItem(m_drawFrom))
            m_drawLine->setLine(QLineF(from->outletScenePos(), mapToScene(pos)));
        setDropTarget(m_canvas->taskAt(mapToScene(pos)));
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void DesignerView::mouseReleaseEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_panning) {
        m_panning = false;
        if (m_space)
            viewport()->setCursor(Qt::OpenHandCursor);
        else
            viewport()->unsetCursor();
        event->accept();
        return;
    }
    if (m_drawLine) {
        const QString from = m_drawFrom;
        setDropTarget(nullptr);
        delete m_drawLine;
        m_drawLine = nullptr;
        m_drawFrom.clear();
        TaskItem *to = m_canvas->taskAt(mapToScene(pos));
        if (to && m_canvas->taskItem(from))
            Q_EMIT m_canvas->transitionDrawn(from, to->id());
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
    if (m_canvas->m_moved) {
        m_canvas->m_moved = false;
        m_canvas->graphChanged();
        Q_EMIT m_canvas->positionsChanged();
    }
}

void DesignerView::setDropTarget(TaskItem *task)
{
    const QString id = task ? task->id() : QString();
    if (id == m_dropTarget)
        return;
    if (TaskItem *old = m_canvas->taskItem(m_dropTarget))
        old->setDropTarget(false);
    m_dropTarget = id;
    if (task)
        task->setDropTarget(true);
}

void DesignerView::mouseDoubleClickEvent(QMouseEvent *event)
{
    for (QGraphicsItem *item : items(event->position().toPoint())) {
        if (item->type() == TaskItem::Type) {
            Q_EMIT m_canvas->taskActivated(static_cast<TaskItem *>(item)->id());
            event->accept();
            return;
        }
        if (item->type() == TransitionItem::Type) {
            Q_EMIT m_canvas->transitionActivated(static_cast<TransitionItem *>(item)->ref());
            event->accept();
            return;
        }
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void DesignerView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const double steps = event->angleDelta().y() / 120.0;
        m_canvas->m_fitPending = false;
        if (steps != 0)
            m_canvas->zoomAt(m_canvas->zoom() * std::pow(1.15, steps), event->position().toPoint());
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

bool DesignerView::acceptsDrag(const QMimeData *mime) const
{
    return mime && mime->hasFormat(actionMime) && !m_canvas->isReadOnly();
}

void DesignerView::dragEnterEvent(QDragEnterEvent *event)
{
    if (acceptsDrag(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void DesignerView::dragMoveEvent(QDragMoveEvent *event)
{
    if (acceptsDrag(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void DesignerView::dragLeaveEvent(QDragLeaveEvent *event)
{
    event->accept();
}

void DesignerView::dropEvent(QDropEvent *event)
{
    if (!acceptsDrag(event->mimeData())) {
        event->ignore();
        return;
    }
    const QString ref = QString::fromUtf8(event->mimeData()->data(actionMime)).trimmed();
    if (ref.isEmpty()) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    const QPointF at = mapToScene(event->position().toPoint());
    m_canvas->m_lastDrop = at;
    m_canvas->m_hasDrop = true;
    Q_EMIT m_canvas->actionDropped(ref, at);
}

void DesignerView::drawForeground(QPainter *painter, const QRectF &)
{
    if (!m_canvas->m_order.isEmpty())
        return;
    painter->save();
    painter->resetTransform();
    painter->setPen(palette().color(QPalette::PlaceholderText));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    painter->setFont(f);
    painter->drawText(viewport()->rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                      m_canvas->isReadOnly() ? tr("This workflow has no tasks")
                                             : tr("Drag an action from the palette to add a task"));
    painter->restore();
}

} // namespace squall::ui
