#include "base/Json.h"
#include "base/Python.h"
#include "schema/Parameters.h"
#include "schema/Secrets.h"
#include "schema/Validator.h"

#include <QTest>

using namespace squall;

namespace {

Value J(const char *json)
{
    json::ParseError err;
    Value v = json::parse(QByteArray(json), &err);
    if (!err.ok())
        qFatal("bad test JSON: %s", json);
    return v;
}

} // namespace

class TestValidator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validate_data();
    void validate();
    void applyDefaults();
    void validateParameters_data();
    void validateParameters();
    void maskSecrets();
    void maskSecretsInResult();
};

void TestValidator::validate_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("schema");
    // Empty: valid. Otherwise "field|message" of the first error.
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *tag, const char *value, const char *schema, const char *expected) {
        QTest::newRow(tag) << QString::fromUtf8(value) << QString::fromUtf8(schema) << QString::fromUtf8(expected);
    };
    row("string ok", "\"x\"", "{\"type\": \"string\"}", "");
    row("string vs int", "1", "{\"type\": \"string\"}", "v|1 is not of type 'string'");
    row("integer ok", "3", "{\"type\": \"integer\"}", "");
    row("integer rejects 1.0 (draft 4)", "1.0", "{\"type\": \"integer\"}", "v|1.0 is not of type 'integer'");
    row("integer rejects bool", "true", "{\"type\": \"integer\"}", "v|True is not of type 'integer'");
    row("number ok", "1.5", "{\"type\": \"number\"}", "");
    row("number accepts int", "2", "{\"type\": \"number\"}", "");
    row("number rejects bool", "false", "{\"type\": \"number\"}", "v|False is not of type 'number'");
    row("boolean rejects 1", "1", "{\"type\": \"boolean\"}", "v|1 is not of type 'boolean'");
    row("null", "null", "{\"type\": \"null\"}", "");
    row("type list ok", "null", "{\"type\": [\"string\", \"null\"]}", "");
    row("type list bad", "1", "{\"type\": [\"string\", \"null\"]}", "v|1 is not of type 'string', 'null'");
    row("object vs list", "[]", "{\"type\": \"object\"}", "v|[] is not of type 'object'");
    row("enum ok", "\"a\"", "{\"enum\": [\"a\", \"b\"]}", "");
    row("enum bad", "\"c\"", "{\"enum\": [\"a\", \"b\"]}", "v|'c' is not one of ['a', 'b']");
    row("enum true is not 1", "true", "{\"enum\": [1]}", "v|True is not one of [1]");
    row("minimum", "4", "{\"minimum\": 5}", "v|4 is less than the minimum of 5");
    row("minimum equal ok", "5", "{\"minimum\": 5}", "");
    row("exclusive minimum", "5", "{\"minimum\": 5, \"exclusiveMinimum\": true}",
        "v|5 is less than or equal to the minimum of 5");
    row("maximum", "6.5", "{\"maximum\": 6}", "v|6.5 is greater than the maximum of 6");
    row("exclusive maximum", "6", "{\"maximum\": 6, \"exclusiveMaximum\": true}",
        "v|6 is greater than or equal to the maximum of 6");
    row("minimum ignores strings", "\"1\"", "{\"minimum\": 5}", "");
    row("multipleOf float ok", "1.5", "{\"multipleOf\": 0.5}", "");
    row("multipleOf bad", "3", "{\"multipleOf\": 2}", "v|3 is not a multiple of 2");
    row("minLength", "\"a\"", "{\"minLength\": 2}", "v|'a' is too short");
    row("maxLength", "\"abc\"", "{\"maxLength\": 2}", "v|'abc' is too long");
    row("maxLength counts code points", "\"\\ud83d\\ude00\"", "{\"maxLength\": 1}", "");
    row("pattern is a search", "\"xaby\"", "{\"pattern\": \"ab\"}", "");
    row("pattern anchored", "\"ba\"", "{\"pattern\": \"^a\"}", "v|'ba' does not match '^a'");
    row("pattern invalid", "\"a\"", "{\"pattern\": \"(\"}", "v|");
    row("items schema", "[1, \"x\"]", "{\"items\": {\"type\": \"integer\"}}", "v[1]|'x' is not of type 'integer'");
    row("items tuple", "[1, \"x\"]", "{\"items\": [{\"type\": \"integer\"}, {\"type\": \"string\"}]}", "");
    row("additionalItems false", "[1, 2, 3]", "{\"items\": [{}, {}], \"additionalItems\": false}",
        "v|Additional items are not allowed (3 was unexpected)");
    row("additionalItems schema", "[1, 2, \"x\"]", "{\"items\": [{}], \"additionalItems\": {\"type\": \"integer\"}}",
        "v[2]|'x' is not of type 'integer'");
    row("minItems", "[]", "{\"minItems\": 1}", "v|[] is too short");
    row("maxItems", "[1, 2]", "{\"maxItems\": 1}", "v|[1, 2] is too long");
    row("uniqueItems", "[1, 2, 1]", "{\"uniqueItems\": true}", "v|[1, 2, 1] has non-unique elements");
    row("uniqueItems 1 vs true", "[1, true]", "{\"uniqueItems\": true}", "");
    row("required list", "{}", "{\"required\": [\"a\"]}", "v.a|'a' is a required property");
    row("required per property", "{}", "{\"properties\": {\"cmd\": {\"type\": \"string\", \"required\": true}}}",
        "v.cmd|'cmd' is a required property");
    row("nested property type", "{\"a\": {\"b\": 1}}",
        "{\"properties\": {\"a\": {\"properties\": {\"b\": {\"type\": \"string\"}}}}}", "v.a.b|1 is not of type 'string'");
    row("additionalProperties false", "{\"a\": 1, \"x\": 2}",
        "{\"properties\": {\"a\": {}}, \"additionalProperties\": false}",
        "v|Additional properties are not allowed ('x' was unexpected)");
    row("additionalProperties two", "{\"x\": 1, \"y\": 2}", "{\"additionalProperties\": false}",
        "v|Additional properties are not allowed ('x', 'y' were unexpected)");
    row("additionalProperties schema", "{\"x\": \"s\"}", "{\"additionalProperties\": {\"type\": \"integer\"}}",
        "v.x|'s' is not of type 'integer'");
    row("patternProperties", "{\"n1\": \"s\"}", "{\"patternProperties\": {\"^n\": {\"type\": \"integer\"}}}",
        "v.n1|'s' is not of type 'integer'");
    row("patternProperties count as known", "{\"n1\": 1}",
        "{\"patternProperties\": {\"^n\": {}}, \"additionalProperties\": false}", "");
    row("dependencies", "{\"a\": 1}", "{\"dependencies\": {\"a\": [\"b\"]}}", "v|'b' is a dependency of 'a'");
    row("minProperties", "{}", "{\"minProperties\": 1}", "v|{} does not have enough properties");
    row("maxProperties", "{\"a\": 1, \"b\": 2}", "{\"maxProperties\": 1}", "v|{'a': 1, 'b': 2} has too many properties");
    row("allOf", "3", "{\"allOf\": [{\"type\": \"integer\"}, {\"minimum\": 4}]}", "v|3 is less than the minimum of 4");
    row("anyOf ok", "\"x\"", "{\"anyOf\": [{\"type\": \"integer\"}, {\"type\": \"string\"}]}", "");
    row("anyOf bad", "null", "{\"anyOf\": [{\"type\": \"integer\"}, {\"type\": \"string\"}]}",
        "v|None is not valid under any of the given schemas");
    row("oneOf both", "1", "{\"oneOf\": [{\"type\": \"integer\"}, {\"type\": \"number\"}]}",
        "v|1 is valid under more than one of the given schemas");
    row("not", "1", "{\"not\": {\"type\": \"integer\"}}", "v|{'type': 'integer'} is not allowed for 1");
    row("default ignored", "1", "{\"type\": \"integer\", \"default\": \"x\"}", "");
}

