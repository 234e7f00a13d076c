// Event fan-out: 10,000 execution updates published in one burst to N
// subscribers, each with its own filter, with and without the store's event
// log. Prints CPU per event (publish + persist + deliver) and batches seen.
#include "BenchUtil.h"

#include "engine/EventBus.h"
#include "engine/StoreEventLog.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTemporaryDir>

#include <memory>

using namespace squall;
using namespace squall::bench;

namespace {

Value execution(int i)
{
    return makeDict({{QStringLiteral("id"), QStringLiteral("%1").arg(i % 500, 24, 10, QLatin1Char('0'))},
                     {QStringLiteral("status"), i % 3 ? QStringLiteral("running") : QStringLiteral("succeeded")},
                     {QStringLiteral("action"), makeDict({{QStringLiteral("ref"), QStringLiteral("core.local")}})},
                     {QStringLiteral("parameters"), makeDict({{QStringLiteral("cmd"), QStringLiteral("echo hi")}})},
                     {QStringLiteral("start_timestamp"), QStringLiteral("2026-12-02T23:51:44.000000Z")}});
}

void fanOut(int events, int subscribers, bool persisted, bool filtered)
{
    QTemporaryDir dir;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<engine::StoreEventLog> log;
    engine::EventBus bus;
    if (persisted) {
        Error err;
        store::SqliteOptions so;
        so.commitDelayMs = 0;
        store = store::openSqliteStore(dir.filePath(QStringLiteral("b.db")), so, &err);
        log = std::make_unique<engine::StoreEventLog>(store.get());
        bus.setLog(log.get(), 100'000);
    }
    qint64 delivered = 0;
    int batches = 0;
    for (int s = 0; s < subscribers; ++s) {
        engine::EventFilter f;
        if (filtered && s % 2)
            f = engine::EventFilter().onlyExecutions({QStringLiteral("%1").arg(s, 24, 10, QLatin1Char('0'))});
        bus.subscribe(f, -1, [&](const engine::EventBatch &b) {
            ++batches;
            delivered += b.size();
        });
    }
    const double cpu0 = cpuSeconds();
    const auto t0 = Clock::now();
    for (int i = 0; i < events; ++i)
        bus.publish(engine::EventKind::ExecutionUpdate, execution(i));
    QEventLoop loop;
    QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    loop.exec();  // the bus delivers at the end of the turn
    if (store)
        store->flush();
    const double cpu = cpuSeconds() - cpu0;
    report({{QStringLiteral("bench"), QStringLiteral("events-fanout")},
            {QStringLiteral("events"), events},
            {QStringLiteral("subscribers"), subscribers},
            {QStringLiteral("persisted"), persisted},
            {QStringLiteral("filtered"), filtered},
            {QStringLiteral("delivered"), double(delivered)},
            {QStringLiteral("batches"), batches},
            {QStringLiteral("wall_ms"), secondsSince(t0) * 1000.0},
            {QStringLiteral("cpu_us_per_event"), cpu * 1e6 / events},
            {QStringLiteral("cpu_us_per_delivery"), delivered ? cpu * 1e6 / double(delivered) : 0.0}});
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    for (bool persisted : {false, true}) {
        fanOut(10'000, 10, persisted, false);
        fanOut(10'000, 10, persisted, true);
    }
    fanOut(10'000, 100, false, false);
    return 0;
}
