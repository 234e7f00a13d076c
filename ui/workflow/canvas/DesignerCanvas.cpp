#include "ui/workflow/canvas/DesignerCanvas.h"

#include "ui/shell/Icons.h"
#include "ui/workflow/canvas/CanvasStyle.h"
#include "ui/workflow/canvas/DesignerView.h"
#include "ui/workflow/canvas/Minimap.h"
#include "ui/workflow/canvas/NewTaskPlacement.h"
#include "ui/workflow/canvas/TaskItem.h"
#include "ui/workflow/canvas/TransitionItem.h"

#include "workflow/inspect/WorkflowLayout.h"

#include <QEvent>
#include <QFile>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QSet>
#include <QShortcut>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace squall::ui {

namespace {

QString edgeKey(const QString &from, int nextIndex, const QString &to)
{
    return from + u'\x1f' + QString::number(nextIndex) + u'\x1f' + to;
}

QToolButton *zoomButton(QWidget *parent, const QString &name, const QString &icon, const QString &accessible,
                        const QString &tip)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(name);
    if (!icon.isEmpty())
        b->setIcon(icons::get(icon));
    b->setAccessibleName(accessible);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setFocusPolicy(Qt::TabFocus);
    return b;
}

// Sets a flag for the lifetime of a scope.
class FlagGuard
{
public:
    explicit FlagGuard(bool &flag) : m_flag(flag), m_old(flag) { m_flag = true; }
    ~FlagGuard() { m_flag = m_old; }
    FlagGuard(const FlagGuard &) = delete;
    FlagGuard &operator=(const FlagGuard &) = delete;

private:
    bool &m_flag;
    bool m_old;
};

} // namespace

DesignerCanvas::DesignerCanvas(QWidget *parent)
    : QWidget(parent), m_style(std::make_unique<CanvasStyle>()), m_scene(new QGraphicsScene(this))
{
    setObjectName(QStringLiteral("designerCanvas"));
    m_style->setPalette(palette(), font());
    m_scene->setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    m_view = new DesignerView(m_scene, this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setFocusProxy(m_view);

    m_minimap = new Minimap(m_view, this);

    m_zoomBar = new QFrame(this);
    m_zoomBar->setObjectName(QStringLiteral("designerZoomBar"));
    static_cast<QFrame *>(m_zoomBar)->setFrameShape(QFrame::StyledPanel);
    m_zoomBar->setAutoFillBackground(true);
    m_zoomBar->setBackgroundRole(QPalette::Base);
    auto *bar = new QHBoxLayout(m_zoomBar);
    bar->setContentsMargins(2, 2, 2, 2);
    bar->setSpacing(0);
    m_zoomOutButton = zoomButton(m_zoomBar, QStringLiteral("zoomOutButton"), QStringLiteral("zoom-out"), tr("Zoom out"),
                                 tr("Zoom out (-)"));
    m_zoomPercentButton = zoomButton(m_zoomBar, QStringLiteral("zoomPercentButton"), QString(), tr("Zoom level"),
                                     tr("Actual size"));
    m_zoomPercentButton->setAccessibleDescription(tr("The current zoom; click for 100%"));
    m_zoomPercentButton->setText(QStringLiteral("100%"));
    m_zoomPercentButton->setMinimumWidth(m_zoomPercentButton->fontMetrics().horizontalAdvance(QStringLiteral("0000%")) + 8);
    m_zoomInButton = zoomButton(m_zoomBar, QStringLiteral("zoomInButton"), QStringLiteral("zoom-in"), tr("Zoom in"),
                                tr("Zoom in (+)"));
    m_fitButton = zoomButton(m_zoomBar, QStringLiteral("zoomFitButton"), QStringLiteral("zoom-fit"), tr("Fit to view"),
                             tr("Fit the whole workflow (0)"));
    for (QToolButton *b : {m_zoomOutButton, m_zoomPercentButton, m_zoomInButton, m_fitButton})
        bar->addWidget(b);
    connect(m_zoomOutButton, &QToolButton::clicked, this, &DesignerCanvas::zoomOut);
    connect(m_zoomInButton, &QToolButton::clicked, this, &DesignerCanvas::zoomIn);
    connect(m_zoomPercentButton, &QToolButton::clicked, this, [this] { setZoom(1.0); });
    connect(m_fitButton, &QToolButton::clicked, this, &DesignerCanvas::fitToView);

    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        if (!m_building)
            Q_EMIT selectionChanged();
    });
    connect(this, &DesignerCanvas::selectionChanged, this, &DesignerCanvas::describe);
    for (QScrollBar *sb : {m_view->horizontalScrollBar(), m_view->verticalScrollBar()})
        connect(sb, &QScrollBar::valueChanged, m_minimap, &Minimap::updateVisibility);

    auto *copy = new QShortcut(QKeySequence::Copy, this);
    copy->setContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QShortcut::activated, this, &DesignerCanvas::copyRequested);
    auto *paste = new QShortcut(QKeySequence::Paste, this);
    paste->setContext(Qt::WidgetWithChildrenShortcut);
    connect(paste, &QShortcut::activated, this, [this] {
        if (isReadOnly())
            return;
        QPoint at = m_view->viewport()->mapFromGlobal(QCursor::pos());
        if (!m_view->viewport()->rect().contains(at))
            at = m_view->viewport()->rect().center();
        Q_EMIT pasteRequested(m_view->mapToScene(at));
    });
    placeOverlays();
}

