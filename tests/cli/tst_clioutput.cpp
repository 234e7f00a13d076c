#include "ArgParser.h"
#include "CliMain.h"
#include "CommandContext.h"
#include "OutputFormat.h"
#include "base/Json.h"
#include "base/Yaml.h"

#include <QTest>

using namespace squall;
using namespace squall::cli;

namespace {

QStringList L(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out.append(QString::fromUtf8(i));
    return out;
}

Value j(const QByteArray &text)
{
    json::ParseError pe;
    Value v = json::parse(text, &pe);
    if (!pe.ok())
        qFatal("bad JSON in test: %s", text.constData());
    return v;
}

ValueList executions()
{
    return j("[{\"id\": \"5fa3d65e2210968fb9a0df63\", \"status\": \"succeeded\","
             " \"action\": {\"ref\": \"core.local\"}, \"context\": {\"user\": \"st2admin\"},"
             " \"start_timestamp\": \"2020-11-05T10:34:06.900000Z\", \"end_timestamp\": \"2020-11-05T10:34:08.100000Z\"},"
             " {\"id\": \"5fa3d65e2210968fb9a0df64\", \"status\": \"failed\","
             " \"action\": {\"ref\": \"examples.a_very_long_action_name_that_needs_wrapping\"},"
             " \"context\": {\"user\": \"someone\"},"
             " \"start_timestamp\": \"2020-11-05T10:35:00Z\", \"end_timestamp\": \"2020-11-05T10:35:00Z\"}]")
        .toList();
}

const QStringList executionColumns = L({"id", "action.ref", "context.user", "status", "start_timestamp", "end_timestamp"});

// Runs a print helper of CommandContext with parsed `argv` (for -a/-j/-y/-w).
QString printed(const QStringList &argv, const std::function<void(CommandContext &, const ParsedArgs &)> &print)
{
    const CommandSpec root = buildCommandTree();
    const ParseOutcome parsed = ArgParser(root).parse(argv);
    if (parsed.status != ParseOutcome::Ok)
        qFatal("test arguments do not parse: %s", qPrintable(parsed.error));
    QString text, errors;
    QTextStream out(&text), err(&errors);
    CommandContext ctx(ClientConfig{}, out, err);
    ctx.setWidth(100);
    print(ctx, parsed.args);
    out.flush();
    return text;
}

} // namespace

class TestCliOutput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lookup();
    void timestamps_data();
    void timestamps();
    void status_data();
    void status();
    void wrap_data();
    void wrap();
    void fitColumns_data();
    void fitColumns();
    void tableFitsWidth_data();
    void tableFitsWidth();
    void tableLayout();
    void attributeSelection();
    void jsonAndYaml();
    void propertyTable();
    void executionView();
};

void TestCliOutput::lookup()
{
    const Value e = executions().first();
    QCOMPARE(output::lookup(e, u"action.ref").toString(), QStringLiteral("core.local"));
    QVERIFY(output::lookup(e, u"action.missing").isNull());
    QVERIFY(output::lookup(e, u"id.deeper").isNull());
    QCOMPARE(output::cellText(j("{\"a\": [1, true, null]}")), QStringLiteral("{\"a\": [1, true, null]}"));
    QCOMPARE(output::cellText(Value(true)), QStringLiteral("True"));
    QCOMPARE(output::cellText(Value()), QString());
}

void TestCliOutput::timestamps_data()
{
    QTest::addColumn<QString>("iso");
    QTest::addColumn<QString>("expected");
    QTest::newRow("micro") << "2020-11-05T10:34:06.123456Z" << "Thu, 05 Nov 2020 10:34:06 UTC";
    QTest::newRow("offset") << "2020-11-05T12:34:06+02:00" << "Thu, 05 Nov 2020 10:34:06 UTC";
    QTest::newRow("not-a-date") << "soon" << "soon";
}

void TestCliOutput::timestamps()
{
    QFETCH(QString, iso);
    QFETCH(QString, expected);
    QCOMPARE(output::formatTimestamp(iso), expected);
}

