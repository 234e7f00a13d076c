// B9: 10,000 one-second interval timers + 1,000 every-second cron timers.
// Measures firing lateness (actual - scheduled, steady clock) and CPU use of
// one core at steady state. Usage: bench_sensors [--seconds N] [--warmup N]
// [--interval-timers N] [--cron-timers N] [--workload cron_next_fire|timers_burst|timers_staggered]
#include "../BenchUtil.h"

#include "base/Value.h"
#include "sensors/CronSchedule.h"
#include "sensors/TimerService.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QTimer>

#include <vector>

using namespace squall;
using namespace squall::sensors;

namespace {

struct Options
{
    int seconds = 20;
    int warmup = 3;
    int intervalTimers = 10000;
    int cronTimers = 1000;
    QString workload;  // empty = all
};

double ms(double ns)
{
    return ns / 1e6;
}

// Runs one workload to completion inside the event loop.
void runTimers(const Options &opt, bool staggered)
{
    TimerService service(QTimeZone::utc());
    std::vector<double> intervalLate;
    std::vector<double> cronLate;
    intervalLate.reserve(size_t(opt.intervalTimers) * size_t(opt.seconds + 2));
    cronLate.reserve(size_t(opt.cronTimers) * size_t(opt.seconds + 2));
    bool measuring = false;
    const QString cronType = TimerService::cronType();
    QObject::connect(&service, &TimerService::fired, &service,
                     [&](const QString &, const QString &type, const Value &) {
                         if (!measuring)
                             return;
                         const double late = double(TimerService::steadyNowNs() - service.currentScheduledNs());
                         (type == cronType ? cronLate : intervalLate).push_back(late);
                     });

    const Value intervalParams = makeDict({ { QStringLiteral("unit"), QStringLiteral("seconds") },
                                            { QStringLiteral("delta"), 1 } });
    const Value cronParams = makeDict({ { QStringLiteral("second"), QStringLiteral("*") } });
    const auto t0 = bench::Clock::now();
    for (int i = 0; i < opt.cronTimers; ++i)
        service.addTimer(QStringLiteral("bench.cron.%1").arg(i), cronType, cronParams);
    if (!staggered) {
        for (int i = 0; i < opt.intervalTimers; ++i)
            service.addTimer(QStringLiteral("bench.interval.%1").arg(i), TimerService::intervalType(), intervalParams);
    }
    const double addSeconds = bench::secondsSince(t0);

    // Staggered: rules arrive one by one over a second, 10 every millisecond,
    // so deadlines are spread out instead of sharing a few wake-ups.
    int added = staggered ? 0 : opt.intervalTimers;
    QTimer adder;
    adder.setTimerType(Qt::PreciseTimer);
    QObject::connect(&adder, &QTimer::timeout, &service, [&] {
        for (int k = 0; k < 10 && added < opt.intervalTimers; ++k, ++added)
            service.addTimer(QStringLiteral("bench.interval.%1").arg(added), TimerService::intervalType(), intervalParams);
        if (added >= opt.intervalTimers)
            adder.stop();
    });
    if (staggered)
        adder.start(1);

    double cpu0 = 0;
    bench::Clock::time_point m0;
    QTimer::singleShot(std::chrono::seconds(opt.warmup), &service, [&] {
        measuring = true;
        cpu0 = bench::cpuSeconds();
        m0 = bench::Clock::now();
    });
    QTimer::singleShot(std::chrono::seconds(opt.warmup + opt.seconds), &service, [&] {
        measuring = false;
        QCoreApplication::exit(0);
    });
    QCoreApplication::exec();
    const double wall = bench::secondsSince(m0);
    const double cpu = bench::cpuSeconds() - cpu0;

    std::vector<double> all = intervalLate;
    all.insert(all.end(), cronLate.begin(), cronLate.end());
    const double expected = double(opt.intervalTimers + opt.cronTimers) * opt.seconds;
    QJsonObject o {
        { QStringLiteral("bench"), QStringLiteral("sensors") },
        { QStringLiteral("workload"), staggered ? QStringLiteral("timers_staggered") : QStringLiteral("timers_burst") },
        { QStringLiteral("interval_timers"), opt.intervalTimers },
        { QStringLiteral("cron_timers"), opt.cronTimers },
        { QStringLiteral("add_seconds"), addSeconds },
        { QStringLiteral("measured_seconds"), wall },
        { QStringLiteral("fires"), double(all.size()) },
        { QStringLiteral("fires_expected"), expected },
        { QStringLiteral("jitter_p50_ms"), ms(bench::percentile(all, 50)) },
        { QStringLiteral("jitter_p99_ms"), ms(bench::percentile(all, 99)) },
        { QStringLiteral("jitter_max_ms"), ms(bench::percentile(all, 100)) },
        { QStringLiteral("interval_jitter_p99_ms"), ms(bench::percentile(intervalLate, 99)) },
        { QStringLiteral("cron_jitter_p99_ms"), ms(bench::percentile(cronLate, 99)) },
        { QStringLiteral("cpu_pct_one_core"), 100.0 * cpu / wall },
        { QStringLiteral("rss_mb"), bench::currentRssMb() },
    };
    bench::report(o);
}

void runCronMath()
{
    struct Case
    {
        const char16_t *name;
        Value params;
    };
    const Case cases[] = {
        { u"every_second", makeDict({ { QStringLiteral("second"), QStringLiteral("*") } }) },
        { u"weekdays_9am_la", makeDict({ { QStringLiteral("day_of_week"), QStringLiteral("mon-fri") },
                                         { QStringLiteral("hour"), 9 },
                                         { QStringLiteral("timezone"), QStringLiteral("America/Los_Angeles") } }) },
        { u"last_friday", makeDict({ { QStringLiteral("day"), QStringLiteral("last fri") } }) },
    };
    for (const Case &c : cases) {
        QString error;
        const auto schedule = CronSchedule::fromParameters(c.params, &error, QTimeZone::utc());
        if (!schedule)
            qFatal("bad schedule: %s", qPrintable(error));
        qint64 t = 1790000000;
        const int n = 200000;
        const auto t0 = bench::Clock::now();
        for (int i = 0; i < n; ++i)
            t = schedule->nextFireSecs(t);
        const double s = bench::secondsSince(t0);
        bench::report(QJsonObject { { QStringLiteral("bench"), QStringLiteral("sensors") },
                                    { QStringLiteral("workload"), QStringLiteral("cron_next_fire") },
                                    { QStringLiteral("schedule"), QString::fromUtf16(c.name) },
                                    { QStringLiteral("ns_per_call"), s * 1e9 / n },
                                    { QStringLiteral("last"), double(t) } });
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Options opt;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == u"--seconds")
            opt.seconds = args.at(i + 1).toInt();
        else if (args.at(i) == u"--warmup")
            opt.warmup = args.at(i + 1).toInt();
        else if (args.at(i) == u"--interval-timers")
            opt.intervalTimers = args.at(i + 1).toInt();
        else if (args.at(i) == u"--cron-timers")
            opt.cronTimers = args.at(i + 1).toInt();
        else if (args.at(i) == u"--workload")
            opt.workload = args.at(i + 1);
    }
    if (opt.workload.isEmpty() || opt.workload == u"cron_next_fire")
        runCronMath();
    if (opt.workload.isEmpty() || opt.workload == u"timers_burst")
        runTimers(opt, false);
    if (opt.workload.isEmpty() || opt.workload == u"timers_staggered")
        runTimers(opt, true);
    return 0;
}
