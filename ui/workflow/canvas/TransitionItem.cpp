#include "ui/workflow/canvas/TransitionItem.h"

#include "ui/workflow/canvas/CanvasStyle.h"
#include "ui/workflow/canvas/TaskItem.h"

#include "workflow/inspect/WorkflowGraph.h"

#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace squall::ui {

namespace {

constexpr double arrowLength = 9;
constexpr double arrowHalfWidth = 4.5;
constexpr double labelMaxWidth = 150;

} // namespace

TransitionItem::TransitionItem(const CanvasStyle *style, TaskItem *from, TaskItem *to, int nextIndex, const Value &when)
    : m_style(style), m_from(from), m_to(to), m_nextIndex(nextIndex)
{
    setFlags(ItemIsSelectable);
    setAcceptHoverEvents(true);
    setZValue(0);
    m_from->addTransition(this);
    if (m_to != m_from)
        m_to->addTransition(this);
    setWhen(when);
}

TransitionItem::~TransitionItem()
{
    detach();
}

void TransitionItem::detach()
{
    if (m_from)
        m_from->removeTransition(this);
    if (m_to)
        m_to->removeTransition(this);
    m_from = m_to = nullptr;
}

TransitionRef TransitionItem::ref() const
{
    return {m_from ? m_from->id() : QString(), m_nextIndex, m_to ? m_to->id() : QString()};
}

void TransitionItem::setWhen(const Value &when)
{
    const QString text = when.isNull() ? QString() : when.toString();
    m_outcome = workflow::WorkflowGraph::outcomeOf(when);
    m_when = text;
    const QString fromTo = m_from && m_to ? m_from->id() + QStringLiteral(" → ") + m_to->id() : QString();
    setToolTip(text.isEmpty() ? fromTo : fromTo + u'\n' + text);
    restyle();
}

void TransitionItem::restyle()
{
    // The expression without its delimiters: "succeeded()" reads better than "<% succeeded() %>".
    QString shown = m_when.simplified();
    for (const auto &[open, close] : {std::pair{u"<%", u"%>"}, std::pair{u"{{", u"}}"}}) {
        if (shown.startsWith(open) && shown.endsWith(close) && shown.size() >= 4) {
            shown = shown.mid(2, shown.size() - 4).trimmed();
            break;
        }
    }
    m_whenShown = m_style->labelMetrics.elidedText(shown, Qt::ElideRight, labelMaxWidth);
    m_drawn.reset();  // metrics may have changed with the style
    adjust();
}

void TransitionItem::setBackEdge(bool back)
{
    if (back != m_back) {
        m_back = back;
        adjust();
    }
}

void TransitionItem::setParallel(int index, int count)
{
    const double offset = (index - (count - 1) / 2.0) * 16;
    if (offset != m_offset) {
        m_offset = offset;
        adjust();
    }
}

void TransitionItem::setLabelShift(const QPointF &shift)
{
    if (shift != m_labelShift) {
        m_labelShift = shift;
        adjust();
    }
}

void TransitionItem::setEmphasis(Emphasis e)
{
    if (e != m_emphasis) {
        m_emphasis = e;
        update();
    }
}

QColor TransitionItem::colour() const
{
    return m_outcome == u"success" ? m_style->success : m_outcome == u"failure" ? m_style->failure : m_style->other;
}

