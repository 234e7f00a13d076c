// B10 (designer): the workflow designer with a large workflow, on the
// offscreen platform, against the in-process engine the studio runs. One JSON
// line per workload:
//
//   b10d_open     opening an N-task workflow on the Workflows page: the file
//                 read through the client, parsed, inspected, laid out, drawn
//                 on the canvas and in the YAML pane, first paint included
//   b10d_panzoom  scroll steps and zoom steps on the canvas (frame ms)
//   b10d_edit     a graph edit (a transition drawn) to text and back: the text
//                 edit, the re-parse, the graph redrawn and painted (ms each);
//                 then undone the same way
//   b10d_typing   one keystroke in the YAML pane and the debounced re-parse it
//                 leads to, until the graph is redrawn (ms each)
//
//   bench_designer [--tasks N] [--frames N] [--edits N]
#include "../UiBenchUtil.h"

#include "client/EngineThread.h"
#include "client/InProcessClient.h"
#include "ui/shell/Studio.h"
#include "ui/workflow/canvas/DesignerCanvas.h"
#include "ui/workflow/document/WorkflowDocument.h"
#include "ui/workflow/panes/WorkflowYamlEditor.h"
#include "ui/workflows/WorkflowDesigner.h"
#include "ui/workflows/WorkflowsPage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QGraphicsView>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QUndoStack>

using namespace squall;
using namespace squall::bench;
using namespace Qt::StringLiterals;

