#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "expr/Jinja.h"
#include "rules/ParameterRenderer.h"

#include <QTest>

using namespace squall;

namespace {

Value J(const QString &json)
{
    json::ParseError err;
    Value v = json::parse(QStringView(json), &err);
    if (!err.ok())
        qFatal("bad test JSON: %s", qPrintable(json));
    return v;
}

QString canonical(const Value &v)
{
    json::Style style;
    style.sortKeys = true;
    return json::toString(v, style);
}

class SystemScope final : public ValueObject
{
public:
    Value attribute(const QString &name) const override
    {
        return name == u"admin" ? QStringLiteral("stanley") : QString();
    }
    Value resolve() const override { return QString(); }
};

class Datastore final : public ValueObject
{
public:
    Value attribute(const QString &name) const override
    {
        if (name == u"system")
            return Value(std::shared_ptr<const ValueObject>(std::make_shared<SystemScope>()));
        return Value();
    }
    Value resolve() const override { return QString(); }
};

const char *kSchema =
    "{\"cmd\": {\"type\": \"string\", \"required\": true},"
    " \"timeout\": {\"type\": \"integer\", \"default\": 60},"
    " \"host\": {\"type\": \"string\", \"default\": \"{{ st2kv.system.admin }}-host\"},"
    " \"flag\": {\"type\": \"boolean\"},"
    " \"count\": {\"type\": \"integer\"},"
    " \"ratio\": {\"type\": \"number\"},"
    " \"data\": {\"type\": \"object\"},"
    " \"items\": {\"type\": \"array\"},"
    " \"sudo\": {\"type\": \"boolean\", \"default\": false, \"immutable\": true},"
    " \"token\": {\"type\": \"string\", \"secret\": true}}";

const char *kDefaults = "\"timeout\": 60, \"host\": \"stanley-host\", \"sudo\": false";

} // namespace

class TestParameters final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void render_data();
    void render();
    void noSchemaPassesThrough();
};

void TestParameters::render_data()
{
    QTest::addColumn<QString>("live");
    QTest::addColumn<QString>("expected");  // JSON of the full result, or "!message fragment"

    const auto ok = [](const char *tag, const char *live, const QString &extra) {
        QString expected = QStringLiteral("{") + QString::fromUtf8(kDefaults);
        if (!extra.isEmpty())
            expected += QStringLiteral(", ") + extra;
        expected += u'}';
        QTest::newRow(tag) << QString::fromUtf8(live) << expected;
    };
    const auto bad = [](const char *tag, const char *live, const char *fragment) {
        QTest::newRow(tag) << QString::fromUtf8(live) << QStringLiteral("!") + QString::fromUtf8(fragment);
    };

    ok("defaults fill in, template default rendered", "{\"cmd\": \"ls\"}", QStringLiteral("\"cmd\": \"ls\""));
    ok("trigger value cast to int", "{\"cmd\": \"x\", \"count\": \"{{ trigger.n }}\"}",
       QStringLiteral("\"cmd\": \"x\", \"count\": 5"));
    ok("bool via Python literal", "{\"cmd\": \"x\", \"flag\": \"{{ trigger.b }}\"}",
       QStringLiteral("\"cmd\": \"x\", \"flag\": true"));
    ok("number via float()", "{\"cmd\": \"x\", \"ratio\": \"{{ trigger.r }}\"}",
       QStringLiteral("\"cmd\": \"x\", \"ratio\": 0.5"));
    ok("object from a rendered Python repr", "{\"cmd\": \"x\", \"data\": \"{{ trigger.d }}\"}",
       QStringLiteral("\"cmd\": \"x\", \"data\": {\"a\": 1, \"b\": [true, null]}"));
    ok("whole-value item in a list keeps its type", "{\"cmd\": \"x\", \"items\": [\"{{timeout}}\", \"x-{{ trigger.n }}\"]}",
       QStringLiteral("\"cmd\": \"x\", \"items\": [60, \"x-5\"]"));
    ok("dict param with templates", "{\"cmd\": \"x\", \"data\": {\"t\": \"{{timeout}}\", \"h\": \"{{ host }}\"}}",
       QStringLiteral("\"cmd\": \"x\", \"data\": {\"t\": 60, \"h\": \"stanley-host\"}"));
    ok("a parameter references another", "{\"cmd\": \"echo {{ timeout }}\"}", QStringLiteral("\"cmd\": \"echo 60\""));
    ok("a chain through a templated default", "{\"cmd\": \"{{ host }}!\"}", QStringLiteral("\"cmd\": \"stanley-host!\""));
    ok("a given value overrides a templated default", "{\"cmd\": \"x\", \"host\": \"h\"}",
       QStringLiteral("\"cmd\": \"x\", \"host\": \"h\""));  // the later duplicate key wins
    ok("only unknown names: a literal string", "{\"cmd\": \"{{ nothere }}\"}", QStringLiteral("\"cmd\": \"{{ nothere }}\""));
    ok("use_none turns into null", "{\"cmd\": \"x\", \"token\": \"{{ trigger.nul | use_none }}\"}",
       QStringLiteral("\"cmd\": \"x\", \"token\": null"));
    ok("a null live value takes the default", "{\"cmd\": \"x\", \"timeout\": null}", QStringLiteral("\"cmd\": \"x\""));
    ok("action_context", "{\"cmd\": \"{{ action_context.user }}\"}", QStringLiteral("\"cmd\": \"stanley\""));
    ok("config_context", "{\"cmd\": \"{{ config_context.region }}\"}", QStringLiteral("\"cmd\": \"eu\""));
    ok("missing datastore key renders empty", "{\"cmd\": \"[{{ st2kv.system.nope }}]\"}", QStringLiteral("\"cmd\": \"[]\""));

    bad("cycle between two parameters", "{\"cmd\": \"{{ count }}\", \"count\": \"{{ cmd }}\"}",
        "Cyclic dependency found in the following variables: cmd. Likely the variable is referencing itself");
    bad("self reference", "{\"cmd\": \"{{ cmd }}\"}", "Cyclic dependency found in the following variables: cmd.");
    bad("known and unknown names mixed", "{\"cmd\": \"{{ timeout }} {{ nothere }}\"}",
        "Dependency unsatisfied in variable \"cmd\"");
    bad("immutable given", "{\"cmd\": \"x\", \"sudo\": true}", "Override of immutable parameter(s) ['sudo'] is unsupported.");
    bad("unknown parameter", "{\"cmd\": \"x\", \"bogus\": 1}",
        "parameters: Additional properties are not allowed ('bogus' was unexpected)");
    bad("cast failure names the parameter", "{\"cmd\": \"x\", \"count\": \"abc\"}",
        "Failed to cast parameter \"count\" (type integer): invalid literal for int() with base 10: 'abc'");
    bad("string parameter given an int", "{\"cmd\": 5}", "must either be a string or None. Got \"int\".");
    bad("render error names the parameter", "{\"cmd\": \"{{ trigger.nope.x }}\"}", "Failed to render parameter \"cmd\"");
    bad("missing required", "{}", "parameters.cmd: 'cmd' is a required property");
    bad("cast result still validated", "{\"cmd\": \"x\", \"flag\": \"{{ trigger.n }}\"}",
        "parameters.flag: 5 is not of type 'boolean'");
}

