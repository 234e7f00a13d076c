#pragma once

#include <QPixmap>
#include <QTimer>
#include <QWidget>

class QGraphicsView;

namespace squall::ui {

// An overview of the whole graph in a corner of the canvas: a cached picture
// of the scene (redrawn only when the graph changes) with the visible part
// framed on top; clicking or dragging moves the view there.
class Minimap final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Minimap)
public:
    explicit Minimap(QGraphicsView *view, QWidget *parent = nullptr);

    // The scene's content changed: redraw the picture on the next paint.
    void invalidate();
    // Show only when the graph does not fit in the view.
    void updateVisibility();
    void setSceneArea(const QRectF &area);
    QRectF sceneArea() const { return m_area; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    QRectF pictureRect() const;  // where the scene is drawn, in widget coords
    void centreViewAt(const QPointF &widgetPos);

    QGraphicsView *m_view;
    QRectF m_area;
    QPixmap m_picture;
    bool m_dirty = true;
    QTimer m_redraw;
};

} // namespace squall::ui
