// B2 (persisted) and B3: the engine in-process, with its SQLite store.
//   B2-persisted: trigger instances dispatched through rule matching, each
//                 matching one rule that runs core.noop, everything stored.
//   B3:           rule firings of core.local cmd=true, one at a time then
//                 flat out: receipt -> child running, receipt -> result stored.
#include "BenchUtil.h"

#include "base/Ids.h"
#include "engine/Engine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QTemporaryDir>
#include <QTimer>

using namespace squall;
using namespace squall::bench;

namespace {

// Calls fn(id, name, doc) for every event, as the old per-event signal did.
template<typename F>
qint64 onEvents(engine::Engine &e, F fn)
{
    return e.subscribe({}, -1, [fn](const engine::EventBatch &batch) mutable {
        for (const engine::Event &ev : batch)
            fn(ev.id, ev.name(), ev.doc);
    });
}

engine::Principal admin()
{
    return engine::Principal{QStringLiteral("st2admin"), true, QStringLiteral("api_key")};
}

Value webhookRule(const QString &name, const QString &url, const QString &action, const Value &params)
{
    return makeDict({{QStringLiteral("name"), name},
                     {QStringLiteral("pack"), QStringLiteral("bench")},
                     {QStringLiteral("enabled"), true},
                     {QStringLiteral("trigger"), makeDict({{QStringLiteral("type"), QStringLiteral("core.st2.webhook")},
                                                           {QStringLiteral("parameters"),
                                                            makeDict({{QStringLiteral("url"), url}})}})},
                     {QStringLiteral("criteria"),
                      makeDict({{QStringLiteral("trigger.body.value"),
                                 makeDict({{QStringLiteral("type"), QStringLiteral("greaterthan")},
                                           {QStringLiteral("pattern"), 90}})}})},
                     {QStringLiteral("action"), makeDict({{QStringLiteral("ref"), action},
                                                          {QStringLiteral("parameters"), params}})}});
}

void post(engine::Engine &e, const QString &url, const Value &body, std::function<void()> done)
{
    e.postWebhook(url, body, makeDict({{QStringLiteral("Content-Type"), QStringLiteral("application/json")}}), admin(),
                  [done](const Value &, const std::optional<Error> &error) {
                      if (error)
                          qFatal("webhook failed: %s", qPrintable(error->toString()));
                      done();
                  });
}

void benchPersistedMatching(engine::Engine &e, int events)
{
    for (int i = 0; i < 100; ++i)
        e.createRule(webhookRule(QStringLiteral("noop%1").arg(i), QStringLiteral("hook%1").arg(i),
                                 QStringLiteral("core.noop"), Value(ValueDict())),
                     admin());
    const Value body = makeDict({{QStringLiteral("event"), QStringLiteral("disk_full")},
                                 {QStringLiteral("host"), QStringLiteral("web-01")},
                                 {QStringLiteral("value"), 97}});
    int acked = 0;
    int completed = 0;
    QEventLoop loop;
    const qint64 conn = onEvents(e, [&](qint64, const QString &type, const Value &doc) {
                                     if (type == u"st2.execution__update" && doc[u"status"].toString() == u"succeeded"
                                         && ++completed == events)
                                         loop.quit();
                                 });
    const double cpu0 = cpuSeconds();
    const auto t0 = Clock::now();
    // Keep a window of requests in flight, like many webhook clients would.
    int sent = 0;
    std::function<void()> pump = [&] {
        while (sent < events && sent - acked < 500) {
            post(e, QStringLiteral("hook%1").arg(sent % 100), body, [&] {
                ++acked;
                QTimer::singleShot(0, &loop, pump);
            });
            ++sent;
        }
    };
    pump();
    loop.exec();
    e.unsubscribe(conn);
    const double secs = secondsSince(t0);
    report({{QStringLiteral("bench"), QStringLiteral("B2-persisted")},
            {QStringLiteral("events"), events},
            {QStringLiteral("rules"), 100},
            {QStringLiteral("events_per_s"), events / secs},
            {QStringLiteral("cpu_s_per_1000"), (cpuSeconds() - cpu0) * 1000.0 / events}});
}

void benchTriggerToAction(engine::Engine &e, int firings, int window, const QString &label)
{
    static int round = 0;
    const QString url = QStringLiteral("b3-%1").arg(++round);
    e.createRule(webhookRule(QStringLiteral("local%1").arg(round), url, QStringLiteral("core.local"),
                             makeDict({{QStringLiteral("cmd"), QStringLiteral("true")}})),
                 admin());
    QHash<QString, qint64> received;  // execution id -> receipt ns
    qint64 currentReceipt = 0;        // set around each post: executions are created inside it
    std::vector<double> toRunning, toStored;
    int done = 0;
    int sent = 0;
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    const qint64 conn = onEvents(e, [&](qint64, const QString &type, const Value &doc) {
                                     if (type == u"st2.execution__create") {
                                         received.insert(doc[u"id"].toString(), currentReceipt);
                                         return;
                                     }
                                     if (type != u"st2.execution__update")
                                         return;
                                     const QString id = doc[u"id"].toString();
                                     const QString st = doc[u"status"].toString();
                                     if (!received.contains(id))
                                         return;
                                     const double us = double(clock.nsecsElapsed() - received.value(id)) / 1000.0;
                                     if (st == u"running") {
                                         toRunning.push_back(us);
                                     } else if (st == u"succeeded" || st == u"failed") {
                                         toStored.push_back(us);
                                         received.remove(id);
                                         if (++done == firings)
                                             loop.quit();
                                     }
                                 });
    const Value body = makeDict({{QStringLiteral("value"), 97}});
    std::function<void()> pump = [&] {
        while (sent < firings && sent - done < window) {
            ++sent;
            currentReceipt = clock.nsecsElapsed();
            e.postWebhook(url, body, Value(ValueDict()), admin(), [](const Value &, const std::optional<Error> &) {});
        }
    };
    const qint64 conn2 = onEvents(e, [&](qint64, const QString &type, const Value &doc) {
                                      if (type == u"st2.execution__update" && (doc[u"status"].toString() == u"succeeded"
                                                                                || doc[u"status"].toString() == u"failed"))
                                          QTimer::singleShot(0, &loop, pump);
                                  });
    const double cpu0 = cpuSeconds();
    const auto t0 = Clock::now();
    pump();
    loop.exec();
    e.unsubscribe(conn);
    e.unsubscribe(conn2);
    const double secs = secondsSince(t0);
    report({{QStringLiteral("bench"), QString(QStringLiteral("B3-") + label)},
            {QStringLiteral("firings"), firings},
            {QStringLiteral("in_flight"), window},
            {QStringLiteral("actions_per_s"), firings / secs},
            {QStringLiteral("to_running_p50_us"), percentile(toRunning, 50)},
            {QStringLiteral("to_running_p99_us"), percentile(toRunning, 99)},
            {QStringLiteral("to_stored_p50_us"), percentile(toStored, 50)},
            {QStringLiteral("to_stored_p99_us"), percentile(toStored, 99)},
            {QStringLiteral("cpu_s_per_1000"), (cpuSeconds() - cpu0) * 1000.0 / firings}});
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int scale = args.contains(QStringLiteral("--quick")) ? 10 : 1;
    QTemporaryDir dir;
    engine::Engine e;
    engine::EngineOptions o;
    o.dataDir = dir.path();
    o.packRoots << QStringLiteral(SQUALL_SOURCE_DIR "/packs");
    o.actionTrigger = false;
    o.maxRunning = 64;
    o.maxBacklog = 1 << 30;  // measure the engine itself, not the webhook shedding
    QString error;
    if (!e.start(o, &error))
        qFatal("engine: %s", qPrintable(error));
    // B3 first: B2 floods the engine with queued executions, and a large heap
    // makes every later fork slower.
    benchTriggerToAction(e, 2000 / scale, 1, QStringLiteral("serial"));
    benchTriggerToAction(e, 10000 / scale, 64, QStringLiteral("flat-out"));
    benchPersistedMatching(e, 100000 / scale);
    return 0;
}