void TestValidator::validate()
{
    QFETCH(QString, value);
    QFETCH(QString, schema);
    QFETCH(QString, expected);
    const QList<Error> errors = schema::validate(json::parse(QStringView(value)), json::parse(QStringView(schema)),
                                                 QStringLiteral("v"));
    if (expected.isEmpty()) {
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).message));
        return;
    }
    QVERIFY(!errors.isEmpty());
    const QString field = expected.section(u'|', 0, 0);
    const QString message = expected.section(u'|', 1);
    QCOMPARE(errors.first().field, field);
    QCOMPARE(errors.first().kind, QStringLiteral("schema"));
    if (!message.isEmpty())
        QCOMPARE(errors.first().message, message);
}

void TestValidator::applyDefaults()
{
    const Value schema = J("{\"type\": \"object\", \"properties\": {"
                           "\"a\": {\"type\": \"integer\", \"default\": 5},"
                           "\"b\": {\"type\": \"string\"},"
                           "\"c\": {\"type\": \"object\", \"properties\": {\"d\": {\"default\": true}}},"
                           "\"e\": {\"type\": \"object\", \"properties\": {\"f\": {\"default\": \"x\"}}}}}");
    const Value out = schema::applyDefaults(J("{\"b\": \"given\", \"e\": {\"g\": 1}}"), schema);
    QCOMPARE(out, J("{\"b\": \"given\", \"e\": {\"g\": 1, \"f\": \"x\"}, \"a\": 5, \"c\": {\"d\": true}}"));
    // Given values win over defaults.
    QCOMPARE(schema::applyDefaults(J("{\"a\": 1}"), schema)[u"a"], Value(1));
    // Null becomes an object with the defaults; non-objects pass through.
    QCOMPARE(schema::applyDefaults(Value(), schema)[u"a"], Value(5));
    QCOMPARE(schema::applyDefaults(Value(3), schema), Value(3));
}