void TestCliOutput::status_data()
{
    QTest::addColumn<QByteArray>("execution");
    QTest::addColumn<QString>("expected");
    QTest::newRow("done") << QByteArray("{\"status\": \"succeeded\", \"start_timestamp\": \"2020-11-05T10:34:06.9Z\","
                                        " \"end_timestamp\": \"2020-11-05T10:34:08.1Z\"}")
                          << "succeeded (2s elapsed)";
    QTest::newRow("running") << QByteArray("{\"status\": \"running\", \"start_timestamp\": \"1970-01-01T00:00:10Z\"}")
                             << "running (15s elapsed)";
    QTest::newRow("scheduled") << QByteArray("{\"status\": \"scheduled\", \"start_timestamp\": \"1970-01-01T00:00:10Z\"}")
                               << "scheduled";
    QTest::newRow("no-start") << QByteArray("{\"status\": \"failed\"}") << "failed";
}

void TestCliOutput::status()
{
    QFETCH(QByteArray, execution);
    QFETCH(QString, expected);
    QCOMPARE(output::formatStatus(j(execution), 25 * 1000000LL), expected);
}

void TestCliOutput::wrap_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("width");
    QTest::addColumn<QStringList>("lines");
    QTest::newRow("fits") << "abc" << 5 << L({"abc"});
    QTest::newRow("spaces") << "the quick brown fox" << 10 << L({"the quick", "brown fox"});
    QTest::newRow("hard") << "abcdefghij" << 4 << L({"abcd", "efgh", "ij"});
    QTest::newRow("newlines") << "a\nbb" << 4 << L({"a", "bb"});
}

void TestCliOutput::wrap()
{
    QFETCH(QString, text);
    QFETCH(int, width);
    QFETCH(QStringList, lines);
    QCOMPARE(output::wrap(text, width), lines);
}

void TestCliOutput::fitColumns_data()
{
    QTest::addColumn<QList<int>>("natural");
    QTest::addColumn<int>("total");
    QTest::addColumn<QList<int>>("fixed");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("fits") << QList<int>{5, 10} << 40 << QList<int>{} << QList<int>{5, 10};
    // 3*2+1 = 7 border chars: 23 columns left; the wide one gives way.
    QTest::newRow("shrink-widest") << QList<int>{5, 40} << 30 << QList<int>{} << QList<int>{5, 18};
    QTest::newRow("fixed-all") << QList<int>{5, 40} << 30 << QList<int>{7} << QList<int>{7, 7};
    QTest::newRow("fixed-each") << QList<int>{5, 40} << 30 << QList<int>{3, 9} << QList<int>{3, 9};
}

void TestCliOutput::fitColumns()
{
    QFETCH(QList<int>, natural);
    QFETCH(int, total);
    QFETCH(QList<int>, fixed);
    QFETCH(QList<int>, expected);
    QCOMPARE(output::fitColumns(natural, QList<int>(natural.size(), 1), total, fixed), expected);
}

void TestCliOutput::tableFitsWidth_data()
{
    QTest::addColumn<int>("width");
    QTest::newRow("80") << 80;
    QTest::newRow("100") << 100;
    QTest::newRow("200") << 200;
}

void TestCliOutput::tableFitsWidth()
{
    QFETCH(int, width);
    const QString t = output::table(executions(), executionColumns, width);
    const QStringList lines = t.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 7);
    const qsizetype len = lines.first().size();
    QVERIFY2(len <= width, qPrintable(t));
    for (const QString &l : lines)
        QCOMPARE(l.size(), len);
    // The id column is never cut.
    QVERIFY(t.contains(u"| 5fa3d65e2210968fb9a0df63 |"));
}

void TestCliOutput::tableLayout()
{
    const QString t = output::table(executions().mid(0, 1), L({"id", "status"}), 120);
    const QString expected = QStringLiteral(
        "+--------------------------+------------------------+\n"
        "| id                       | status                 |\n"
        "+--------------------------+------------------------+\n"
        "| 5fa3d65e2210968fb9a0df63 | succeeded (2s elapsed) |\n"
        "+--------------------------+------------------------+\n");
    QCOMPARE(t, expected);
}

