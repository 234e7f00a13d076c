// The one JSON-schema type predicate (draft 4), as a table: every value kind
// against every type name, the edge cases spelled out.
#include "base/Json.h"
#include "base/JsonType.h"

#include <QTest>

using namespace squall;

class TestJsonType final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void table_data()
    {
        QTest::addColumn<QByteArray>("json");
        // string integer number boolean object array null any
        QTest::addColumn<QString>("expected");
        QTest::newRow("int") << QByteArray("1") << QStringLiteral("-++----+");
        QTest::newRow("zero") << QByteArray("0") << QStringLiteral("-++----+");
        QTest::newRow("negative int") << QByteArray("-7") << QStringLiteral("-++----+");
        // Draft 4: a float is never an integer, even with an integral value.
        QTest::newRow("integral float") << QByteArray("1.0") << QStringLiteral("--+----+");
        QTest::newRow("float") << QByteArray("1.5") << QStringLiteral("--+----+");
        // Booleans are neither integers nor numbers (Python's bool is an int; jsonschema excludes it).
        QTest::newRow("true") << QByteArray("true") << QStringLiteral("---+---+");
        QTest::newRow("false") << QByteArray("false") << QStringLiteral("---+---+");
        QTest::newRow("null") << QByteArray("null") << QStringLiteral("------++");
        QTest::newRow("string") << QByteArray("\"1\"") << QStringLiteral("+------+");
        QTest::newRow("empty string") << QByteArray("\"\"") << QStringLiteral("+------+");
        QTest::newRow("object") << QByteArray("{}") << QStringLiteral("----+--+");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("-----+-+");
    }

    void table()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        static const QStringList types = {QStringLiteral("string"), QStringLiteral("integer"), QStringLiteral("number"),
                                          QStringLiteral("boolean"), QStringLiteral("object"), QStringLiteral("array"),
                                          QStringLiteral("null"), QStringLiteral("any")};
        QCOMPARE(expected.size(), types.size());
        json::ParseError err;
        const Value v = json::parse(json, &err);
        QVERIFY(err.ok());
        QString got;
        for (const QString &t : types)
            got += json::isOfType(v, t) ? u'+' : u'-';
        QCOMPARE(got, expected);
    }

    void unknownTypes()
    {
        QVERIFY(!json::isKnownType(u"float"));
        QVERIFY(!json::isOfType(Value(1.5), u"float"));
        QVERIFY(!json::isOfType(Value(), u""));
        for (const char16_t *t : {u"string", u"integer", u"number", u"boolean", u"object", u"array", u"null", u"any"})
            QVERIFY(json::isKnownType(QStringView(t)));
    }
};

QTEST_GUILESS_MAIN(TestJsonType)
#include "tst_jsontype.moc"
