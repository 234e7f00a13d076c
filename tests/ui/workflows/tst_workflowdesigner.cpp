// The designer on the Workflows page, end to end against a real engine:
// building a workflow by dragging actions and drawing transitions, saving it
// into a pack folder and running it; every known workflow file opened and
// saved back byte for byte; edits undone and redone leave the rest of the
// text alone; a running workflow coloured live.
#include "StudioTestEngine.h"

#include "client/Client.h"
#include "ui/common/JsonTreeView.h"
#include "ui/common/SchemaForm.h"
#include "base/Json.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/workflow/canvas/DesignerCanvas.h"
#include "ui/workflow/canvas/TaskItem.h"
#include "ui/workflow/document/WorkflowDocument.h"
#include "ui/workflow/panes/ActionPalette.h"
#include "ui/workflow/panes/TaskInspector.h"
#include "ui/workflow/panes/WorkflowYamlEditor.h"
#include "ui/workflow/run/ExecutionTracker.h"
#include "ui/workflows/NewWorkflowDialog.h"
#include "ui/workflows/WorkflowDesigner.h"
#include "ui/workflows/WorkflowInputDialog.h"
#include "ui/workflows/WorkflowRunPanel.h"
#include "ui/workflows/WorkflowsPage.h"

#include <QAbstractItemModel>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QDropEvent>
#include <QFile>
#include <QGraphicsView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

using namespace squall;
using namespace Qt::StringLiterals;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    f.write(data);
}

// The workflow files every round trip covers: the bundled packs', the
// repository's own set (comments, odd styles), and the shared conformance
// cases when they are beside the repository.
QStringList workflowFiles(bool *sharedFound)
{
    QStringList files;
    for (const QString &root : {QStringLiteral(SQUALL_SOURCE_DIR "/packs"), QStringLiteral(SQUALL_SOURCE_DIR "/tests/data/workflows/designer")}) {
        QDirIterator it(root, {QStringLiteral("*.yaml")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(u"/workflows/") || path.contains(u"/chains/") || path.contains(u"/designer/"))
                files << path;
        }
    }
    const QDir shared(QStringLiteral(SQUALL_SHARED_DIR "/conformance/orquesta/workflows"));
    *sharedFound = shared.exists();
    if (*sharedFound) {
        for (const QString &name : shared.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
            files << shared.filePath(name);
    }
    files.sort();
    return files;
}

bool isChain(const QByteArray &text)
{
    return text.contains("\nchain:") || text.startsWith("chain:") || text.contains("---\nchain:");
}

QPoint viewPoint(ui::DesignerCanvas *canvas, const QPointF &scenePos)
{
    return canvas->view()->mapFromScene(scenePos);
}

// A drag from the palette onto the canvas, as the window system delivers it:
// the palette's own MIME data, entered, moved and dropped on the viewport.
void dropAction(ui::ActionPalette *palette, ui::DesignerCanvas *canvas, const QString &ref, const QPoint &at)
{
    QAbstractItemModel *model = palette->view()->model();
    QModelIndex found;
    for (int p = 0; p < model->rowCount() && !found.isValid(); ++p) {
        const QModelIndex pack = model->index(p, 0);
        for (int a = 0; a < model->rowCount(pack); ++a) {
            const QModelIndex action = model->index(a, 0, pack);
            if (model->mimeData({action})->data(u"application/x-squall-action-ref"_s) == ref.toUtf8()) {
                found = action;
                break;
            }
        }
    }
    QVERIFY2(found.isValid(), qPrintable(ref));
    std::unique_ptr<QMimeData> mime(model->mimeData({found}));
    QWidget *viewport = canvas->view()->viewport();
    QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &enter);
    QDragMoveEvent move(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &move);
    QDropEvent drop(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &drop);
}

// Press on `from`'s outlet, drag, release over `to`.
void drawTransition(ui::DesignerCanvas *canvas, const QString &from, const QString &to)
{
    QWidget *viewport = canvas->view()->viewport();
    const QPoint start = viewPoint(canvas, canvas->outletPosOf(from));
    const QPoint end = viewPoint(canvas, canvas->scenePosOf(to));
    QTest::mousePress(viewport, Qt::LeftButton, {}, start);
    for (int i = 1; i <= 5; ++i) {
        const QPoint p = start + (end - start) * i / 5;
        QMouseEvent moveEvent(QEvent::MouseMove, p, viewport->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &moveEvent);
    }
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, end);
}

