#include "workflow/inspect/InlineParams.h"
#include "workflow/inspect/InspectChecks.h"
#include "workflow/inspect/Inspector.h"

#include "base/Json.h"
#include "base/Python.h"
#include "base/Yaml.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using namespace squall;
using namespace squall::workflow;

namespace {

QString dataDir()
{
    return QStringLiteral(SQUALL_SOURCE_DIR "/tests/workflow/inspect/data");
}

Value loadJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Value();
    json::ParseError error;
    Value v = json::parse(f.readAll(), &error);
    return error.ok() ? v : Value();
}

QList<InspectionError> inspectYaml(const QByteArray &text)
{
    const yaml::Document doc = yaml::load(text, QStringLiteral("inline.yaml"));
    return inspectWorkflow(doc.value, doc.locations.get());
}

} // namespace

class TestInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void badWorkflows_data();
    void badWorkflows();
    void conformanceWorkflowsAreClean_data();
    void conformanceWorkflowsAreClean();
    void locations();
    void appContext();
    void notAMapping_data();
    void notAMapping();
    void garbageDoesNotCrash_data();
    void garbageDoesNotCrash();
    void loopWithEntryIsClean();
    void inlineParams_data();
    void inlineParams();
    void unescape_data();
    void unescape();
    void formatting();
    void st2Shape();
    void stackedForksStayFinite();
};

// Each data/<case>.yaml is inspected and compared, entry by entry and in
// order, with the Orquesta-shaped errors in data/<case>.json.
void TestInspector::badWorkflows_data()
{
    QTest::addColumn<QString>("yamlPath");
    QTest::addColumn<QString>("jsonPath");
    const QDir dir(dataDir());
    const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 10);
    for (const QString &f : files) {
        const QString base = f.left(f.size() - 5);
        QTest::newRow(qPrintable(base)) << dir.filePath(f) << dir.filePath(base + QStringLiteral(".json"));
    }
}

void TestInspector::badWorkflows()
{
    QFETCH(QString, yamlPath);
    QFETCH(QString, jsonPath);
    const Value expected = loadJson(jsonPath);
    QVERIFY2(expected.isDict() && !expected.toDict().isEmpty(), qPrintable(jsonPath));
    const yaml::Document doc = yaml::loadFile(yamlPath);
    const QList<InspectionError> errors = inspectWorkflow(doc.value, doc.locations.get());
    const Value actual = inspectionToValue(errors);
    if (actual != expected) {
        qWarning().noquote() << "actual:  " << json::dumpsPython(actual, 1, false);
        qWarning().noquote() << "expected:" << json::dumpsPython(expected, 1, false);
    }
    QCOMPARE(actual, expected);
    for (const InspectionError &e : errors) {
        QCOMPARE(e.location.file, yamlPath);
        QVERIFY2(e.location.line > 0, qPrintable(e.specPath));
    }
}

void TestInspector::conformanceWorkflowsAreClean_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("expected");
    // The project's own rehearsal workflows (loops, joins, splits, with-items,
    // error handling) are clean too; they run even without ../shared.
    const QDir own(QStringLiteral(SQUALL_SOURCE_DIR "/tests/workflow/orquesta/data/workflows"));
    for (const QString &f : own.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(QStringLiteral("own ") + f)) << own.filePath(f) << QStringList();
    const QDir dir(QStringLiteral(SQUALL_SHARED_DIR "/conformance/orquesta/workflows"));
    const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        qInfo("the shared conformance workflows (../shared/conformance) are not beside this checkout: own workflows only");
        return;
    }
    // Two of Orquesta's own fixtures write `<% item(member), item(message) %>`;
    // YAQL has no top-level comma, so Orquesta's inspection flags them too.
    const QStringList topLevelComma = {QStringLiteral(
        "expression: tasks.task1.input: Parse error: unexpected ',' at position 12 of expression "
        "'item(member), item(message)'")};
    for (const QString &f : files) {
        const bool comma = f == u"with-multi-items.yaml" || f == u"with-multi-items-concurrency.yaml";
        QTest::newRow(qPrintable(f)) << dir.filePath(f) << (comma ? topLevelComma : QStringList());
    }
}

