// B4, B5 and B6 through the whole engine: real child executions (core.noop),
// every record and every conductor transition persisted in SQLite, as the
// daemon runs them. (bench_orquesta measures the conductor alone.)
//   B4: chains of N tasks, each with `when: <% succeeded() %>` and a publish.
//   B5: with-items over N items, concurrency 50, results published into a join.
//   B6: 1,000 branches into one join; sub-workflows nested 20 deep.
#include "BenchUtil.h"

#include "engine/Engine.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

using namespace squall;
using namespace squall::bench;

namespace {

engine::Principal admin()
{
    return engine::Principal{QStringLiteral("st2admin"), true, QStringLiteral("api_key")};
}

void write(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text.toUtf8());
}

void action(const QString &pack, const QString &name, const QString &workflow, const QString &params = QStringLiteral("{}"))
{
    write(pack + QStringLiteral("/actions/%1.yaml").arg(name),
          QStringLiteral("name: %1\npack: benchwf\nrunner_type: orquesta\nentry_point: workflows/%1.yaml\n"
                         "enabled: true\nparameters: %2\n").arg(name, params));
    write(pack + QStringLiteral("/actions/workflows/%1.yaml").arg(name), workflow);
}

QString chain(int n)
{
    QString y = QStringLiteral("version: 1.0\nvars:\n  - n: 0\noutput:\n  - n: <% ctx(n) %>\ntasks:\n");
    for (int i = 0; i < n; ++i) {
        y += QStringLiteral("  t%1:\n    action: core.noop\n").arg(i);
        if (i + 1 < n)
            y += QStringLiteral("    next:\n      - when: <% succeeded() %>\n        publish: n=<% ctx(n) + 1 %>\n"
                                "        do: t%1\n").arg(i + 1);
    }
    return y;
}

QString items()
{
    return QStringLiteral(
        "version: 1.0\ninput:\n  - xs\noutput:\n  - count: <% len(ctx(results)) %>\ntasks:\n"
        "  start:\n    action: core.noop\n    next:\n      - do: [each, other]\n"
        "  each:\n    with:\n      items: x in <% ctx(xs) %>\n      concurrency: 50\n    action: core.noop\n"
        "    next:\n      - when: <% succeeded() %>\n        publish: results=<% result() %>\n        do: done\n"
        "  other:\n    action: core.noop\n    next:\n      - do: done\n"
        "  done:\n    join: all\n    action: core.noop\n");
}

QString wide(int n)
{
    QString y = QStringLiteral("version: 1.0\ntasks:\n  start:\n    action: core.noop\n    next:\n      - do:\n");
    for (int i = 0; i < n; ++i)
        y += QStringLiteral("          - b%1\n").arg(i);
    for (int i = 0; i < n; ++i)
        y += QStringLiteral("  b%1:\n    action: core.noop\n    next:\n      - do: join\n").arg(i);
    y += QStringLiteral("  join:\n    join: all\n    action: core.noop\n");
    return y;
}

QString nested(int level)
{
    const QString inner = level == 0 ? QStringLiteral("core.noop") : QStringLiteral("benchwf.nest%1").arg(level - 1);
    return QStringLiteral("version: 1.0\ntasks:\n  inner:\n    action: %1\n").arg(inner);
}

// Runs `ref` and waits for it to end; returns wall seconds.
double runToEnd(engine::Engine &e, const QString &ref, const Value &params, QString *status)
{
    Clock::time_point t0 = Clock::now();
    const Value doc = e.createExecution(makeDict({{QStringLiteral("action"), ref}, {QStringLiteral("parameters"), params}}),
                                        admin());
    const QString id = doc[u"id"].toString();
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        const QString st = e.getExecution(id, {})[u"status"].toString();
        if (st == u"succeeded" || st == u"failed" || st == u"canceled" || st == u"timeout" || st == u"abandoned") {
            *status = st;
            loop.quit();
        }
    });
    poll.start();
    loop.exec();
    return secondsSince(t0);
}

void measure(engine::Engine &e, const QString &workload, const QString &ref, const Value &params, int tasks)
{
    QString status;
    const double cpu0 = cpuSeconds();
    const double wall = runToEnd(e, ref, params, &status);
    if (status != u"succeeded")
        qFatal("%s ended %s", qPrintable(ref), qPrintable(status));
    report({{QStringLiteral("bench"), QStringLiteral("workflows")},
            {QStringLiteral("workload"), workload},
            {QStringLiteral("tasks"), tasks},
            {QStringLiteral("wall_ms"), wall * 1000.0},
            {QStringLiteral("us_per_task"), wall * 1e6 / tasks},
            {QStringLiteral("cpu_us_per_task"), (cpuSeconds() - cpu0) * 1e6 / tasks},
            {QStringLiteral("rss_mb"), currentRssMb()}});
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    QTemporaryDir dir;
    const QString pack = dir.path() + QStringLiteral("/packs/benchwf");
    write(pack + QStringLiteral("/pack.yaml"), QStringLiteral("name: benchwf\nref: benchwf\nversion: 1.0.0\n"
                                                              "description: generated\nauthor: bench\n"));
    const QList<int> chains = quick ? QList<int>{40, 200} : QList<int>{40, 1000, 10000};
    for (int n : chains)
        action(pack, QStringLiteral("chain%1").arg(n), chain(n));
    action(pack, QStringLiteral("items"), items(), QStringLiteral("{xs: {type: array}}"));
    action(pack, QStringLiteral("wide"), wide(quick ? 100 : 1000));
    for (int level = 0; level < 20; ++level)
        action(pack, QStringLiteral("nest%1").arg(level), nested(level));

    engine::Engine e;
    engine::EngineOptions o;
    o.dataDir = dir.path() + QStringLiteral("/data");
    o.packRoots << QStringLiteral(SQUALL_SOURCE_DIR "/packs") << dir.path() + QStringLiteral("/packs");
    o.actionTrigger = false;
    o.maxRunning = 128;
    o.maxBacklog = 1 << 30;
    QString error;
    if (!e.start(o, &error))
        qFatal("engine: %s", qPrintable(error));
    for (const Error &err : e.loadErrors())
        qWarning("%s", qPrintable(err.toString()));

    for (int n : chains)
        measure(e, QStringLiteral("B4 chain %1").arg(n), QStringLiteral("benchwf.chain%1").arg(n), Value(ValueDict()), n);
    for (int n : quick ? QList<int>{1000} : QList<int>{1000, 10000}) {
        ValueList xs;
        for (int i = 0; i < n; ++i)
            xs.append(Value(i));
        measure(e, QStringLiteral("B5 with-items %1 c50").arg(n), QStringLiteral("benchwf.items"),
                makeDict({{QStringLiteral("xs"), Value(std::move(xs))}}), n + 3);
    }
    const int branches = quick ? 100 : 1000;
    measure(e, QStringLiteral("B6 %1 branches into a join").arg(branches), QStringLiteral("benchwf.wide"),
            Value(ValueDict()), branches + 2);
    measure(e, QStringLiteral("B6 sub-workflows 20 deep"), QStringLiteral("benchwf.nest19"), Value(ValueDict()), 20);
    return 0;
}
