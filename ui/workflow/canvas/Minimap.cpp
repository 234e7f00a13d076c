#include "ui/workflow/canvas/Minimap.h"

#include <QGraphicsScene>
#include <QGraphicsView>
#include <QMouseEvent>
#include <QPainter>

namespace squall::ui {

Minimap::Minimap(QGraphicsView *view, QWidget *parent) : QWidget(parent), m_view(view)
{
    setObjectName(QStringLiteral("designerMinimap"));
    setAccessibleName(tr("Overview"));
    setAccessibleDescription(tr("The whole workflow; click or drag to move the view"));
    setCursor(Qt::PointingHandCursor);
    setFixedSize(200, 140);
    // Redrawing the overview means painting the whole scene: after edits come
    // to rest, not within each one.
    m_redraw.setSingleShot(true);
    m_redraw.setInterval(150);
    connect(&m_redraw, &QTimer::timeout, this, [this] {
        m_dirty = true;
        update();
    });
    hide();
}

void Minimap::invalidate()
{
    if (m_picture.isNull()) {
        m_dirty = true;
        update();
        return;
    }
    m_redraw.start();
}

void Minimap::setSceneArea(const QRectF &area)
{
    m_area = area;
    invalidate();
}

void Minimap::updateVisibility()
{
    const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    const bool fits = m_area.isEmpty() || visible.contains(m_area);
    if (fits == isVisible())
        setVisible(!fits);
    if (!fits)
        update();
}

QRectF Minimap::pictureRect() const
{
    if (m_area.isEmpty())
        return {};
    const QRectF inner = QRectF(rect()).adjusted(6, 6, -6, -6);
    const double scale = std::min(inner.width() / m_area.width(), inner.height() / m_area.height());
    QRectF r(0, 0, m_area.width() * scale, m_area.height() * scale);
    r.moveCenter(inner.center());
    return r;
}

void Minimap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QPalette pal = palette();
    QColor bg = pal.color(QPalette::Base);
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.setBrush(bg);
    p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
    const QRectF target = pictureRect();
    if (target.isEmpty())
        return;
    const qreal dpr = devicePixelRatioF();
    // A very tall or wide graph leaves less than a pixel across: keep one, so
    // the cached picture exists and is not drawn again on every scroll.
    const QSize pixels = (target.size() * dpr).toSize().expandedTo(QSize(1, 1));
    if (m_dirty || m_picture.size() != pixels) {
        // Redrawn only when the graph changed: scrolling just moves the frame.
        m_picture = QPixmap(pixels);
        m_picture.setDevicePixelRatio(dpr);
        m_picture.fill(Qt::transparent);
        QPainter pp(&m_picture);
        pp.setRenderHint(QPainter::Antialiasing);
        m_view->scene()->render(&pp, QRectF(QPointF(), target.size()), m_area, Qt::KeepAspectRatio);
        m_dirty = false;
    }
    p.drawPixmap(target.topLeft(), m_picture);
    // The visible part of the scene.
    const double scale = target.width() / m_area.width();
    const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    QRectF frame((visible.left() - m_area.left()) * scale + target.left(), (visible.top() - m_area.top()) * scale + target.top(),
                 visible.width() * scale, visible.height() * scale);
    frame = frame.intersected(target.adjusted(-1, -1, 1, 1));
    QColor hl = pal.color(QPalette::Highlight);
    QColor fill = hl;
    fill.setAlphaF(0.15f);
    p.setPen(QPen(hl, 1.5));
    p.setBrush(fill);
    p.drawRect(frame);
}

void Minimap::centreViewAt(const QPointF &widgetPos)
{
    const QRectF target = pictureRect();
    if (target.isEmpty())
        return;
    const double scale = target.width() / m_area.width();
    m_view->centerOn(m_area.topLeft() + (widgetPos - target.topLeft()) / scale);
    update();
}

void Minimap::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        centreViewAt(event->position());
    event->accept();
}

void Minimap::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton)
        centreViewAt(event->position());
    event->accept();
}

} // namespace squall::ui