void TestInspector::conformanceWorkflowsAreClean()
{
    QFETCH(QString, path);
    QFETCH(QStringList, expected);
    const yaml::Document doc = yaml::loadFile(path);
    const QList<InspectionError> errors = inspectWorkflow(doc.value);
    QStringList actual;
    for (const InspectionError &e : errors)
        actual.append(e.type + QStringLiteral(": ") + e.specPath + QStringLiteral(": ") + e.message);
    QCOMPARE(actual, expected);
}

void TestInspector::locations()
{
    const QString path = dataDir() + QStringLiteral("/semantics_undefined_task.yaml");
    const yaml::Document doc = yaml::loadFile(path);
    const QList<InspectionError> errors = inspectWorkflow(doc.value, doc.locations.get());
    QCOMPARE(errors.size(), 3);
    QCOMPARE(errors.at(0).specPath, QStringLiteral("tasks.task1.next[1].do"));
    QCOMPARE(errors.at(0).location.line, 10);
    QCOMPARE(errors.at(1).location.line, 22);
    // Without a location map nothing is located, and nothing else changes.
    const QList<InspectionError> bare = inspectWorkflow(doc.value);
    QCOMPARE(bare.size(), 3);
    QVERIFY(!bare.at(0).location.isValid());
    QCOMPARE(inspectionToValue(bare), inspectionToValue(errors));
}

void TestInspector::appContext()
{
    const QByteArray text = "version: 1.0\n"
                            "tasks:\n"
                            "  task1:\n"
                            "    action: core.echo message=<% ctx().st2.user %>\n"
                            "output:\n"
                            "  - parent: <% ctx(parent) %>\n";
    const yaml::Document doc = yaml::load(text);
    QCOMPARE(inspectWorkflow(doc.value).size(), 2);
    QVERIFY(inspectWorkflow(doc.value, nullptr, {QStringLiteral("st2"), QStringLiteral("parent")}).isEmpty());
}

void TestInspector::notAMapping_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("list") << QByteArray("- a\n- b\n") << QStringLiteral("['a', 'b'] is not of type 'object'");
    QTest::newRow("string") << QByteArray("just text\n") << QStringLiteral("'just text' is not of type 'object'");
    QTest::newRow("null") << QByteArray("~\n") << QStringLiteral("None is not of type 'object'");
}

void TestInspector::notAMapping()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const QList<InspectionError> errors = inspectYaml(text);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).type, QStringLiteral("syntax"));
    QCOMPARE(errors.at(0).message, message);
    QCOMPARE(errors.at(0).schemaPath, QStringLiteral("type"));
    QVERIFY(errors.at(0).specPath.isEmpty());
}

// Shapes Orquesta itself cannot even load: reported as syntax errors, no crash.
void TestInspector::garbageDoesNotCrash_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("syntaxErrors");
    QTest::newRow("tasks is a list") << QByteArray("tasks: [a, b]\n") << 1;
    QTest::newRow("task is a string") << QByteArray("tasks:\n  t1: core.noop\n") << 1;
    QTest::newRow("empty task") << QByteArray("tasks:\n  t1: {}\n") << 0;
    QTest::newRow("next is a string") << QByteArray("tasks:\n  t1:\n    next: t2\n") << 1;
    QTest::newRow("transition is a string") << QByteArray("tasks:\n  t1:\n    next: [t2]\n") << 1;
    QTest::newRow("empty transition") << QByteArray("tasks:\n  t1:\n    next: [{}]\n") << 0;
    QTest::newRow("with is a list") << QByteArray("tasks:\n  t1:\n    action: a\n    with: [1]\n") << 1;
    QTest::newRow("do is a number") << QByteArray("tasks:\n  t1:\n    next:\n      - do: 3\n") << 1;
    QTest::newRow("do list with junk") << QByteArray("tasks:\n  t1:\n    next:\n      - do: [1, {a: b}]\n") << 1;
    QTest::newRow("publish with junk")
        << QByteArray("tasks:\n  t1:\n    next:\n      - publish: [1, {a: 1, b: 2}]\n") << 1;
    QTest::newRow("items not a string")
        << QByteArray("tasks:\n  t1:\n    action: a\n    with: {items: 5, extra: 1}\n") << 2;
    QTest::newRow("input is a list")
        << QByteArray("input: x\ntasks:\n  t1:\n    input: [1]\n") << 2;
}