// The state a task's box on the canvas shows (empty: none).
// Where two texts part, for messages.
QByteArray firstDifference(const QString &a, const QString &b)
{
    qsizetype i = 0;
    while (i < a.size() && i < b.size() && a.at(i) == b.at(i))
        ++i;
    return u"at %1: %2 | %3"_s.arg(i).arg(a.mid(qMax(0, i - 20), 60), b.mid(qMax(0, i - 20), 60)).toUtf8();
}

// The run/simulation input dialog the designer opened.
ui::WorkflowInputDialog *inputDialog(ui::WorkflowDesigner *designer)
{
    ui::WorkflowInputDialog *input = nullptr;
    [&] { QTRY_VERIFY(input = designer->findChild<ui::WorkflowInputDialog *>(u"workflowInputDialog"_s)); }();
    return input;
}

// Its Run / Simulate button, once the parameters have loaded.
void acceptInput(ui::WorkflowInputDialog *input)
{
    QVERIFY(input);
    auto *go = input->findChild<QPushButton *>(u"workflowInputAccept"_s);
    QTRY_VERIFY(go->isEnabled());
    QTest::mouseClick(go, Qt::LeftButton);
}

// Types into a form field (a line or a text box) as a user does, then leaves it.
void typeInto(QWidget *field, const QString &text)
{
    QWidget *edit = qobject_cast<QLineEdit *>(field) ? field : static_cast<QWidget *>(field->findChild<QLineEdit *>());
    if (!edit)
        edit = qobject_cast<QPlainTextEdit *>(field) ? field : static_cast<QWidget *>(field->findChild<QPlainTextEdit *>());
    QVERIFY2(edit, qPrintable(field->objectName()));
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_End, Qt::ControlModifier);  // after what is there
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Tab);
}

QString taskStatus(ui::WorkflowDesigner *designer, const QString &task)
{
    const ui::TaskItem *item = designer->canvas()->taskItem(task);
    return item ? item->status() : u"<no item>"_s;
}

} // namespace

class TestWorkflowDesigner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void buildSaveAndRun();
    void everyWorkflowSavesUnchanged();
    void renameAndDeleteUndoRedo();
    void colourRunningWorkflow();
    void inlineParametersMoveToInput();
    void simulationShowsThePath();

private:
    ui::WorkflowsPage *openPage();
    void openWorkflow(ui::WorkflowsPage *page, const QString &ref);

    QTemporaryDir m_packs;
    std::unique_ptr<test::StudioTestEngine> m_engine;
    QHash<QString, QString> m_roundTrip;  // action ref -> original file
    bool m_sharedFound = false;
};

void TestWorkflowDesigner::initTestCase()
{
    // A writable pack for the new workflow, and one holding a copy of every
    // known workflow file with an action for each.
    const QString designer = m_packs.filePath(u"designer"_s);
    writeFile(designer + u"/pack.yaml"_s, "---\nname: designer\nref: designer\ndescription: Workflows made in the designer test.\nversion: 1.0.0\nauthor: Squall tests\n");
    QDir().mkpath(designer + u"/actions/workflows"_s);
    const QString trip = m_packs.filePath(u"roundtrip"_s);
    writeFile(trip + u"/pack.yaml"_s, "---\nname: roundtrip\nref: roundtrip\ndescription: Copies of known workflow files.\nversion: 1.0.0\nauthor: Squall tests\n");
    int n = 0;
    for (const QString &file : workflowFiles(&m_sharedFound)) {
        const QByteArray text = readFile(file);
        const QString name = u"wf%1"_s.arg(++n, 3, 10, QLatin1Char('0'));
        writeFile(trip + u"/actions/workflows/"_s + name + u".yaml"_s, text);
        const QByteArray meta = "---\nname: " + name.toUtf8() + "\npack: roundtrip\nrunner_type: "
                                + (isChain(text) ? "action-chain" : "orquesta") + "\nentry_point: workflows/" + name.toUtf8()
                                + ".yaml\nenabled: true\nparameters: {}\n";
        writeFile(trip + u"/actions/"_s + name + u".yaml"_s, meta);
        m_roundTrip.insert(u"roundtrip."_s + name, file);
    }
    QVERIFY(m_roundTrip.size() >= 8);
    m_engine = std::make_unique<test::StudioTestEngine>(QStringList{m_packs.path()});
    QVERIFY(m_engine->ok());
    m_engine->studio()->startEvents();
}

