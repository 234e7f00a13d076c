#pragma once

#include <optional>

#include "ui/workflow/canvas/TransitionRef.h"

#include "base/Value.h"

#include <QGraphicsItem>
#include <QPainterPath>
#include <QPolygonF>

namespace squall::ui {

struct CanvasStyle;
class TaskItem;

// One transition: a curve from the source's bottom to the target's top with an
// arrow head, coloured by its outcome (success / failure / other). Transitions
// that loop back (or whose target sits above the source) go around the right
// side. Its `when` shows elided near the source, in full as the tooltip.
class TransitionItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    TransitionItem(const CanvasStyle *style, TaskItem *from, TaskItem *to, int nextIndex, const Value &when);
    ~TransitionItem() override;

    int type() const override { return Type; }
    TransitionRef ref() const;
    TaskItem *source() const { return m_from; }
    TaskItem *target() const { return m_to; }
    QString outcome() const { return m_outcome; }
    QString when() const { return m_when; }
    QColor colour() const;
    bool isBackEdge() const { return m_back; }
    bool routesAround() const { return m_around; }

    void setWhen(const Value &when);
    void restyle();  // fonts changed: elide the label again
    void setBackEdge(bool back);
    // Position among the transitions between the same two tasks, so they do not overlap.
    void setParallel(int index, int count);
    // The label where adjust() puts it, before setLabelShift() moves it apart from others.
    QRectF naturalLabelRect() const { return m_naturalLabelRect; }
    QRectF labelRect() const { return m_labelRect; }
    void setLabelShift(const QPointF &shift);
    enum class Emphasis { Normal, Taken, Dimmed };
    void setEmphasis(Emphasis e);
    Emphasis emphasis() const { return m_emphasis; }
    void detach();  // forget the tasks (they are going away)
    // Recompute the route from the tasks' positions.
    void adjust();

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    const CanvasStyle *m_style;
    TaskItem *m_from, *m_to;
    int m_nextIndex;
    QString m_when, m_whenShown, m_outcome;
    bool m_back = false, m_around = false, m_aroundLeft = false, m_hover = false;
    double m_offset = 0;
    Emphasis m_emphasis = Emphasis::Normal;
    QPainterPath m_path;
    QPolygonF m_arrow;
    QRectF m_labelRect, m_naturalLabelRect, m_bounds;
    QPointF m_labelShift;
    // What the last adjust() drew from: a graph redrawn with nothing moved
    // leaves the path as it is (1,000 transitions per edit otherwise).
    struct Drawn
    {
        QRectF from, to;
        double offset = 0;
        QPointF labelShift;
        bool back = false;
        QString label;
        bool operator==(const Drawn &) const = default;
    };
    std::optional<Drawn> m_drawn;
    mutable QPainterPath m_shape;
};

} // namespace squall::ui