void TransitionItem::adjust()
{
    if (!m_from || !m_to)
        return;
    const QRectF a = m_from->sceneBox(), b = m_to->sceneBox();
    Drawn now{a, b, m_offset, m_labelShift, m_back, m_whenShown};
    if (m_drawn == now)
        return;
    m_drawn = std::move(now);
    prepareGeometryChange();
    m_shape = QPainterPath();
    // Down to a task below goes straight; anything else goes around the right side.
    m_around = m_back || m_from == m_to || b.top() < a.bottom() + 16;
    QPointF p1, p2, dir;
    QPainterPath path;
    if (!m_around) {
        p1 = QPointF(a.center().x() + m_offset, a.bottom());
        p2 = QPointF(b.center().x() + m_offset, b.top());
        dir = QPointF(0, 1);
        const QPointF end = p2 - dir * arrowLength;
        const double dy = std::max(30.0, (end.y() - p1.y()) / 2);
        path.moveTo(p1);
        path.cubicTo(p1 + QPointF(0, dy), end - QPointF(0, dy), end);
    } else {
        const double spread = m_offset * 0.6;
        // Around the side facing away from the target, so the route does not
        // cross the tasks between them.
        const bool left = m_from != m_to && a.center().x() < b.center().x() - 1;
        const double side = left ? -1 : 1;
        auto edgeX = [&](const QRectF &r) { return left ? r.left() : r.right(); };
        if (m_from == m_to) {
            p1 = QPointF(a.right(), a.top() + a.height() * 0.3);
            p2 = QPointF(a.right(), a.top() + a.height() * 0.7);
        } else {
            p1 = QPointF(edgeX(a), a.center().y() + spread);
            p2 = QPointF(edgeX(b), b.center().y() - spread);
        }
        dir = QPointF(-side, 0);
        const QPointF end = p2 - dir * arrowLength;
        const double reach = 44 + std::abs(m_offset) * 1.5;
        const double bend = left ? std::min(p1.x(), end.x()) - reach : std::max(p1.x(), end.x()) + reach;
        path.moveTo(p1);
        path.cubicTo(QPointF(bend, p1.y()), QPointF(bend, end.y()), end);
        m_aroundLeft = left;
    }
    m_path = path;
    const QPointF perp(-dir.y(), dir.x());
    const QPointF base = p2 - dir * arrowLength;
    m_arrow = QPolygonF({p2, base + perp * arrowHalfWidth, base - perp * arrowHalfWidth});
    if (m_whenShown.isEmpty()) {
        m_labelRect = QRectF();
    } else {
        // Near the source: transitions meeting at a join keep their labels apart.
        // Nearer the source than the target (transitions meeting at a join keep
        // their labels apart), yet far enough for those fanning out to have parted;
        // TaskItem::spreadLabels() moves apart those that still overlap.
        const QPointF at = m_path.pointAtPercent(m_around ? 0.5 : 0.36);
        const QSizeF size(m_style->labelMetrics.horizontalAdvance(m_whenShown) + 8, m_style->labelMetrics.height() + 2);
        m_labelRect = QRectF(at - QPointF(size.width() / 2, size.height() / 2), size);
        if (m_around) {
            if (m_aroundLeft)
                m_labelRect.moveRight(at.x() - 4);
            else
                m_labelRect.moveLeft(at.x() + 4);
        }
        m_naturalLabelRect = m_labelRect;
        m_labelRect.translate(m_labelShift);
    }
    m_bounds = m_path.controlPointRect().united(m_arrow.boundingRect()).adjusted(-5, -5, 5, 5);
    if (!m_labelRect.isNull())
        m_bounds = m_bounds.united(m_labelRect.adjusted(-2, -2, 2, 2));
    update();
}

QRectF TransitionItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath TransitionItem::shape() const
{
    if (m_shape.isEmpty()) {
        QPainterPathStroker stroker;
        stroker.setWidth(9);
        m_shape = stroker.createStroke(m_path);
        m_shape.addPolygon(m_arrow);
        if (!m_labelRect.isNull())
            m_shape.addRect(m_labelRect);
        m_shape.setFillRule(Qt::WindingFill);
    }
    return m_shape;
}

void TransitionItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const CanvasStyle &s = *m_style;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool detail = lod >= CanvasStyle::detailThreshold || s.exporting;
    QColor c = colour();
    if (m_emphasis == Emphasis::Dimmed)
        c.setAlphaF(0.28f);
    const bool selected = isSelected();
    painter->setBrush(Qt::NoBrush);
    if (!m_hover && !selected && m_emphasis != Emphasis::Taken && !s.exporting) {
        // The raster engine strokes pens wider than a pixel slowly (a long
        // transition costs a quarter millisecond); hairlines take its fast
        // path. Two hairlines half a pixel apart read as a 1.5 px line.
        QPen pen(c, 1);
        pen.setCosmetic(true);
        painter->setPen(pen);
        painter->drawPath(m_path);
        if (detail) {
            const double d = 0.55 / lod;
            painter->translate(d, d);
            painter->drawPath(m_path);
            painter->translate(-d, -d);
        }
    } else {
        double width = m_emphasis == Emphasis::Taken ? 3.0 : 1.6;
        if (m_hover || selected)
            width += 1.0;
        if (selected && detail) {
            QColor halo = s.highlight;
            halo.setAlphaF(0.35f);
            painter->setPen(QPen(halo, width + 5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter->drawPath(m_path);
        }
        QPen pen(selected ? s.highlight : c, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        if (!detail) {
            // Far away, a thin stroke scaled down would vanish.
            pen.setWidthF(2);
            pen.setCosmetic(true);
        }
        painter->setPen(pen);
        painter->drawPath(m_path);
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(selected ? s.highlight : c);
    painter->drawPolygon(m_arrow);
    if (detail && !m_labelRect.isNull()) {
        QColor bg = s.base;
        bg.setAlphaF(0.88f);
        painter->setBrush(bg);
        painter->drawRoundedRect(m_labelRect, 4, 4);
        painter->setPen(c);
        painter->setFont(s.labelFont);
        painter->drawText(m_labelRect, Qt::AlignCenter, m_whenShown);
    }
}

void TransitionItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hover = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void TransitionItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hover = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

} // namespace squall::ui
