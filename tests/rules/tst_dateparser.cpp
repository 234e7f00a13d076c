// timediff_* dates: StackStorm's st2common.util.date.parse (ciso8601, then
// dateutil.parser.parse; a naive result is UTC). Expected values follow
// ciso8601 2.x and python-dateutil 2.9 with the default parserinfo.
#include "base/Error.h"
#include "base/Ids.h"
#include "base/Json.h"
#include "rules/DateParser.h"
#include "rules/Operators.h"

#include <QDate>
#include <QLocale>
#include <QTest>

using namespace squall;
using namespace squall::rules;

class TestDateParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void errors_data();
    void errors();
    void timediffOperators_data();
    void timediffOperators();
};

void TestDateParser::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");  // UTC; {today} is today's local date (dateutil's default)

    const auto row = [](const char *text, const char *expected) {
        QTest::newRow(text) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };
    // ciso8601's share.
    row("2026-12-02T23:51:44Z", "2026-12-02T23:51:44.000000Z");
    row("2026-12-02T23:51:44+01:00", "2026-12-02T22:51:44.000000Z");
    row("2026-12-02T23:51:44-0530", "2026-12-03T05:21:44.000000Z");
    row("2026-12-02T23:51:44+05", "2026-12-02T18:51:44.000000Z");
    row("2026-12-02T23:51:44.123456Z", "2026-12-02T23:51:44.123456Z");
    row("2026-12-02T23:51:44.1234567Z", "2026-12-02T23:51:44.123456Z");
    row("2026-12-02T23:51:44,5Z", "2026-12-02T23:51:44.500000Z");
    row("2026-12-02T23:51:44", "2026-12-02T23:51:44.000000Z");
    row("2026-12-02 23:51:44", "2026-12-02T23:51:44.000000Z");
    row("2026-12-02t23:51", "2026-12-02T23:51:00.000000Z");
    row("2026-12-02T23", "2026-12-02T23:00:00.000000Z");
    row("20261202T235144Z", "2026-12-02T23:51:44.000000Z");
    row("20261202T235144", "2026-12-02T23:51:44.000000Z");
    row("20261202T2351", "2026-12-02T23:51:00.000000Z");
    row("20261202", "2026-12-02T00:00:00.000000Z");
    row("2026-12-02", "2026-12-02T00:00:00.000000Z");
    row("2026-12", "2026-12-01T00:00:00.000000Z");
    row("2026", "2026-01-01T00:00:00.000000Z");
    row("2026-336", "2026-12-02T00:00:00.000000Z");
    row("2026-W49-3", "2026-12-02T00:00:00.000000Z");
    row("2026W493", "2026-12-02T00:00:00.000000Z");
    row("2026-12-02T24:00:00Z", "2026-12-03T00:00:00.000000Z");
    // dateutil's share.
    row("Wed, 02 Dec 2026 23:51:44 +0000", "2026-12-02T23:51:44.000000Z");
    row("Wed, 02 Dec 2026 23:51:44 -0100", "2026-12-03T00:51:44.000000Z");
    row("Wed, 02 Dec 2026 23:51:44 GMT", "2026-12-02T23:51:44.000000Z");
    row("Wed Dec  2 23:51:44 2026", "2026-12-02T23:51:44.000000Z");
    row("Dec 2 2026 11:51PM", "2026-12-02T23:51:00.000000Z");
    row("Dec 2 2026 12:10 am", "2026-12-02T00:10:00.000000Z");
    row("December 2, 2026", "2026-12-02T00:00:00.000000Z");
    row("2 December 2026 at 10:00", "2026-12-02T10:00:00.000000Z");
    row("2026/12/02 23:51", "2026-12-02T23:51:00.000000Z");
    row("02-Dec-2026", "2026-12-02T00:00:00.000000Z");
    row("12/02/2026", "2026-12-02T00:00:00.000000Z");       // month first
    row("02/12/2026", "2026-02-12T00:00:00.000000Z");
    row("12/02/26", "2026-12-02T00:00:00.000000Z");         // two-digit year
    row("2026.12.02", "2026-12-02T00:00:00.000000Z");
    row("  2026-12-02  ", "2026-12-02T00:00:00.000000Z");
    row("2026-12-02T23:51:44 UTC", "2026-12-02T23:51:44.000000Z");
    row("2026-12-02 23:51:44 GMT+3", "2026-12-03T02:51:44.000000Z");  // POSIX sign
    row("2026-12-02 23:51:44 EST", "2026-12-02T23:51:44.000000Z");    // unknown zone name: ignored
    row("2026-12-02 23:51:44.5 +01:00", "2026-12-02T22:51:44.500000Z");
    row("2026-12-02T23:51:44.123Z ", "2026-12-02T23:51:44.123000Z");
    row("23:51", "{today}T23:51:00.000000Z");
    row("10am", "{today}T10:00:00.000000Z");
    row("5 minutes", "{today}T00:05:00.000000Z");
}