DesignerCanvas::~DesignerCanvas()
{
    // No signals from a canvas going away; transitions point at tasks, so they
    // go first; the scene goes while the members its items use still exist.
    m_building = true;
    disconnect(m_scene, nullptr, this, nullptr);
    qDeleteAll(m_transitions);
    m_transitions.clear();
    delete m_scene;
}

QGraphicsView *DesignerCanvas::view() const
{
    return m_view;
}

void DesignerCanvas::setGraph(const workflow::WorkflowGraph &graph, const QHash<QString, QPointF> &positions)
{
    const QStringList selectedBefore = selectedTasks();
    const QList<TransitionRef> selectedTransitionsBefore = selectedTransitions();
    {
        FlagGuard building(m_building);
        rebuild(graph, positions);
    }
    // Selected items that went away change the selection.
    if (selectedBefore != selectedTasks() || selectedTransitionsBefore != selectedTransitions())
        Q_EMIT selectionChanged();
    else
        describe();
}

void DesignerCanvas::describe()
{
    // Items in a graphics scene are invisible to screen readers: the view's
    // accessible name tells what the keyboard has selected.
    QString text = tr("Workflow graph, %n task(s)", nullptr, int(m_order.size()));
    const QStringList tasks = selectedTasks();
    const QList<TransitionRef> transitions = selectedTransitions();
    if (tasks.size() == 1 && transitions.isEmpty()) {
        const TaskItem *t = m_tasks.value(tasks.first());
        text += t->action().isEmpty() ? tr("; selected task %1").arg(t->id())
                                      : tr("; selected task %1 (%2)").arg(t->id(), t->action());
    } else if (tasks.isEmpty() && transitions.size() == 1) {
        text += tr("; selected transition from %1 to %2").arg(transitions.first().from, transitions.first().to);
    } else if (!tasks.isEmpty() || !transitions.isEmpty()) {
        text += tr("; %n task(s)", nullptr, int(tasks.size())) + tr(" and %n transition(s) selected", nullptr, int(transitions.size()));
    }
    m_view->setAccessibleName(text);
}