void TestValidator::validateParameters_data()
{
    QTest::addColumn<QString>("params");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ok") << "{\"cmd\": \"ls\", \"timeout\": 5}" << "";
    QTest::newRow("unknown") << "{\"cmd\": \"ls\", \"x\": 1}"
                             << "parameters|Additional properties are not allowed ('x' was unexpected)";
    QTest::newRow("missing required") << "{}" << "parameters.cmd|'cmd' is a required property";
    QTest::newRow("wrong type") << "{\"cmd\": \"ls\", \"timeout\": \"5\"}"
                                << "parameters.timeout|'5' is not of type 'integer'";
    QTest::newRow("enum") << "{\"cmd\": \"ls\", \"mode\": \"z\"}" << "parameters.mode|'z' is not one of ['a', 'b']";
    QTest::newRow("null optional ok") << "{\"cmd\": \"ls\", \"timeout\": null}" << "";
    QTest::newRow("null required bad") << "{\"cmd\": null}" << "parameters.cmd|None is not of type 'string'";
    QTest::newRow("not an object") << "[1]" << "parameters|parameters must be an object";
}

void TestValidator::validateParameters()
{
    QFETCH(QString, params);
    QFETCH(QString, expected);
    const Value schema = J("{\"cmd\": {\"type\": \"string\", \"required\": true},"
                           "\"timeout\": {\"type\": \"integer\", \"default\": 60},"
                           "\"mode\": {\"type\": \"string\", \"enum\": [\"a\", \"b\"]}}");
    const QList<Error> errors = schema::validateParameters(json::parse(QStringView(params)), schema);
    if (expected.isEmpty()) {
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).message));
        return;
    }
    QVERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().field + u'|' + errors.first().message, expected);
}

void TestValidator::maskSecrets()
{
    const Value schema = J("{\"password\": {\"type\": \"string\", \"secret\": true},"
                           "\"user\": {\"type\": \"string\"},"
                           "\"nested\": {\"type\": \"object\", \"properties\": {\"token\": {\"secret\": true}}},"
                           "\"list\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
                           "  \"properties\": {\"key\": {\"secret\": true}}}},"
                           "\"unset\": {\"type\": \"string\", \"secret\": true}}");
    const Value params = J("{\"password\": \"hunter2\", \"user\": \"bob\", \"nested\": {\"token\": \"t\", \"ok\": 1},"
                           "\"list\": [{\"key\": \"k1\", \"x\": 1}, {\"key\": \"k2\"}], \"unset\": null, \"extra\": 1}");
    const Value masked = schema::maskSecrets(params, schema);
    QCOMPARE(masked, J("{\"password\": \"********\", \"user\": \"bob\", \"nested\": {\"token\": \"********\", \"ok\": 1},"
                       "\"list\": [{\"key\": \"********\", \"x\": 1}, {\"key\": \"********\"}], \"unset\": null,"
                       "\"extra\": 1}"));
    // The input is untouched (copy-on-write).
    QCOMPARE(params[u"password"], Value(QStringLiteral("hunter2")));
}

void TestValidator::maskSecretsInResult()
{
    const Value legacy = J("{\"token\": {\"type\": \"string\", \"secret\": true}, \"n\": {\"type\": \"integer\"}}");
    const Value full = J("{\"type\": \"object\", \"properties\": {\"token\": {\"type\": \"string\", \"secret\": true}}}");
    const Value result = J("{\"result\": {\"token\": \"abc\", \"n\": 1}, \"exit_code\": 0}");
    QCOMPARE(schema::maskSecretsInResult(result, legacy, QStringLiteral("result")),
             J("{\"result\": {\"token\": \"********\", \"n\": 1}, \"exit_code\": 0}"));
    QCOMPARE(schema::maskSecretsInResult(result[u"result"], full), J("{\"token\": \"********\", \"n\": 1}"));
    // Output not shaped like the schema: untouched.
    QCOMPARE(schema::maskSecretsInResult(J("{\"result\": \"text\"}"), legacy, QStringLiteral("result")),
             J("{\"result\": \"text\"}"));
}

QTEST_GUILESS_MAIN(TestValidator)
#include "tst_validator.moc"
