#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "schema/Casts.h"
#include "schema/PyLiteral.h"

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


} // namespace

class TestCasts final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void literalEval_data();
    void literalEval();
    void castRendered_data();
    void castRendered();
    void castCli_data();
    void castCli();
};

void TestCasts::literalEval_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");  // JSON, or "!" for an error
    QTest::newRow("dict") << "{'a': 1, \"b\": [1, 2.5, None, True, False]}"
                          << "{\"a\": 1, \"b\": [1, 2.5, null, true, false]}";
    QTest::newRow("nested") << "{'a': {'b': ('x', 'y')}}" << "{\"a\": {\"b\": [\"x\", \"y\"]}}";
    QTest::newRow("tuple top level") << "1, 2" << "[1, 2]";
    QTest::newRow("paren value") << "(5)" << "5";
    QTest::newRow("single tuple") << "(5,)" << "[5]";
    QTest::newRow("negative") << "-3" << "-3";
    QTest::newRow("negative float") << "-2.5e2" << "-250.0";
    QTest::newRow("hex") << "0x1F" << "31";
    QTest::newRow("underscore") << "1_000" << "1000";
    QTest::newRow("escapes") << "'a\\nb\\t\\'c\\x41\\u00e9'" << "\"a\\nb\\t'cA\\u00e9\"";
    QTest::newRow("raw string") << "r'a\\nb'" << "\"a\\\\nb\"";
    QTest::newRow("concatenation") << "'a' \"b\"" << "\"ab\"";
    QTest::newRow("triple quoted") << "'''x'y'''" << "\"x'y\"";
    QTest::newRow("empty dict") << "{}" << "{}";
    QTest::newRow("set") << "{1, 2, 1}" << "[1, 2]";
    QTest::newRow("trailing comma") << "[1, 2,]" << "[1, 2]";
    QTest::newRow("True") << "True" << "true";
    QTest::newRow("trailing spaces") << "None  " << "null";
    QTest::newRow("name") << "foo" << "!";
    QTest::newRow("lowercase true") << "true" << "!";
    QTest::newRow("call") << "f(1)" << "!";
    QTest::newRow("unterminated") << "'abc" << "!";
    QTest::newRow("leading zero") << "012" << "!";
    QTest::newRow("leading space") << " 1" << "!";
    QTest::newRow("empty") << "" << "!";
    QTest::newRow("garbage after") << "[1] x" << "!";
}

void TestCasts::literalEval()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    if (expected == u"!") {
        try {
            const Value v = schema::literalEval(source);
            QFAIL(qPrintable(QStringLiteral("expected an error, got ") + py::repr(v)));
        } catch (const SquallException &e) {
            QCOMPARE(e.error().kind, QStringLiteral("ValueError"));
            QVERIFY(e.error().message.startsWith(QStringLiteral("malformed node or string")));
        }
        return;
    }
    const Value v = schema::literalEval(source);
    QCOMPARE(json::toString(v), json::toString(J(expected)));
}

void TestCasts::castRendered_data()
{
    QTest::addColumn<QString>("value");     // JSON
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("expected");  // JSON, or "!Kind: message prefix"
    const QString none = QStringLiteral("\"%*****__%NONE%__*****%\"");

    QTest::newRow("object json") << "\"{\\\"a\\\": 1}\"" << "object" << "{\"a\": 1}";
    QTest::newRow("object python") << "\"{'a': 1, 'b': None}\"" << "object" << "{\"a\": 1, \"b\": null}";
    QTest::newRow("object passthrough") << "{\"a\": 1}" << "object" << "{\"a\": 1}";
    QTest::newRow("object bad") << "\"not json\"" << "object" << "!ValueError: malformed";
    QTest::newRow("array json") << "\"[1, \\\"x\\\"]\"" << "array" << "[1, \"x\"]";
    QTest::newRow("array python") << "\"['a', True]\"" << "array" << "[\"a\", true]";
    QTest::newRow("array none magic") << none << "array" << "null";
    QTest::newRow("bool true") << "\"true\"" << "boolean" << "true";
    QTest::newRow("bool TRUE") << "\"TRUE\"" << "boolean" << "true";
    QTest::newRow("bool False") << "\"False\"" << "boolean" << "false";
    QTest::newRow("bool 1 stays int") << "\"1\"" << "boolean" << "1";
    QTest::newRow("bool native") << "false" << "boolean" << "false";
    QTest::newRow("bool yes") << "\"yes\"" << "boolean" << "!ValueError: malformed";
    QTest::newRow("bool none magic") << none << "boolean" << "null";
    QTest::newRow("int string") << "\"12\"" << "integer" << "12";
    QTest::newRow("int spaces") << "\" 12 \"" << "integer" << "12";
    QTest::newRow("int float truncates") << "3.9" << "integer" << "3";
    QTest::newRow("int bool") << "true" << "integer" << "1";
    QTest::newRow("int float string") << "\"1.5\"" << "integer"
                                      << "!ValueError: invalid literal for int() with base 10: '1.5'";
    QTest::newRow("int list") << "[1]" << "integer" << "!TypeError: int() argument";
    QTest::newRow("int none magic") << none << "integer" << "null";
    QTest::newRow("number string") << "\"1.5\"" << "number" << "1.5";
    QTest::newRow("number exp") << "\"1e3\"" << "number" << "1000.0";
    QTest::newRow("number int") << "2" << "number" << "2.0";
    QTest::newRow("number bad") << "\"x\"" << "number" << "!ValueError: could not convert string to float: 'x'";
    QTest::newRow("string ok") << "\"x\"" << "string" << "\"x\"";
    QTest::newRow("string int") << "1" << "string"
                                << "!ValueError: Value \"1\" must either be a string or None. Got \"int\".";
    QTest::newRow("string none magic") << none << "string" << "null";
    QTest::newRow("null passes") << "null" << "integer" << "null";
    QTest::newRow("no type") << "\"5\"" << "" << "\"5\"";
    QTest::newRow("unknown type") << "\"5\"" << "weird" << "\"5\"";
}