void DesignerCanvas::rebuild(const workflow::WorkflowGraph &graph, const QHash<QString, QPointF> &positions)
{
    const bool firstOpen = m_order.isEmpty();
    m_graph = graph;

    QHash<QString, TaskItem *> oldTasks = m_tasks;
    // Transitions are keyed by ids; take the keys before any task goes.
    QMultiHash<QString, TransitionItem *> oldEdges;
    for (TransitionItem *t : std::as_const(m_transitions)) {
        const TransitionRef r = t->ref();
        oldEdges.insert(edgeKey(r.from, r.nextIndex, r.to), t);
    }
    m_tasks.clear();
    m_order.clear();
    m_transitions.clear();

    QStringList unplaced;
    for (const auto &node : graph.nodes) {
        if (m_tasks.contains(node.id))
            continue;
        TaskItem *t = oldTasks.take(node.id);
        const bool fresh = !t;
        if (fresh) {
            t = new TaskItem(m_style.get(), node);
            t->setFlag(QGraphicsItem::ItemIsMovable, !isReadOnly());
            m_scene->addItem(t);
        } else {
            t->setNode(node);
        }
        m_tasks.insert(node.id, t);
        m_order.append(t);
        const auto p = positions.constFind(node.id);
        if (p != positions.cend())
            t->setPos(*p);
        else if (fresh)
            unplaced.append(node.id);
    }

    // The layout also tells which transitions close a loop.
    const workflow::WorkflowLayout layout = workflow::WorkflowLayout::compute(graph);
    const QSet<int> back(layout.backEdges.cbegin(), layout.backEdges.cend());

    QHash<QString, int> pairCount;
    QList<std::pair<TransitionItem *, QString>> pairOf;
    for (int e = 0; e < graph.edges.size(); ++e) {
        const auto &edge = graph.edges.at(e);
        TaskItem *from = m_tasks.value(edge.from), *to = m_tasks.value(edge.to);
        if (!from || !to)
            continue;
        const QString key = edgeKey(edge.from, edge.nextIndex, edge.to);
        TransitionItem *t = nullptr;
        const auto it = oldEdges.find(key);
        if (it != oldEdges.end()) {
            t = it.value();
            oldEdges.erase(it);
            if (t->when() != (edge.when.isNull() ? QString() : edge.when.toString()))
                t->setWhen(edge.when);
        } else {
            t = new TransitionItem(m_style.get(), from, to, edge.nextIndex, edge.when);
            m_scene->addItem(t);
        }
        t->setBackEdge(back.contains(e));
        m_transitions.append(t);
        const QString pair = edge.from < edge.to ? edge.from + u'\x1f' + edge.to : edge.to + u'\x1f' + edge.from;
        pairOf.append({t, pair});
        ++pairCount[pair];
    }
    qDeleteAll(oldEdges);
    qDeleteAll(oldTasks);

    // Place new tasks.
    const bool droppedOne = m_hasDrop && unplaced.size() == 1;
    if (!unplaced.isEmpty())
        placeNewTasks(graph, layout, m_order, m_tasks, unplaced, droppedOne ? std::optional<QPointF>(m_lastDrop) : std::nullopt);
    m_hasDrop = false;

    QHash<QString, int> pairIndex;
    for (const auto &[t, pair] : std::as_const(pairOf)) {
        t->setParallel(pairIndex[pair]++, pairCount.value(pair));
        t->adjust();
    }
    for (TaskItem *t : std::as_const(m_order))
        t->spreadLabels();
    setTakenTransitions(m_taken);
    graphChanged();
    if (firstOpen && !m_order.isEmpty() && unplaced.size() == m_order.size() && !droppedOne) {
        fitToView();
        // The view may not have its final size yet: fit again when it gets it.
        m_fitPending = true;
    }
    m_view->viewport()->update();
}

QHash<QString, QPointF> DesignerCanvas::positions() const
{
    QHash<QString, QPointF> out;
    out.reserve(m_order.size());
    for (TaskItem *t : m_order)
        out.insert(t->id(), t->pos());
    return out;
}

void DesignerCanvas::relayout()
{
    {
        FlagGuard building(m_building);
        const workflow::WorkflowLayout layout = workflow::WorkflowLayout::compute(m_graph);
        for (const auto &b : layout.boxes) {
            if (TaskItem *t = m_tasks.value(b.id))
                t->setPos(b.x, b.y);
        }
    }
    graphChanged();
    fitToView();
    Q_EMIT positionsChanged();
}

QRectF DesignerCanvas::graphRect() const
{
    QRectF r;
    for (TaskItem *t : m_order)
        r = r.united(t->sceneBoundingRect());
    for (TransitionItem *t : m_transitions)
        r = r.united(t->sceneBoundingRect());
    return r;
}

void DesignerCanvas::updateSceneRect()
{
    const QRectF r = graphRect();
    const QRect vp = m_view->viewport()->rect();
    const QRectF visible = m_view->mapToScene(vp).boundingRect();
    const QPointF centre = m_view->mapToScene(vp.center());
    // Room around the graph to pan into and to drop new tasks, and what is in
    // view now, so that the view does not jump when the graph changes.
    QRectF area = r.isNull() ? QRectF(-400, -300, 800, 600) : r.adjusted(-600, -400, 600, 400);
    if (m_scene->sceneRect().isValid() && !m_order.isEmpty())
        area = area.united(visible);
    if (area == m_scene->sceneRect())
        return;
    m_scene->setSceneRect(area);
    m_view->centerOn(centre);
}

