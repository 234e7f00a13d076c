#include "ui/workflow/canvas/TaskItem.h"

#include "ui/shell/Icons.h"
#include "ui/workflow/canvas/CanvasStyle.h"
#include "ui/workflow/canvas/DesignerCanvas.h"
#include "ui/workflow/canvas/TransitionItem.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QVarLengthArray>
#include <QStyleOptionGraphicsItem>

namespace squall::ui {

namespace {

constexpr double outletRadius = 5;
constexpr double pillHeight = 14;

QString badgeOf(const Value &v, const QString &name)
{
    if (v.isNull())
        return {};
    if (v.isNumber())
        return name + u' ' + QString::number(v.toInt());
    return name;
}

} // namespace

TaskItem::TaskItem(const CanvasStyle *style, const workflow::WorkflowGraph::Node &node) : m_style(style)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    // Panning moves cached pictures; zooming redraws only what is visible.
    // Far out the canvas switches to no cache: a plain box is cheaper to draw
    // than a thousand tiny pictures are to keep (DesignerCanvas::applyCacheMode).
    setCacheMode(style->detailCached ? DeviceCoordinateCache : NoCache);
    setZValue(1);
    setNode(node);
}

void TaskItem::setNode(const workflow::WorkflowGraph::Node &node)
{
    // Most tasks are unchanged when the graph is redrawn after an edit.
    if (m_node && sameNode(*m_node, node))
        return;
    m_node = node;
    const QString action = node.action.isString() ? node.action.toString() : QString();
    const double width = CanvasStyle::boxWidth(std::max(node.id.size(), action.size()));
    if (width != m_width)
        prepareGeometryChange();
    m_id = node.id;
    m_action = action;
    m_width = width;
    m_join = !node.join.isNull();
    QStringList badges;
    if (!node.join.isNull())
        badges << (node.join.isString() ? QStringLiteral("join") : badgeOf(node.join, QStringLiteral("join")));
    if (!node.withItems.isNull())
        badges << QStringLiteral("items");
    if (!node.retry.isNull()) {
        const Value count = node.retry[u"count"];
        badges << (count.isNumber() ? QStringLiteral("retry ×%1").arg(count.toInt()) : QStringLiteral("retry"));
    }
    for (const auto &c : node.commands) {
        if (!badges.contains(c.name))
            badges << c.name;
    }
    m_badges.clear();
    for (const QString &b : std::as_const(badges))
        m_badges.append({QRectF(), b});
    QStringList tip{m_id};
    if (!m_action.isEmpty())
        tip << m_action;
    if (!badges.isEmpty())
        tip << badges.join(u", ");
    setToolTip(tip.join(u'\n'));
    layoutText();
    update();
}

bool TaskItem::sameNode(const workflow::WorkflowGraph::Node &a, const workflow::WorkflowGraph::Node &b)
{
    if (a.id != b.id || a.action != b.action || a.join != b.join || a.withItems != b.withItems || a.retry != b.retry
        || a.commands.size() != b.commands.size())
        return false;
    for (qsizetype i = 0; i < a.commands.size(); ++i) {
        const auto &x = a.commands.at(i), &y = b.commands.at(i);
        if (x.name != y.name || x.when != y.when || x.nextIndex != y.nextIndex)
            return false;
    }
    return true;
}

void TaskItem::layoutText()
{
    const double inner = m_width - 16;
    m_nameShown = m_style->nameMetrics.elidedText(m_id, Qt::ElideMiddle, inner);
    m_actionShown = m_style->actionMetrics.elidedText(m_action, Qt::ElideMiddle, inner);
    // Badges sit on the top border, right-aligned.
    double x = m_width - 8;
    for (qsizetype i = m_badges.size() - 1; i >= 0; --i) {
        Pill &p = m_badges[i];
        const double w = m_style->badgeMetrics.horizontalAdvance(p.text) + 10;
        x -= w;
        p.rect = QRectF(x, -pillHeight / 2, w, pillHeight);
        x -= 4;
    }
    if (!m_progress.isEmpty()) {
        const double w = m_style->badgeMetrics.horizontalAdvance(m_progress) + 10;
        m_progressPill = {QRectF(m_width - 8 - w, m_height - pillHeight / 2, w, pillHeight), m_progress};
    }
}

void TaskItem::restyle()
{
    layoutText();
    if (!m_status.isEmpty())
        m_statusIcon = icons::status(m_status).pixmap(32, 32);
    update();
}

bool TaskItem::outletContains(const QPointF &scenePos) const
{
    const QPointF d = scenePos - outletScenePos();
    const double r = outletRadius + 4;  // a little slack for the pointer
    return d.x() * d.x() + d.y() * d.y() <= r * r;
}

void TaskItem::setDropTarget(bool on)
{
    if (on != m_dropTarget) {
        m_dropTarget = on;
        update();
    }
}

void TaskItem::setState(const QString &status, int itemsDone, int itemsTotal)
{
    const QString progress = itemsTotal >= 0 && itemsDone >= 0 ? QStringLiteral("%1/%2").arg(itemsDone).arg(itemsTotal)
                                                               : QString();
    if (status == m_status && progress == m_progress)
        return;
    m_status = status;
    m_progress = progress;
    m_statusIcon = status.isEmpty() ? QPixmap() : icons::status(status).pixmap(32, 32);
    layoutText();
    update();
}

QColor TaskItem::stateColour() const
{
    return m_status.isEmpty() ? QColor() : m_style->statusColour(m_status);
}

