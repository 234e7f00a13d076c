// The panes around the workflow graph, driven as a person would, against a
// real in-process engine with the bundled packs: the action palette, the task
// inspector, the YAML editor, the workflow properties and the problems list.
#include "StudioTestEngine.h"
#include "workflow/inspect/InlineParams.h"

#include "base/Json.h"
#include "client/Client.h"

#include "ui/common/JsonTreeView.h"
#include "ui/common/SchemaForm.h"
#include "ui/shell/Theme.h"
#include "ui/workflow/panes/ActionPalette.h"
#include "ui/workflow/panes/KeyValueTable.h"
#include "ui/workflow/panes/ProblemsList.h"
#include "ui/workflow/panes/Qsci.h"
#include "ui/workflow/panes/TaskInspector.h"
#include "ui/workflow/panes/TransitionEntryEditor.h"
#include "ui/workflow/panes/WorkflowPropertiesEditor.h"
#include "ui/workflow/panes/WorkflowYamlEditor.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAccessible>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace squall;

namespace {

// Accessibility, as the studio's shared check (tests/AccessibilityCheck.h)
// has it: every control the panes build has an explicit accessible name; and,
// as a screen reader meets them, every control has a name and a description
// (explicit or its tooltip). The shared form's insides have their own tests.
bool qtInternal(const QWidget *w)
{
    for (const QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
        if (qobject_cast<const QComboBox *>(p) || qobject_cast<const QAbstractSpinBox *>(p)
            || qobject_cast<const QLineEdit *>(p) || p->inherits("QComboBoxPrivateContainer"))
            return true;
    }
    return qobject_cast<const QHeaderView *>(w) || w->inherits("QTableCornerButton")
           || w->objectName().startsWith(QStringLiteral("qt_"));
}

bool insideSharedForm(const QWidget *w, const QWidget *root)
{
    for (const QWidget *p = w->parentWidget(); p && p != root; p = p->parentWidget())
        if (qobject_cast<const ui::SchemaForm *>(p) || qobject_cast<const ui::JsonTreeView *>(p)
            || qobject_cast<const QAbstractItemView *>(p))
            return true;
    return false;
}

QString accessibleText(QWidget *w, QAccessible::Text which)
{
    QAccessibleInterface *a = QAccessible::queryAccessibleInterface(w);
    return a ? a->text(which).trimmed() : QString();
}

QStringList unnamedControls(QWidget *root)
{
    QStringList missing;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w)
                             || qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractItemView *>(w)
                             || qobject_cast<QPlainTextEdit *>(w) || qobject_cast<QAbstractSpinBox *>(w)
                             || qobject_cast<QsciScintilla *>(w);
        if (!control || !w->isVisibleTo(root) || qtInternal(w) || insideSharedForm(w, root))
            continue;
        const QString id = QStringLiteral("%1 (%2)").arg(w->objectName(), QString::fromLatin1(w->metaObject()->className()));
        if (w->accessibleName().isEmpty())
            missing.append(id + QStringLiteral(" has no accessible name"));
        if (accessibleText(w, QAccessible::Description).isEmpty())
            missing.append(id + QStringLiteral(" has no accessible description"));
    }
    return missing;
}

// Screenshots in both palettes when SQUALL_SHOTS is set (for a person to look at).
void shoot(QWidget *w, const QString &name)
{
    if (qEnvironmentVariableIsEmpty("SQUALL_SHOTS"))
        return;
    for (const auto mode : {ui::Theme::Mode::Light, ui::Theme::Mode::Dark}) {
        ui::Theme::apply(mode);
        QApplication::processEvents();
        w->grab().save(QStringLiteral("/tmp/panes-%1-%2.png").arg(name, mode == ui::Theme::Mode::Dark ? u"dark" : u"light"));
    }
    ui::Theme::apply(ui::Theme::Mode::Light);
}

Value yamlValue(const char *text)
{
    return yaml::load(QByteArray(text)).value;
}

template<typename T>
T *child(QWidget *root, const char *name)
{
    return root->findChild<T *>(QString::fromLatin1(name));
}

// The line edit a table opened on a cell.
QLineEdit *cellEditor(QTableWidget *table)
{
    for (QLineEdit *e : table->viewport()->findChildren<QLineEdit *>())
        if (e->isVisible())
            return e;
    return nullptr;
}