void DesignerCanvas::graphChanged()
{
    updateSceneRect();
    m_minimap->setSceneArea(graphRect().adjusted(-20, -20, 20, 20));
    m_minimap->updateVisibility();
    m_view->viewport()->update();
}

void DesignerCanvas::taskMoved(TaskItem *)
{
    if (!m_building)
        m_moved = true;
}

// --- selection -----------------------------------------------------------------

QStringList DesignerCanvas::selectedTasks() const
{
    QStringList out;
    for (TaskItem *t : m_order) {
        if (t->isSelected())
            out << t->id();
    }
    return out;
}

QList<DesignerCanvas::TransitionRef> DesignerCanvas::selectedTransitions() const
{
    QList<TransitionRef> out;
    for (TransitionItem *t : m_transitions) {
        if (t->isSelected())
            out << t->ref();
    }
    return out;
}

void DesignerCanvas::selectTasks(const QStringList &ids, bool ensureVisible)
{
    const QStringList before = selectedTasks();
    const QList<TransitionRef> beforeT = selectedTransitions();
    QRectF area;
    {
        FlagGuard building(m_building);
        m_scene->clearSelection();
        for (const QString &id : ids) {
            if (TaskItem *t = m_tasks.value(id)) {
                t->setSelected(true);
                area = area.united(t->sceneBox());
            }
        }
    }
    if (ensureVisible && !area.isNull()) {
        const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
        if (area.width() < visible.width() && area.height() < visible.height())
            m_view->ensureVisible(area, 40, 40);
        else
            m_view->centerOn(area.center());
    }
    if (before != selectedTasks() || beforeT != selectedTransitions())
        Q_EMIT selectionChanged();
}

void DesignerCanvas::selectTransition(const TransitionRef &ref)
{
    const QStringList before = selectedTasks();
    const QList<TransitionRef> beforeT = selectedTransitions();
    {
        FlagGuard building(m_building);
        m_scene->clearSelection();
        for (TransitionItem *t : std::as_const(m_transitions)) {
            if (t->ref() == ref) {
                t->setSelected(true);
                m_view->ensureVisible(t->sceneBoundingRect(), 40, 40);
                break;
            }
        }
    }
    if (before != selectedTasks() || beforeT != selectedTransitions())
        Q_EMIT selectionChanged();
}

void DesignerCanvas::selectAll()
{
    {
        FlagGuard building(m_building);
        for (TaskItem *t : std::as_const(m_order))
            t->setSelected(true);
        for (TransitionItem *t : std::as_const(m_transitions))
            t->setSelected(true);
    }
    Q_EMIT selectionChanged();
}

TaskItem *DesignerCanvas::taskAt(const QPointF &scenePos) const
{
    for (QGraphicsItem *item : m_scene->items(scenePos)) {
        if (item->type() == TaskItem::Type)
            return static_cast<TaskItem *>(item);
    }
    return nullptr;
}

TaskItem *DesignerCanvas::currentTask() const
{
    TaskItem *first = nullptr;
    for (TaskItem *t : m_order) {
        if (t->isSelected()) {
            first = t;
            break;
        }
    }
    // The first selected task in document order.
    return first;
}

void DesignerCanvas::selectOnly(TaskItem *item)
{
    if (item)
        selectTasks({item->id()}, true);
}

void DesignerCanvas::moveSelectionTowards(int dx, int dy)
{
    TaskItem *current = currentTask();
    if (!current) {
        selectOnly(m_order.value(0));
        return;
    }
    const QPointF c = current->sceneBox().center();
    TaskItem *best = nullptr;
    double bestScore = std::numeric_limits<double>::max();
    for (TaskItem *t : std::as_const(m_order)) {
        if (t == current)
            continue;
        const QPointF d = t->sceneBox().center() - c;
        const double along = d.x() * dx + d.y() * dy;
        if (along <= 1)
            continue;
        const double across = std::abs(d.x() * dy - d.y() * dx);
        // Straight ahead beats diagonal: the sideways distance counts double.
        const double score = along + 2 * across;
        if (score < bestScore) {
            bestScore = score;
            best = t;
        }
    }
    if (best)
        selectOnly(best);
}

bool DesignerCanvas::cycleTasks(bool forward)
{
    TaskItem *current = currentTask();
    const qsizetype n = m_order.size();
    qsizetype i = current ? m_order.indexOf(current) + (forward ? 1 : -1) : (forward ? 0 : n - 1);
    if (i < 0 || i >= n)
        return false;
    selectOnly(m_order.at(i));
    return true;
}