QStringList TaskItem::badges() const
{
    QStringList out;
    for (const Pill &p : m_badges)
        out << p.text;
    return out;
}

QRectF TaskItem::boundingRect() const
{
    return QRectF(-3, -pillHeight / 2 - 2, m_width + 6, m_height + pillHeight + 4);
}

QPainterPath TaskItem::shape() const
{
    QPainterPath p;
    p.addRect(QRectF(0, 0, m_width, m_height));
    p.addEllipse(QPointF(m_width / 2, m_height), outletRadius + 2, outletRadius + 2);
    return p;
}

void TaskItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const CanvasStyle &s = *m_style;
    const QRectF box(0, 0, m_width, m_height);
    const bool selected = isSelected();
    const QColor state = stateColour();
    const QColor fill = state.isValid() ? QColor::fromRgbF(float(s.boxFill.redF() * 0.82 + state.redF() * 0.18),
                                                           float(s.boxFill.greenF() * 0.82 + state.greenF() * 0.18),
                                                           float(s.boxFill.blueF() * 0.82 + state.blueF() * 0.18))
                                        : s.boxFill;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < CanvasStyle::detailThreshold && !s.exporting) {
        // Far away: the box, its state and selection; no text.
        painter->setPen(selected ? QPen(s.highlight, 3 / lod) : QPen(state.isValid() ? state : s.border, 0));
        painter->setBrush(fill);
        painter->drawRect(box);
        return;
    }

    painter->setPen(selected || m_dropTarget ? QPen(s.highlight, 2.5, m_dropTarget ? Qt::DashLine : Qt::SolidLine)
                                             : QPen(m_join ? s.joinBorder : s.border, m_join ? 2.0 : 1.2));
    painter->setBrush(fill);
    painter->drawRoundedRect(box, 7, 7);
    if (state.isValid()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(state);
        painter->drawRoundedRect(QRectF(2.5, 5, 4, m_height - 10), 2, 2);
    }

    painter->setPen(s.text);
    painter->setFont(s.nameFont);
    const bool hasAction = !m_actionShown.isEmpty();
    painter->drawText(QRectF(8, hasAction ? 5 : 0, m_width - 16, hasAction ? 20 : m_height), Qt::AlignCenter, m_nameShown);
    if (hasAction) {
        painter->setPen(s.dim);
        painter->setFont(s.actionFont);
        painter->drawText(QRectF(8, 24, m_width - 16, 17), Qt::AlignCenter, m_actionShown);
    }

    auto drawPill = [&](const Pill &p, const QColor &colour) {
        painter->setPen(QPen(colour, 1));
        painter->setBrush(s.base);
        painter->drawRoundedRect(p.rect, pillHeight / 2, pillHeight / 2);
        painter->setPen(colour);
        painter->drawText(p.rect, Qt::AlignCenter, p.text);
    };
    if (!m_badges.isEmpty() || !m_progress.isEmpty()) {
        painter->setFont(s.badgeFont);
        for (const Pill &p : m_badges)
            drawPill(p, p.text == u"fail" ? s.failure : s.dim);
        if (!m_progress.isEmpty())
            drawPill(m_progressPill, state.isValid() ? state : s.dim);
    }
    if (!m_statusIcon.isNull()) {
        const QRectF iconRect(6, -8, 16, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(s.base);
        painter->drawEllipse(iconRect.adjusted(-1, -1, 1, 1));
        painter->drawPixmap(iconRect, m_statusIcon, QRectF(m_statusIcon.rect()));
    }
    if (!s.readOnly && !s.exporting) {
        const QPointF c(m_width / 2, m_height);
        const bool hot = m_hover || selected;
        painter->setPen(QPen(hot ? s.highlight : s.border, 1.2));
        painter->setBrush(hot ? s.highlight : s.base);
        painter->drawEllipse(c, hot ? outletRadius : outletRadius - 1.5, hot ? outletRadius : outletRadius - 1.5);
    }
}

QVariant TaskItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        for (TransitionItem *t : std::as_const(m_transitions))
            t->adjust();
        for (TransitionItem *t : std::as_const(m_transitions))
            t->source()->spreadLabels();
        if (scene()) {
            if (auto *canvas = qobject_cast<DesignerCanvas *>(scene()->parent()))
                canvas->taskMoved(this);
        }
    } else if (change == ItemSelectedHasChanged) {
        // The outlet lights up with the selection.
        update();
    }
    return QGraphicsItem::itemChange(change, value);
}

void TaskItem::spreadLabels()
{
    // Few transitions leave a task: a quadratic pass is fine. Labels keep
    // their natural place in transition order; a later one that overlaps an
    // earlier one moves down below it.
    QVarLengthArray<QRectF, 8> placed;
    for (TransitionItem *t : std::as_const(m_transitions)) {
        if (t->source() != this)
            continue;
        QRectF r = t->naturalLabelRect();
        if (r.isNull()) {
            continue;
        }
        for (bool moved = true; moved;) {
            moved = false;
            for (const QRectF &p : std::as_const(placed)) {
                if (p.intersects(r.adjusted(-2, -1, 2, 1))) {
                    r.moveTop(p.bottom() + 2);
                    moved = true;
                }
            }
        }
        t->setLabelShift(r.topLeft() - t->naturalLabelRect().topLeft());
        placed.append(r);
    }
}

void TaskItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hover = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void TaskItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hover = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

} // namespace squall::ui