void TestDateParser::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    expected.replace(QStringLiteral("{today}"), QDate::currentDate().toString(Qt::ISODate));
    QString error;
    const std::optional<qint64> us = DateParser::parse(text, &error);
    QVERIFY2(us.has_value(), qPrintable(error));
    QCOMPARE(isoFromMicros(*us), expected);
}

void TestDateParser::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("words") << "not a date" << "Unknown string format: not a date";
    QTest::newRow("None") << "None" << "Unknown string format: None";
    QTest::newRow("empty") << "" << "String does not contain a date: ";
    QTest::newRow("spaces") << "   " << "String does not contain a date:    ";
    QTest::newRow("month 13") << "2026-13-01" << "month must be in 1..12: 2026-13-01";
    QTest::newRow("Feb 30") << "2026-02-30" << "day is out of range for month: 2026-02-30";
    QTest::newRow("hour 25") << "2026-12-02 25:00" << "hour must be in 0..23: 2026-12-02 25:00";
    QTest::newRow("am without hour") << "am" << "Unknown string format: am";
    QTest::newRow("lower-case utc") << "2026-12-02 10:00 utc" << "Unknown string format: 2026-12-02 10:00 utc";
    QTest::newRow("nan") << "nan" << "Unknown string format: nan";
    QTest::newRow("huge hour") << "99999999999999999999:00" << "Unknown string format: 99999999999999999999:00";
    QTest::newRow("year 0") << "0000-01-01" << "year 0 is out of range: 0000-01-01";
    QTest::newRow("list repr") << "[1, 2]" << "Unknown string format: [1, 2]";
}

void TestDateParser::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!DateParser::parse(text, &error).has_value());
    QCOMPARE(error, message);
}

void TestDateParser::timediffOperators_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<QString>("value");    // JSON, or "@ago:N" for N seconds ago in the given format
    QTest::addColumn<QString>("pattern");  // JSON
    QTest::addColumn<QString>("expected"); // T, F or E:<kind>
    QTest::newRow("lt recent iso") << "timediff_lt" << "@ago:10" << "60" << "T";
    QTest::newRow("lt old iso") << "timediff_lt" << "@ago:120" << "60" << "F";
    QTest::newRow("gt old") << "timediff_gt" << "@ago:120" << "60" << "T";
    QTest::newRow("td_gt alias") << "td_gt" << "@ago:120" << "\"60\"" << "T";
    QTest::newRow("td_lt string period") << "td_lt" << "@ago:10" << "\" 60 \"" << "T";
    QTest::newRow("lt rfc2822") << "timediff_lt" << "@rfc:10" << "60" << "T";
    QTest::newRow("gt naive is utc") << "timediff_gt" << "@naive:120" << "60" << "T";
    QTest::newRow("lt naive is utc") << "timediff_lt" << "@naive:10" << "60" << "T";
    QTest::newRow("int value is str()ed") << "timediff_gt" << "20001202" << "60" << "T";
    QTest::newRow("null value") << "timediff_gt" << "null" << "60" << "E:ParserError";
    QTest::newRow("bool value") << "timediff_gt" << "true" << "60" << "E:ParserError";
    QTest::newRow("garbage") << "timediff_lt" << "\"yesterday-ish\"" << "60" << "E:ParserError";
    QTest::newRow("bad period") << "timediff_lt" << "@ago:10" << "\"soon\"" << "E:ValueError";
    QTest::newRow("list period") << "timediff_lt" << "@ago:10" << "[1]" << "E:TypeError";
    QTest::newRow("bool period") << "timediff_gt" << "@ago:10" << "true" << "T";
    QTest::newRow("null period") << "timediff_lt" << "\"junk\"" << "null" << "F";
    QTest::newRow("nlt is not an operator") << "timediff_nlt" << "@ago:10" << "60" << "E:ValueError";
}

void TestDateParser::timediffOperators()
{
    QFETCH(QString, op);
    QFETCH(QString, value);
    QFETCH(QString, pattern);
    QFETCH(QString, expected);
    Value v;
    if (value.startsWith(u'@')) {
        const qint64 ago = value.section(u':', 1).toLongLong();
        const QDateTime t = QDateTime::currentDateTimeUtc().addSecs(-ago);
        if (value.startsWith(u"@ago"))
            v = Value(isoFromMicros(t.toMSecsSinceEpoch() * 1000));
        else if (value.startsWith(u"@naive"))
            v = Value(t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        else
            v = Value(QLocale::c().toString(t, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss +0000")));
    } else {
        v = json::parse(QStringView(value));
    }
    const Value p = json::parse(QStringView(pattern));
    try {
        const bool result = applyOperator(op, v, p);
        QCOMPARE(result ? QStringLiteral("T") : QStringLiteral("F"), expected);
    } catch (const SquallException &e) {
        QCOMPARE(QStringLiteral("E:") + e.error().kind, expected);
    }
}

QTEST_GUILESS_MAIN(TestDateParser)
#include "tst_dateparser.moc"