void TestCliOutput::attributeSelection()
{
    const QString t = printed(L({"execution", "list", "-a", "id", "context.user"}), [](CommandContext &ctx, const ParsedArgs &a) {
        ctx.printList(executions(), executionColumns, a);
    });
    QVERIFY(t.contains(u"| id                       | context.user |"));
    QVERIFY(t.contains(u"st2admin"));
    QVERIFY(!t.contains(u"core.local"));

    const QString comma = printed(L({"action", "list", "-a", "id,status"}), [](CommandContext &ctx, const ParsedArgs &a) {
        ctx.printList(executions(), executionColumns, a);
    });
    QVERIFY(comma.contains(u"| id "));
    QVERIFY(comma.contains(u"| status "));
    QVERIFY(!comma.contains(u"context.user"));
}

void TestCliOutput::jsonAndYaml()
{
    const QString js = printed(L({"execution", "list", "-j", "-a", "id", "action.ref"}), [](CommandContext &ctx, const ParsedArgs &a) {
        ctx.printList(executions(), executionColumns, a);
    });
    json::ParseError pe;
    const Value parsed = json::parse(js.toUtf8(), &pe);
    QVERIFY2(pe.ok(), qPrintable(js));
    QCOMPARE(parsed.toList().size(), 2);
    QCOMPARE(json::toString(parsed[0]),
             QStringLiteral("{\"id\":\"5fa3d65e2210968fb9a0df63\",\"action\":{\"ref\":\"core.local\"}}"));

    const QString ys = printed(L({"rule", "get", "x", "-y"}), [](CommandContext &ctx, const ParsedArgs &a) {
        ctx.printObject(executions().first(), {}, a);
    });
    const Value back = yaml::load(ys.toUtf8()).value;
    QCOMPARE(back[u"context"][u"user"].toString(), QStringLiteral("st2admin"));
    QCOMPARE(back[u"id"].toString(), QStringLiteral("5fa3d65e2210968fb9a0df63"));
}

void TestCliOutput::propertyTable()
{
    const Value rule = j("{\"name\": \"r\", \"id\": \"abc\", \"enabled\": true, \"criteria\": {\"a\": 1},"
                         " \"description\": \"d\", \"ref\": \"p.r\"}");
    const QString t = output::propertyTable(rule, {}, L({"id", "ref", "name"}), 60);
    const QStringList lines = t.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(lines.at(1).startsWith(u"| Property "));
    QVERIFY(lines.at(3).startsWith(u"| id "));
    QVERIFY(lines.at(4).startsWith(u"| ref "));
    QVERIFY(lines.at(5).startsWith(u"| name "));
    QVERIFY(t.contains(u"\"a\": 1"));
    QVERIFY(t.contains(u"| enabled     | True"));
    for (const QString &l : lines)
        QVERIFY(l.size() <= 60);
}

void TestCliOutput::executionView()
{
    const Value e = j("{\"id\": \"x1\", \"status\": \"succeeded\", \"action\": {\"ref\": \"core.local\"},"
                      " \"parameters\": {\"cmd\": \"date\", \"password\": \"hunter2\"},"
                      " \"start_timestamp\": \"2020-11-05T10:34:06Z\", \"end_timestamp\": \"2020-11-05T10:34:07Z\","
                      " \"result\": {\"return_code\": 0, \"stdout\": \"Thu Nov  5\", \"succeeded\": true}}");
    const QString v = output::executionView(e, L({"id", "action.ref", "parameters", "status", "start_timestamp", "result"}));
    const QString expected = QStringLiteral(
        "id: x1\n"
        "action.ref: core.local\n"
        "parameters: \n"
        "  cmd: date\n"
        "  password: \"********\"\n"
        "status: succeeded (1s elapsed)\n"
        "start_timestamp: Thu, 05 Nov 2020 10:34:06 UTC\n"
        "result: \n"
        "  return_code: 0\n"
        "  stdout: Thu Nov  5\n"
        "  succeeded: true\n");
    QCOMPARE(v, expected);
}

QTEST_GUILESS_MAIN(TestCliOutput)
#include "tst_clioutput.moc"
