#include "base/Json.h"
#include "base/Python.h"
#include "base/Error.h"
#include "base/Ids.h"

#include <QTest>

using namespace squall;

class TestValue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pythonRepr_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("repr");
        QTest::newRow("dict") << R"({"foo": "bar", "name": "test"})" << R"({'foo': 'bar', 'name': 'test'})";
        QTest::newRow("order kept") << R"({"z": 1, "a": 2})" << R"({'z': 1, 'a': 2})";
        QTest::newRow("scalars") << R"([1, 2.0, null, true, false, "x"])" << R"([1, 2.0, None, True, False, 'x'])";
        QTest::newRow("quote choice") << "[\"it's\", \"say \\\"hi\\\"\", \"both ' \\\"\"]"
                                      << "[\"it's\", 'say \"hi\"', 'both \\' \"']";
        QTest::newRow("escapes") << R"(["a\nb\\c"])" << R"(['a\nb\\c'])";
        QTest::newRow("floats") << R"([1e16, 1e15, 0.0001, 0.00001, 1.5e-7, 0.1, -2.5])"
                                << R"([1e+16, 1000000000000000.0, 0.0001, 1e-05, 1.5e-07, 0.1, -2.5])";
        QTest::newRow("unicode") << R"(["h\u00e9"])" << QStringLiteral("['h\u00e9']");
    }
    void pythonRepr()
    {
        QFETCH(QString, json);
        QFETCH(QString, repr);
        json::ParseError err;
        const Value v = json::parse(json, &err);
        QVERIFY2(err.ok(), qPrintable(err.message));
        QCOMPARE(py::repr(v), repr);
    }

    void jsonRoundTrip()
    {
        const QByteArray src = "{\"a\":[1,2.5,\"x\\\"y\",null,true],\"b\":{\"c\":-3},\"big\":12345678901234}";
        const Value v = json::parse(src);
        QCOMPARE(json::serialize(v), src);
        QVERIFY(v[u"big"].isInt());
        QCOMPARE(json::dumpsPython(v[u"b"]), QStringLiteral(R"({"c": -3})"));
        QCOMPARE(json::dumpsPython(Value(QStringLiteral("h\u00e9"))), QStringLiteral(R"("h\u00e9")"));
    }

    void jsonErrors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("trailing comma") << QByteArray("{\"a\": 1,}") << 1 << 9;
        QTest::newRow("second line") << QByteArray("{\n  \"a\": tru\n}") << 2 << 8;
        QTest::newRow("unterminated") << QByteArray("[\"abc") << 1 << 6;
        QTest::newRow("garbage after") << QByteArray("{} x") << 1 << 4;
    }
    void jsonErrors()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        json::ParseError err;
        json::parse(text, &err);
        QVERIFY(!err.ok());
        QCOMPARE(err.line, line);
        QCOMPARE(err.column, column);
    }

    void equalityIsPythonic()
    {
        QVERIFY(py::equals(Value(1), Value(1.0)));
        QVERIFY(py::equals(Value(true), Value(1)));
        QVERIFY(!py::equals(Value(QStringLiteral("1")), Value(1)));
        QVERIFY(py::equals(json::parse(QByteArray(R"({"a":1,"b":2})")), json::parse(QByteArray(R"({"b":2,"a":1})"))));
        QVERIFY(!py::equals(Value(), Value(0)));
    }

    void comparisonRaisesOnMixedTypes()
    {
        QCOMPARE(py::compare(Value(1), Value(2.5)), -1);
        QCOMPARE(py::compare(Value(QStringLiteral("b")), Value(QStringLiteral("a"))), 1);
        QCOMPARE(py::compare(makeList({1, 2}), makeList({1, 3})), -1);
        try {
            py::compare(Value(QStringLiteral("1")), Value(1));
            QFAIL("expected TypeError");
        } catch (const SquallException &e) {
            QCOMPARE(e.error().kind, QStringLiteral("TypeError"));
            QCOMPARE(e.error().message, QStringLiteral("'<' not supported between instances of 'str' and 'int'"));
        }
        QVERIFY_THROWS_EXCEPTION(SquallException, py::compare(Value(), Value(1)));
    }

    void containment()
    {
        QVERIFY(py::contains(Value(QStringLiteral("hello")), Value(QStringLiteral("ell"))));
        QVERIFY(py::contains(makeList({1, QStringLiteral("a")}), Value(1.0)));
        QVERIFY(py::contains(makeDict({{QStringLiteral("k"), 1}}), Value(QStringLiteral("k"))));
        QVERIFY_THROWS_EXCEPTION(SquallException, py::contains(Value(QStringLiteral("x")), Value(1)));
        QVERIFY_THROWS_EXCEPTION(SquallException, py::contains(Value(5), Value(1)));
    }

    void largeDictLookupAndCopyOnWrite()
    {
        ValueDict d;
        for (int i = 0; i < 1000; ++i)
            d.insert(QStringLiteral("k%1").arg(i), i);
        Value a(d);
        Value b = a;
        b.dictRef().insert(QStringLiteral("k5"), QStringLiteral("changed"));
        QCOMPARE(a[u"k5"].toInt(), 5);
        QCOMPARE(b[u"k5"].toString(), QStringLiteral("changed"));
        QCOMPARE(b.toDict().entries().at(5).first, QStringLiteral("k5"));
        QCOMPARE(a[u"k999"].toInt(), 999);
        QVERIFY(!a.contains(u"k1000"));
    }

    void numbersFromStrings()
    {
        qint64 i = 0;
        double d = 0;
        QVERIFY(py::parseInt(u" 42 ", &i));
        QCOMPARE(i, 42);
        QVERIFY(py::parseInt(u"1_000", &i));
        QCOMPARE(i, 1000);
        QVERIFY(!py::parseInt(u"4.2", &i));
        QVERIFY(!py::parseInt(u"abc", &i));
        QVERIFY(py::parseFloat(u"4.5", &d));
        QCOMPARE(d, 4.5);
        QVERIFY(py::parseFloat(u"1e3", &d));
        QVERIFY(!py::parseFloat(u"1.2.x", &d));
    }

    void ids()
    {
        const QString a = newId();
        const QString b = newId();
        QVERIFY(isId(a));
        QVERIFY(a != b);
        QVERIFY(a < b);
        QVERIFY(!isId(u"xyz"));
    }

    void timestamps()
    {
        const QDateTime t = parseTimestamp(u"2020-11-05T10:34:06.123456Z");
        QVERIFY(t.isValid());
        QCOMPARE(isoTimestamp(t), QStringLiteral("2020-11-05T10:34:06.123000Z"));
        QCOMPARE(parseTimestamp(u"2020-11-05T12:34:06+02:00"), parseTimestamp(u"2020-11-05 10:34:06"));
        QVERIFY(!parseTimestamp(u"yesterday").isValid());
        QCOMPARE(isoFromMicros(1604572446123456), QStringLiteral("2020-11-05T10:34:06.123456Z"));
    }
};

QTEST_GUILESS_MAIN(TestValue)
#include "tst_value.moc"