void TestParameters::render()
{
    QFETCH(QString, live);
    QFETCH(QString, expected);
    const Value context = J(QStringLiteral(
        "{\"trigger\": {\"n\": 5, \"b\": true, \"r\": 0.5, \"d\": {\"a\": 1, \"b\": [true, null]}, \"nul\": null},"
        " \"action_context\": {\"user\": \"stanley\", \"pack\": \"core\"},"
        " \"config_context\": {\"region\": \"eu\"}}"));
    const expr::DictScope extra(
        makeDict({{QStringLiteral("st2kv"), Value(std::shared_ptr<const ValueObject>(std::make_shared<Datastore>()))}}));
    const Value schema = J(QString::fromUtf8(kSchema));
    if (expected.startsWith(u'!')) {
        try {
            const Value out = rules::renderActionParameters(J(live), schema, context, &extra);
            QFAIL(qPrintable(QStringLiteral("expected an error, got ") + canonical(out)));
        } catch (const SquallException &e) {
            QCOMPARE(e.error().kind, QStringLiteral("ParameterError"));
            QVERIFY2(e.error().message.contains(expected.mid(1)), qPrintable(e.error().message));
        }
        return;
    }
    const QString &want = expected;
    const Value out = rules::renderActionParameters(J(live), schema, context, &extra);
    QCOMPARE(canonical(out), canonical(J(want)));
}

void TestParameters::noSchemaPassesThrough()
{
    // No parameters declared: anything given is an unknown parameter.
    try {
        rules::renderActionParameters(J(QStringLiteral("{\"a\": 1}")), Value(ValueDict()), Value(ValueDict()), nullptr);
        QFAIL("expected an error");
    } catch (const SquallException &e) {
        QVERIFY(e.error().message.contains(u"'a' was unexpected"));
    }
    // Nothing given, nothing declared: empty result.
    QCOMPARE(rules::renderActionParameters(Value(ValueDict()), Value(ValueDict()), Value(ValueDict()), nullptr),
             Value(ValueDict()));
}

QTEST_GUILESS_MAIN(TestParameters)
#include "tst_parameters.moc"
