// B3 (runner part): local-shell-cmd `true`, one at a time and then with many
// in flight. Measures start() -> started() (child running) and
// start() -> finished() (result ready).
#include "../BenchUtil.h"

#include "runners/ActionRun.h"
#include "runners/RunnerRegistry.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonObject>

#include <memory>

using namespace squall;
using namespace squall::runners;
using namespace squall::bench;

namespace {

RunRequest trueRequest(int i)
{
    RunRequest r;
    r.executionId = QString::number(i);
    r.actionRef = QStringLiteral("core.local");
    r.actionName = QStringLiteral("local");
    r.packName = QStringLiteral("core");
    r.runnerType = QStringLiteral("local-shell-cmd");
    r.apiUrl = QStringLiteral("http://127.0.0.1:9101/v1");
    r.runnerParameters = makeDict({{QStringLiteral("cmd"), QStringLiteral("true")}});
    r.actionParameters = Value(ValueDict());
    return r;
}

void runWorkload(const QString &name, int total, int inFlight)
{
    const RunnerRegistry registry;
    std::vector<double> toStarted;
    std::vector<double> toFinished;
    toStarted.reserve(size_t(total));
    toFinished.reserve(size_t(total));
    int launched = 0;
    int done = 0;
    int failures = 0;
    QEventLoop loop;

    std::function<void()> launchOne = [&] {
        const int i = launched++;
        ActionRun *run = registry.create(trueRequest(i), nullptr);
        const Clock::time_point t0 = Clock::now();
        QObject::connect(run, &ActionRun::started, run, [&toStarted, t0] {
            toStarted.push_back(secondsSince(t0) * 1e6);
        });
        QObject::connect(run, &ActionRun::finished, run, [&, run, t0](const RunResult &r) {
            toFinished.push_back(secondsSince(t0) * 1e6);
            if (r.status != u"succeeded")
                ++failures;
            run->deleteLater();
            ++done;
            if (launched < total)
                launchOne();
            else if (done == total)
                loop.quit();
        });
        run->start();
    };

    const double cpu0 = cpuSeconds();
    const Clock::time_point t0 = Clock::now();
    for (int i = 0; i < inFlight && launched < total; ++i)
        launchOne();
    loop.exec();
    const double wall = secondsSince(t0);
    const double cpu = cpuSeconds() - cpu0;

    QJsonObject o;
    o.insert(QStringLiteral("bench"), QStringLiteral("runners"));
    o.insert(QStringLiteral("workload"), name);
    o.insert(QStringLiteral("actions"), total);
    o.insert(QStringLiteral("in_flight"), inFlight);
    o.insert(QStringLiteral("failures"), failures);
    o.insert(QStringLiteral("wall_s"), wall);
    o.insert(QStringLiteral("actions_per_s"), double(total) / wall);
    o.insert(QStringLiteral("started_p50_us"), percentile(toStarted, 50));
    o.insert(QStringLiteral("started_p99_us"), percentile(toStarted, 99));
    o.insert(QStringLiteral("finished_p50_us"), percentile(toFinished, 50));
    o.insert(QStringLiteral("finished_p99_us"), percentile(toFinished, 99));
    o.insert(QStringLiteral("cpu_s_parent"), cpu);
    report(o);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 10000;
    runWorkload(QStringLiteral("local-shell-cmd true, sequential"), total, 1);
    runWorkload(QStringLiteral("local-shell-cmd true, 50 in flight"), total, 50);
    return 0;
}
