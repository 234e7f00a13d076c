// SchemaForm driven through its real widgets: what a user types and clicks
// becomes typed values, and bad input shows a message next to its field.
#include "WidgetTestSupport.h"
#include "base/Json.h"
#include "ui/common/JinjaCompleter.h"
#include "ui/common/ScalarListEditor.h"
#include "ui/common/SchemaForm.h"
#include "ui/common/StatusColors.h"
#include "ui/shell/Theme.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QStyle>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace squall;
using namespace Qt::StringLiterals;

namespace {

using test::parseJson;

// An action's parameters with one field of every kind.
const char *kParameters = R"({
  "cmd": {"type": "string", "required": true, "description": "Command to run", "position": 0},
  "timeout": {"type": "integer", "default": 60, "minimum": 1, "description": "Seconds"},
  "ratio": {"type": "number", "maximum": 1.0},
  "sudo": {"type": "boolean", "default": false},
  "force": {"type": "boolean"},
  "level": {"type": "string", "enum": ["debug", "info", "error"], "default": "info"},
  "mode": {"type": "string", "enum": ["fast", "safe"], "required": true},
  "password": {"type": "string", "secret": true},
  "hosts": {"type": "array", "items": {"type": "string"}},
  "ports": {"type": "array", "items": {"type": "integer"}, "default": [22]},
  "env": {"type": "object", "description": "Environment variables"},
  "matrix": {"type": "array", "items": {"type": "object"}, "default": [{"os": "linux"}]},
  "anything": {"description": "No declared type"},
  "kwarg_op": {"type": "string", "immutable": true, "default": "--"},
  "name": {"type": "string", "default": "x", "pattern": "^[a-z]+$"}
})";

template<typename W>
W *editor(const ui::SchemaForm &form, const char *name)
{
    auto *w = qobject_cast<W *>(form.editorFor(QString::fromLatin1(name)));
    if (!w)
        qWarning("field %s is not the expected widget", name);
    return w;
}

QLabel *message(const ui::SchemaForm &form, const char *name)
{
    return form.findChild<QLabel *>(QStringLiteral("error_") + QString::fromLatin1(name));
}

void clearAndType(QWidget *w, const QString &text)
{
    if (auto *line = qobject_cast<QLineEdit *>(w)) {
        line->selectAll();
        QTest::keyClick(line, Qt::Key_Delete);
    } else if (auto *plain = qobject_cast<QPlainTextEdit *>(w)) {
        plain->selectAll();
        QTest::keyClick(plain, Qt::Key_Delete);
    }
    QTest::keyClicks(w, text);
}

// Chooses the entry with `text` the way a keyboard user does.
void choose(QComboBox *combo, const QString &text)
{
    const int target = combo->findText(text);
    QVERIFY2(target >= 0, qPrintable(text));
    combo->setFocus();
    while (combo->currentIndex() != target) {
        const int before = combo->currentIndex();
        QTest::keyClick(combo, before < target ? Qt::Key_Down : Qt::Key_Up);
        QVERIFY(combo->currentIndex() != before);
    }
}

// Clicks a list's Add button and types `text` into the new row's editor.
void addListItem(QToolButton *add, QListWidget *list, const QString &text)
{
    QTest::mouseClick(add, Qt::LeftButton);
    QWidget *itemEditor = nullptr;
    QTRY_VERIFY((itemEditor = list->indexWidget(list->currentIndex())));
    QTRY_COMPARE(QApplication::focusWidget(), itemEditor);
    QTest::keyClicks(itemEditor, text);
    QTest::keyClick(itemEditor, Qt::Key_Return);
    QTRY_VERIFY(!list->indexWidget(list->currentIndex()));
}

} // namespace

