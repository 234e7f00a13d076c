#include "base/Json.h"
#include "base/Value.h"
#include "sensors/TimerService.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace squall;
using namespace squall::sensors;

namespace {

Value params(const char *jsonText)
{
    json::ParseError error;
    Value v = json::parse(QByteArray(jsonText), &error);
    if (!error.message.isEmpty())
        qFatal("bad test JSON: %s", jsonText);
    return v;
}

qint64 g_clockShiftNs = 0;
qint64 shiftedWallClock()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000000 + g_clockShiftNs;
}

QString isoIn(qint64 msFromNow)
{
    return QDateTime::currentDateTimeUtc().addMSecs(msFromNow).toString(Qt::ISODateWithMs);
}

} // namespace

class TestTimerService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validation_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("parameters");
        QTest::addColumn<QString>("error");  // prefix; empty = accepted
        auto row = [](const char *name, const QString &type, const char *p, const char *error) {
            QTest::newRow(name) << type << QString::fromUtf8(p) << QString::fromUtf8(error);
        };
        const QString interval = TimerService::intervalType();
        const QString date = TimerService::dateType();
        const QString cron = TimerService::cronType();
        row("interval ok", interval, "{\"unit\": \"seconds\", \"delta\": 30}", "");
        row("interval weeks with zone", interval, "{\"unit\": \"weeks\", \"delta\": 2, \"timezone\": \"UTC\"}", "");
        row("bad unit", interval, "{\"unit\": \"fortnights\", \"delta\": 1}",
            "unit: 'fortnights' is not one of weeks, days, hours, minutes, seconds");
        row("unit not a string", interval, "{\"unit\": 5, \"delta\": 1}", "unit: int is not one of");
        row("missing unit", interval, "{\"delta\": 1}", "unit: required");
        row("missing delta", interval, "{\"unit\": \"seconds\"}", "delta: required");
        row("delta 0", interval, "{\"unit\": \"seconds\", \"delta\": 0}", "delta: must be greater than 0, got 0");
        row("delta negative", interval, "{\"unit\": \"minutes\", \"delta\": -5}", "delta: must be greater than 0, got -5");
        row("delta string", interval, "{\"unit\": \"seconds\", \"delta\": \"5\"}", "delta: must be an integer, not str");
        row("delta float", interval, "{\"unit\": \"seconds\", \"delta\": 1.5}", "delta: must be an integer, not float");
        row("delta huge", interval, "{\"unit\": \"weeks\", \"delta\": 9000000000}", "delta: 9000000000 weeks is too long");
        row("extra key", interval, "{\"unit\": \"seconds\", \"delta\": 5, \"time\": 1}",
            "time: unknown parameter (additional properties are not allowed)");
        row("interval bad zone", interval, "{\"unit\": \"seconds\", \"delta\": 5, \"timezone\": \"Nowhere/City\"}",
            "timezone: unknown time zone 'Nowhere/City'");
        row("params not an object", interval, "\"every 5 seconds\"", "parameters must be an object, not str");
        row("date ok", date, "{\"date\": \"2999-01-01 00:00:00\"}", "");
        row("bad date", date, "{\"date\": \"next tuesday\"}", "date: cannot parse 'next tuesday' as a date-time");
        row("date not a string", date, "{\"date\": 20260101}", "date: must be a date-time string, not int");
        row("missing date", date, "{\"timezone\": \"UTC\"}", "date: required");
        row("date bad zone", date, "{\"date\": \"2999-01-01\", \"timezone\": \"Foo\"}", "timezone: unknown time zone 'Foo'");
        row("cron ok", cron, "{\"minute\": \"*/5\", \"day_of_week\": \"mon-fri\"}", "");
        row("cron empty", cron, "{}", "");
        row("bad cron field", cron, "{\"hour\": \"25\"}", "hour: '25': values must be between 0 and 23");
        row("unknown type", QStringLiteral("core.st2.Timer"), "{}", "unknown timer type 'core.st2.Timer'");
    }
    void validation()
    {
        QFETCH(QString, type);
        QFETCH(QString, parameters);
        QFETCH(QString, error);
        TimerService service(QTimeZone("America/Los_Angeles"));
        const QString actual = service.addTimer(QStringLiteral("t"), type, params(parameters.toUtf8().constData()));
        QCOMPARE(TimerService::validate(type, params(parameters.toUtf8().constData()), QTimeZone::utc()).isEmpty(),
                 actual.isEmpty());
        if (error.isEmpty()) {
            QVERIFY2(actual.isEmpty(), qPrintable(actual));
            QVERIFY(service.hasTimer(QStringLiteral("t")));
            QCOMPARE(service.count(), 1);
            QVERIFY(service.nextFireTime(QStringLiteral("t")) > QDateTime::currentDateTimeUtc());
        } else {
            QVERIFY2(actual.startsWith(error), qPrintable(actual + QStringLiteral(" / expected ") + error));
            QVERIFY(!service.hasTimer(QStringLiteral("t")));
            QCOMPARE(service.count(), 0);
        }
    }

    void pastDateIsNotScheduled()
    {
        TimerService service(QTimeZone::utc());
        QSignalSpy warnings(&service, &TimerService::warning);
        const QString error = service.addTimer(QStringLiteral("old"), TimerService::dateType(),
                                               makeDict({ { QStringLiteral("date"), QStringLiteral("2001-01-01 00:00:00") } }));
        QCOMPARE(error, QString());
        QCOMPARE(warnings.count(), 1);
        QCOMPARE(warnings.at(0).at(0).toString(), QStringLiteral("old"));
        QVERIFY(warnings.at(0).at(1).toString().contains(u"past"));
        QVERIFY(!service.hasTimer(QStringLiteral("old")));
        QCOMPARE(service.count(), 0);
    }

    void intervalFiresTwice()
    {
        TimerService service(QTimeZone::utc());
        QSignalSpy spy(&service, &TimerService::fired);
        const QDateTime added = QDateTime::currentDateTimeUtc();
        QCOMPARE(service.addTimer(QStringLiteral("pack.every_second"), TimerService::intervalType(),
                                  params("{\"unit\": \"seconds\", \"delta\": 1}")),
                 QString());
        const qint64 firstIn = added.msecsTo(service.nextFireTime(QStringLiteral("pack.every_second")));
        // One interval from now, then aligned onto a grid slot (at most ~110 ms later).
        QVERIFY2(firstIn >= 990 && firstIn <= 1150, qPrintable(QString::number(firstIn)));
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 2600);

        for (const QList<QVariant> &args : std::as_const(spy)) {
            QCOMPARE(args.at(0).toString(), QStringLiteral("pack.every_second"));
            QCOMPARE(args.at(1).toString(), TimerService::intervalType());
            const Value payload = args.at(2).value<Value>();
            QVERIFY(payload.isDict());
            QCOMPARE(payload.toDict().keys(), QStringList({ QStringLiteral("executed_at"), QStringLiteral("schedule") }));
            QVERIFY(payload[u"schedule"].isNull());
            static const QRegularExpression format(
                QStringLiteral("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00$"));
            QVERIFY2(format.match(payload[u"executed_at"].toString()).hasMatch(),
                     qPrintable(payload[u"executed_at"].toString()));
        }
        // Firings follow the schedule, not "now": the next is one second after the second firing.
        const qint64 executedGap =
            QDateTime::fromString(spy.at(0).at(2).value<Value>()[u"executed_at"].toString().left(26), Qt::ISODateWithMs)
                .msecsTo(QDateTime::fromString(spy.at(1).at(2).value<Value>()[u"executed_at"].toString().left(26),
                                               Qt::ISODateWithMs));
        QVERIFY2(executedGap > 750 && executedGap < 1250, qPrintable(QString::number(executedGap)));
        QVERIFY(service.hasTimer(QStringLiteral("pack.every_second")));
    }

    void dateTimerFiresOnce()
    {
        TimerService service(QTimeZone("America/Los_Angeles"));
        QSignalSpy spy(&service, &TimerService::fired);
        QCOMPARE(service.addTimer(QStringLiteral("once"), TimerService::dateType(),
                                  makeDict({ { QStringLiteral("date"), isoIn(300) } })),
                 QString());
        QVERIFY(service.hasTimer(QStringLiteral("once")));
        QVERIFY(spy.wait(2000));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(1).toString(), TimerService::dateType());
        QVERIFY(!service.hasTimer(QStringLiteral("once")));
        QCOMPARE(service.count(), 0);
    }

    void cronFiresOnTheSecond()
    {
        TimerService service(QTimeZone::utc());
        QSignalSpy spy(&service, &TimerService::fired);
        QCOMPARE(service.addTimer(QStringLiteral("cron"), TimerService::cronType(), params("{\"second\": \"*\"}")),
                 QString());
        const QDateTime next = service.nextFireTime(QStringLiteral("cron"));
        QCOMPARE(next.time().msec(), 0);
        QVERIFY(spy.wait(2000));
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("cron"));
        const QDateTime after = service.nextFireTime(QStringLiteral("cron"));
        QCOMPARE(next.secsTo(after), 1);
        // executed_at is taken after the scheduled whole second.
        const QString executed = spy.at(0).at(2).value<Value>()[u"executed_at"].toString();
        QCOMPARE(executed.left(19), next.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    }

    void addRemoveReplace()
    {
        TimerService service(QTimeZone("Europe/Paris"));
        QCOMPARE(service.defaultZone().id(), QByteArray("Europe/Paris"));
        QCOMPARE(service.addTimer(QStringLiteral("a"), TimerService::intervalType(),
                                  params("{\"unit\": \"hours\", \"delta\": 1}")),
                 QString());
        QCOMPARE(service.addTimer(QStringLiteral("b"), TimerService::cronType(), params("{\"hour\": 3}")), QString());
        QCOMPARE(service.count(), 2);
        QCOMPARE(service.nextFireTime(QStringLiteral("b")).timeZone().id(), QByteArray("Europe/Paris"));
        QCOMPARE(service.nextFireTime(QStringLiteral("b")).time(), QTime(3, 0));
        const QDateTime hourly = service.nextFireTime(QStringLiteral("a"));
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(hourly) - 3600) <= 1);

        // Same ref again replaces the timer.
        QCOMPARE(service.addTimer(QStringLiteral("a"), TimerService::intervalType(),
                                  params("{\"unit\": \"minutes\", \"delta\": 2}")),
                 QString());
        QCOMPARE(service.count(), 2);
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(service.nextFireTime(QStringLiteral("a"))) - 120) <= 1);
        // A failed replacement keeps the old timer.
        QVERIFY(!service.addTimer(QStringLiteral("a"), TimerService::intervalType(), params("{\"unit\": \"x\"}")).isEmpty());
        QVERIFY(service.hasTimer(QStringLiteral("a")));

        service.removeTimer(QStringLiteral("a"));
        QVERIFY(!service.hasTimer(QStringLiteral("a")));
        QVERIFY(!service.nextFireTime(QStringLiteral("a")).isValid());
        service.removeTimer(QStringLiteral("nope"));
        QCOMPARE(service.count(), 1);
        service.removeTimer(QStringLiteral("b"));
        QCOMPARE(service.count(), 0);
    }

    void removeWhileFiring()
    {
        TimerService service(QTimeZone::utc());
        int pairFires = 0;
        int sentinelFires = 0;
        qint64 scheduledSeen = 0;
        connect(&service, &TimerService::fired, this,
                [&](const QString &ref, const QString &, const Value &) {
                    if (ref == u"sentinel") {
                        ++sentinelFires;
                        return;
                    }
                    ++pairFires;
                    scheduledSeen = service.currentScheduledNs();
                    // Both timers share one deadline: removing the other one here
                    // must stop it from firing in this pass, removing itself too.
                    service.removeTimer(QStringLiteral("a"));
                    service.removeTimer(QStringLiteral("b"));
                    service.addTimer(QStringLiteral("sentinel"), TimerService::intervalType(),
                                     params("{\"unit\": \"seconds\", \"delta\": 1}"));
                });
        QCOMPARE(service.addTimer(QStringLiteral("a"), TimerService::intervalType(),
                                  params("{\"unit\": \"seconds\", \"delta\": 1}")),
                 QString());
        QCOMPARE(service.addTimer(QStringLiteral("b"), TimerService::intervalType(),
                                  params("{\"unit\": \"seconds\", \"delta\": 1}")),
                 QString());
        QTRY_COMPARE_WITH_TIMEOUT(pairFires, 1, 2000);
        QVERIFY(scheduledSeen > 0 && scheduledSeen <= TimerService::steadyNowNs());
        QCOMPARE(service.currentScheduledNs(), 0);
        // The sentinel was added after a/b's next deadline would have been set,
        // so by the time it fires they would have fired again had they survived.
        QTRY_COMPARE_WITH_TIMEOUT(sentinelFires, 1, 2000);
        QCOMPARE(pairFires, 1);
        QCOMPARE(service.count(), 1);
    }

    void wallClockSteps()
    {
        // The wall clock jumps forward to just past a date timer's and a cron
        // timer's times: both fire at once instead of waiting on the steady clock.
        g_clockShiftNs = 0;
        TimerService::setWallClockForTesting(&shiftedWallClock);
        TimerService service(QTimeZone::utc());
        QSignalSpy spy(&service, &TimerService::fired);
        const QDateTime inAnHour = QDateTime::currentDateTimeUtc().addSecs(3600);
        QCOMPARE(service.addTimer(QStringLiteral("date"), TimerService::dateType(),
                                  makeDict({ { QStringLiteral("date"), inAnHour.toString(Qt::ISODateWithMs) } })),
                 QString());
        const QDateTime cronAt = inAnHour.addSecs(60);
        QCOMPARE(service.addTimer(QStringLiteral("cron"), TimerService::cronType(),
                                  makeDict({ { QStringLiteral("hour"), cronAt.time().hour() },
                                             { QStringLiteral("minute"), cronAt.time().minute() } })),
                 QString());
        const QDateTime cronNext = service.nextFireTime(QStringLiteral("cron"));
        QCOMPARE(cronNext.time().second(), 0);
        QVERIFY(cronNext > inAnHour);
        // An interval timer ignores wall-clock steps.
        QCOMPARE(service.addTimer(QStringLiteral("interval"), TimerService::intervalType(),
                                  params("{\"unit\": \"minutes\", \"delta\": 10}")),
                 QString());

        g_clockShiftNs = QDateTime::currentDateTimeUtc().msecsTo(cronNext) * 1000000 + 1000000;
        service.handleClockChange();
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 2, 1000);
        QStringList refs { spy.at(0).at(0).toString(), spy.at(1).at(0).toString() };
        refs.sort();
        QCOMPARE(refs, QStringList({ QStringLiteral("cron"), QStringLiteral("date") }));
        QVERIFY(!service.hasTimer(QStringLiteral("date")));
        // The payload reports the (new) wall-clock time.
        QCOMPARE(spy.at(0).at(2).value<Value>()[u"executed_at"].toString().left(16),
                 cronNext.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        // Cron moves on to tomorrow, measured on the new clock.
        QCOMPARE(service.nextFireTime(QStringLiteral("cron")), cronNext.addDays(1));

        // Stepping back re-bases a pending cron time onto the earlier clock.
        g_clockShiftNs = 0;
        service.handleClockChange();
        QCOMPARE(service.nextFireTime(QStringLiteral("cron")), cronNext);
        QCOMPARE(spy.count(), 2);
        TimerService::setWallClockForTesting(nullptr);
    }

    void deletedFromSlot()
    {
        auto *service = new TimerService(QTimeZone::utc());
        QPointer<TimerService> watch(service);
        int fires = 0;
        connect(service, &TimerService::fired, this, [&](const QString &, const QString &, const Value &) {
            ++fires;
            delete service;
        });
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(service->addTimer(QStringLiteral("t%1").arg(i), TimerService::cronType(), params("{}")), QString());
        }
        QTRY_VERIFY_WITH_TIMEOUT(watch.isNull(), 2000);
        QCOMPARE(fires, 1);
    }
};

QTEST_GUILESS_MAIN(TestTimerService)
#include "tst_timerservice.moc"
