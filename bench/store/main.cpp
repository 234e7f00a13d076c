// B7 (history store) and the persisted half of B2 (trigger instance +
// enforcement writes). One JSON line per workload.
//
//   bench_store [--rows N | --10m] [--pages N] [--purge N] [--b2 N] [--dir DIR] [--keep]
#include "../BenchUtil.h"

#include "base/Ids.h"
#include "base/Json.h"
#include "store/Store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <ctime>
#include <vector>

using namespace squall;
using namespace squall::bench;
using namespace squall::store;

namespace {

constexpr int kActions = 200;

// CPU time of the calling thread: what the engine thread itself spends,
// independent of how busy the machine is.
double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}
const QString kStatuses[] = {QStringLiteral("succeeded"), QStringLiteral("failed"), QStringLiteral("timeout"),
                             QStringLiteral("canceled"), QStringLiteral("running")};

QString actionRef(int i)
{
    return QStringLiteral("pack%1.action%2").arg(i % 20).arg(i);
}

QString statusFor(quint32 r)
{
    const quint32 p = r % 100;  // 70 % succeeded, 20 % failed, 3 % timeout, 5 % canceled, 2 % running
    return kStatuses[p < 70 ? 0 : p < 90 ? 1 : p < 93 ? 2 : p < 98 ? 3 : 4];
}

