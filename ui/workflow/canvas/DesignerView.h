#pragma once

#include <QGraphicsView>

class QGraphicsLineItem;
class QMimeData;

namespace squall::ui {

class DesignerCanvas;
class TaskItem;

// The canvas's view: input handling (drawing transitions from outlets, drops
// from the palette, panning, Ctrl+wheel zoom, keyboard navigation) and the
// empty-graph hint. The graph logic stays in DesignerCanvas.
class DesignerView final : public QGraphicsView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DesignerView)
public:
    DesignerView(QGraphicsScene *scene, DesignerCanvas *canvas);

    bool isDrawing() const { return m_drawLine != nullptr; }

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    bool acceptsDrag(const QMimeData *mime) const;

    DesignerCanvas *m_canvas;
    void setDropTarget(TaskItem *task);

    QString m_drawFrom;
    QString m_dropTarget;  // by id: the graph may change under the pointer
    QGraphicsLineItem *m_drawLine = nullptr;
    bool m_space = false;
    bool m_panning = false;
    QPoint m_panLast;
};

} // namespace squall::ui