namespace {

// A workflow shaped like big real ones: a main line with a failure handler
// every few tasks, fan-out/fan-in groups joined, with-items and retries here
// and there.
QByteArray bigWorkflow(int tasks)
{
    QByteArray y = "version: 1.0\n# generated for bench_designer\ninput:\n  - target\n  - count: 3\ntasks:\n";
    for (int i = 0; i < tasks; ++i) {
        const QByteArray name = "step_" + QByteArray::number(i);
        y += "  " + name + ":\n";
        if (i % 10 == 5)
            y += "    with: host in <% ctx(target) %>\n    action: core.echo message=\"<% item(host) %>\"\n";
        else
            y += "    action: core.noop\n";
        if (i % 10 == 9 && i > 0)
            y += "    join: all\n";
        if (i % 17 == 3)
            y += "    retry:\n      count: 2\n      delay: 1\n";
        if (i + 1 >= tasks)
            continue;
        y += "    next:\n";
        if (i % 10 == 6) {  // fan out to two branches joined at i + 3
            y += "      - when: <% succeeded() %>\n        do:\n          - step_" + QByteArray::number(i + 1)
                 + "\n          - step_" + QByteArray::number(i + 2) + "\n";
        } else if (i % 10 == 7) {
            y += "      - when: <% succeeded() %>\n        do: step_" + QByteArray::number(i + 2) + "\n";
        } else {
            y += "      - when: <% succeeded() %>\n        publish:\n          - last: <% result() %>\n        do: step_"
                 + QByteArray::number(i + 1) + "\n";
        }
        if (i % 5 == 2)
            y += "      - when: <% failed() %>\n        do: fail\n";
    }
    return y;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({u"tasks"_s, u"Tasks in the workflow"_s, u"N"_s, u"1000"_s});
    parser.addOption({u"frames"_s, u"Pan/zoom frames"_s, u"N"_s, u"240"_s});
    parser.addOption({u"edits"_s, u"Graph edits"_s, u"N"_s, u"40"_s});
    parser.addHelpOption();
    parser.process(app);
    const int tasks = parser.value(u"tasks"_s).toInt();
    const int frames = parser.value(u"frames"_s).toInt();
    const int edits = parser.value(u"edits"_s).toInt();

    QTemporaryDir dir;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(dir.filePath(u"config"_s)));
    const QString pack = dir.filePath(u"packs/bench"_s);
    QDir().mkpath(pack + u"/actions/workflows"_s);
    auto write = [](const QString &path, const QByteArray &data) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(data);
    };
    const QByteArray text = bigWorkflow(tasks);
    write(pack + u"/pack.yaml"_s, "---\nname: bench\nref: bench\ndescription: bench\nversion: 1.0.0\nauthor: bench\n");
    write(pack + u"/actions/big.yaml"_s, "---\nname: big\npack: bench\nrunner_type: orquesta\nentry_point: workflows/big.yaml\n"
                                         "enabled: true\nparameters:\n  target:\n    type: array\n  count:\n    type: integer\n");
    write(pack + u"/actions/workflows/big.yaml"_s, text);

    client::EngineThread engine;
    engine::EngineOptions options;
    options.dataDir = dir.filePath(u"data"_s);
    options.packRoots = {QStringLiteral(SQUALL_SOURCE_DIR "/packs"), dir.filePath(u"packs"_s)};
    QString error;
    if (!engine.startAndWait(options, &error))
        qFatal("engine: %s", qPrintable(error));
    client::InProcessClient client(&engine, client::InProcessClient::localAdmin());
    ui::Studio studio(&client, u"bench"_s);
    studio.startEvents();

    ui::WorkflowsPage page(&studio);
    page.resize(1366, 768);
    page.show();
    page.activate();
    ui::WorkflowDesigner *designer = page.designer();
    ui::DesignerCanvas *canvas = designer->canvas();
    QGraphicsView *view = canvas->view();
    // Start from another workflow, so the big one is opened as a user opens it.
    if (!waitFor([&] { return designer->isOpen(); }))
        qFatal("no workflow opened");
    page.showObject(u"examples.orquesta-sequential"_s);
    if (!waitFor([&] { return designer->isOpen() && designer->actionRef() == u"examples.orquesta-sequential"; }))
        qFatal("examples.orquesta-sequential did not open");

    // ---- open ---------------------------------------------------------------
    const auto t0 = Clock::now();
    page.showObject(u"bench.big"_s);
    if (!waitFor([&] { return designer->isOpen() && designer->actionRef() == u"bench.big"; }))
        qFatal("bench.big did not open");
    QCoreApplication::processEvents();
    view->viewport()->repaint();
    const double openMs = secondsSince(t0) * 1e3;
    // Inspection runs after a pause (not on every edit); timed on its own.
    const auto ti = Clock::now();
    const qint64 problems = designer->document()->problems().size();
    const double inspectMs = secondsSince(ti) * 1e3;
    report({{u"workload"_s, u"b10d_open"_s}, {u"tasks"_s, tasks}, {u"bytes"_s, qint64(text.size())}, {u"inspect_ms"_s, inspectMs},
            {u"nodes_drawn"_s, qint64(designer->document()->graph().nodes.size())},
            {u"edges_drawn"_s, qint64(designer->document()->graph().edges.size())},
            {u"problems"_s, problems}, {u"open_ms"_s, openMs}});

    // ---- pan and zoom -------------------------------------------------------
    std::vector<double> pan, zoom;
    canvas->setZoom(1.0);
    QScrollBar *vbar = view->verticalScrollBar();
    QScrollBar *hbar = view->horizontalScrollBar();
    for (int i = 0; i < frames / 2; ++i) {
        pan.push_back(frame(view, [&] {
            vbar->setValue(vbar->value() + (i % 40 < 20 ? 60 : -60));
            hbar->setValue(hbar->value() + (i % 16 < 8 ? 30 : -30));
        }));
    }
    const double levels[] = {0.25, 0.4, 0.6, 0.8, 1.0, 1.5, 2.0, 1.2, 0.7, 0.3};
    for (int i = 0; i < frames / 2; ++i)
        zoom.push_back(frame(view, [&] { canvas->setZoom(levels[i % 10]); }));
    QJsonObject panFig = frameFigures(pan);
    QJsonObject zoomFig = frameFigures(zoom);
    report({{u"workload"_s, u"b10d_panzoom"_s}, {u"tasks"_s, tasks}, {u"pan"_s, panFig}, {u"zoom"_s, zoomFig}});

    // ---- graph edit round trip ----------------------------------------------
    canvas->setZoom(1.0);
    std::vector<double> add, undo;
    QUndoStack *stack = designer->undoStack();
    for (int i = 0; i < edits; ++i) {
        const QString from = u"step_%1"_s.arg((i * 37) % (tasks - 3));
        const QString to = u"step_%1"_s.arg((i * 37) % (tasks - 3) + 3);
        add.push_back(frame(view, [&] { Q_EMIT canvas->transitionDrawn(from, to); }));
        if (designer->document()->task(from)[u"next"].toList().size() < 2)
            qFatal("edit %d did not reach the text", i);
        undo.push_back(frame(view, [&] { stack->undo(); }));
    }
    report({{u"workload"_s, u"b10d_edit"_s}, {u"tasks"_s, tasks}, {u"edit"_s, frameFigures(add)}, {u"undo"_s, frameFigures(undo)}});

    // ---- typing in the YAML pane ----------------------------------------------
    // A keystroke inside a task (the common case: a value being edited) and one
    // at the top level (a comment: the whole file is read again).
    ui::WorkflowDocument *doc = designer->document();
    auto keystrokes = [&](const QString &anchor) {
        std::vector<double> ms;
        for (int i = 0; i < 10; ++i) {
            const qsizetype at = doc->text().indexOf(anchor) + anchor.size();
            QElapsedTimer t;
            t.start();
            const QList<ui::TextEdit> keystroke{{at, 0, u"x"_s}};
            doc->apply(keystroke, ui::WorkflowDocument::Parse::Debounced);
            doc->parseNow();
            QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents, 0);
            view->viewport()->repaint();
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        return ms;
    };
    const std::vector<double> inTask = keystrokes(u"step_%1:\n    action: core.noop"_s.arg(tasks / 2));
    const std::vector<double> topLevel = keystrokes(u"# generated"_s);
    report({{u"workload"_s, u"b10d_typing"_s}, {u"tasks"_s, tasks}, {u"in_task"_s, frameFigures(inTask)},
            {u"top_level"_s, frameFigures(topLevel)}});
    engine.stop();
    return 0;
}