// Start times one 10 ms step apart, ending about now, so the oldest rows come first.
qint64 g_baseMicros = 0;
QString startFor(qint64 i)
{
    return isoFromMicros(g_baseMicros + i * 10'000);
}

Value makeExecution(qint64 i, QRandomGenerator &rng, const QString &start)
{
    const int action = int(rng.bounded(kActions));
    const QString status = statusFor(rng.generate());
    Value result;
    if (rng.bounded(10) == 0) {
        result = makeDict({{QStringLiteral("stdout"), QString(4000, QLatin1Char('o'))},
                           {QStringLiteral("stderr"), QString()},
                           {QStringLiteral("return_code"), 0},
                           {QStringLiteral("succeeded"), true},
                           {QStringLiteral("failed"), false}});
    } else {
        result = makeDict({{QStringLiteral("stdout"), QStringLiteral("ok %1").arg(i)},
                           {QStringLiteral("return_code"), 0}});
    }
    return makeDict({
        {QStringLiteral("id"), newId()},
        {QStringLiteral("action"), makeDict({{QStringLiteral("ref"), actionRef(action)},
                                             {QStringLiteral("runner_type"), QStringLiteral("local-shell-cmd")}})},
        {QStringLiteral("runner"), makeDict({{QStringLiteral("name"), QStringLiteral("local-shell-cmd")}})},
        {QStringLiteral("status"), status},
        {QStringLiteral("start_timestamp"), start},
        {QStringLiteral("end_timestamp"), status == u"running" ? Value() : Value(start)},
        {QStringLiteral("parameters"), makeDict({{QStringLiteral("cmd"), QStringLiteral("echo run %1").arg(i)}})},
        {QStringLiteral("context"), makeDict({{QStringLiteral("user"), i % 7 ? QStringLiteral("stanley") : QStringLiteral("alice")},
                                              {QStringLiteral("pack"), QStringLiteral("pack%1").arg(action % 20)}})},
        {QStringLiteral("log"), makeList({makeDict({{QStringLiteral("timestamp"), start},
                                                    {QStringLiteral("status"), QStringLiteral("requested")}}),
                                          makeDict({{QStringLiteral("timestamp"), start},
                                                    {QStringLiteral("status"), status}})})},
        {QStringLiteral("result"), result},
    });
}

double fileMb(const QString &dbPath)
{
    qint64 bytes = 0;
    for (const QString &suffix : {QString(), QStringLiteral("-wal")})
        bytes += QFileInfo(dbPath + suffix).size();
    return double(bytes) / (1024.0 * 1024.0);
}

std::unique_ptr<Store> openOrDie(const QString &path, const SqliteOptions &options = {})
{
    Error err;
    auto store = openSqliteStore(path, options, &err);
    if (!store)
        qFatal("cannot open store: %s", qPrintable(err.message));
    return store;
}

void ingest(Store &store, const QString &dbPath, qint64 rows)
{
    QRandomGenerator rng(42);
    qint64 docBytes = 0;
    const auto t0 = Clock::now();
    const double cpu0 = cpuSeconds();
    for (qint64 i = 0; i < rows; ++i) {
        const Value doc = makeExecution(i, rng, startFor(i));
        if (i < 1000)
            docBytes += json::serialize(doc).size();
        store.putExecution(doc);
        if ((i + 1) % 1'000'000 == 0)
            fprintf(stderr, "  ingested %lld rows, %.0f s\n", static_cast<long long>(i + 1), secondsSince(t0));
    }
    store.flush();
    const double secs = secondsSince(t0);
    report({{QStringLiteral("workload"), QStringLiteral("b7_ingest")},
            {QStringLiteral("rows"), rows},
            {QStringLiteral("seconds"), secs},
            {QStringLiteral("rows_per_s"), double(rows) / secs},
            {QStringLiteral("cpu_s"), cpuSeconds() - cpu0},
            {QStringLiteral("avg_doc_bytes_incl_result"), double(docBytes) / double(std::min<qint64>(rows, 1000))},
            {QStringLiteral("db_mb"), fileMb(dbPath)},
            {QStringLiteral("error"), store.lastError()}});
}

void pages(Store &store, int count, bool excludeResult)
{
    QRandomGenerator rng(7);
    std::vector<double> us;
    std::vector<double> usTotal;
    std::vector<double> cpuUs;
    qint64 items = 0;
    const QString statuses[] = {kStatuses[0], kStatuses[1], kStatuses[3]};
    for (int i = 0; i < count; ++i) {
        Query q;
        q.filters.insert(QStringLiteral("status"), statuses[rng.bounded(3)]);
        q.filters.insert(QStringLiteral("action"), actionRef(int(rng.bounded(kActions))));
        q.limit = 100;
        q.offset = 100 * int(rng.bounded(5));
        q.excludeResult = excludeResult;
        q.countTotal = false;
        auto t = Clock::now();
        const double cpu = threadCpuMs();
        const Page page = store.executions(q);
        us.push_back(secondsSince(t) * 1e6);
        cpuUs.push_back((threadCpuMs() - cpu) * 1e3);
        items += page.items.size();
        q.countTotal = true;
        t = Clock::now();
        store.executions(q);
        usTotal.push_back(secondsSince(t) * 1e6);
    }
    // The history view's first screen: newest 100 of everything, with the total.
    std::vector<double> firstUs;
    qint64 total = 0;
    for (int i = 0; i < 20; ++i) {
        Query q;
        q.limit = 100;
        q.excludeResult = excludeResult;
        const auto t = Clock::now();
        total = store.executions(q).total;
        firstUs.push_back(secondsSince(t) * 1e6);
    }
    report({{QStringLiteral("workload"), excludeResult ? QStringLiteral("b7_page_status_action_noresult")
                                                      : QStringLiteral("b7_page_status_action")},
            {QStringLiteral("pages"), count},
            {QStringLiteral("avg_items"), double(items) / std::max(1, count)},
            {QStringLiteral("p50_us"), percentile(us, 50)},
            {QStringLiteral("p99_us"), percentile(us, 99)},
            {QStringLiteral("max_us"), percentile(us, 100)},
            {QStringLiteral("cpu_p50_us"), percentile(cpuUs, 50)},
            {QStringLiteral("cpu_p99_us"), percentile(cpuUs, 99)},
            {QStringLiteral("with_total_p50_us"), percentile(usTotal, 50)},
            {QStringLiteral("with_total_p99_us"), percentile(usTotal, 99)},
            {QStringLiteral("unfiltered_first_page_with_total_p50_us"), percentile(firstUs, 50)},
            {QStringLiteral("unfiltered_total"), total}});
}

void largeResult(Store &store)
{
    struct Shape
    {
        const char *name;
        Value result;
    };
    ValueList lines;
    for (int i = 0; i < 8000; ++i)
        lines.append(makeDict({{QStringLiteral("n"), i}, {QStringLiteral("line"), QString(1000, QLatin1Char('x'))}}));
    const Shape shapes[] = {
        {"string", makeDict({{QStringLiteral("stdout"), QString(8 * 1024 * 1024, QLatin1Char('y'))},
                             {QStringLiteral("return_code"), 0}})},
        {"structured", makeDict({{QStringLiteral("result"), Value(lines)}})},
    };
    QRandomGenerator rng(3);
    for (const Shape &shape : shapes) {
        std::vector<double> storeMs, loadMs, storeCpuMs, loadCpuMs;
        qint64 bytes = 0;
        for (int rep = 0; rep < 5; ++rep) {
            Value doc = makeExecution(rep, rng, nowTimestamp());
            doc.dictRef().insert(QStringLiteral("result"), shape.result);
            const QString id = doc[u"id"].toString();
            auto t = Clock::now();
            double cpu = threadCpuMs();
            store.putExecution(doc);
            store.flush();
            storeMs.push_back(secondsSince(t) * 1e3);
            storeCpuMs.push_back(threadCpuMs() - cpu);
            t = Clock::now();
            cpu = threadCpuMs();
            const auto back = store.execution(id);
            loadMs.push_back(secondsSince(t) * 1e3);
            loadCpuMs.push_back(threadCpuMs() - cpu);
            if (!back || !(*back)[u"result"].isDict())
                qFatal("8 MB result did not come back");
            bytes = json::serialize((*back)[u"result"]).size();
        }
        report({{QStringLiteral("workload"), QString(QStringLiteral("b7_8mb_result_") + QLatin1String(shape.name))},
                {QStringLiteral("result_bytes"), bytes},
                {QStringLiteral("store_ms_median"), percentile(storeMs, 50)},
                {QStringLiteral("store_ms_max"), percentile(storeMs, 100)},
                {QStringLiteral("load_ms_median"), percentile(loadMs, 50)},
                {QStringLiteral("load_ms_max"), percentile(loadMs, 100)},
                {QStringLiteral("store_cpu_ms_median"), percentile(storeCpuMs, 50)},
                {QStringLiteral("load_cpu_ms_median"), percentile(loadCpuMs, 50)}});
    }
}

// Purges the oldest `purgeRows` rows in batches from the event loop while a
// 1 ms timer ingests 1,000 executions/s; an ingest's latency runs from its
// scheduled arrival to the moment its write is durable.
void purgeWhileIngesting(Store &store, qint64 rows, qint64 purgeRows, int batch)
{
    const QString cutoff = startFor(purgeRows);
    QRandomGenerator rng(99);
    std::vector<double> ingestUs;
    std::vector<double> batchMs;
    qint64 purged = 0;
    qint64 next = rows + 10;  // new rows start after the existing ones
    bool purging = true;
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    qint64 arrivals = 0;

    QTimer ingestTimer;
    ingestTimer.setTimerType(Qt::PreciseTimer);
    ingestTimer.setInterval(1);
    QObject::connect(&ingestTimer, &QTimer::timeout, &loop, [&] {
        // Catch up on every arrival that is due (1 per ms), each with its own deadline.
        const qint64 nowNs = clock.nsecsElapsed();
        while (arrivals * 1'000'000 <= nowNs) {
            const qint64 due = arrivals * 1'000'000;
            ++arrivals;
            store.putExecution(makeExecution(next, rng, startFor(next)));
            ++next;
            store.whenDurable([&, due] { ingestUs.push_back(double(clock.nsecsElapsed() - due) / 1e3); });
        }
    });
    QTimer purgeTimer;
    purgeTimer.setInterval(0);
    QObject::connect(&purgeTimer, &QTimer::timeout, &loop, [&] {
        const auto t = Clock::now();
        const int n = store.purgeExecutions(cutoff, batch);
        batchMs.push_back(secondsSince(t) * 1e3);
        purged += n;
        if (n == 0) {
            purging = false;
            purgeTimer.stop();
            // Keep ingesting a little longer to see the steady state return.
            QTimer::singleShot(500, &loop, &QEventLoop::quit);
        }
    });
    const auto t0 = Clock::now();
    ingestTimer.start();
    purgeTimer.start();
    loop.exec();
    const double secs = secondsSince(t0);
    ingestTimer.stop();
    store.flush();
    Q_UNUSED(purging);
    report({{QStringLiteral("workload"), QStringLiteral("b7_purge_while_ingesting")},
            {QStringLiteral("purged"), purged},
            {QStringLiteral("batch"), batch},
            {QStringLiteral("seconds"), secs},
            {QStringLiteral("purged_per_s"), double(purged) / secs},
            {QStringLiteral("ingested"), qint64(ingestUs.size())},
            {QStringLiteral("ingest_rate_per_s"), double(ingestUs.size()) / secs},
            {QStringLiteral("ingest_p50_ms"), percentile(ingestUs, 50) / 1e3},
            {QStringLiteral("ingest_p99_ms"), percentile(ingestUs, 99) / 1e3},
            {QStringLiteral("ingest_max_ms"), percentile(ingestUs, 100) / 1e3},
            {QStringLiteral("purge_batch_p50_ms"), percentile(batchMs, 50)},
            {QStringLiteral("purge_batch_p99_ms"), percentile(batchMs, 99)},
            {QStringLiteral("error"), store.lastError()}});
}

// The persisted half of B2: each event stores a trigger instance and one rule
// enforcement (and, in the second pass, the requested execution too).
void triggerWrites(const QString &dir, qint64 events, bool withExecution)
{
    auto store = openOrDie(dir + (withExecution ? QStringLiteral("/b2x.db") : QStringLiteral("/b2.db")));
    QRandomGenerator rng(5);
    const Value payload = makeDict({{QStringLiteral("host"), QStringLiteral("web-01.example.com")},
                                    {QStringLiteral("cpu"), 93.5},
                                    {QStringLiteral("service"), QStringLiteral("nginx")},
                                    {QStringLiteral("tags"), makeList({QStringLiteral("prod"), QStringLiteral("eu-west-1")})},
                                    {QStringLiteral("message"), QString(300, QLatin1Char('m'))}});
    const auto t0 = Clock::now();
    const double cpu0 = cpuSeconds();
    for (qint64 i = 0; i < events; ++i) {
        const QString now = nowTimestamp();
        const QString tiId = newId();
        const QString execId = newId();
        store->putTriggerInstance(makeDict({{QStringLiteral("id"), tiId},
                                            {QStringLiteral("trigger"), QStringLiteral("monitoring.cpu_alert")},
                                            {QStringLiteral("occurrence_time"), now},
                                            {QStringLiteral("payload"), payload},
                                            {QStringLiteral("status"), QStringLiteral("processed")}}));
        const QString rule = QStringLiteral("monitoring.rule%1").arg(rng.bounded(1000));
        store->putRuleEnforcement(makeDict({{QStringLiteral("id"), newId()},
                                            {QStringLiteral("rule"), makeDict({{QStringLiteral("ref"), rule},
                                                                               {QStringLiteral("id"), tiId},
                                                                               {QStringLiteral("uid"), QString(QStringLiteral("rule:") + rule)}})},
                                            {QStringLiteral("trigger_instance_id"), tiId},
                                            {QStringLiteral("execution_id"), execId},
                                            {QStringLiteral("status"), QStringLiteral("succeeded")},
                                            {QStringLiteral("failure_reason"), Value()},
                                            {QStringLiteral("enforced_at"), now}}));
        if (withExecution)
            store->putExecution(makeExecution(i, rng, now));
    }
    store->flush();
    const double secs = secondsSince(t0);
    report({{QStringLiteral("workload"), withExecution ? QStringLiteral("b2_persisted_ti_enforcement_execution")
                                                      : QStringLiteral("b2_persisted_ti_enforcement")},
            {QStringLiteral("events"), events},
            {QStringLiteral("seconds"), secs},
            {QStringLiteral("events_per_s"), double(events) / secs},
            {QStringLiteral("cpu_s"), cpuSeconds() - cpu0},
            {QStringLiteral("error"), store->lastError()}});
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption rowsOpt(QStringLiteral("rows"), QStringLiteral("Executions to ingest."), QStringLiteral("n"),
                                     QStringLiteral("1000000"));
    const QCommandLineOption tenM(QStringLiteral("10m"), QStringLiteral("The 10M-row variant (slow)."));
    const QCommandLineOption pagesOpt(QStringLiteral("pages"), QStringLiteral("Random pages to time."), QStringLiteral("n"),
                                      QStringLiteral("2000"));
    const QCommandLineOption purgeOpt(QStringLiteral("purge"), QStringLiteral("Rows to purge (0 skips)."),
                                      QStringLiteral("n"), QStringLiteral("500000"));
    const QCommandLineOption batchOpt(QStringLiteral("purge-batch"), QStringLiteral("Rows per purge batch."),
                                      QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption b2Opt(QStringLiteral("b2"), QStringLiteral("B2 events to persist (0 skips)."),
                                   QStringLiteral("n"), QStringLiteral("200000"));
    const QCommandLineOption dirOpt(QStringLiteral("dir"), QStringLiteral("Directory for the databases."),
                                    QStringLiteral("dir"));
    const QCommandLineOption onlyOpt(QStringLiteral("only"),
                                     QStringLiteral("Comma-separated phases: b2,ingest,pages,large,purge (default all)."),
                                     QStringLiteral("phases"));
    const QCommandLineOption dbOpt(QStringLiteral("db"),
                                   QStringLiteral("History database to use; an existing one skips the ingest."),
                                   QStringLiteral("file"));
    parser.addOptions({rowsOpt, tenM, pagesOpt, purgeOpt, batchOpt, b2Opt, dirOpt, onlyOpt, dbOpt});
    parser.process(app);

    const qint64 rows = parser.isSet(tenM) ? 10'000'000 : parser.value(rowsOpt).toLongLong();
    const qint64 purgeRows = std::min(parser.value(purgeOpt).toLongLong(), rows);
    QTemporaryDir tmp(parser.isSet(dirOpt) ? parser.value(dirOpt) + QStringLiteral("/bench-store-XXXXXX")
                                           : QDir::tempPath() + QStringLiteral("/bench-store-XXXXXX"));
    if (!tmp.isValid())
        qFatal("cannot create a temporary directory");
    const QString dbPath = parser.isSet(dbOpt) ? parser.value(dbOpt) : tmp.filePath(QStringLiteral("history.db"));
    const bool reuse = parser.isSet(dbOpt) && QFileInfo::exists(dbPath);
    g_baseMicros = nowMicros() - (rows + 1000) * 10'000;

    const QStringList only = parser.value(onlyOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
    auto phase = [&](const char *name) { return only.isEmpty() || only.contains(QLatin1String(name)); };

    if (phase("b2") && parser.value(b2Opt).toLongLong() > 0) {
        triggerWrites(tmp.path(), parser.value(b2Opt).toLongLong(), false);
        triggerWrites(tmp.path(), parser.value(b2Opt).toLongLong() / 4, true);
    }
    if (!reuse && (phase("ingest") || phase("pages") || phase("purge"))) {
        SqliteOptions options;
        options.maxBatch = 5000;
        auto store = openOrDie(dbPath, options);
        ingest(*store, dbPath, rows);
    }
    auto store = openOrDie(dbPath);  // reopened: pages come from a cold-ish cache
    if (phase("pages") && parser.value(pagesOpt).toInt() > 0) {
        pages(*store, parser.value(pagesOpt).toInt(), true);
        pages(*store, parser.value(pagesOpt).toInt(), false);
    }
    if (phase("large"))
        largeResult(*store);
    if (phase("purge") && purgeRows > 0)
        purgeWhileIngesting(*store, rows, purgeRows, parser.value(batchOpt).toInt());
    return 0;
}
