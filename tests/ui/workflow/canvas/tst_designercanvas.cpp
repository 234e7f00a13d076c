#include "ui/common/StatusColors.h"
#include "ui/shell/Theme.h"
#include "ui/workflow/canvas/DesignerCanvas.h"
#include "ui/workflow/canvas/Minimap.h"
#include "ui/workflow/canvas/TaskItem.h"
#include "ui/workflow/canvas/TransitionItem.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QImage>
#include <QMimeData>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace squall;
using namespace squall::ui;
using workflow::WorkflowGraph;

Q_DECLARE_METATYPE(WorkflowGraph)

namespace {

WorkflowGraph::Node node(const QString &id, const QString &action)
{
    WorkflowGraph::Node n;
    n.id = id;
    n.action = Value(action);
    return n;
}

WorkflowGraph::Edge edge(const QString &from, const QString &to, const QString &when, int nextIndex)
{
    WorkflowGraph::Edge e;
    e.from = from;
    e.to = to;
    e.when = when.isEmpty() ? Value() : Value(when);
    e.nextIndex = nextIndex;
    return e;
}

// fetch -> notify on success, fetch -> cleanup on failure.
WorkflowGraph threeTasks()
{
    WorkflowGraph g;
    g.nodes = {node(QStringLiteral("fetch"), QStringLiteral("core.http")), node(QStringLiteral("notify"), QStringLiteral("core.echo")),
               node(QStringLiteral("cleanup"), QStringLiteral("core.local"))};
    g.edges = {edge(QStringLiteral("fetch"), QStringLiteral("notify"), QStringLiteral("<% succeeded() %>"), 0),
               edge(QStringLiteral("fetch"), QStringLiteral("cleanup"), QStringLiteral("<% failed() %>"), 1)};
    return g;
}

// A large workflow as people write them: layers of 1 to 12 tasks, each
// leading to one or two tasks of the next layer, failure paths skipping a
// layer and a few retry loops back up.
WorkflowGraph layeredGraph(int n)
{
    static const int widths[] = {1, 3, 6, 10, 12, 8, 4, 2, 5, 9, 7, 3};
    WorkflowGraph g;
    QList<QList<int>> layers;
    for (int i = 0, w = 0; i < n; ++w) {
        QList<int> layer;
        for (int k = 0; k < widths[w % 12] && i < n; ++k, ++i)
            layer.append(i);
        layers.append(layer);
    }
    for (int i = 0; i < n; ++i) {
        WorkflowGraph::Node nd = node(QStringLiteral("task_%1").arg(i), QStringLiteral("examples.action_%1").arg(i % 17));
        if (i % 7 == 0)
            nd.withItems = Value(QStringLiteral("<% ctx().items %>"));
        if (i % 13 == 0)
            nd.retry = Value(QStringLiteral("<% failed() %>"));
        g.nodes.append(nd);
    }
    QHash<int, int> nextIndex;
    auto link = [&](int from, int to, const QString &when) {
        g.edges.append(edge(g.nodes[from].id, g.nodes[to].id, when, nextIndex[from]++));
    };
    for (qsizetype l = 0; l + 1 < layers.size(); ++l) {
        const QList<int> &a = layers[l], &b = layers[l + 1];
        // Every task of the next layer is reached from the task above it.
        for (qsizetype j = 0; j < b.size(); ++j)
            link(a[j * a.size() / b.size()], b[j], QStringLiteral("<% succeeded() %>"));
        for (qsizetype k = 0; k < a.size(); ++k) {
            const int i = a[k];
            const qsizetype t = k * b.size() / a.size();
            if (k % 3 == 1 && t + 1 < b.size())
                link(i, b[t + 1], QStringLiteral("<% succeeded() and ctx().more %>"));
            if (i % 9 == 4 && l + 2 < layers.size())
                link(i, layers[l + 2].first(), QStringLiteral("<% failed() %>"));
            if (i % 50 == 25 && l >= 3)
                link(i, layers[l - 3].first(), QStringLiteral("<% ctx().again %>"));
        }
    }
    return g;
}

// A bushy graph: a binary tree, failure shortcuts and a few loops back.
WorkflowGraph bigGraph(int n)
{
    WorkflowGraph g;
    for (int i = 0; i < n; ++i) {
        WorkflowGraph::Node nd = node(QStringLiteral("task_%1").arg(i), QStringLiteral("examples.action_%1").arg(i % 17));
        if (i % 7 == 0)
            nd.withItems = Value(QStringLiteral("<% ctx().items %>"));
        if (i % 11 == 0)
            nd.join = Value(QStringLiteral("all"));
        g.nodes.append(nd);
    }
    for (int i = 0; i < n; ++i) {
        for (int c : {2 * i + 1, 2 * i + 2}) {
            if (c < n)
                g.edges.append(edge(g.nodes[i].id, g.nodes[c].id, QStringLiteral("<% succeeded() %>"), c - 2 * i - 1));
        }
        if (i % 10 == 3 && i + 5 < n)
            g.edges.append(edge(g.nodes[i].id, g.nodes[i + 5].id, QStringLiteral("<% failed() %>"), 2));
        if (i % 97 == 50)
            g.edges.append(edge(g.nodes[i].id, g.nodes[i / 4].id, QStringLiteral("<% ctx().again %>"), 3));
    }
    return g;
}

void sendMouse(QWidget *w, QEvent::Type type, const QPoint &pos, Qt::MouseButton button, Qt::MouseButtons buttons,
               Qt::KeyboardModifiers mods = {})
{
    QMouseEvent e(type, QPointF(pos), w->mapToGlobal(QPointF(pos)), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

void drag(QWidget *w, const QPoint &from, const QPoint &to)
{
    sendMouse(w, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    for (int i = 1; i <= 5; ++i)
        sendMouse(w, QEvent::MouseMove, from + (to - from) * i / 5, Qt::NoButton, Qt::LeftButton);
    sendMouse(w, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

bool shots()
{
    return qEnvironmentVariableIsSet("SQUALL_SHOTS");
}

} // namespace

class TestDesignerCanvas : public QObject
{
    Q_OBJECT

    std::unique_ptr<DesignerCanvas> canvas;

    QWidget *viewport() const { return canvas->view()->viewport(); }
    QPoint onScreen(const QPointF &scenePos) const { return canvas->view()->mapFromScene(scenePos); }

private Q_SLOTS:
    void init()
    {
        canvas = std::make_unique<DesignerCanvas>();
        canvas->resize(900, 640);
        canvas->show();
        QVERIFY(QTest::qWaitForWindowExposed(canvas.get()));
    }
    void cleanup() { canvas.reset(); }

    void showsTasksAndTransitions()
    {
        canvas->setGraph(threeTasks());
        QCOMPARE(canvas->positions().size(), 3);
        for (const QString &id : {QStringLiteral("fetch"), QStringLiteral("notify"), QStringLiteral("cleanup")}) {
            TaskItem *t = canvas->taskItem(id);
            QVERIFY2(t, qPrintable(id));
            QCOMPARE(t->id(), id);
            QVERIFY(canvas->scene()->items().contains(t));
        }
        QCOMPARE(canvas->taskItem(QStringLiteral("fetch"))->action(), QStringLiteral("core.http"));
        const QList<TransitionItem *> ts = canvas->transitionItems();
        QCOMPARE(ts.size(), 2);
        QCOMPARE(ts[0]->ref(), (TransitionRef{QStringLiteral("fetch"), 0, QStringLiteral("notify")}));
        QCOMPARE(ts[0]->outcome(), QStringLiteral("success"));
        QCOMPARE(ts[1]->outcome(), QStringLiteral("failure"));
        QCOMPARE(ts[0]->colour(), statusColor(Status::Success, canvas->palette()));
        QCOMPARE(ts[1]->colour(), statusColor(Status::Error, canvas->palette()));
        // Laid out top-down: fetch above the two others, side by side.
        QVERIFY(canvas->scenePosOf(QStringLiteral("fetch")).y() < canvas->scenePosOf(QStringLiteral("notify")).y());
        QCOMPARE(canvas->scenePosOf(QStringLiteral("notify")).y(), canvas->scenePosOf(QStringLiteral("cleanup")).y());
        // The transition leaves from the outlet at the box's bottom centre.
        const QRectF box = canvas->taskItem(QStringLiteral("fetch"))->sceneBox();
        QCOMPARE(canvas->outletPosOf(QStringLiteral("fetch")), QPointF(box.center().x(), box.bottom()));
    }

    void setGraphKeepsItems()
    {
        canvas->setGraph(threeTasks());
        TaskItem *fetch = canvas->taskItem(QStringLiteral("fetch"));
        TaskItem *notify = canvas->taskItem(QStringLiteral("notify"));
        TransitionItem *success = canvas->transitionItems().at(0);
        // The user moved notify.
        notify->setPos(notify->pos() + QPointF(40, 30));
        const QHash<QString, QPointF> before = canvas->positions();

        WorkflowGraph g = threeTasks();
        g.nodes[2].id = QStringLiteral("tidy_up");  // renamed
        g.edges[1].to = QStringLiteral("tidy_up");
        g.nodes.append(node(QStringLiteral("report"), QStringLiteral("core.echo")));
        g.edges.append(edge(QStringLiteral("notify"), QStringLiteral("report"), QString(), 0));
        canvas->setGraph(g, {{QStringLiteral("tidy_up"), before.value(QStringLiteral("cleanup"))}});

        QCOMPARE(canvas->taskItem(QStringLiteral("fetch")), fetch);
        QCOMPARE(canvas->taskItem(QStringLiteral("notify")), notify);
        QCOMPARE(canvas->transitionItems().at(0), success);
        QVERIFY(!canvas->taskItem(QStringLiteral("cleanup")));
        QCOMPARE(canvas->transitionItems().size(), 3);
        const QHash<QString, QPointF> after = canvas->positions();
        QCOMPARE(after.value(QStringLiteral("fetch")), before.value(QStringLiteral("fetch")));
        QCOMPARE(after.value(QStringLiteral("notify")), before.value(QStringLiteral("notify")));
        QCOMPARE(after.value(QStringLiteral("tidy_up")), before.value(QStringLiteral("cleanup")));
        // The new task goes below the task that leads to it, clear of the others.
        const QRectF report = canvas->taskItem(QStringLiteral("report"))->sceneBox();
        QVERIFY(report.top() > canvas->taskItem(QStringLiteral("notify"))->sceneBox().bottom());
        for (const QString &id : {QStringLiteral("fetch"), QStringLiteral("notify"), QStringLiteral("tidy_up")})
            QVERIFY(!canvas->taskItem(id)->sceneBox().intersects(report));
        QCOMPARE(canvas->scene()->items().size(), 4 + 3);
    }

    void drawTransitionFromOutlet()
    {
        canvas->setGraph(threeTasks());
        QSignalSpy drawn(canvas.get(), &DesignerCanvas::transitionDrawn);
        const QHash<QString, QPointF> positionsBefore = canvas->positions();
        // While drawing, the task under the pointer shows it would be the target.
        const QPoint outlet = onScreen(canvas->outletPosOf(QStringLiteral("notify")));
        const QPoint target = onScreen(canvas->scenePosOf(QStringLiteral("cleanup")));
        sendMouse(viewport(), QEvent::MouseButtonPress, outlet, Qt::LeftButton, Qt::LeftButton);
        sendMouse(viewport(), QEvent::MouseMove, (outlet + target) / 2, Qt::NoButton, Qt::LeftButton);
        sendMouse(viewport(), QEvent::MouseMove, target, Qt::NoButton, Qt::LeftButton);
        QVERIFY(canvas->taskItem(QStringLiteral("cleanup"))->isDropTarget());
        QVERIFY(!canvas->taskItem(QStringLiteral("notify"))->isSelected());  // drawing does not select or move
        if (shots())
            canvas->grab().save(QStringLiteral("/tmp/canvas-drawing.png"));
        sendMouse(viewport(), QEvent::MouseButtonRelease, target, Qt::LeftButton, Qt::NoButton);
        QVERIFY(!canvas->taskItem(QStringLiteral("cleanup"))->isDropTarget());
        QCOMPARE(drawn.size(), 1);
        QCOMPARE(drawn[0][0].toString(), QStringLiteral("notify"));
        QCOMPARE(drawn[0][1].toString(), QStringLiteral("cleanup"));
        // The rubber line is gone and nothing moved.
        QCOMPARE(canvas->scene()->items().size(), 5);
        QCOMPARE(canvas->positions(), positionsBefore);
        // Dropping on empty space draws nothing.
        drag(viewport(), onScreen(canvas->outletPosOf(QStringLiteral("notify"))), QPoint(5, 5));
        QCOMPARE(drawn.size(), 1);
    }

    void arrangeLaysOutAgain()
    {
        canvas->setGraph(threeTasks());
        const QHash<QString, QPointF> laidOut = canvas->positions();
        canvas->taskItem(QStringLiteral("cleanup"))->setPos(500, 500);
        QSignalSpy moved(canvas.get(), &DesignerCanvas::positionsChanged);
        canvas->relayout();
        QCOMPARE(moved.size(), 1);
        QCOMPARE(canvas->positions(), laidOut);
        // Given positions win over the layout.
        canvas->setGraph(threeTasks(), {{QStringLiteral("fetch"), QPointF(-300, 20)}});
        QCOMPARE(canvas->positions().value(QStringLiteral("fetch")), QPointF(-300, 20));
    }

    void moveTasks()
    {
        canvas->setGraph(threeTasks());
        QSignalSpy moved(canvas.get(), &DesignerCanvas::positionsChanged);
        const QPointF before = canvas->taskItem(QStringLiteral("fetch"))->pos();
        const QPoint from = onScreen(canvas->scenePosOf(QStringLiteral("fetch")) - QPointF(0, 12));
        drag(viewport(), from, from + QPoint(60, 0));
        QCOMPARE(moved.size(), 1);
        QVERIFY(canvas->taskItem(QStringLiteral("fetch"))->pos().x() > before.x() + 20);
        // Its transitions followed.
        QCOMPARE(canvas->transitionItems().at(0)->sceneBoundingRect().contains(canvas->outletPosOf(QStringLiteral("fetch"))),
                 true);
    }

    void dropAction()
    {
        canvas->setGraph(threeTasks());
        QSignalSpy dropped(canvas.get(), &DesignerCanvas::actionDropped);
        const QPoint at(120, 500);
        QMimeData mime;
        mime.setData(QStringLiteral("application/x-squall-action-ref"), QByteArrayLiteral("core.local"));
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDragMoveEvent move(at, Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(viewport(), &move);
        QVERIFY(move.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(viewport(), &drop);
        QCOMPARE(dropped.size(), 1);
        QCOMPARE(dropped[0][0].toString(), QStringLiteral("core.local"));
        const QPointF scenePos = dropped[0][1].toPointF();
        QCOMPARE(scenePos, canvas->view()->mapToScene(at));

        // The designer adds the task: it lands where it was dropped.
        WorkflowGraph g = threeTasks();
        g.nodes.append(node(QStringLiteral("local"), QStringLiteral("core.local")));
        canvas->setGraph(g);
        QCOMPARE(canvas->scenePosOf(QStringLiteral("local")), scenePos);

        // Other MIME types are refused.
        QMimeData text;
        text.setText(QStringLiteral("hello"));
        QDragEnterEvent other(at, Qt::CopyAction, &text, Qt::LeftButton, {});
        QApplication::sendEvent(viewport(), &other);
        QVERIFY(!other.isAccepted());
    }

    void deleteSelection()
    {
        canvas->setGraph(threeTasks());
        QSignalSpy del(canvas.get(), &DesignerCanvas::deleteRequested);
        QSignalSpy selection(canvas.get(), &DesignerCanvas::selectionChanged);
        // Click notify, Ctrl+click the failure transition's label.
        QTest::mouseClick(viewport(), Qt::LeftButton, {}, onScreen(canvas->scenePosOf(QStringLiteral("notify")) - QPointF(0, 12)));
        QCOMPARE(canvas->selectedTasks(), QStringList{QStringLiteral("notify")});
        QVERIFY(selection.size() >= 1);
        TransitionItem *failure = canvas->transitionItems().at(1);
        QTest::mouseClick(viewport(), Qt::LeftButton, Qt::ControlModifier,
                          onScreen(failure->mapToScene(failure->boundingRect().center())));
        canvas->transitionItems().at(1)->setSelected(true);  // in case the click hit the curve's bend
        QCOMPARE(canvas->selectedTransitions().size(), 1);
        QCOMPARE(canvas->selectedTransitions().at(0), (TransitionRef{QStringLiteral("fetch"), 1, QStringLiteral("cleanup")}));
        canvas->view()->setFocus();
        QTest::keyClick(canvas->view(), Qt::Key_Delete);
        QCOMPARE(del.size(), 1);
        QCOMPARE(del[0][0].toStringList(), QStringList{QStringLiteral("notify")});
        const auto refs = del[0][1].value<QList<TransitionRef>>();
        QCOMPARE(refs.size(), 1);
        QCOMPARE(refs.at(0).to, QStringLiteral("cleanup"));
        QTest::keyClick(canvas->view(), Qt::Key_Backspace);
        QCOMPARE(del.size(), 2);
    }

    void rubberBandSelects()
    {
        canvas->setGraph(threeTasks());
        const QRectF all = canvas->taskItem(QStringLiteral("notify"))
                               ->sceneBox()
                               .united(canvas->taskItem(QStringLiteral("cleanup"))->sceneBox());
        drag(viewport(), onScreen(all.topLeft() - QPointF(20, 20)), onScreen(all.bottomRight() + QPointF(20, 20)));
        QCOMPARE(canvas->selectedTasks(), (QStringList{QStringLiteral("notify"), QStringLiteral("cleanup")}));
        // Ctrl+A takes everything.
        canvas->view()->setFocus();
        QTest::keyClick(canvas->view(), Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(canvas->selectedTasks().size(), 3);
        QCOMPARE(canvas->selectedTransitions().size(), 2);
    }

    void keyboardNavigation()
    {
        canvas->setGraph(threeTasks());
        canvas->view()->setFocus();
        QSignalSpy activated(canvas.get(), &DesignerCanvas::taskActivated);
        QTest::keyClick(canvas->view(), Qt::Key_Down);  // nothing selected: the first task
        QCOMPARE(canvas->selectedTasks(), QStringList{QStringLiteral("fetch")});
        // A screen reader hears what is selected.
        QVERIFY2(canvas->view()->accessibleName().contains(QStringLiteral("fetch (core.http)")),
                 qPrintable(canvas->view()->accessibleName()));
        const bool notifyLeft = canvas->scenePosOf(QStringLiteral("notify")).x() < canvas->scenePosOf(QStringLiteral("cleanup")).x();
        const QString left = notifyLeft ? QStringLiteral("notify") : QStringLiteral("cleanup");
        const QString right = notifyLeft ? QStringLiteral("cleanup") : QStringLiteral("notify");
        QTest::keyClick(canvas->view(), Qt::Key_Down);
        QCOMPARE(canvas->selectedTasks().size(), 1);
        QTest::keyClick(canvas->view(), Qt::Key_Left);
        QTest::keyClick(canvas->view(), Qt::Key_Left);  // nothing further left: stays
        QCOMPARE(canvas->selectedTasks(), QStringList{left});
        QTest::keyClick(canvas->view(), Qt::Key_Right);
        QCOMPARE(canvas->selectedTasks(), QStringList{right});
        QTest::keyClick(canvas->view(), Qt::Key_Up);
        QCOMPARE(canvas->selectedTasks(), QStringList{QStringLiteral("fetch")});
        // Tab goes in document order; past the last task it leaves the canvas.
        QTest::keyClick(canvas->view(), Qt::Key_Tab);
        QCOMPARE(canvas->selectedTasks(), QStringList{QStringLiteral("notify")});
        QTest::keyClick(canvas->view(), Qt::Key_Tab);
        QCOMPARE(canvas->selectedTasks(), QStringList{QStringLiteral("cleanup")});
        QTest::keyClick(canvas->view(), Qt::Key_Tab);
        QVERIFY(!canvas->view()->hasFocus());
        QCOMPARE(canvas->selectedTasks(), QStringList{QStringLiteral("cleanup")});
        canvas->view()->setFocus();
        QTest::keyClick(canvas->view(), Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(canvas->selectedTasks(), QStringList{QStringLiteral("notify")});
        QTest::keyClick(canvas->view(), Qt::Key_Tab);
        QVERIFY(canvas->view()->hasFocus());
        QTest::keyClick(canvas->view(), Qt::Key_Return);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated[0][0].toString(), QStringLiteral("cleanup"));
        // Double click opens too.
        QTest::mouseDClick(viewport(), Qt::LeftButton, {}, onScreen(canvas->scenePosOf(QStringLiteral("notify")) - QPointF(0, 10)));
        QCOMPARE(activated.size(), 2);
        QCOMPARE(activated[1][0].toString(), QStringLiteral("notify"));
    }

    void zoomAndFit()
    {
        canvas->setGraph(threeTasks());
        QSignalSpy zoomed(canvas.get(), &DesignerCanvas::zoomChanged);
        canvas->setZoom(2.0);
        QCOMPARE(canvas->view()->transform().m11(), 2.0);
        QCOMPARE(canvas->zoom(), 2.0);
        auto *in = canvas->findChild<QToolButton *>(QStringLiteral("zoomInButton"));
        auto *out = canvas->findChild<QToolButton *>(QStringLiteral("zoomOutButton"));
        auto *percent = canvas->findChild<QToolButton *>(QStringLiteral("zoomPercentButton"));
        auto *fit = canvas->findChild<QToolButton *>(QStringLiteral("zoomFitButton"));
        for (QToolButton *b : {in, out, percent, fit}) {
            QVERIFY(b);
            QVERIFY(!b->accessibleName().isEmpty());
        }
        QCOMPARE(percent->text(), QStringLiteral("200%"));
        QTest::mouseClick(in, Qt::LeftButton);
        QCOMPARE(canvas->zoom(), 2.5);
        QTest::mouseClick(out, Qt::LeftButton);
        QTest::mouseClick(out, Qt::LeftButton);
        QCOMPARE(canvas->zoom(), 1.6);
        QTest::mouseClick(percent, Qt::LeftButton);
        QCOMPARE(canvas->zoom(), 1.0);
        canvas->view()->setFocus();
        QTest::keyClick(canvas->view(), Qt::Key_Minus);
        QCOMPARE(canvas->zoom(), 0.8);
        QTest::keyClick(canvas->view(), Qt::Key_Plus);
        QCOMPARE(canvas->zoom(), 1.0);
        canvas->setZoom(3);
        QTest::mouseClick(fit, Qt::LeftButton);
        // A small graph fits at actual size, all of it visible.
        QCOMPARE(canvas->zoom(), 1.0);
        const QRectF visible = canvas->view()->mapToScene(viewport()->rect()).boundingRect();
        for (const QString &id : {QStringLiteral("fetch"), QStringLiteral("notify"), QStringLiteral("cleanup")})
            QVERIFY(visible.contains(canvas->taskItem(id)->sceneBox()));
        QVERIFY(canvas->minimap()->isHidden());
        QVERIFY(zoomed.size() >= 6);
        // Ctrl+wheel zooms and keeps the point under the cursor.
        const QPoint cursor = onScreen(canvas->scenePosOf(QStringLiteral("notify")));
        const QPointF under = canvas->view()->mapToScene(cursor);
        QWheelEvent wheel(QPointF(cursor), viewport()->mapToGlobal(QPointF(cursor)), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(viewport(), &wheel);
        QCOMPARE(canvas->zoom(), 1.15);
        QVERIFY((canvas->view()->mapToScene(cursor) - under).manhattanLength() < 3);
    }

    void exportPictures()
    {
        canvas->setGraph(threeTasks());
        canvas->selectTasks({QStringLiteral("fetch")});
        QTemporaryDir dir;
        QString why;
        const QString svgPath = dir.filePath(QStringLiteral("graph.svg"));
        QVERIFY2(canvas->exportSvg(svgPath, &why), qPrintable(why));
        QFile svg(svgPath);
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        QVERIFY(text.contains("<svg"));
        for (const char *name : {"fetch", "notify", "cleanup", "core.http"})
            QVERIFY2(text.contains(name), name);
        // Selection is kept after the export.
        QCOMPARE(canvas->selectedTasks(), QStringList{QStringLiteral("fetch")});

        const QString pngPath = dir.filePath(QStringLiteral("graph.png"));
        QVERIFY2(canvas->exportPng(pngPath, &why), qPrintable(why));
        const QImage png(pngPath);
        QVERIFY(!png.isNull());
        QRectF all;
        for (const QString &id : {QStringLiteral("fetch"), QStringLiteral("notify"), QStringLiteral("cleanup")})
            all = all.united(canvas->taskItem(id)->sceneBox());
        // Twice the scene size (plus margins), same aspect.
        QVERIFY(png.width() >= 2 * all.width());
        QVERIFY(png.height() >= 2 * all.height());
        const double ratio = double(png.width()) / png.height();
        const double expected = (all.width() + 48) / (all.height() + 48);
        QVERIFY2(std::abs(ratio - expected) / expected < 0.25, qPrintable(QString::number(ratio)));
        if (shots()) {
            canvas->exportPng(QStringLiteral("/tmp/canvas-export.png"));
            canvas->exportSvg(QStringLiteral("/tmp/canvas-export.svg"));
        }
        QVERIFY(!canvas->exportPng(QStringLiteral("/nonexistent-dir/x.png"), &why));
        QVERIFY(!why.isEmpty());
    }

    void taskStates()
    {
        canvas->setGraph(threeTasks());
        QHash<QString, DesignerCanvas::TaskState> states;
        states.insert(QStringLiteral("fetch"), {QStringLiteral("succeeded"), -1, -1});
        states.insert(QStringLiteral("notify"), {QStringLiteral("running"), 3, 10});
        states.insert(QStringLiteral("cleanup"), {QStringLiteral("failed"), -1, -1});
        canvas->setTaskStates(states);
        TaskItem *fetch = canvas->taskItem(QStringLiteral("fetch"));
        TaskItem *notify = canvas->taskItem(QStringLiteral("notify"));
        TaskItem *cleanup = canvas->taskItem(QStringLiteral("cleanup"));
        QCOMPARE(fetch->status(), QStringLiteral("succeeded"));
        QCOMPARE(fetch->stateColour(), statusColor(Status::Success, canvas->palette()));
        QCOMPARE(cleanup->stateColour(), statusColor(Status::Error, canvas->palette()));
        QCOMPARE(notify->progressText(), QStringLiteral("3/10"));
        QVERIFY(notify->stateColour().isValid());
        canvas->setTakenTransitions({{QStringLiteral("fetch"), 0, QStringLiteral("notify")}});
        QCOMPARE(canvas->transitionItems().at(0)->emphasis(), TransitionItem::Emphasis::Taken);
        QCOMPARE(canvas->transitionItems().at(1)->emphasis(), TransitionItem::Emphasis::Dimmed);
        if (shots()) {
            canvas->setReadOnly(true);
            canvas->grab().save(QStringLiteral("/tmp/canvas-run-light.png"));
            canvas->setPalette(ui::Theme::darkPalette());
            canvas->grab().save(QStringLiteral("/tmp/canvas-run-dark.png"));
            canvas->setReadOnly(false);
        }
        canvas->setTaskStates({});
        canvas->setTakenTransitions({});
        QVERIFY(fetch->status().isEmpty());
        QVERIFY(!fetch->stateColour().isValid());
        QVERIFY(notify->progressText().isEmpty());
        QCOMPARE(canvas->transitionItems().at(1)->emphasis(), TransitionItem::Emphasis::Normal);
    }

    void readOnlyRefusesEdits()
    {
        canvas->setGraph(threeTasks());
        canvas->setReadOnly(true);
        QSignalSpy dropped(canvas.get(), &DesignerCanvas::actionDropped);
        QSignalSpy drawn(canvas.get(), &DesignerCanvas::transitionDrawn);
        QSignalSpy del(canvas.get(), &DesignerCanvas::deleteRequested);
        QSignalSpy moved(canvas.get(), &DesignerCanvas::positionsChanged);
        QMimeData mime;
        mime.setData(QStringLiteral("application/x-squall-action-ref"), QByteArrayLiteral("core.local"));
        QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(viewport(), &enter);
        QVERIFY(!enter.isAccepted());
        QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(viewport(), &drop);
        QCOMPARE(dropped.size(), 0);
        drag(viewport(), onScreen(canvas->outletPosOf(QStringLiteral("fetch"))), onScreen(canvas->scenePosOf(QStringLiteral("notify"))));
        QCOMPARE(drawn.size(), 0);
        const QPointF before = canvas->taskItem(QStringLiteral("fetch"))->pos();
        const QPoint from = onScreen(canvas->scenePosOf(QStringLiteral("fetch")) - QPointF(0, 12));
        drag(viewport(), from, from + QPoint(60, 40));
        QCOMPARE(canvas->taskItem(QStringLiteral("fetch"))->pos(), before);
        QCOMPARE(moved.size(), 0);
        canvas->selectTasks({QStringLiteral("fetch")});
        canvas->view()->setFocus();
        QTest::keyClick(canvas->view(), Qt::Key_Delete);
        QCOMPARE(del.size(), 0);
    }

    void parallelAndLoopTransitions()
    {
        WorkflowGraph g = threeTasks();
        g.edges.append(edge(QStringLiteral("fetch"), QStringLiteral("notify"), QStringLiteral("<% ctx().x > 1 %>"), 2));
        g.edges.append(edge(QStringLiteral("notify"), QStringLiteral("fetch"), QStringLiteral("<% ctx().again %>"), 0));
        g.edges.append(edge(QStringLiteral("cleanup"), QStringLiteral("cleanup"), QStringLiteral("<% ctx().retry %>"), 0));
        g.edges.append(edge(QStringLiteral("cleanup"), QStringLiteral("missing"), QString(), 1));  // no such task: not drawn
        canvas->setGraph(g);
        const auto ts = canvas->transitionItems();
        QCOMPARE(ts.size(), 5);
        QVERIFY(ts[4]->routesAround());
        QCOMPARE(ts[4]->ref(), (TransitionRef{QStringLiteral("cleanup"), 0, QStringLiteral("cleanup")}));
        QVERIFY(ts[4]->sceneBoundingRect().left() >= canvas->taskItem(QStringLiteral("cleanup"))->sceneBox().right() - 6);
        QCOMPARE(ts[2]->outcome(), QStringLiteral("other"));
        // Two transitions fetch -> notify do not lie on top of each other.
        QVERIFY(ts[0]->shape().boundingRect() != ts[2]->shape().boundingRect());
        QVERIFY(ts[3]->routesAround());
        QVERIFY(!ts[0]->routesAround());
        QVERIFY(!ts[2]->toolTip().isEmpty());
        if (shots()) {
            canvas->setTaskStates({{QStringLiteral("fetch"), {QStringLiteral("succeeded"), -1, -1}}});
            canvas->selectTasks({QStringLiteral("notify")});
            canvas->grab().save(QStringLiteral("/tmp/canvas-light.png"));
            canvas->setZoom(2.0);
            canvas->grab().save(QStringLiteral("/tmp/canvas-light-200.png"));
            canvas->setZoom(0.45);
            canvas->grab().save(QStringLiteral("/tmp/canvas-light-45.png"));
            canvas->setZoom(0.35);
            canvas->grab().save(QStringLiteral("/tmp/canvas-light-35.png"));
            canvas->setZoom(1.0);
            canvas->setPalette(ui::Theme::darkPalette());
            canvas->selectTransition(ts[3]->ref());
            canvas->setFocus();
            QVERIFY(canvas->view()->hasFocus());
            canvas->grab().save(QStringLiteral("/tmp/canvas-dark.png"));
        }
    }

    void panAndMinimap()
    {
        canvas->setGraph(layeredGraph(60));
        canvas->setZoom(1.0);
        QScrollBar *h = canvas->view()->horizontalScrollBar();
        QScrollBar *v = canvas->view()->verticalScrollBar();
        // Middle-drag pans: the scene follows the pointer.
        const QPoint start(400, 300);
        const QPointF before = canvas->view()->mapToScene(start);
        sendMouse(viewport(), QEvent::MouseButtonPress, start, Qt::MiddleButton, Qt::MiddleButton);
        sendMouse(viewport(), QEvent::MouseMove, start + QPoint(-50, -80), Qt::NoButton, Qt::MiddleButton);
        sendMouse(viewport(), QEvent::MouseButtonRelease, start + QPoint(-50, -80), Qt::MiddleButton, Qt::NoButton);
        QCOMPARE(canvas->view()->mapToScene(start + QPoint(-50, -80)), before);
        // Space + left drag pans too, without selecting or moving anything.
        canvas->view()->setFocus();
        QTest::keyPress(canvas->view(), Qt::Key_Space);
        const int v0 = v->value();
        drag(viewport(), start, start + QPoint(0, 60));
        QTest::keyRelease(canvas->view(), Qt::Key_Space);
        QCOMPARE(v->value(), v0 - 60);
        QVERIFY(canvas->selectedTasks().isEmpty());
        // The graph does not fit: the minimap shows; a click there centres the view on that spot.
        Minimap *map = canvas->minimap();
        QVERIFY(map->isVisible());
        QVERIFY(!map->accessibleName().isEmpty());
        const int h0 = h->value();
        QTest::mouseClick(map, Qt::LeftButton, {}, QPoint(map->width() / 2, map->height() - 10));
        QVERIFY(v->value() > v0);
        Q_UNUSED(h0);
        // Plain wheel scrolls.
        const int v1 = v->value();
        QWheelEvent wheel(QPointF(start), viewport()->mapToGlobal(QPointF(start)), QPoint(), QPoint(0, -120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(viewport(), &wheel);
        QVERIFY(v->value() > v1);
        QCOMPARE(canvas->zoom(), 1.0);
        if (shots())
            canvas->grab().save(QStringLiteral("/tmp/canvas-minimap.png"));
    }

    void copyPasteAndActivateTransition()
    {
        canvas->setGraph(threeTasks());
        QSignalSpy copy(canvas.get(), &DesignerCanvas::copyRequested);
        QSignalSpy paste(canvas.get(), &DesignerCanvas::pasteRequested);
        QSignalSpy activated(canvas.get(), &DesignerCanvas::transitionActivated);
        canvas->view()->setFocus();
        canvas->activateWindow();
        QTest::keyClick(canvas->view(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(copy.size(), 1);
        QTest::keyClick(canvas->view(), Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(paste.size(), 1);
        const TransitionRef failure{QStringLiteral("fetch"), 1, QStringLiteral("cleanup")};
        canvas->selectTransition(failure);
        QCOMPARE(canvas->selectedTransitions(), QList<TransitionRef>{failure});
        QTest::keyClick(canvas->view(), Qt::Key_Return);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated[0][0].value<TransitionRef>(), failure);
    }

    void dropOnEmptyCanvas()
    {
        canvas->setGraph({});
        QSignalSpy dropped(canvas.get(), &DesignerCanvas::actionDropped);
        QMimeData mime;
        mime.setData(QStringLiteral("application/x-squall-action-ref"), QByteArrayLiteral("core.echo"));
        const QPoint at(200, 150);
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(viewport(), &enter);
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, {});
        QApplication::sendEvent(viewport(), &drop);
        QCOMPARE(dropped.size(), 1);
        WorkflowGraph g;
        g.nodes = {node(QStringLiteral("echo"), QStringLiteral("core.echo"))};
        canvas->setGraph(g);
        // Where it was dropped, still under the pointer.
        QCOMPARE(canvas->scenePosOf(QStringLiteral("echo")), dropped[0][1].toPointF());
        QVERIFY((canvas->view()->mapFromScene(canvas->scenePosOf(QStringLiteral("echo"))) - at).manhattanLength() <= 2);
    }

    void emptyGraphHint()
    {
        canvas->setGraph({});
        QCOMPARE(canvas->scene()->items().size(), 0);
        QVERIFY(canvas->minimap()->isHidden());
        if (shots())
            canvas->grab().save(QStringLiteral("/tmp/canvas-empty.png"));
    }

    void thousandTasks_data()
    {
        QTest::addColumn<WorkflowGraph>("graph");
        QTest::newRow("layered") << layeredGraph(1000);
        // A worst case: layers hundreds of tasks wide, transitions thousands of pixels long.
        QTest::newRow("binary tree") << bigGraph(1000);
    }

    void thousandTasks()
    {
        QFETCH(WorkflowGraph, graph);
        const WorkflowGraph &g = graph;
        const char *tag = QTest::currentDataTag();
        QElapsedTimer timer;
        timer.start();
        canvas->setGraph(g);
        const qint64 loadMs = timer.elapsed();
        QCOMPARE(canvas->positions().size(), 1000);
        QCOMPARE(canvas->transitionItems().size(), g.edges.size());
        timer.restart();
        canvas->setGraph(g);  // the same again: everything kept
        const qint64 reloadMs = timer.elapsed();
        canvas->fitToView();
        QVERIFY(canvas->zoom() < 0.4);
        QVERIFY(canvas->zoom() >= DesignerCanvas::minZoom);

        auto paintSteps = [&](const char *what) {
            QElapsedTimer t;
            qint64 total = 0, worst = 0;
            QScrollBar *h = canvas->view()->horizontalScrollBar();
            QScrollBar *v = canvas->view()->verticalScrollBar();
            viewport()->repaint();
            for (int i = 0; i < 60; ++i) {
                if (i % 3 == 2)
                    canvas->setZoom(canvas->zoom() * (i % 2 ? 1.05 : 1 / 1.05));
                else {
                    h->setValue(h->value() + (i % 2 ? 37 : -23));
                    v->setValue(v->value() + (i % 4 < 2 ? 29 : -17));
                }
                t.start();
                viewport()->repaint();
                const qint64 ns = t.nsecsElapsed();
                total += ns;
                worst = std::max(worst, ns);
            }
            qInfo("1000 tasks (%s), %s at %.0f%%: average paint %.2f ms, worst %.2f ms over 60 scroll/zoom steps", tag, what,
                  canvas->zoom() * 100, double(total) / 60 / 1e6, double(worst) / 1e6);
        };
        paintSteps("fitted");
        canvas->setZoom(1.0);
        canvas->selectTasks({QStringLiteral("task_500")});
        QVERIFY(canvas->minimap()->isVisible());
        paintSteps("actual size");
        canvas->setZoom(0.5);
        paintSteps("half size");
        qInfo("1000 tasks (%s, %lld transitions): setGraph %lld ms, again with the same graph %lld ms", tag,
              qint64(g.edges.size()), loadMs, reloadMs);
        if (shots()) {
            const QString name = QString::fromLatin1(tag).replace(u' ', u'-');
            canvas->setZoom(1.0);
            canvas->grab().save(QStringLiteral("/tmp/canvas-1000-%1-100.png").arg(name));
            canvas->setZoom(0.5);
            canvas->grab().save(QStringLiteral("/tmp/canvas-1000-%1-50.png").arg(name));
            canvas->fitToView();
            canvas->grab().save(QStringLiteral("/tmp/canvas-1000-%1-fit.png").arg(name));
        }
    }
};

QTEST_MAIN(TestDesignerCanvas)
#include "tst_designercanvas.moc"