class TestSchemaForm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editorKinds()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        QVERIFY(!form.isEmptySchema());
        // Position first, then required, then by name.
        QCOMPARE(form.fieldNames(),
                 QStringList({u"cmd"_s, u"mode"_s, u"anything"_s, u"env"_s, u"force"_s, u"hosts"_s,
                              u"kwarg_op"_s, u"level"_s, u"matrix"_s, u"name"_s, u"password"_s,
                              u"ports"_s, u"ratio"_s, u"sudo"_s, u"timeout"_s}));

        QVERIFY(editor<QPlainTextEdit>(form, "cmd"));  // a command: multi-line
        auto *timeout = editor<QLineEdit>(form, "timeout");
        QVERIFY(timeout && timeout->validator());
        QCOMPARE(timeout->placeholderText(), u"60"_s);
        QCOMPARE(timeout->objectName(), u"field_timeout"_s);
        QCOMPARE(timeout->accessibleName(), u"timeout"_s);
        QCOMPARE(timeout->accessibleDescription(), u"Seconds"_s);
        QCOMPARE(timeout->toolTip(), u"Seconds"_s);
        QVERIFY(editor<QLineEdit>(form, "ratio"));
        auto *sudo = editor<QCheckBox>(form, "sudo");
        QVERIFY(sudo && !sudo->isChecked());
        // Optional boolean without a default: not set is not false.
        auto *force = editor<QComboBox>(form, "force");
        QVERIFY(force);
        QCOMPARE(force->count(), 3);
        QCOMPARE(force->currentText(), u"(default)"_s);
        QVERIFY(qobject_cast<ui::ScalarListEditor *>(form.editorFor(u"hosts"_s)));
        QVERIFY(qobject_cast<ui::ScalarListEditor *>(form.editorFor(u"ports"_s)));
        QVERIFY(editor<QPlainTextEdit>(form, "env"));
        auto *matrix = editor<QPlainTextEdit>(form, "matrix");  // array of objects: JSON
        QVERIFY(matrix);
        QCOMPARE(json::parse(QStringView(matrix->toPlainText())), parseJson(R"([{"os": "linux"}])"));
        QVERIFY(editor<QPlainTextEdit>(form, "anything"));
        auto *op = editor<QLineEdit>(form, "kwarg_op");
        QVERIFY(op && op->isReadOnly());
        QCOMPARE(op->text(), u"--"_s);

        // Required fields are marked.
        auto *cmdLabel = form.findChild<QLabel *>(u"label_cmd"_s);
        QVERIFY(cmdLabel);
        QCOMPARE(cmdLabel->text(), u"cmd *"_s);
        QCOMPARE(form.findChild<QLabel *>(u"label_kwarg_op"_s)->text(), u"kwarg_op"_s);
        QVERIFY(cmdLabel->font().bold());
        QVERIFY(!form.findChild<QLabel *>(u"label_ratio"_s)->font().bold());
    }

    void enumCombo()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        auto *level = editor<QComboBox>(form, "level");
        QVERIFY(level);
        QCOMPARE(level->count(), 4);
        QCOMPARE(level->itemText(0), u"(default: info)"_s);
        QCOMPARE(level->itemText(3), u"error"_s);
        // Required without a default: nothing is chosen for the user.
        auto *mode = editor<QComboBox>(form, "mode");
        QCOMPARE(mode->count(), 2);
        QCOMPARE(mode->currentIndex(), -1);
        QVERIFY(!form.values().contains(u"mode"));
        choose(mode, u"safe"_s);
        choose(level, u"error"_s);
        QCOMPARE(form.values()[u"mode"], Value(u"safe"_s));
        QCOMPARE(form.values()[u"level"], Value(u"error"_s));
        choose(level, u"(default: info)"_s);
        QVERIFY(!form.values().contains(u"level"));
    }

    void defaultsAndTypedValues()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        // Nothing entered: defaults are the engine's to apply.
        QCOMPARE(form.values(), Value(ValueDict()));

        QSignalSpy changed(&form, &ui::SchemaForm::changed);
        QTest::keyClicks(form.editorFor(u"cmd"_s), u"uptime"_s);
        QVERIFY(changed.count() > 0);
        QTest::keyClicks(form.editorFor(u"timeout"_s), u"30"_s);
        QTest::keyClicks(form.editorFor(u"ratio"_s), u"0.25"_s);
        QTest::mouseClick(editor<QCheckBox>(form, "sudo"), Qt::LeftButton);
        choose(editor<QComboBox>(form, "force"), u"false"_s);
        QTest::keyClicks(form.editorFor(u"env"_s), uR"({"A": 1, "B": [true]})"_s);
        clearAndType(form.editorFor(u"matrix"_s), uR"([{"os": "bsd"}])"_s);
        QTest::keyClicks(form.editorFor(u"anything"_s), u"42"_s);
        QTest::keyClicks(form.editorFor(u"password"_s), u"s3cret"_s);
        choose(editor<QComboBox>(form, "mode"), u"fast"_s);

        const Value v = form.values();
        QCOMPARE(v[u"cmd"], Value(u"uptime"_s));
        QVERIFY(v[u"timeout"].isInt());
        QCOMPARE(v[u"timeout"].toInt(), 30);
        QVERIFY(v[u"ratio"].isDouble());
        QCOMPARE(v[u"ratio"].toDouble(), 0.25);
        QCOMPARE(v[u"sudo"], Value(true));
        QVERIFY(v[u"force"].isBool());
        QCOMPARE(v[u"force"].toBool(), false);
        QCOMPARE(v[u"env"], parseJson(R"({"A": 1, "B": [true]})"));
        QCOMPARE(v[u"matrix"], parseJson(R"([{"os": "bsd"}])"));
        QVERIFY(v[u"anything"].isInt());
        QCOMPARE(v[u"password"], Value(u"s3cret"_s));
        // Untouched defaults and immutable parameters stay out.
        QVERIFY(!v.contains(u"ports"));
        QVERIFY(!v.contains(u"level"));
        QVERIFY(!v.contains(u"name"));
        QVERIFY(!v.contains(u"kwarg_op"));
        QVERIFY(!v.contains(u"hosts"));
        QVERIFY(form.validate());

        // Back to the default: left out again.
        QTest::mouseClick(editor<QCheckBox>(form, "sudo"), Qt::LeftButton);
        QVERIFY(!form.values().contains(u"sudo"));
    }

    void requiredMissing()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        QVERIFY(!form.validate());
        QLabel *cmd = message(form, "cmd");
        QVERIFY(cmd && cmd->isVisible());
        QCOMPARE(cmd->text(), u"Required"_s);
        QVERIFY(message(form, "mode")->isVisible());
        // Optional fields and required ones with a default are fine empty.
        QVERIFY(!message(form, "timeout")->isVisible());

        QTest::keyClicks(form.editorFor(u"cmd"_s), u"ls"_s);
        QVERIFY(!cmd->isVisible());  // typing clears the message
        choose(editor<QComboBox>(form, "mode"), u"fast"_s);
        QVERIFY(form.validate());
        QVERIFY(!message(form, "mode")->isVisible());
    }

    void boundsAndPattern()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        form.setValues(parseJson(R"({"cmd": "ls", "mode": "fast"})"));
        QTest::keyClicks(form.editorFor(u"timeout"_s), u"0"_s);
        QTest::keyClicks(form.editorFor(u"ratio"_s), u"1.5"_s);
        QTest::keyClicks(form.editorFor(u"name"_s), u"Web01"_s);
        // The validator refuses letters in a number field.
        QTest::keyClicks(form.editorFor(u"timeout"_s), u"x"_s);
        QCOMPARE(editor<QLineEdit>(form, "timeout")->text(), u"0"_s);
        QVERIFY(!form.validate());
        QCOMPARE(message(form, "timeout")->text(), u"Must be at least 1"_s);
        QCOMPARE(message(form, "ratio")->text(), u"Must be at most 1"_s);
        QVERIFY(message(form, "name")->text().contains(u"pattern"));
        QVERIFY(message(form, "name")->isVisible());
    }

    void badJson()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        form.setValues(parseJson(R"({"cmd": "ls", "mode": "fast"})"));
        QTest::keyClicks(form.editorFor(u"env"_s), uR"({"A": )"_s);
        // Live: the message is there before validate().
        QLabel *env = message(form, "env");
        QVERIFY(env->isVisible());
        QVERIFY2(env->text().startsWith(u"Invalid JSON"), qPrintable(env->text()));
        QVERIFY(!form.validate());
        QVERIFY(!form.values().contains(u"env"));
        QTest::keyClicks(form.editorFor(u"env"_s), u"1}"_s);
        QVERIFY(!env->isVisible());
        QVERIFY(form.validate());

        // Valid JSON of the wrong shape.
        clearAndType(form.editorFor(u"env"_s), u"[1, 2]"_s);
        QVERIFY(!form.validate());
        QVERIFY(env->text().contains(u"object"));
    }

    void secretField()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        auto *password = editor<QLineEdit>(form, "password");
        QVERIFY(password);
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        auto *reveal = form.findChild<QToolButton *>(u"field_password_reveal"_s);
        QVERIFY(reveal);
        QVERIFY(!reveal->accessibleName().isEmpty());
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(password->echoMode(), QLineEdit::Normal);
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(password->echoMode(), QLineEdit::Password);
    }

    void arrayListEditing()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        QApplication::setActiveWindow(&form);
        auto *add = form.findChild<QToolButton *>(u"field_hosts_add"_s);
        auto *remove = form.findChild<QToolButton *>(u"field_hosts_remove"_s);
        auto *list = form.findChild<QListWidget *>(u"field_hosts_items"_s);
        QVERIFY(add && remove && list);
        QVERIFY(!remove->isEnabled());

        for (const QString &host : {u"web1"_s, u"web2"_s, u"db1"_s})
            addListItem(add, list, host);
        QCOMPARE(list->count(), 3);
        QCOMPARE(form.values()[u"hosts"], parseJson(R"(["web1", "web2", "db1"])"));

        // Remove the second one with the button.
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(1)).center());
        QVERIFY(remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(form.values()[u"hosts"], parseJson(R"(["web1", "db1"])"));

        // An item added and left empty goes away.
        addListItem(add, list, QString());
        QCOMPARE(list->count(), 2);

        // Integer items come out as ints; the default shows and is left out until changed.
        auto *ports = form.findChild<QListWidget *>(u"field_ports_items"_s);
        QCOMPARE(ports->count(), 1);
        QCOMPARE(ports->item(0)->text(), u"22"_s);
        QVERIFY(!form.values().contains(u"ports"));
        auto *portsAdd = form.findChild<QToolButton *>(u"field_ports_add"_s);
        addListItem(portsAdd, ports, u"2222"_s);
        QCOMPARE(form.values()[u"ports"], parseJson("[22, 2222]"));
        form.setValues(parseJson(R"({"cmd": "x", "mode": "fast", "hosts": ["a"]})"));
        QCOMPARE(list->count(), 1);
        QCOMPARE(ports->count(), 1);  // setValues puts back the defaults
        // A non-number item is an error of the field.
        addListItem(portsAdd, ports, u"ssh"_s);
        QVERIFY(!form.validate());
        QVERIFY2(message(form, "ports")->text().contains(u"Item 2"), qPrintable(message(form, "ports")->text()));
    }

    void jsonSchemaInput()
    {
        // An inquiry's schema: JSON schema with draft-3 and draft-4 required.
        ui::SchemaForm form;
        form.setSchema(parseJson(R"({
            "type": "object",
            "properties": {
                "approved": {"type": "boolean", "description": "Go ahead?", "required": true},
                "reason": {"type": "string"},
                "count": {"type": "integer", "enum": [1, 2, 3]}
            },
            "required": ["reason"],
            "additionalProperties": false
        })"));
        QCOMPARE(form.fieldNames(), QStringList({u"approved"_s, u"reason"_s, u"count"_s}));
        QVERIFY(editor<QCheckBox>(form, "approved"));
        QVERIFY(editor<QLineEdit>(form, "reason"));
        QVERIFY(!form.validate());
        QVERIFY(message(form, "reason")->text() == u"Required"_s);
        QVERIFY(message(form, "approved")->text().isEmpty());  // a check box always has a value
        QTest::mouseClick(editor<QCheckBox>(form, "approved"), Qt::LeftButton);
        QTest::keyClicks(form.editorFor(u"reason"_s), u"looks fine"_s);
        choose(editor<QComboBox>(form, "count"), u"2"_s);
        QVERIFY(form.validate());
        QCOMPARE(form.values(), parseJson(R"({"approved": true, "reason": "looks fine", "count": 2})"));

        // A parameter named "type" does not make a parameter map a JSON schema.
        ui::SchemaForm params;
        params.setSchema(parseJson(R"({"type": {"type": "string"}, "properties": {"type": "object"}})"));
        QCOMPARE(params.fieldNames(), QStringList({u"properties"_s, u"type"_s}));
        ui::SchemaForm empty;
        empty.setSchema(parseJson("{}"));
        QVERIFY(empty.isEmptySchema());
        QVERIFY(empty.findChild<QLabel *>(u"schemaFormEmpty"_s));
    }

    void setValuesRoundTrip()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        // A rule's action parameters: templates where the schema wants other
        // types, and a key the schema does not have, all come back as given.
        const Value stored = parseJson(R"({
            "cmd": "echo {{ trigger.body }}", "mode": "safe", "timeout": "{{ trigger.t }}",
            "sudo": "{{ trigger.sudo }}", "hosts": ["a", "b"], "env": {"X": "1"},
            "level": "debug", "extra_key": 5, "ports": [22]
        })");
        form.setValues(stored);
        QCOMPARE(form.values(), stored);
        QVERIFY(form.validate());
        // The boolean holding a template gets a text editor.
        QVERIFY(editor<QLineEdit>(form, "sudo"));
        // setValues starts from the defaults again.
        form.setValues(parseJson(R"({"cmd": "ls", "mode": "fast"})"));
        QCOMPARE(form.values(), parseJson(R"({"cmd": "ls", "mode": "fast"})"));
    }

    void fieldErrorsAndImmutable()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        form.setFieldErrors({{u"timeout"_s, u"Value 0 is less than 1"_s}, {u"zzz"_s, u"unknown parameter"_s}});
        QVERIFY(message(form, "timeout")->isVisible());
        QCOMPARE(message(form, "timeout")->text(), u"Value 0 is less than 1"_s);
        auto *general = form.findChild<QLabel *>(u"formError"_s);
        QVERIFY(general->isVisible());
        QCOMPARE(general->text(), u"zzz: unknown parameter"_s);
        form.clearFieldErrors();
        QVERIFY(!message(form, "timeout")->isVisible());

        QVERIFY(form.editorFor(u"kwarg_op"_s)->isVisible());
        form.setHideImmutable(true);
        QVERIFY(!form.editorFor(u"kwarg_op"_s)->isVisible());
        QVERIFY(!form.findChild<QLabel *>(u"label_kwarg_op"_s)->isVisible());
        form.setHideImmutable(false);
        QVERIFY(form.editorFor(u"kwarg_op"_s)->isVisible());
    }

    void longNamesDoNotClip()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(R"({
            "a_parameter_with_a_really_long_name_that_goes_on_and_on": {"type": "string", "required": true},
            "x": {"type": "integer"}
        })"));
        form.resize(320, 200);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        auto *label = form.findChild<QLabel *>(u"label_a_parameter_with_a_really_long_name_that_goes_on_and_on"_s);
        QWidget *input = form.editorFor(u"a_parameter_with_a_really_long_name_that_goes_on_and_on"_s);
        // The label wraps at its underscores rather than widening the form,
        // and leaves the editor room.
        QCOMPARE(form.width(), 320);
        QCOMPARE(label->text(), u"a_parameter_with_a_\nreally_long_name_that_\ngoes_on_and_on *"_s);
        QVERIFY(label->height() >= label->sizeHint().height());
        QVERIFY(label->width() >= label->sizeHint().width());
        QVERIFY(label->geometry().right() < form.width());
        QVERIFY(input->width() >= 120);
        QVERIFY(input->mapTo(&form, QPoint(input->width(), 0)).x() <= form.width());
        // null in setValues means "not set".
        form.setValues(parseJson(R"({"x": null})"));
        QVERIFY(editor<QLineEdit>(form, "x"));
        QVERIFY(!form.values().contains(u"x"));
    }

    void messageColourReadsInDarkAndLight()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        form.setFieldErrors({{u"cmd"_s, u"bad"_s}});
        QLabel *label = message(form, "cmd");
        for (const QColor &base : {QColor(Qt::white), QColor(30, 30, 30)}) {
            QPalette p = form.palette();
            p.setColor(QPalette::Base, base);
            p.setColor(QPalette::Window, base);
            form.setPalette(p);
            const QColor text = label->palette().color(QPalette::WindowText);
            QVERIFY2(ui::contrastRatio(text, base) >= 4.5, qPrintable(text.name() + u" on "_s + base.name()));
            QVERIFY(text.red() > text.green());  // still reads as an error
        }
    }

    void completionInsideJinja()
    {
        ui::SchemaForm form;
        form.setSchema(parseJson(kParameters));
        form.setCompletions({u"{{ trigger.body }}"_s, u"{{ st2kv.system.x }}"_s, u"trigger.headers"_s});
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        QApplication::setActiveWindow(&form);
        auto *completer = form.findChild<QCompleter *>(u"jinjaCompleter"_s);
        QVERIFY(completer);

        auto *name = editor<QLineEdit>(form, "name");
        name->setFocus();
        // Outside {{ }} nothing pops up.
        QTest::keyClicks(name, u"tri"_s);
        QVERIFY(!completer->popup()->isVisible());
        name->clear();
        QTest::keyClicks(name, u"x {{ tri"_s);
        QTRY_VERIFY(completer->popup()->isVisible());
        QStringList offered;
        for (int i = 0; i < completer->completionCount(); ++i) {
            completer->setCurrentRow(i);
            offered << completer->currentCompletion();
        }
        QCOMPARE(offered, QStringList({u"trigger.body"_s, u"trigger.headers"_s}));
        QTest::keyClick(completer->popup(), Qt::Key_Return);
        QCOMPARE(name->text(), u"x {{ trigger.body }}"_s);
        QVERIFY(!completer->popup()->isVisible());

        // In a multi-line field, inside an existing {{ }}: the word is replaced
        // and the braces are not doubled; Enter does not add a newline.
        auto *cmd = editor<QPlainTextEdit>(form, "cmd");
        cmd->setFocus();
        QTest::keyClicks(cmd, u"echo {{st2"_s);
        QTRY_VERIFY(completer->popup()->isVisible());
        QCOMPARE(completer->completionCount(), 1);
        QTest::keyClick(completer->popup(), Qt::Key_Return);
        QCOMPARE(cmd->toPlainText(), u"echo {{ st2kv.system.x }}"_s);
        QCOMPARE(form.values()[u"cmd"], Value(u"echo {{ st2kv.system.x }}"_s));

        // Number fields take a template too.
        auto *timeout = editor<QLineEdit>(form, "timeout");
        timeout->setFocus();
        QTest::keyClicks(timeout, u"{{ trigger.b"_s);
        QTRY_VERIFY(completer->popup()->isVisible());
        QTest::keyClick(completer->popup(), Qt::Key_Return);
        QCOMPARE(form.values()[u"timeout"], Value(u"{{ trigger.body }}"_s));

        QCOMPARE(ui::JinjaCompleter::wordStart(u"a {{ b }} c", 11), qsizetype(-1));
        QCOMPARE(ui::JinjaCompleter::wordStart(u"{{ x | up", 9), qsizetype(7));
    }

    // SQUALL_SCREENSHOTS=<dir>: the form in the light and dark palettes, to look at.
    void screenshots()
    {
        if (test::screenshotDir().isEmpty())
            QSKIP(test::kNoScreenshots);
        // The studio's own palettes, as the form is seen in it.
        for (const auto &[name, mode] : {std::pair{u"light"_s, ui::Theme::Mode::Light},
                                         std::pair{u"dark"_s, ui::Theme::Mode::Dark}}) {
            ui::Theme::apply(mode);
            ui::SchemaForm form;
            form.setSchema(parseJson(kParameters));
            form.setValues(parseJson(R"({"hosts": ["web1", "web2"], "env": {"A": 1}, "timeout": 0})"));
            form.resize(520, 900);
            form.show();
            QVERIFY(QTest::qWaitForWindowExposed(&form));
            form.validate();
            QVERIFY(test::shoot(&form, u"schemaform-"_s + name));
        }
        ui::SchemaForm narrow;
        narrow.setSchema(parseJson(R"({
            "a_parameter_with_a_really_long_name_that_goes_on_and_on": {"type": "string", "required": true},
            "x": {"type": "integer"}, "flag": {"type": "boolean", "default": true}
        })"));
        narrow.resize(320, 120);
        narrow.show();
        QVERIFY(QTest::qWaitForWindowExposed(&narrow));
        QVERIFY(test::shoot(&narrow, u"schemaform-narrow"_s));
        ui::Theme::apply(ui::Theme::Mode::Light);
    }
};

QTEST_MAIN(TestSchemaForm)
#include "tst_schemaform.moc"