ui::WorkflowsPage *TestWorkflowDesigner::openPage()
{
    auto *page = new ui::WorkflowsPage(m_engine->studio());
    page->resize(1366, 768);
    page->show();
    page->activate();
    [&] { QTRY_VERIFY(page->list()->model()->rowCount() >= 8); }();
    return page;
}

void TestWorkflowDesigner::openWorkflow(ui::WorkflowsPage *page, const QString &ref)
{
    QSignalSpy opened(page->designer(), &ui::WorkflowDesigner::opened);
    QVERIFY2(page->list()->select(ref), qPrintable(ref));
    if (page->designer()->actionRef() != ref || !page->designer()->isOpen())
        QVERIFY2(opened.wait(5000), qPrintable(ref));
    QTRY_VERIFY(page->designer()->isOpen());
    QCOMPARE(page->designer()->actionRef(), ref);
}

void TestWorkflowDesigner::buildSaveAndRun()
{
    std::unique_ptr<ui::WorkflowsPage> page(openPage());
    ui::WorkflowDesigner *designer = page->designer();

    // New workflow in the writable pack, through the dialog.
    page->newWorkflow();
    auto *dialog = page->findChild<ui::NewWorkflowDialog *>(u"newWorkflowDialog"_s);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->packBox()->findData(u"designer"_s) >= 0);
    dialog->packBox()->setCurrentIndex(dialog->packBox()->findData(u"designer"_s));
    QTest::keyClicks(dialog->nameEdit(), u"built"_s);
    QTest::keyClicks(dialog->descriptionEdit(), u"Made by dragging"_s);
    auto *create = dialog->findChild<QPushButton *>(u"newWorkflowCreate"_s);
    QVERIFY(create->isEnabled());
    QSignalSpy opened(designer, &ui::WorkflowDesigner::opened);
    QTest::mouseClick(create, Qt::LeftButton);
    QTRY_COMPARE(designer->actionRef(), u"designer.built"_s);
    QTRY_VERIFY(designer->isOpen());
    const QString file = m_packs.filePath(u"designer/actions/workflows/built.yaml"_s);
    QVERIFY(QFile::exists(file));
    QVERIFY(QFile::exists(m_packs.filePath(u"designer/actions/built.yaml"_s)));
    const int tasksBefore = int(designer->document()->taskNames().size());

    // Three actions dragged from the palette onto the canvas.
    ui::ActionPalette *palette = designer->palette();
    ui::DesignerCanvas *canvas = designer->canvas();
    QTRY_VERIFY(palette->actionRefs().contains(u"core.local"_s));
    const QRect area = canvas->view()->viewport()->rect();
    dropAction(palette, canvas, u"core.local"_s, area.center() + QPoint(-200, -120));
    dropAction(palette, canvas, u"core.echo"_s, area.center() + QPoint(0, 0));
    dropAction(palette, canvas, u"core.noop"_s, area.center() + QPoint(200, 120));
    QTRY_COMPARE(designer->document()->taskNames().size(), tasksBefore + 3);
    for (const QString &t : {u"local"_s, u"echo"_s, u"noop_step"_s})
        QVERIFY2(designer->document()->taskNames().contains(t), qPrintable(designer->document()->text()));

    // Transitions drawn from outlet to task.
    drawTransition(canvas, u"local"_s, u"echo"_s);
    drawTransition(canvas, u"echo"_s, u"noop_step"_s);
    QTRY_COMPARE(designer->document()->task(u"local"_s)[u"next"][0][u"do"].toString(), u"echo"_s);
    QTRY_COMPARE(designer->document()->task(u"echo"_s)[u"next"][0][u"do"].toString(), u"noop_step"_s);

    // Inputs filled in the inspector's form.
    canvas->selectTasks({u"local"_s});
    ui::TaskInspector *inspector = designer->inspector();
    QWidget *cmd = nullptr;
    QTRY_VERIFY(cmd = inspector->findChild<QWidget *>(u"field_cmd"_s));
    typeInto(cmd, u"echo built-by-designer"_s);
    QTRY_COMPARE_WITH_TIMEOUT(designer->document()->task(u"local"_s)[u"input"][u"cmd"].toString(), u"echo built-by-designer"_s, 15000);
    canvas->selectTasks({u"echo"_s});
    QWidget *message = nullptr;
    QTRY_VERIFY(message = inspector->findChild<QWidget *>(u"field_message"_s));
    typeInto(message, u"second step"_s);
    QTRY_COMPARE_WITH_TIMEOUT(designer->document()->task(u"echo"_s)[u"input"][u"message"].toString(), u"second step"_s, 15000);
    QVERIFY(designer->isModified());

    // Saved into the pack folder: the file on disk is the document's text.
    QSignalSpy saved(designer, &ui::WorkflowDesigner::saved);
    designer->save();
    QVERIFY(saved.wait(5000));
    QVERIFY(!designer->isModified());
    const QByteArray onDisk = readFile(file);
    QCOMPARE(QString::fromUtf8(onDisk), designer->document()->text());
    QVERIFY(onDisk.contains("version: 1.0"));
    QVERIFY2(onDisk.contains("action: core.local") && onDisk.contains("cmd: echo built-by-designer")
                 && onDisk.contains("do: echo") && onDisk.contains("do: noop_step") && onDisk.contains("message: second step"),
             onDisk.constData());

    // Run it from the designer: the execution succeeds with the three tasks.
    designer->runWorkflow();
    acceptInput(inputDialog(designer));
    ui::WorkflowRunPanel *runs = designer->runPanel();
    QTRY_VERIFY(!runs->executionId().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(runs->tracker()->status(), u"succeeded"_s, 20000);
    const auto states = runs->taskStates();
    for (const QString &t : {u"local"_s, u"echo"_s, u"noop_step"_s})
        QCOMPARE(states.value(t).status, u"succeeded"_s);

    // The engine's record agrees: the child executions ran what was typed.
    const QString id = runs->executionId();
    bool done = false;
    m_engine->client()->call(client::Request::of(client::Op::ExecutionChildren, id), this, [&](const client::ClientResult &r) {
        QVERIFY(r.ok());
        QStringList cmds;
        for (const Value &child : r.value.toList())
            cmds << child[u"parameters"][u"cmd"].toString() << child[u"parameters"][u"message"].toString();
        QVERIFY2(cmds.contains(u"echo built-by-designer"_s) && cmds.contains(u"second step"_s), qPrintable(cmds.join(u',')));
        done = true;
    });
    QTRY_VERIFY(done);
}