void DesignerCanvas::activateCurrent()
{
    if (TaskItem *t = currentTask()) {
        Q_EMIT taskActivated(t->id());
        return;
    }
    const QList<TransitionRef> t = selectedTransitions();
    if (!t.isEmpty())
        Q_EMIT transitionActivated(t.first());
}

void DesignerCanvas::requestDelete()
{
    if (isReadOnly())
        return;
    const QStringList tasks = selectedTasks();
    const QList<TransitionRef> transitions = selectedTransitions();
    if (!tasks.isEmpty() || !transitions.isEmpty())
        Q_EMIT deleteRequested(tasks, transitions);
}

// --- run state -----------------------------------------------------------------

void DesignerCanvas::setTaskStates(const QHash<QString, TaskState> &states)
{
    for (TaskItem *t : std::as_const(m_order)) {
        const auto it = states.constFind(t->id());
        if (it == states.cend())
            t->setState(QString(), -1, -1);
        else
            t->setState(it->status, it->itemsDone, it->itemsTotal);
    }
    m_minimap->invalidate();
}

void DesignerCanvas::setTakenTransitions(const QList<TransitionRef> &taken)
{
    m_taken = taken;
    for (TransitionItem *t : std::as_const(m_transitions)) {
        if (taken.isEmpty())
            t->setEmphasis(TransitionItem::Emphasis::Normal);
        else
            t->setEmphasis(taken.contains(t->ref()) ? TransitionItem::Emphasis::Taken : TransitionItem::Emphasis::Dimmed);
    }
    m_minimap->invalidate();
}

void DesignerCanvas::setReadOnly(bool readOnly)
{
    m_style->readOnly = readOnly;
    for (TaskItem *t : std::as_const(m_order)) {
        t->setFlag(QGraphicsItem::ItemIsMovable, !readOnly);
        t->update();
    }
    m_view->setAcceptDrops(!readOnly);
    m_view->viewport()->update();
}

bool DesignerCanvas::isReadOnly() const
{
    return m_style->readOnly;
}

// --- zoom ----------------------------------------------------------------------

void DesignerCanvas::zoomAt(double factor, const QPoint &viewportPos)
{
    factor = std::clamp(factor, minZoom, maxZoom);
    const QPointF anchor = m_view->mapToScene(viewportPos);
    m_view->setTransform(QTransform::fromScale(factor, factor));
    // Keep the scene point under the cursor where it was.
    const QPoint moved = m_view->mapFromScene(anchor) - viewportPos;
    m_view->horizontalScrollBar()->setValue(m_view->horizontalScrollBar()->value() + moved.x());
    m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->value() + moved.y());
    const bool changed = !qFuzzyCompare(factor, m_zoom);
    m_zoom = factor;
    applyCacheMode();
    m_zoomPercentButton->setText(QStringLiteral("%1%").arg(qRound(factor * 100)));
    m_minimap->updateVisibility();
    if (changed)
        Q_EMIT zoomChanged(factor);
}

void DesignerCanvas::applyCacheMode(bool force)
{
    const bool cached = m_zoom >= CanvasStyle::detailThreshold;
    if (cached == m_style->detailCached && !force)
        return;
    m_style->detailCached = cached;
    for (TaskItem *t : std::as_const(m_order))
        t->setCacheMode(cached ? QGraphicsItem::DeviceCoordinateCache : QGraphicsItem::NoCache);
}

void DesignerCanvas::setZoom(double factor)
{
    m_fitPending = false;
    zoomAt(factor, m_view->viewport()->rect().center());
}

void DesignerCanvas::zoomIn()
{
    setZoom(m_zoom * 1.25);
}

void DesignerCanvas::zoomOut()
{
    setZoom(m_zoom / 1.25);
}

void DesignerCanvas::fitToView()
{
    const QRectF r = graphRect().adjusted(-24, -24, 24, 24);
    if (m_order.isEmpty() || r.isEmpty()) {
        zoomAt(1.0, m_view->viewport()->rect().center());
        m_view->centerOn(0, 0);
        return;
    }
    const QSize vp = m_view->viewport()->size();
    // Never blow a small workflow up beyond its actual size.
    const double f = std::min({vp.width() / r.width(), vp.height() / r.height(), 1.0});
    zoomAt(f, m_view->viewport()->rect().center());
    m_view->centerOn(r.center());
    m_minimap->updateVisibility();
}