void TestCasts::castRendered()
{
    QFETCH(QString, value);
    QFETCH(QString, type);
    QFETCH(QString, expected);
    const Value schema = type.isEmpty() ? Value(ValueDict()) : Value(makeDict({{QStringLiteral("type"), type}}));
    if (expected.startsWith(u'!')) {
        try {
            const Value v = schema::castRendered(J(value), schema);
            QFAIL(qPrintable(QStringLiteral("expected an error, got ") + py::repr(v)));
        } catch (const SquallException &e) {
            const QString got = e.error().kind + QStringLiteral(": ") + e.error().message;
            QVERIFY2(got.startsWith(expected.mid(1)), qPrintable(got));
        }
        return;
    }
    const Value v = schema::castRendered(J(value), schema);
    // Compare through JSON so 2.0 and 2 stay distinct.
    QCOMPARE(json::toString(v), json::toString(J(expected)));
}

void TestCasts::castCli_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("schema");
    QTest::addColumn<QString>("expected");  // JSON or "!message fragment"
    QTest::newRow("array comma") << "a, b" << "{\"type\": \"array\"}" << "[\"a\", \"b\"]";
    QTest::newRow("array json") << "[1, \"x\"]" << "{\"type\": \"array\"}" << "[1, \"x\"]";
    QTest::newRow("array typed items") << "1,2" << "{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}"
                                       << "[1, 2]";
    QTest::newRow("array bad item") << "1,x" << "{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}"
                                    << "!Parameter \"p\": cannot parse 'x' as integer";
    QTest::newRow("array bad json") << "[1," << "{\"type\": \"array\"}" << "!Parameter \"p\"";
    QTest::newRow("array single") << "51" << "{\"type\": \"array\"}" << "[\"51\"]";
    QTest::newRow("object pairs") << "a=1,b=x=y" << "{\"type\": \"object\"}" << "{\"a\": \"1\", \"b\": \"x=y\"}";
    QTest::newRow("object json") << "{\"a\": 1}" << "{\"type\": \"object\"}" << "{\"a\": 1}";
    QTest::newRow("object bad") << "abc" << "{\"type\": \"object\"}" << "!Parameter \"p\": cannot parse 'abc' as object";
    QTest::newRow("bool Yes") << "Yes" << "{\"type\": \"boolean\"}" << "true";
    QTest::newRow("bool 0") << "0" << "{\"type\": \"boolean\"}" << "false";
    QTest::newRow("bool FALSE") << "FALSE" << "{\"type\": \"boolean\"}" << "false";
    QTest::newRow("bool bad") << "maybe" << "{\"type\": \"boolean\"}"
                              << "!Parameter \"p\": cannot parse 'maybe' as boolean";
    QTest::newRow("int") << "42" << "{\"type\": \"integer\"}" << "42";
    QTest::newRow("int bad") << "4.2" << "{\"type\": \"integer\"}" << "!Parameter \"p\": cannot parse '4.2' as integer";
    QTest::newRow("number float") << "1.5" << "{\"type\": \"number\"}" << "1.5";
    QTest::newRow("number int") << "2" << "{\"type\": \"number\"}" << "2";
    QTest::newRow("number bad") << "x" << "{\"type\": \"number\"}" << "!cannot parse 'x' as number";
    QTest::newRow("string as is") << " a b " << "{\"type\": \"string\"}" << "\" a b \"";
    QTest::newRow("untyped") << "7" << "{}" << "\"7\"";
}

void TestCasts::castCli()
{
    QFETCH(QString, raw);
    QFETCH(QString, schema);
    QFETCH(QString, expected);
    if (expected.startsWith(u'!')) {
        try {
            const Value v = schema::castCliArgument(raw, J(schema), QStringLiteral("p"));
            QFAIL(qPrintable(QStringLiteral("expected an error, got ") + py::repr(v)));
        } catch (const SquallException &e) {
            QCOMPARE(e.error().kind, QStringLiteral("ParameterError"));
            QVERIFY2(e.error().message.contains(expected.mid(1)), qPrintable(e.error().message));
        }
        return;
    }
    QCOMPARE(json::toString(schema::castCliArgument(raw, J(schema), QStringLiteral("p"))),
             json::toString(J(expected)));
}

QTEST_GUILESS_MAIN(TestCasts)
#include "tst_casts.moc"