void TestInspector::garbageDoesNotCrash()
{
    QFETCH(QByteArray, text);
    QFETCH(int, syntaxErrors);
    const QList<InspectionError> errors = inspectYaml(text);
    const int syntax = int(std::count_if(errors.begin(), errors.end(),
                                         [](const InspectionError &e) { return e.type == u"syntax"; }));
    QVERIFY2(syntax == syntaxErrors, qPrintable(formatInspection(errors)));
}

void TestInspector::loopWithEntryIsClean()
{
    const QByteArray text = "version: 1.0\n"
                            "vars:\n"
                            "  - count: 0\n"
                            "tasks:\n"
                            "  init:\n"
                            "    action: core.noop\n"
                            "    next:\n"
                            "      - do: work\n"
                            "  work:\n"
                            "    action: core.echo message=<% ctx(count) %>\n"
                            "    next:\n"
                            "      - when: <% ctx(count) < 3 %>\n"
                            "        publish: count=<% ctx(count) + 1 %>\n"
                            "        do: work\n"
                            "      - when: <% ctx(count) >= 3 %>\n"
                            "        publish:\n"
                            "          - done: <% ctx(count) %>\n"
                            "output:\n"
                            "  - done: <% ctx(done) %>\n";
    const QList<InspectionError> errors = inspectYaml(text);
    QVERIFY2(errors.isEmpty(), qPrintable(formatInspection(errors)));
}

void TestInspector::inlineParams_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expectedJson");
    QTest::newRow("none") << QStringLiteral("core.noop") << QStringLiteral("[]");
    QTest::newRow("mixed") << QStringLiteral("core.echo message=<% ctx(x) %> n=3 f=-1.5 ok=True nil=null")
                           << QStringLiteral("[{\"message\": \"<% ctx(x) %>\"}, {\"n\": 3}, {\"f\": -1.5}, {\"ok\": true},"
                                             " {\"nil\": null}]");
    QTest::newRow("quoted") << QStringLiteral("a=\"1\" b='two words' c='{\"k\": 1}' d=\"{\\\"k\\\": 1}\"")
                            << QStringLiteral("[{\"a\": \"1\"}, {\"b\": \"two words\"}, {\"c\": {\"k\": 1}}, {\"d\": \"{\\\\\"}]");
    QTest::newRow("brackets") << QStringLiteral("xs=[1, 2] y={{ ctx('y') }}")
                              << QStringLiteral("[{\"xs\": [1, 2]}, {\"y\": \"{{ ctx('y') }}\"}]");
    QTest::newRow("not json") << QStringLiteral("x=NULL") << QStringLiteral("[{\"x\": \"NULL\"}]");
}

void TestInspector::inlineParams()
{
    QFETCH(QString, text);
    QFETCH(QString, expectedJson);
    const Value expected = json::parse(QStringView(expectedJson));
    QCOMPARE(Value(parseInlineParams(text)), expected);
}

void TestInspector::unescape_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("plain") << QStringLiteral("'a' is too short") << QStringLiteral("'a' is too short");
    QTest::newRow("doubled backslash") << QStringLiteral("'^\\\\w+$'") << QStringLiteral("'^\\w+$'");
    QTest::newRow("newline") << QStringLiteral("'a\\nb'") << QStringLiteral("'a\nb'");
    QTest::newRow("unknown escape") << QStringLiteral("\\s") << QStringLiteral("\\s");
    QTest::newRow("hex") << QStringLiteral("\\x41\\u00e9") << QString(QStringLiteral("A") + QChar(0xe9));
    // Non-ASCII text goes through UTF-8 bytes read back as Latin-1, as in Python.
    QTest::newRow("utf8") << QString(QChar(0xe9)) << QString(QChar(0xc3)) + QChar(0xa9);
}