void TestWorkflowDesigner::everyWorkflowSavesUnchanged()
{
    if (!m_sharedFound)
        qInfo("../shared is absent: the conformance workflows are not part of this run");
    std::unique_ptr<ui::WorkflowsPage> page(openPage());
    ui::WorkflowDesigner *designer = page->designer();
    QStringList refs = m_roundTrip.keys();
    refs.sort();
    for (const QString &ref : std::as_const(refs)) {
        openWorkflow(page.get(), ref);
        const QString entry = m_packs.filePath(u"roundtrip/actions/workflows/"_s + ref.section(u'.', 1) + u".yaml"_s);
        const QByteArray original = readFile(m_roundTrip.value(ref));
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
        const QString originalText = utf8(original);
        QVERIFY2(designer->yamlEditor()->text() == originalText,
                 firstDifference(designer->yamlEditor()->text(), originalText).constData());
        // Saved without an edit: the engine writes back the very bytes.
        QSignalSpy saved(designer, &ui::WorkflowDesigner::saved);
        designer->save();
        QVERIFY2(saved.wait(5000), qPrintable(ref));
        QVERIFY2(readFile(entry) == original,
                 qPrintable(m_roundTrip.value(ref) + u" "_s + QString::fromLatin1(readFile(entry).left(8).toHex())
                            + u" "_s + QString::number(designer->document()->text().at(0).unicode(), 16)));
        QVERIFY2(!designer->document()->graph().nodes.isEmpty() || designer->document()->hasParseError()
                     || original.contains("tasks: {}") || !original.contains("tasks"),
                 qPrintable(ref));
    }
}

