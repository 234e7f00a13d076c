#pragma once

#include <optional>

#include "workflow/inspect/WorkflowGraph.h"

#include <QGraphicsItem>
#include <QPixmap>

namespace squall::ui {

struct CanvasStyle;
class TransitionItem;

// One task of the workflow: a rounded box with the task's name, its action
// below, badges on the top border (join, with items, retry, engine commands),
// a run state (left stripe, tint, status icon, with-items progress) and an
// outlet at the bottom centre from which the user draws transitions.
class TaskItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };

    TaskItem(const CanvasStyle *style, const workflow::WorkflowGraph::Node &node);

    int type() const override { return Type; }
    QString id() const { return m_id; }
    QString action() const { return m_action; }
    void setNode(const workflow::WorkflowGraph::Node &node);

    QSizeF size() const { return {m_width, m_height}; }
    QRectF sceneBox() const { return {pos(), size()}; }
    QPointF outletScenePos() const { return pos() + QPointF(m_width / 2, m_height); }
    bool outletContains(const QPointF &scenePos) const;

    // Under the pointer while the user draws a transition: the task it would lead to.
    void setDropTarget(bool on);
    bool isDropTarget() const { return m_dropTarget; }

    void setState(const QString &status, int itemsDone, int itemsTotal);
    QString status() const { return m_status; }
    QString progressText() const { return m_progress; }
    QColor stateColour() const;
    QStringList badges() const;

    void addTransition(TransitionItem *t) { m_transitions.append(t); }
    void removeTransition(TransitionItem *t) { m_transitions.removeAll(t); }
    const QList<TransitionItem *> &transitions() const { return m_transitions; }
    // Move apart the labels of the transitions leaving this task where they overlap.
    void spreadLabels();
    // Re-read colours and fonts (palette change).
    void restyle();

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    struct Pill
    {
        QRectF rect;
        QString text;
    };
    void layoutText();

    const CanvasStyle *m_style;
    static bool sameNode(const workflow::WorkflowGraph::Node &a, const workflow::WorkflowGraph::Node &b);
    std::optional<workflow::WorkflowGraph::Node> m_node;  // as last shown
    QString m_id, m_action, m_nameShown, m_actionShown;
    bool m_join = false;
    double m_width = 120, m_height = 46;
    QList<Pill> m_badges;
    Pill m_progressPill;
    QString m_status, m_progress;
    QPixmap m_statusIcon;
    bool m_hover = false;
    bool m_dropTarget = false;
    QList<TransitionItem *> m_transitions;
};

} // namespace squall::ui