void TestInspector::unescape()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(inspect::pyUnescape(in), out);
}

void TestInspector::formatting()
{
    const QString path = dataDir() + QStringLiteral("/semantics_reserved_name.yaml");
    const yaml::Document doc = yaml::loadFile(path);
    const QString text = formatInspection(inspectWorkflow(doc.value, doc.locations.get()));
    QVERIFY2(text.startsWith(path + QStringLiteral(":7:")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral(": semantics: tasks.noop: The task name \"noop\" is reserved")));
    QVERIFY(text.endsWith(u'\n'));
    QCOMPARE(formatInspection({}), QString());
}

// StackStorm flattens the groups, renames Orquesta's `type` (the language) to
// `language`, says "semantic", and sorts by category, then schema path.
void TestInspector::st2Shape()
{
    const QByteArray text = "version: 1.0\n"
                            "tasks:\n"
                            "  task1:\n"
                            "    action: core.local cmd=<% ctx().foobar %>\n"
                            "    next:\n"
                            "      - do: [task2, noop]\n"
                            "  task2:\n"
                            "    action: core.local\n"
                            "    input:\n"
                            "      - cmd: echo\n"
                            "    next:\n"
                            "      - when: <% <% succeeded() %>\n"
                            "        do: task3\n";
    const Value st2 = inspectionToSt2Errors(inspectYaml(text));
    QStringList types;
    for (const Value &e : st2.toList())
        types.append(e[u"type"].toString() + u':' + e[u"spec_path"].toString());
    QCOMPARE(types, QStringList({QStringLiteral("context:tasks.task1.input"),
                                 QStringLiteral("expression:tasks.task2.next[0].when"),
                                 QStringLiteral("semantic:tasks.task2.next[0].do"),
                                 QStringLiteral("syntax:tasks.task2.input")}));
    const Value context = st2[0];
    QCOMPARE(context[u"language"], Value(QStringLiteral("yaql")));
    QCOMPARE(context[u"expression"], Value(QStringLiteral("<% ctx().foobar %>")));
    QCOMPARE(context[u"message"], Value(QStringLiteral("Variable \"foobar\" is referenced before assignment.")));
    QCOMPARE(context[u"schema_path"],
             Value(QStringLiteral("properties.tasks.patternProperties.^\\w+$.properties.input")));
    QCOMPARE(st2[3][u"message"], Value(QStringLiteral("[{'cmd': 'echo'}] is not valid under any of the given schemas")));
    QVERIFY(!st2[3].toDict().contains(u"language"));
}

QTEST_GUILESS_MAIN(TestInspector)
#include "tst_inspector.moc"

// Forks joined again, one after the other: Orquesta's walks revisit a task
// once per path, 2^60 times here. The inspector must still answer, and find
// what is wrong beyond them.
void TestInspector::stackedForksStayFinite()
{
    QByteArray y = "version: 1.0\ntasks:\n";
    for (int i = 0; i < 60; ++i) {
        const QByteArray n = QByteArray::number(i);
        y += "  s" + n + ":\n    action: core.noop\n    next:\n      - do: [a" + n + ", b" + n + "]\n";
        y += "  a" + n + ":\n    action: core.noop\n    next:\n      - do: j" + n + "\n";
        y += "  b" + n + ":\n    action: core.noop\n    next:\n      - do: j" + n + "\n";
        y += "  j" + n + ":\n    join: all\n    action: core.noop\n    next:\n      - do: " + (i < 59 ? "s" + QByteArray::number(i + 1) : QByteArray("missing")) + "\n";
    }
    QElapsedTimer t;
    t.start();
    const QList<InspectionError> errors = inspectYaml(y);
    QVERIFY2(t.elapsed() < 20000, "inspection did not finish in reasonable time");
    bool undefined = false;
    for (const InspectionError &e : errors)
        undefined |= e.message == u"The task \"missing\" is not defined." && e.specPath == u"tasks.j59.next[0].do";
    QVERIFY2(undefined, qPrintable(formatInspection(errors)));
}