// Edits a table cell through its editor, as F2 and typing would.
bool editCell(QTableWidget *table, int row, int column, const QString &text)
{
    QTableWidgetItem *item = table->item(row, column);
    if (!item)
        return false;
    table->setCurrentItem(item);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_F2);
    QLineEdit *editor = cellEditor(table);
    if (!editor)
        return false;
    editor->selectAll();
    QTest::keyClicks(editor, text);

    // The delegate commits and closes the editor from the event loop.
    const QPointer<QLineEdit> open(editor);
    QTest::keyClick(editor, Qt::Key_Return);
    return QTest::qWaitFor([&] { return !open || !open->isVisible(); });
}

} // namespace

class TestPanes : public QObject
{
    Q_OBJECT
    std::unique_ptr<test::StudioTestEngine> m_engine;

private Q_SLOTS:
    void initTestCase()
    {
        m_engine = std::make_unique<test::StudioTestEngine>();
        QVERIFY(m_engine->ok());
        m_engine->studio()->startEvents();
    }

    void paletteListsSearchesDragsAndActivates()
    {
        ui::ActionPalette palette(m_engine->studio());
        palette.resize(300, 500);
        palette.show();
        QVERIFY(QTest::qWaitForWindowExposed(&palette));
        QTRY_VERIFY(palette.actionRefs().contains(QStringLiteral("core.local")));
        QVERIFY(palette.actionRefs().contains(QStringLiteral("examples.orquesta-join")));
        QTreeView *view = palette.view();
        QAbstractItemModel *model = view->model();
        QStringList packs;
        for (int i = 0; i < model->rowCount(); ++i)
            packs << model->index(i, 0).data().toString();
        QCOMPARE(packs, (QStringList{QStringLiteral("core"), QStringLiteral("examples")}));
        QVERIFY(view->isExpanded(model->index(0, 0)));
        shoot(&palette, QStringLiteral("palette"));

        // Search matches descriptions too: "side by side" is only in orquesta-join's.
        palette.searchField()->setFocus();
        QTest::keyClicks(palette.searchField(), QStringLiteral("side by side"));
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("examples"));
        QCOMPARE(model->rowCount(model->index(0, 0)), 1);
        QCOMPARE(model->index(0, 0, model->index(0, 0)).data().toString(), QStringLiteral("orquesta-join"));