void TestWorkflowDesigner::renameAndDeleteUndoRedo()
{
    std::unique_ptr<ui::WorkflowsPage> page(openPage());
    ui::WorkflowDesigner *designer = page->designer();
    openWorkflow(page.get(), u"roundtrip."_s + m_roundTrip.key(QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/actions/workflows/orquesta-ask.yaml")).section(u'.', 1));
    ui::WorkflowDocument *doc = designer->document();
    const QString original = doc->text();
    QVERIFY(doc->taskNames().contains(u"ask"_s));

    // Rename "ask" to "approval" in the inspector: the key and the references change, nothing else.
    designer->canvas()->selectTasks({u"ask"_s});
    auto *name = designer->inspector()->findChild<QLineEdit *>(u"taskName"_s);
    QVERIFY(name);
    QTRY_COMPARE(name->text(), u"ask"_s);
    name->selectAll();
    QTest::keyClicks(name, u"approval"_s);
    QTest::keyClick(name, Qt::Key_Return);
    QTRY_VERIFY(doc->taskNames().contains(u"approval"_s));
    const QString renamed = doc->text();
    QCOMPARE(QString(renamed).replace(u"  approval:"_s, u"  ask:"_s), original);
    QVERIFY2(designer->yamlEditor()->text() == renamed, firstDifference(designer->yamlEditor()->text(), renamed).constData());
    designer->undoStack()->undo();
    QCOMPARE(doc->text(), original);
    QCOMPARE(designer->yamlEditor()->text(), original);
    designer->undoStack()->redo();
    QCOMPARE(doc->text(), renamed);

    // Delete the transition approval -> act on the canvas: only that `do` goes.
    designer->canvas()->selectTransition({u"approval"_s, 0, u"act"_s});
    QTest::keyClick(designer->canvas()->view()->viewport(), Qt::Key_Delete);
    QTRY_VERIFY(doc->text() != renamed);
    const QString deleted = doc->text();
    QVERIFY(!doc->task(u"approval"_s)[u"next"][0].toDict().contains(u"do"_s)
            || doc->task(u"approval"_s)[u"next"][0][u"do"].toString() != u"act"_s);
    // Outside the removed line, the text is what it was.
    const int line = int(renamed.indexOf(u"do: act"_s));
    QVERIFY(line > 0);
    const qsizetype lineStart = renamed.lastIndexOf(u'\n', line) + 1;
    const qsizetype lineEnd = renamed.indexOf(u'\n', line) + 1;
    QCOMPARE(deleted, renamed.left(lineStart) + renamed.mid(lineEnd));
    designer->undoStack()->undo();
    QCOMPARE(doc->text(), renamed);
    designer->undoStack()->redo();
    QCOMPARE(doc->text(), deleted);
    designer->undoStack()->undo();
    designer->undoStack()->undo();
    QCOMPARE(doc->text(), original);
    QVERIFY(!designer->isModified());
}

void TestWorkflowDesigner::colourRunningWorkflow()
{
    std::unique_ptr<ui::WorkflowsPage> page(openPage());
    ui::WorkflowDesigner *designer = page->designer();
    openWorkflow(page.get(), u"examples.orquesta-ask"_s);
    designer->runWorkflow();
    acceptInput(inputDialog(designer));
    ui::WorkflowRunPanel *runs = designer->runPanel();
    // The ask task waits for its answer: the graph shows it pending while the workflow is paused.
    QTRY_COMPARE_WITH_TIMEOUT(runs->taskStates().value(u"ask"_s).status, u"pending"_s, 20000);
    QTRY_COMPARE(taskStatus(designer, u"ask"_s), u"pending"_s);
    QVERIFY(taskStatus(designer, u"act"_s).isEmpty());

    // Answer the inquiry through the client: the graph follows to the end.
    QString inquiry;
    m_engine->client()->call(client::Request::of(client::Op::ListInquiries), this, [&](const client::ClientResult &r) {
        for (const Value &i : r.value.toList())
            inquiry = i[u"id"].toString();
    });
    QTRY_VERIFY(!inquiry.isEmpty());
    m_engine->client()->call(client::Request::of(client::Op::RespondInquiry, inquiry,
                                                 makeDict({{u"id"_s, inquiry}, {u"response"_s, makeDict({{u"approve"_s, true}})}})),
                             this, [](const client::ClientResult &r) { QVERIFY2(r.ok(), qPrintable(r.errorText())); });
    QTRY_COMPARE_WITH_TIMEOUT(taskStatus(designer, u"act"_s), u"succeeded"_s, 20000);
    QCOMPARE(taskStatus(designer, u"ask"_s), u"succeeded"_s);
    QTRY_COMPARE(runs->tracker()->status(), u"succeeded"_s);
}

// `action: core.echo message="..."`: the form shows the inline value; once
// edited, the parameters move to `input` and the action keeps its ref, in one
// undo step.
void TestWorkflowDesigner::inlineParametersMoveToInput()
{
    std::unique_ptr<ui::WorkflowsPage> page(openPage());
    ui::WorkflowDesigner *designer = page->designer();
    openWorkflow(page.get(), u"roundtrip."_s + m_roundTrip.key(QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/actions/workflows/orquesta-ask.yaml")).section(u'.', 1));
    ui::WorkflowDocument *doc = designer->document();
    const QString original = doc->text();
    designer->canvas()->selectTasks({u"act"_s});
    QWidget *message = nullptr;
    QTRY_VERIFY(message = designer->inspector()->findChild<QWidget *>(u"field_message"_s));
    QLineEdit *line = qobject_cast<QLineEdit *>(message) ? qobject_cast<QLineEdit *>(message) : message->findChild<QLineEdit *>();
    QPlainTextEdit *box = line ? nullptr : (qobject_cast<QPlainTextEdit *>(message) ? qobject_cast<QPlainTextEdit *>(message) : message->findChild<QPlainTextEdit *>());
    QTRY_COMPARE(line ? line->text() : box->toPlainText(), u"approved=<% ctx(approved) %>"_s);
    typeInto(message, u"!"_s);
    QTRY_COMPARE(doc->task(u"act"_s)[u"action"].toString(), u"core.echo"_s);
    QCOMPARE(doc->task(u"act"_s)[u"input"][u"message"].toString(), u"approved=<% ctx(approved) %>!"_s);
    designer->undoStack()->undo();
    QCOMPARE(doc->text(), original);
}

// Simulate… with the smoke test mocked as failed: the graph shows the way back
// (rollback, notify_failure) and not the announcement; nothing ran.
void TestWorkflowDesigner::simulationShowsThePath()
{
    std::unique_ptr<ui::WorkflowsPage> page(openPage());
    ui::WorkflowDesigner *designer = page->designer();
    openWorkflow(page.get(), u"examples.orquesta-deploy"_s);
    designer->simulate();
    ui::WorkflowInputDialog *input = inputDialog(designer);
    QVERIFY(input);
    auto *status = input->findChild<QComboBox *>(u"mockStatus_smoke_test"_s);
    QVERIFY(status);
    status->setCurrentText(u"failed"_s);
    // What the workflow reads from its tasks' results.
    for (const QString &task : {u"fetch_artifact"_s, u"deploy_hosts"_s}) {
        auto *result = input->findChild<QLineEdit *>(u"mockResult_"_s + task);
        QVERIFY(result);
        QTest::keyClicks(result, u"{\"stdout\": \"ok\"}"_s);
    }
    acceptInput(input);
    ui::WorkflowRunPanel *runs = designer->runPanel();
    QTRY_VERIFY(runs->isSimulation());
    QVERIFY2(taskStatus(designer, u"smoke_test"_s) == u"failed"_s, qPrintable(runs->statusLabel()->text() + json::toString(runs->taskView()->value())));
    QCOMPARE(taskStatus(designer, u"rollback"_s), u"succeeded"_s);
    QCOMPARE(taskStatus(designer, u"notify_failure"_s), u"succeeded"_s);
    QVERIFY(taskStatus(designer, u"announce"_s).isEmpty());
    QVERIFY(runs->path().contains(std::pair{u"smoke_test"_s, u"rollback"_s}));
    QVERIFY2(runs->statusLabel()->text().contains(u"failed"_s), qPrintable(runs->statusLabel()->text()));
    QVERIFY(runs->executionId().isEmpty());
}

QTEST_MAIN(TestWorkflowDesigner)
#include "tst_workflowdesigner.moc"