// --- export --------------------------------------------------------------------

bool DesignerCanvas::renderTo(QPainter *painter, const QRectF &target, const QRectF &source) const
{
    // Full detail, no handles, no selection, straight to the painter (no item caches).
    const QList<QGraphicsItem *> selected = m_scene->selectedItems();
    auto *self = const_cast<DesignerCanvas *>(this);
    {
        FlagGuard building(self->m_building);
        for (QGraphicsItem *i : selected)
            i->setSelected(false);
        for (TaskItem *t : m_order)
            t->setCacheMode(QGraphicsItem::NoCache);
        m_style->exporting = true;
        painter->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
        m_scene->render(painter, target, source, Qt::KeepAspectRatio);
        m_style->exporting = false;
        self->applyCacheMode(true);
        for (QGraphicsItem *i : selected)
            i->setSelected(true);
    }
    return true;
}

bool DesignerCanvas::exportSvg(const QString &path, QString *why) const
{
    QFile probe(path);
    if (!probe.open(QIODevice::WriteOnly)) {
        if (why)
            *why = probe.errorString();
        return false;
    }
    probe.close();
    const QRectF source = graphRect().adjusted(-24, -24, 24, 24);
    const QRectF area = source.isEmpty() ? QRectF(0, 0, 100, 100) : source;
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(area.size().toSize());
    svg.setViewBox(QRectF(QPointF(), area.size()));
    svg.setTitle(tr("Workflow graph"));
    QPainter painter;
    if (!painter.begin(&svg)) {
        if (why)
            *why = tr("Cannot write SVG to %1").arg(path);
        return false;
    }
    painter.fillRect(QRectF(QPointF(), area.size()), m_style->base);
    renderTo(&painter, QRectF(QPointF(), area.size()), area);
    painter.end();
    return true;
}

bool DesignerCanvas::exportPng(const QString &path, QString *why) const
{
    const QRectF source = graphRect().adjusted(-24, -24, 24, 24);
    const QRectF area = source.isEmpty() ? QRectF(0, 0, 100, 100) : source;
    const qreal dpr = 2;
    QImage image((area.size() * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        if (why)
            *why = tr("The graph is too large for a picture");
        return false;
    }
    image.setDevicePixelRatio(dpr);
    image.fill(m_style->base);
    {
        QPainter painter(&image);
        renderTo(&painter, QRectF(QPointF(), area.size()), area);
    }
    if (!image.save(path, "PNG")) {
        if (why)
            *why = tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

// --- geometry for tests and the composition ------------------------------------

QPointF DesignerCanvas::scenePosOf(const QString &taskId) const
{
    const TaskItem *t = m_tasks.value(taskId);
    return t ? t->sceneBox().center() : QPointF();
}

QPointF DesignerCanvas::outletPosOf(const QString &taskId) const
{
    const TaskItem *t = m_tasks.value(taskId);
    return t ? t->outletScenePos() : QPointF();
}

// --- widget --------------------------------------------------------------------

void DesignerCanvas::placeOverlays()
{
    const QRect vp = m_view->geometry();
    m_zoomBar->adjustSize();
    m_zoomBar->move(vp.right() - m_zoomBar->width() - 10, vp.top() + 10);
    m_zoomBar->raise();
    m_minimap->move(vp.right() - m_minimap->width() - 10, vp.bottom() - m_minimap->height() - 10);
    m_minimap->raise();
}

void DesignerCanvas::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeOverlays();
    if (m_fitPending)
        fitToView();
    m_minimap->updateVisibility();
}

void DesignerCanvas::restyle()
{
    m_style->setPalette(palette(), font());
    for (TaskItem *t : std::as_const(m_order))
        t->restyle();
    for (TransitionItem *t : std::as_const(m_transitions))
        t->restyle();
    m_zoomOutButton->setIcon(icons::get(QStringLiteral("zoom-out"), palette()));
    m_zoomInButton->setIcon(icons::get(QStringLiteral("zoom-in"), palette()));
    m_fitButton->setIcon(icons::get(QStringLiteral("zoom-fit"), palette()));
    m_view->resetCachedContent();
    m_minimap->invalidate();
}

void DesignerCanvas::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        restyle();
}

} // namespace squall::ui
