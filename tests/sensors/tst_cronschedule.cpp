#include "base/Json.h"
#include "base/Value.h"
#include "sensors/CivilTime.h"
#include "sensors/CronSchedule.h"

#include <QTest>

using namespace squall;
using namespace squall::sensors;

// Expected tables were cross-checked against APScheduler 3.9's CronTrigger;
// the DST rows document where Squall deliberately differs (see CronSchedule.h).
class TestCronSchedule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nextFireTimes_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("fields");
        QTest::addColumn<QString>("start");
        QTest::addColumn<QString>("expected");  // space-separated ISO times, "none" when it stops

        auto row = [](const char *name, const char *zone, const char *fields, const char *start, const char *expected) {
            QTest::newRow(name) << QString::fromUtf8(zone) << QString::fromUtf8(fields) << QString::fromUtf8(start)
                                << QString::fromUtf8(expected);
        };
        row("every 5 s", "UTC", "{\"second\": \"*/5\"}", "2026-01-01T00:00:02Z",
            "2026-01-01T00:00:05Z 2026-01-01T00:00:10Z 2026-01-01T00:00:15Z");
        row("every 5 s, start on a match", "UTC", "{\"second\": \"*/5\"}", "2026-01-01T00:00:05Z",
            "2026-01-01T00:00:10Z 2026-01-01T00:00:15Z");
        row("start with a fraction", "UTC", "{\"second\": \"*/5\"}", "2026-01-01T00:00:04.999Z",
            "2026-01-01T00:00:05Z");
        row("quarter hours, lower fields default to 0", "UTC", "{\"minute\": \"*/15\"}", "2026-01-01T10:07:30Z",
            "2026-01-01T10:15:00Z 2026-01-01T10:30:00Z 2026-01-01T10:45:00Z 2026-01-01T11:00:00Z");
        row("weekday names mon-fri", "America/Los_Angeles", "{\"day_of_week\": \"mon-fri\", \"hour\": 9}",
            "2026-11-26T10:00:00-08:00",
            "2026-11-27T09:00:00-08:00 2026-11-30T09:00:00-08:00 2026-12-01T09:00:00-08:00 2026-12-02T09:00:00-08:00");
        row("day_of_week 0 is Monday", "UTC", "{\"day_of_week\": 0, \"hour\": 0}", "2026-11-25T00:00:00Z",
            "2026-11-30T00:00:00Z 2026-12-07T00:00:00Z");
        row("day_of_week 6 is Sunday", "UTC", "{\"day_of_week\": \"6\"}", "2026-11-25T00:00:00Z",
            "2026-11-29T00:00:00Z");
        row("weekday list, upper case", "UTC", "{\"day_of_week\": \"SAT,sun\", \"hour\": 12, \"minute\": 30}",
            "2026-11-25T00:00:00Z", "2026-11-28T12:30:00Z 2026-11-29T12:30:00Z 2026-12-05T12:30:00Z");
        row("month names", "UTC", "{\"month\": \"jan,jul\", \"day\": 1}", "2026-03-05T00:00:00Z",
            "2026-07-01T00:00:00Z 2027-01-01T00:00:00Z 2027-07-01T00:00:00Z");
        row("month name range", "UTC", "{\"month\": \"nov-dec\"}", "2026-03-05T00:00:00Z",
            "2026-11-01T00:00:00Z");
        row("month and day ranges", "UTC", "{\"month\": \"2-3\", \"day\": \"28-31\", \"hour\": 6}",
            "2027-02-27T00:00:00Z",
            "2027-02-28T06:00:00Z 2027-03-28T06:00:00Z 2027-03-29T06:00:00Z 2027-03-30T06:00:00Z "
            "2027-03-31T06:00:00Z 2028-02-28T06:00:00Z");
        row("range with step", "UTC", "{\"hour\": \"8-18/5\"}", "2026-05-01T09:00:00Z",
            "2026-05-01T13:00:00Z 2026-05-01T18:00:00Z 2026-05-02T08:00:00Z 2026-05-02T13:00:00Z");
        row("value with step", "UTC", "{\"minute\": \"10/20\"}", "2026-05-01T09:00:00Z",
            "2026-05-01T09:10:00Z 2026-05-01T09:30:00Z 2026-05-01T09:50:00Z 2026-05-01T10:10:00Z");
        row("list of values and ranges", "UTC", "{\"minute\": \"5,20-22\", \"second\": 0}", "2026-05-01T09:06:00Z",
            "2026-05-01T09:20:00Z 2026-05-01T09:21:00Z 2026-05-01T09:22:00Z 2026-05-01T10:05:00Z");
        row("last day of month", "UTC", "{\"day\": \"last\", \"hour\": 23, \"minute\": 59}", "2028-01-15T00:00:00Z",
            "2028-01-31T23:59:00Z 2028-02-29T23:59:00Z 2028-03-31T23:59:00Z");
        row("last friday", "UTC", "{\"day\": \"last fri\"}", "2026-01-01T00:00:00Z",
            "2026-01-30T00:00:00Z 2026-02-27T00:00:00Z 2026-03-27T00:00:00Z");
        row("second tuesday", "UTC", "{\"day\": \"2nd tue\", \"hour\": 10}", "2026-01-01T00:00:00Z",
            "2026-01-13T10:00:00Z 2026-02-10T10:00:00Z 2026-03-10T10:00:00Z");
        row("iso week", "UTC", "{\"week\": 1, \"day_of_week\": \"mon\"}", "2026-06-01T00:00:00Z",
            "2027-01-04T00:00:00Z 2028-01-03T00:00:00Z");
        row("year list ends", "UTC", "{\"year\": \"2027,2030\", \"month\": 6}", "2026-06-01T00:00:00Z",
            "2027-06-01T00:00:00Z 2030-06-01T00:00:00Z none");
        row("leap day", "UTC", "{\"month\": 2, \"day\": 29}", "2026-01-01T00:00:00Z",
            "2028-02-29T00:00:00Z 2032-02-29T00:00:00Z");
        row("impossible date never fires", "UTC", "{\"month\": 2, \"day\": 30}", "2026-01-01T00:00:00Z", "none");
        row("no fields: every second", "UTC", "{}", "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:01Z 2026-01-01T00:00:02Z");
        row("timezone parameter", "UTC", "{\"hour\": 8, \"timezone\": \"Asia/Tokyo\"}", "2026-01-01T00:00:00Z",
            "2026-01-02T08:00:00+09:00 2026-01-03T08:00:00+09:00");
        // DST: America/Los_Angeles springs forward 2026-03-08 02:00 -> 03:00, falls back 2026-11-01 02:00 -> 01:00.
        row("LA spring forward: daily 02:30 shifts to 03:30", "America/Los_Angeles", "{\"hour\": 2, \"minute\": 30}",
            "2026-03-07T12:00:00-08:00",
            "2026-03-08T03:30:00-07:00 2026-03-09T02:30:00-07:00 2026-03-10T02:30:00-07:00");
        row("LA spring forward: every 30 min", "America/Los_Angeles", "{\"minute\": \"*/30\"}",
            "2026-03-08T01:00:00-08:00",
            "2026-03-08T01:30:00-08:00 2026-03-08T03:00:00-07:00 2026-03-08T03:30:00-07:00 2026-03-08T04:00:00-07:00");
        row("LA spring forward: daily midnight keeps every day", "America/Los_Angeles", "{\"hour\": 0}",
            "2026-03-07T12:00:00-08:00",
            "2026-03-08T00:00:00-08:00 2026-03-09T00:00:00-07:00 2026-03-10T00:00:00-07:00");
        row("LA fall back: daily 01:30 runs once", "America/Los_Angeles", "{\"hour\": 1, \"minute\": 30}",
            "2026-10-31T12:00:00-07:00",
            "2026-11-01T01:30:00-07:00 2026-11-02T01:30:00-08:00 2026-11-03T01:30:00-08:00");
        row("LA fall back: every 30 min keeps its pace", "America/Los_Angeles", "{\"minute\": \"*/30\"}",
            "2026-11-01T00:45:00-07:00",
            "2026-11-01T01:00:00-07:00 2026-11-01T01:30:00-07:00 2026-11-01T01:00:00-08:00 "
            "2026-11-01T01:30:00-08:00 2026-11-01T02:00:00-08:00 2026-11-01T02:30:00-08:00");
        row("LA fall back: start inside the repeated hour", "America/Los_Angeles", "{\"hour\": 1, \"minute\": 30}",
            "2026-11-01T01:10:00-08:00", "2026-11-02T01:30:00-08:00");
        row("LA fall back: every second crosses the repeat", "America/Los_Angeles", "{}",
            "2026-11-01T01:59:58-07:00",
            "2026-11-01T01:59:59-07:00 2026-11-01T01:00:00-08:00 2026-11-01T01:00:01-08:00");
        // Europe/Paris: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00.
        row("Paris spring forward: 02:15 shifts to 03:15", "Europe/Paris", "{\"hour\": 2, \"minute\": 15}",
            "2026-03-28T12:00:00+01:00",
            "2026-03-29T03:15:00+02:00 2026-03-30T02:15:00+02:00 2026-03-31T02:15:00+02:00");
        row("Paris fall back: hourly fires in both 02:00s", "Europe/Paris", "{\"minute\": 0}",
            "2026-10-25T01:30:00+02:00",
            "2026-10-25T02:00:00+02:00 2026-10-25T02:00:00+01:00 2026-10-25T03:00:00+01:00 2026-10-25T04:00:00+01:00");
        row("Paris fall back: daily 02:30 runs once", "Europe/Paris", "{\"hour\": 2, \"minute\": 30}",
            "2026-10-24T12:00:00+02:00", "2026-10-25T02:30:00+02:00 2026-10-26T02:30:00+01:00");
    }
    void nextFireTimes()
    {
        QFETCH(QString, zone);
        QFETCH(QString, fields);
        QFETCH(QString, start);
        QFETCH(QString, expected);

        json::ParseError parseError;
        const Value params = json::parse(QStringView(fields), &parseError);
        QVERIFY2(parseError.message.isEmpty(), qPrintable(parseError.message));
        QString error;
        const std::optional<CronSchedule> schedule =
            CronSchedule::fromParameters(params, &error, QTimeZone(zone.toUtf8()));
        QVERIFY2(schedule, qPrintable(error));

        QDateTime t = QDateTime::fromString(start, Qt::ISODateWithMs);
        QVERIFY(t.isValid());
        const QStringList times = expected.split(u' ');
        for (const QString &want : times) {
            const QDateTime next = schedule->nextFireTime(t);
            if (want == u"none") {
                QVERIFY2(!next.isValid(), qPrintable(next.toString(Qt::ISODate)));
                break;
            }
            const QDateTime wantTime = QDateTime::fromString(want, Qt::ISODate);
            QVERIFY(wantTime.isValid());
            QVERIFY2(next.isValid(), qPrintable(QStringLiteral("no fire time, expected %1").arg(want)));
            QCOMPARE(next.toString(Qt::ISODate), wantTime.toTimeZone(schedule->timeZone()).toString(Qt::ISODate));
            QCOMPARE(next.toSecsSinceEpoch(), wantTime.toSecsSinceEpoch());
            t = next;
        }
    }

    void invalidFields_data()
    {
        QTest::addColumn<QString>("fields");
        QTest::addColumn<QString>("error");
        auto row = [](const char *name, const char *fields, const char *error) {
            QTest::newRow(name) << QString::fromUtf8(fields) << QString::fromUtf8(error);
        };
        row("step 0", "{\"second\": \"*/0\"}", "second: '*/0': the step must be higher than 0");
        row("step too big", "{\"second\": \"*/60\"}", "second: '*/60': the step value (60) is higher than the total range");
        row("hour 24", "{\"hour\": 24}", "hour: '24': values must be between 0 and 23");
        row("day 0", "{\"day\": \"0\"}", "day: '0': values must be between 1 and 31");
        row("month 13", "{\"month\": \"1-13\"}", "month: '1-13': values must be between 1 and 12");
        row("day_of_week 7", "{\"day_of_week\": 7}", "day_of_week: '7': values must be between 0 and 6");
        row("reversed range", "{\"minute\": \"30-10\"}", "minute: '30-10': the minimum value in a range");
        row("bad weekday name", "{\"day_of_week\": \"funday\"}", "day_of_week: 'funday': unknown weekday name");
        row("bad month name", "{\"month\": \"smarch\"}", "month: 'smarch': unknown month name");
        row("names only in month/dow", "{\"hour\": \"mon\"}", "hour: unrecognised expression 'mon'");
        row("garbage", "{\"hour\": \"abc\"}", "hour: unrecognised expression 'abc'");
        row("6th monday", "{\"day\": \"6th mon\"}", "day: unrecognised expression '6th mon'");
        row("empty list item", "{\"minute\": \"1,,2\"}", "minute: unrecognised expression ''");
        row("empty string", "{\"hour\": \"\"}", "hour: empty expression");
        row("bool", "{\"hour\": true}", "hour: must be an integer or a string, not bool");
        row("float", "{\"hour\": 1.5}", "hour: must be an integer or a string, not float");
        row("unknown field", "{\"minutes\": 5}", "minutes: unknown field");
        row("unknown zone", "{\"timezone\": \"Mars/Olympus\"}", "timezone: unknown time zone 'Mars/Olympus'");
        row("zone not a string", "{\"timezone\": 3}", "timezone: must be a string, not int");
        row("not an object", "[1, 2]", "parameters must be an object, not list");
    }
    void invalidFields()
    {
        QFETCH(QString, fields);
        QFETCH(QString, error);
        const Value params = json::parse(QStringView(fields));
        QString actual;
        QVERIFY(!CronSchedule::fromParameters(params, &actual, QTimeZone::utc()));
        QVERIFY2(actual.startsWith(error), qPrintable(actual));
    }

    void defaultZoneApplies()
    {
        QString error;
        const auto schedule = CronSchedule::fromParameters(makeDict({ { QStringLiteral("hour"), 9 } }), &error);
        QVERIFY2(schedule, qPrintable(error));
        QCOMPARE(schedule->timeZone().id(), QByteArray("America/Los_Angeles"));
        const auto paris = CronSchedule::fromParameters(Value(), &error, QTimeZone("Europe/Paris"));
        QVERIFY(paris);
        QCOMPARE(paris->timeZone().id(), QByteArray("Europe/Paris"));
        QVERIFY(!schedule->nextFireTime(QDateTime()).isValid());
    }

    void pythonUtcString_data()
    {
        QTest::addColumn<qint64>("micros");
        QTest::addColumn<QString>("text");
        QTest::newRow("epoch") << qint64(0) << QStringLiteral("1970-01-01 00:00:00+00:00");
        QTest::newRow("micros") << qint64(1795724293123456) << QStringLiteral("2026-11-26 20:18:13.123456+00:00");
        QTest::newRow("leading zeros") << qint64(1795724293000042) << QStringLiteral("2026-11-26 20:18:13.000042+00:00");
        QTest::newRow("leap day") << qint64(1709208000500000) << QStringLiteral("2024-02-29 12:00:00.500000+00:00");
        QTest::newRow("before epoch") << qint64(-1) << QStringLiteral("1969-12-31 23:59:59.999999+00:00");
    }
    void pythonUtcString()
    {
        QFETCH(qint64, micros);
        QFETCH(QString, text);
        QCOMPARE(civil::pythonUtcString(micros), text);
    }

    void parseDate_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("utc");  // empty = rejected
        QTest::newRow("space, naive in zone") << QStringLiteral("2026-12-31 23:59:59") << QStringLiteral("UTC")
                                              << QStringLiteral("2026-12-31T23:59:59.000Z");
        QTest::newRow("naive LA") << QStringLiteral("2026-07-01T10:00:00") << QStringLiteral("America/Los_Angeles")
                                  << QStringLiteral("2026-07-01T17:00:00.000Z");
        QTest::newRow("Z wins over zone") << QStringLiteral("2026-07-01T10:00:00Z")
                                          << QStringLiteral("America/Los_Angeles")
                                          << QStringLiteral("2026-07-01T10:00:00.000Z");
        QTest::newRow("offset and fraction") << QStringLiteral("2026-07-01T10:00:00.123456+02:00")
                                             << QStringLiteral("UTC") << QStringLiteral("2026-07-01T08:00:00.123Z");
        QTest::newRow("date only") << QStringLiteral("2026-07-01") << QStringLiteral("Europe/Paris")
                                   << QStringLiteral("2026-06-30T22:00:00.000Z");
        QTest::newRow("no seconds") << QStringLiteral("2026-07-01 10:30") << QStringLiteral("UTC")
                                    << QStringLiteral("2026-07-01T10:30:00.000Z");
        QTest::newRow("words") << QStringLiteral("tomorrow") << QStringLiteral("UTC") << QString();
        QTest::newRow("month 13") << QStringLiteral("2026-13-01 00:00:00") << QStringLiteral("UTC") << QString();
        QTest::newRow("feb 30") << QStringLiteral("2026-02-30") << QStringLiteral("UTC") << QString();
        QTest::newRow("hour 25") << QStringLiteral("2026-02-03 25:00") << QStringLiteral("UTC") << QString();
        QTest::newRow("trailing junk") << QStringLiteral("2026-02-03 10:00 soon") << QStringLiteral("UTC") << QString();
    }
    void parseDate()
    {
        QFETCH(QString, text);
        QFETCH(QString, zone);
        QFETCH(QString, utc);
        const std::optional<qint64> ms = civil::parseDateTimeMSecs(text, QTimeZone(zone.toUtf8()));
        if (utc.isEmpty()) {
            QVERIFY(!ms);
            return;
        }
        QVERIFY(ms);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(Qt::ISODateWithMs), utc);
    }
};

QTEST_GUILESS_MAIN(TestCronSchedule)
#include "tst_cronschedule.moc"