        // Down moves into the list; Enter there adds the action.
        QSignalSpy activated(&palette, &ui::ActionPalette::actionActivated);
        QTest::keyClick(palette.searchField(), Qt::Key_Down);
        QCOMPARE(QApplication::focusWidget(), view);
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("examples.orquesta-join"));

        // Search by ref; Enter in the search field adds the only match.
        palette.searchField()->clear();
        QTest::keyClicks(palette.searchField(), QStringLiteral("core.local_sudo"));
        QTest::keyClick(palette.searchField(), Qt::Key_Return);
        QCOMPARE(activated.count(), 2);
        QCOMPARE(activated.at(1).at(0).toString(), QStringLiteral("core.local_sudo"));

        // A drag carries the ref.
        const QModelIndex action = model->index(0, 0, model->index(0, 0));
        QVERIFY(action.flags() & Qt::ItemIsDragEnabled);
        QVERIFY(!(model->index(0, 0).flags() & Qt::ItemIsDragEnabled));
        std::unique_ptr<QMimeData> mime(model->mimeData({action}));
        QVERIFY(mime);
        QCOMPARE(mime->data(QString::fromLatin1(ui::ActionPalette::kMimeType)), QByteArray("core.local_sudo"));
        QCOMPARE(mime->text(), QStringLiteral("core.local_sudo"));

        palette.searchField()->clear();
        QTest::keyClicks(palette.searchField(), QStringLiteral("no such action anywhere"));
        QVERIFY(!view->isVisible());
        QVERIFY(child<QLabel>(&palette, "paletteEmpty")->isVisible());
        QTest::keyClick(palette.searchField(), Qt::Key_Escape);
        QCOMPARE(palette.searchField()->text(), QString());
        QVERIFY(view->isVisible());
        QCOMPARE(unnamedControls(&palette), QStringList());

        // The list follows the engine: a deleted action goes away.
        bool deleted = false;
        m_engine->client()->call(client::Op::DeleteAction, QStringLiteral("examples.orquesta-retry"), this,
                                 [&deleted](const client::ClientResult &r) { deleted = r.ok(); });
        QTRY_VERIFY(deleted);
        QTRY_VERIFY(!palette.actionRefs().contains(QStringLiteral("examples.orquesta-retry")));
        QVERIFY(palette.actionRefs().contains(QStringLiteral("examples.orquesta-join")));
    }

    void inspectorEditsAnOrquestaTask()
    {
        ui::TaskInspector inspector(m_engine->studio());
        inspector.resize(380, 800);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inspector));
        QVERIFY(child<QLabel>(&inspector, "taskInspectorHint")->isVisible());
        QTRY_VERIFY(inspector.actionRefs().contains(QStringLiteral("core.echo")));

        const Value body = yamlValue(R"(
action: core.local
input:
  cmd: echo hi
next:
  - when: <% succeeded() %>
    do: t2
    publish:
      - out: <% result().stdout %>
retry:
  count: 2
  delay: 1
)");
        const QStringList names{QStringLiteral("t1"), QStringLiteral("t2"), QStringLiteral("t3")};
        inspector.setContextNames({QStringLiteral("who"), QStringLiteral("out")});
        QSignalSpy ready(&inspector, &ui::TaskInspector::inputFormReady);
        inspector.setTask(QStringLiteral("t1"), body, names);
        QVERIFY(!child<QLabel>(&inspector, "taskInspectorHint")->isVisible());
        QCOMPARE(inspector.nameField()->text(), QStringLiteral("t1"));
        QCOMPARE(inspector.actionField()->currentText(), QStringLiteral("core.local"));
        QTRY_COMPARE(ready.count(), 1);
        QCOMPARE(inspector.transitionEditors().size(), 1);
        ui::TransitionEntryEditor *entry = inspector.transitionEditors().first();
        QCOMPARE(entry->whenField()->text(), QStringLiteral("<% succeeded() %>"));
        QCOMPARE(entry->doButton()->text(), QStringLiteral("t2"));
        QCOMPARE(entry->publishTable()->table()->rowCount(), 1);
        QCOMPARE(child<QSpinBox>(&inspector, "taskRetryCount")->value(), 2);
        shoot(&inspector, QStringLiteral("inspector"));

        QSignalSpy fields(&inspector, &ui::TaskInspector::fieldEdited);

        // Typing in an input field: one debounced edit with the typed value.
        auto *cmd = qobject_cast<QPlainTextEdit *>(inspector.inputForm()->editorFor(QStringLiteral("cmd")));
        QVERIFY(cmd);
        cmd->setFocus();
        cmd->moveCursor(QTextCursor::End);
        QTest::keyClicks(cmd, QStringLiteral(" there"));
        QVERIFY(fields.wait(3000));
        QCOMPARE(fields.count(), 1);
        QCOMPARE(fields.at(0).at(0).toString(), QStringLiteral("t1"));
        QCOMPARE(fields.at(0).at(1).toString(), QStringLiteral("input"));
        QCOMPARE(fields.at(0).at(2).value<Value>()[u"cmd"].toString(), QStringLiteral("echo hi there"));

        // The designer sets the re-parsed body back while the user types: nothing is rebuilt.
        Value edited = body;
        edited.dictRef()[QStringLiteral("input")] = makeDict({{QStringLiteral("cmd"), Value(QStringLiteral("echo hi there"))}});
        inspector.setTask(QStringLiteral("t1"), edited, names);
        QCOMPARE(QApplication::focusWidget(), cmd);
        QCOMPARE(inspector.inputForm()->editorFor(QStringLiteral("cmd")), cmd);
        QCOMPARE(cmd->textCursor().position(), cmd->toPlainText().size());
        // Another field changed elsewhere: the focused one still stays.
        edited.dictRef()[QStringLiteral("delay")] = Value(5);
        inspector.setTask(QStringLiteral("t1"), edited, names);
        QCOMPARE(QApplication::focusWidget(), cmd);
        QCOMPARE(child<QSpinBox>(&inspector, "taskDelay")->value(), 5);
        QCOMPARE(inspector.transitionEditors().first(), entry);

        // Choosing another action.
        fields.clear();
        QLineEdit *actionText = inspector.actionField()->lineEdit();
        actionText->setFocus();
        actionText->selectAll();
        QTest::keyClicks(actionText, QStringLiteral("core.echo"));
        QTest::keyClick(actionText, Qt::Key_Return);
        QTRY_VERIFY(!fields.isEmpty());
        QCOMPARE(fields.at(0).at(1).toString(), QStringLiteral("action"));
        QCOMPARE(fields.at(0).at(2).value<Value>().toString(), QStringLiteral("core.echo"));
        QTRY_VERIFY(inspector.inputForm()->editorFor(QStringLiteral("message")));

        // Renaming.
        QSignalSpy renamed(&inspector, &ui::TaskInspector::renameRequested);
        inspector.nameField()->setFocus();
        inspector.nameField()->selectAll();
        QTest::keyClicks(inspector.nameField(), QStringLiteral("t2"));
        QTest::keyClick(inspector.nameField(), Qt::Key_Return);
        QCOMPARE(renamed.count(), 0);  // taken
        QVERIFY(child<QLabel>(&inspector, "taskNameError")->isVisible());
        inspector.nameField()->selectAll();
        QTest::keyClicks(inspector.nameField(), QStringLiteral("two words"));
        QTest::keyClick(inspector.nameField(), Qt::Key_Return);
        QCOMPARE(renamed.count(), 0);  // not a name Orquesta takes
        inspector.nameField()->selectAll();
        QTest::keyClicks(inspector.nameField(), QStringLiteral("first"));
        QTest::keyClick(inspector.nameField(), Qt::Key_Return);
        QCOMPARE(renamed.count(), 1);
        QCOMPARE(renamed.at(0).at(0).toString(), QStringLiteral("t1"));
        QCOMPARE(renamed.at(0).at(1).toString(), QStringLiteral("first"));

        // Transitions: edit the condition, add an entry and point it at t3, remove the first.
        QSignalSpy changed(&inspector, &ui::TaskInspector::transitionEdited);
        QSignalSpy added(&inspector, &ui::TaskInspector::transitionAdded);
        QSignalSpy removed(&inspector, &ui::TaskInspector::transitionRemoved);
        entry->whenField()->setFocus();
        entry->whenField()->selectAll();
        QTest::keyClicks(entry->whenField(), QStringLiteral("<% failed() %>"));
        QTest::keyClick(entry->whenField(), Qt::Key_Return);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(1).toInt(), 0);
        const Value changedEntry = changed.at(0).at(2).value<Value>();
        QCOMPARE(changedEntry[u"when"].toString(), QStringLiteral("<% failed() %>"));
        QCOMPARE(changedEntry[u"do"].toString(), QStringLiteral("t2"));
        QCOMPARE(changedEntry[u"publish"], body[u"next"][0][u"publish"]);

        QTest::mouseClick(inspector.addTransitionButton(), Qt::LeftButton);
        QCOMPARE(added.count(), 1);
        QCOMPARE(added.at(0).at(0).toString(), QStringLiteral("t1"));
        QCOMPARE(inspector.transitionEditors().size(), 2);
        ui::TransitionEntryEditor *second = inspector.transitionEditors().at(1);
        QAction *t3 = nullptr;
        for (QAction *a : second->doMenu()->actions())
            if (a->data().toString() == u"t3")
                t3 = a;
        QVERIFY(t3);
        t3->trigger();
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(1).at(1).toInt(), 1);
        QCOMPARE(changed.at(1).at(2).value<Value>()[u"do"].toString(), QStringLiteral("t3"));
        QCOMPARE(second->doButton()->text(), QStringLiteral("t3"));
        // The menu stays open while ticking several targets.
        QMenu *menu = second->doMenu();
        menu->popup(second->doButton()->mapToGlobal(QPoint(0, second->doButton()->height())));
        QTRY_VERIFY(menu->isVisible());
        QTest::keyClick(menu, Qt::Key_Down);
        QCOMPARE(menu->activeAction()->data().toString(), QStringLiteral("t2"));
        QTest::keyClick(menu, Qt::Key_Space);
        QVERIFY(menu->isVisible());
        QCOMPARE(changed.count(), 3);
        QCOMPARE(changed.at(2).at(2).value<Value>()[u"do"], yamlValue("[t3, t2]"));
        QCOMPARE(second->doButton()->text(), QStringLiteral("t3, t2"));
        menu->hide();

        // The designer answers with the new body from inside the signal.
        connect(&inspector, &ui::TaskInspector::transitionRemoved, this, [&inspector, &names] {
            Value next = inspector.taskBody();
            next.dictRef()[QStringLiteral("delay")] = Value(9);
            inspector.setTask(QStringLiteral("t1"), next, names);
        });
        QTest::mouseClick(inspector.transitionEditors().first()->removeButton(), Qt::LeftButton);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QTRY_COMPARE(inspector.transitionEditors().size(), 1);

        // Join and retry.
        fields.clear();
        auto *join = child<QComboBox>(&inspector, "taskJoin");
        join->setCurrentIndex(1);
        Q_EMIT join->activated(1);
        QCOMPARE(fields.count(), 1);
        QCOMPARE(fields.at(0).at(1).toString(), QStringLiteral("join"));
        QCOMPARE(fields.at(0).at(2).value<Value>().toString(), QStringLiteral("all"));
        auto *withItems = child<QLineEdit>(&inspector, "taskWithItems");
        withItems->setFocus();
        QTest::keyClicks(withItems, QStringLiteral("x in <% ctx().who %>"));
        QTest::keyClick(withItems, Qt::Key_Return);
        QCOMPARE(fields.last().at(1).toString(), QStringLiteral("with"));
        QCOMPARE(fields.last().at(2).value<Value>().toString(), QStringLiteral("x in <% ctx().who %>"));

        QCOMPARE(unnamedControls(&inspector), QStringList());
        inspector.clearTask();
        QVERIFY(child<QLabel>(&inspector, "taskInspectorHint")->isVisible());
    }

    void inspectorEditsAnActionChainNode()
    {
        ui::TaskInspector inspector(m_engine->studio());
        inspector.resize(300, 600);
        inspector.show();
        inspector.setWorkflowKind(true);
        QSignalSpy ready(&inspector, &ui::TaskInspector::inputFormReady);
        inspector.setTask(QStringLiteral("a"),
                          yamlValue("name: a\nref: core.local\nparameters: {cmd: date}\non-success: b\n"),
                          {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        QTRY_COMPARE(ready.count(), 1);
        auto *success = child<QComboBox>(&inspector, "taskOnSuccess");
        QVERIFY(success->isVisible());
        QVERIFY(!child<QWidget>(&inspector, "taskOrquesta")->isVisible());
        QCOMPARE(success->currentText(), QStringLiteral("b"));
        shoot(&inspector, QStringLiteral("inspector-chain"));
        QSignalSpy fields(&inspector, &ui::TaskInspector::fieldEdited);
        auto *failure = child<QComboBox>(&inspector, "taskOnFailure");
        failure->setCurrentIndex(failure->findData(QStringLiteral("c")));
        Q_EMIT failure->activated(failure->currentIndex());
        QCOMPARE(fields.count(), 1);
        QCOMPARE(fields.at(0).at(1).toString(), QStringLiteral("on-failure"));
        QCOMPARE(fields.at(0).at(2).value<Value>().toString(), QStringLiteral("c"));

        // ActionChain node names are free text.
        QSignalSpy renamed(&inspector, &ui::TaskInspector::renameRequested);
        inspector.nameField()->setFocus();
        inspector.nameField()->selectAll();
        QTest::keyClicks(inspector.nameField(), QStringLiteral("first-step"));
        QTest::keyClick(inspector.nameField(), Qt::Key_Return);
        QCOMPARE(renamed.count(), 1);
        QCOMPARE(renamed.at(0).at(1).toString(), QStringLiteral("first-step"));
        QCOMPARE(unnamedControls(&inspector), QStringList());
    }

    // Every task of the bundled example workflows shows without loss.
    void inspectorShowsEveryExampleTask()
    {
        ui::TaskInspector inspector(m_engine->studio());
        ui::WorkflowPropertiesEditor props;
        inspector.show();
        props.show();
        const QDir dir(QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/actions/workflows"));
        const QStringList files = dir.entryList({QStringLiteral("*.yaml")});
        QVERIFY(files.size() >= 5);
        for (const QString &file : files) {
            QFile f(dir.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const Value doc = yaml::load(f.readAll(), file).value;
            props.setWorkflow(doc, false);
            QCOMPARE(props.inputTable()->rows().size(), doc[u"input"].toList().size());
            const QStringList names = doc[u"tasks"].toDict().keys();
            for (const QString &name : names) {
                const Value body = doc[u"tasks"][name];
                inspector.setTask(name, body, names);
                QCOMPARE(inspector.transitionEditors().size(), body[u"next"].toList().size());
                // Inline parameters ("core.echo message=hi") are what the action runs with.
                const QString action = body[u"action"].toString().trimmed();
                const ValueDict inlined = action.contains(u' ') ? workflow::inlineParamsDict(action.section(u' ', 1)) : ValueDict();
                const Value written = !inlined.entries().isEmpty() ? Value(inlined)
                                      : body[u"input"].isNull() ? Value(ValueDict{}) : body[u"input"];
                // The form shows every input value written.
                for (const QString &key : written.toDict().keys())
                    QTRY_VERIFY2(inspector.inputForm()->fieldNames().contains(key), qPrintable(file + u' ' + name + u' ' + key));
                const Value shown = inspector.inputForm()->values();
                QVERIFY2(shown == written, qPrintable(file + u' ' + name + u' ' + json::toString(shown) + u" vs " + json::toString(written)));
                for (int i = 0; i < inspector.transitionEditors().size(); ++i) {
                    ui::TransitionEntryEditor *e = inspector.transitionEditors().at(i);
                    QCOMPARE(e->entry(), body[u"next"][i]);
                    const Value publish = body[u"next"][i][u"publish"];
                    const qsizetype published = publish.isString() ? publish.toString().count(u'=') - publish.toString().count(u"==")
                                                : publish.isDict()  ? publish.toDict().size()
                                                                    : publish.toList().size();
                    QCOMPARE(e->publishTable()->rows().size(), published);
                }
                QCOMPARE(inspector.taskBody(), body);
            }
        }

        // And the bundled ActionChain's nodes.
        QFile chainFile(QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/actions/chains/chain-basic.yaml"));
        QVERIFY(chainFile.open(QIODevice::ReadOnly));
        const Value chain = yaml::load(chainFile.readAll()).value;
        props.setWorkflow(chain, true);
        inspector.setWorkflowKind(true);
        QStringList nodes;
        for (const Value &node : chain[u"chain"].toList())
            nodes << node[u"name"].toString();
        QVERIFY(!nodes.isEmpty());
        QCOMPARE(props.defaultNodeField()->currentText(), chain[u"default"].isNull() ? nodes.first() : chain[u"default"].toString());
        for (const Value &node : chain[u"chain"].toList()) {
            inspector.setTask(node[u"name"].toString(), node, nodes);
            for (const QString &key : node[u"parameters"].toDict().keys())
                QTRY_VERIFY(inspector.inputForm()->fieldNames().contains(key));
            QCOMPARE(inspector.inputForm()->values(), node[u"parameters"].isNull() ? Value(ValueDict{}) : node[u"parameters"]);
            QCOMPARE(child<QComboBox>(&inspector, "taskOnSuccess")->currentData().toString(), node[u"on-success"].toString());
            QCOMPARE(inspector.taskBody(), node);
        }
    }

    void yamlEditorSpeaksUtf16()
    {
        ui::WorkflowYamlEditor editor;
        editor.resize(600, 400);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        const QString text = QStringLiteral("version: 1.0\n# café 😀 notes\ntasks:\n  a:\n    action: core.noop\n");
        QSignalSpy edits(&editor, &ui::WorkflowYamlEditor::userEdited);
        editor.setText(text);
        QCOMPARE(editor.text(), text);
        QCOMPARE(edits.count(), 0);
        QsciScintilla *sci = editor.editor();
        QCOMPARE(sci->objectName(), QStringLiteral("workflowYaml"));

        // Type at the end of the line after the non-ASCII comment.
        sci->setFocus();
        sci->setCursorPosition(2, 6);  // after "tasks:"
        QTest::keyClicks(sci, QStringLiteral("x"));
        QCOMPARE(edits.count(), 1);
        ui::TextEdits e = edits.at(0).at(0).value<ui::TextEdits>();
        QCOMPARE(e.size(), 1);
        const qsizetype afterTasks = text.indexOf(u"tasks:") + 6;
        QCOMPARE(e.first().offset, afterTasks);
        QCOMPARE(e.first().length, 0);
        QCOMPARE(e.first().text, QStringLiteral("x"));
        QCOMPARE(editor.cursorOffset(), afterTasks + 1);

        // Backspace, then delete the emoji (two UTF-16 units, four bytes).
        QTest::keyClick(sci, Qt::Key_Backspace);
        e = edits.last().at(0).value<ui::TextEdits>();
        QCOMPARE(e.first().offset, afterTasks);
        QCOMPARE(e.first().length, 1);
        QCOMPARE(e.first().text, QString());
        QCOMPARE(editor.text(), text);
        const qsizetype emoji = text.indexOf(QStringLiteral("😀"));
        sci->setCursorPosition(1, 7);  // after "# café " (characters): before the emoji
        QCOMPARE(editor.cursorOffset(), emoji);
        QTest::keyClick(sci, Qt::Key_Delete);
        e = edits.last().at(0).value<ui::TextEdits>();
        QCOMPARE(e.first().offset, emoji);
        QCOMPARE(e.first().length, 2);
        QString expected = text;
        expected.remove(emoji, 2);
        QCOMPARE(editor.text(), expected);

        // Typing over a selection is one edit, not a deletion and an insertion.
        const int before = int(edits.count());
        const qsizetype version = expected.indexOf(u"1.0");
        editor.selectRange(version, 3);
        QTest::keyClicks(sci, QStringLiteral("2"));
        QCOMPARE(edits.count(), before + 1);
        e = edits.last().at(0).value<ui::TextEdits>();
        QCOMPARE(e.size(), 1);
        QCOMPARE(e.first(), (ui::TextEdit{version, 3, QStringLiteral("2")}));
        expected.replace(version, 3, QStringLiteral("2"));
        QCOMPARE(editor.text(), expected);

        // Pasting over a selection, too (non-ASCII text).
        QApplication::clipboard()->setText(QStringLiteral("ü😀"));
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("ü😀"));
        const qsizetype notes = expected.indexOf(u"notes");
        editor.selectRange(notes, 5);
        QTest::keyClick(sci, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(edits.last().at(0).value<ui::TextEdits>(), (ui::TextEdits{{notes, 5, QStringLiteral("ü😀")}}));
        expected.replace(notes, 5, QStringLiteral("ü😀"));
        QCOMPARE(editor.text(), expected);

        // Ctrl+Z is the window's, not Scintilla's.
        QTest::keyClick(sci, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(editor.text(), expected);
        const int editCount = int(edits.count());

        // Edits from elsewhere move the caret with its text and say nothing.
        sci->setCursorPosition(4, 4);  // "    |action"
        const qsizetype caret = editor.cursorOffset();
        editor.applyEdits({{0, 0, QStringLiteral("# é\n")}, {expected.indexOf(u"core.noop"), 9, QStringLiteral("core.echo")}});
        QCOMPARE(edits.count(), editCount);
        expected.replace(QStringLiteral("core.noop"), QStringLiteral("core.echo"));
        expected.prepend(QStringLiteral("# é\n"));
        QCOMPARE(editor.text(), expected);
        int line = 0;
        int index = 0;
        sci->getCursorPosition(&line, &index);
        QCOMPARE(line, 5);
        QCOMPARE(editor.cursorOffset(), caret + 4);

        // Lines added above the view keep the text at its top in place.
        QString longText;
        for (int i = 0; i < 200; ++i)
            longText += QStringLiteral("line%1: é\n").arg(i);
        editor.setText(longText);
        sci->setFirstVisibleLine(100);
        sci->setCursorPosition(110, 0);
        editor.applyEdits({{0, 0, QStringLiteral("# one\n# two\n# three\n")}});
        QCOMPARE(sci->firstVisibleLine(), 103);
        sci->getCursorPosition(&line, &index);
        QCOMPARE(line, 113);
        QCOMPARE(edits.count(), editCount);
        editor.setText(expected);
        sci->setCursorPosition(5, 4);

        // A user move of the caret is reported; a selection made for the user is not.
        QSignalSpy moved(&editor, &ui::WorkflowYamlEditor::cursorMoved);
        QTest::keyClick(sci, Qt::Key_Up);
        QVERIFY(moved.wait(2000));
        QCOMPARE(moved.last().at(0).value<qsizetype>(), editor.cursorOffset());
        editor.selectRange(expected.indexOf(u"café"), 4);
        QCOMPARE(sci->selectedText(), QStringLiteral("café"));
        QVERIFY(!moved.wait(400));

        // Problems: a marker and an annotation on each problem's line.
        workflow::InspectionError p1;
        p1.type = QStringLiteral("syntax");
        p1.message = QStringLiteral("Additional properties are not allowed");
        p1.specPath = QStringLiteral("tasks.a");
        p1.location.line = 5;
        workflow::InspectionError p2 = p1;
        p2.location.line = 1;
        editor.setProblems({p1, p2});
        QVERIFY(sci->markersAtLine(4) != 0);
        QVERIFY(sci->markersAtLine(0) != 0);
        QCOMPARE(sci->markersAtLine(2), 0u);
        QVERIFY(sci->annotation(4).contains(p1.message));
        editor.setProblems({p2});
        QCOMPARE(sci->markersAtLine(4), 0u);
        QVERIFY(sci->annotation(4).isEmpty());
        shoot(&editor, QStringLiteral("yaml"));

        editor.setReadOnly(true);
        QTest::keyClicks(sci, QStringLiteral("zz"));
        QCOMPARE(editor.text(), expected);
        QCOMPARE(unnamedControls(&editor), QStringList());
    }

    void propertiesEditorEmitsOrquestaShapes()
    {
        ui::WorkflowPropertiesEditor props;
        props.resize(400, 700);
        props.show();
        QVERIFY(QTest::qWaitForWindowExposed(&props));
        const Value doc = yamlValue(R"(
version: 1.0
description: Says hello
input:
  - who
  - greeting: hello
vars:
  - count: 3
output:
  - said: <% ctx().greeting %>
tasks: {}
)");
        props.setWorkflow(doc, false);
        QCOMPARE(props.descriptionField()->text(), QStringLiteral("Says hello"));
        QTableWidget *input = props.inputTable()->table();
        QCOMPARE(input->rowCount(), 2);
        QCOMPARE(input->item(1, 1)->text(), QStringLiteral("hello"));
        shoot(&props, QStringLiteral("properties"));

        QSignalSpy edited(&props, &ui::WorkflowPropertiesEditor::workflowFieldEdited);
        QVERIFY(editCell(input, 0, 1, QStringLiteral("5")));
        QCOMPARE(edited.count(), 1);
        QCOMPARE(edited.at(0).at(0).toString(), QStringLiteral("input"));
        QCOMPARE(edited.at(0).at(1).value<Value>(),
                 yamlValue("[{who: 5}, {greeting: hello}]"));

        // A new variable.
        QTest::mouseClick(props.varsTable()->addButton(), Qt::LeftButton);
        QLineEdit *nameEditor = cellEditor(props.varsTable()->table());
        QVERIFY(nameEditor);
        QTest::keyClicks(nameEditor, QStringLiteral("items"));
        QTest::keyClick(nameEditor, Qt::Key_Return);
        QTRY_VERIFY(!edited.isEmpty() && edited.last().at(0).toString() == u"vars");
        QCOMPARE(edited.last().at(0).toString(), QStringLiteral("vars"));
        QVERIFY(editCell(props.varsTable()->table(), 1, 1, QStringLiteral("[1, 2]")));
        QCOMPARE(edited.last().at(1).value<Value>(), yamlValue("[{count: 3}, {items: [1, 2]}]"));

        // Output expressions stay text.
        QVERIFY(editCell(props.outputTable()->table(), 0, 1, QStringLiteral("{{ ctx().greeting }}")));
        QCOMPARE(edited.last().at(0).toString(), QStringLiteral("output"));
        QCOMPARE(edited.last().at(1).value<Value>(), yamlValue("[{said: '{{ ctx().greeting }}'}]"));

        props.descriptionField()->setFocus();
        props.descriptionField()->selectAll();
        QTest::keyClicks(props.descriptionField(), QStringLiteral("Says hi"));
        QTest::keyClick(props.descriptionField(), Qt::Key_Return);
        QCOMPARE(edited.last().at(0).toString(), QStringLiteral("description"));
        QCOMPARE(edited.last().at(1).value<Value>().toString(), QStringLiteral("Says hi"));

        // The same document again rebuilds nothing: the table keeps its items.
        QTableWidgetItem *kept = input->item(0, 0);
        props.setWorkflow(doc, false);
        props.setWorkflow(doc, false);
        QCOMPARE(input->item(0, 0), kept);
        QCOMPARE(unnamedControls(&props), QStringList());

        // ActionChain: vars (a dict) and the default node.
        props.setWorkflow(yamlValue("chain: [{name: a, ref: core.noop}, {name: b, ref: core.noop}]\ndefault: b\nvars: {x: 1}\n"),
                          true);
        QVERIFY(!input->isVisible());
        QCOMPARE(props.defaultNodeField()->currentText(), QStringLiteral("b"));
        QVERIFY(editCell(props.varsTable()->table(), 0, 1, QStringLiteral("2")));
        QCOMPARE(edited.last().at(0).toString(), QStringLiteral("vars"));
        QCOMPARE(edited.last().at(1).value<Value>(), yamlValue("{x: 2}"));
    }

    void problemsListCountsAndActivates()
    {
        ui::ProblemsList list;
        list.resize(600, 200);
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        QCOMPARE(list.countLabel()->text(), QStringLiteral("No problems"));
        workflow::InspectionError a;
        a.type = QStringLiteral("semantics");
        a.message = QStringLiteral("The task \"b\" is not defined.");
        a.specPath = QStringLiteral("tasks.a.next[0].do");
        a.location.line = 7;
        a.location.column = 13;
        workflow::InspectionError b;
        b.type = QStringLiteral("expression");
        b.message = QStringLiteral("Parse error");
        b.specPath = QStringLiteral("output[0].x");
        b.location.line = 12;
        list.setProblems({a, b});
        QCOMPARE(list.countLabel()->text(), QStringLiteral("2 problems"));
        QAbstractItemModel *model = list.view()->model();
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("7:13"));
        QCOMPARE(model->index(0, 2).data().toString(), a.message);
        QCOMPARE(model->index(1, 3).data().toString(), b.specPath);
        shoot(&list, QStringLiteral("problems"));

        QSignalSpy activated(&list, &ui::ProblemsList::problemActivated);
        list.view()->setFocus();
        list.view()->setCurrentIndex(model->index(1, 0));
        QTest::keyClick(list.view(), Qt::Key_Return);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).value<workflow::InspectionError>().message, b.message);
        const QRect rect = list.view()->visualRect(model->index(0, 2));
        QTest::mouseClick(list.view()->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(list.view()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(activated.count(), 2);
        QCOMPARE(activated.at(1).at(0).value<workflow::InspectionError>().specPath, a.specPath);
        list.setProblems({a});
        QCOMPARE(list.countLabel()->text(), QStringLiteral("1 problem"));
        QCOMPARE(unnamedControls(&list), QStringList());
    }

    void cleanupTestCase() { m_engine.reset(); }
};

QTEST_MAIN(TestPanes)
#include "tst_panes.moc"
