// B10: the History page at 1,000,000 executions, on the offscreen platform,
// against the in-process engine the studio runs. One JSON line per workload:
//
//   b10_seed      rows written straight through the store (one batched pass)
//   b10_open      activating History until the first page is painted
//   b10_scroll    wheel steps and page jumps through the paged list (frame ms)
//   b10_filter    filter changes until the new rows are painted (ms each)
//   b10_live      1,000 new executions/s for 10 s arriving as event batches
//                 while the view repaints every 16 ms (frame ms, gaps)
//   b10_idle_rss  VmRSS of the process (studio + in-process engine), idle
//
//   bench_history [--rows N] [--dir DIR] [--live-seconds N] [--rate N]
#include "../UiBenchUtil.h"

#include "base/Ids.h"
#include "client/EngineThread.h"
#include "client/InProcessClient.h"
#include "store/Store.h"
#include "ui/history/HistoryModel.h"
#include "ui/history/HistoryPage.h"
#include "ui/shell/Studio.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QWheelEvent>

using namespace squall;
using namespace squall::bench;
using namespace Qt::StringLiterals;

namespace {

const QString kStatuses[] = {u"succeeded"_s, u"failed"_s, u"timeout"_s, u"canceled"_s};

QString statusFor(quint32 r)
{
    const quint32 p = r % 100;  // 75 % succeeded, 20 % failed, 2 % timeout, 3 % canceled
    return kStatuses[p < 75 ? 0 : p < 95 ? 1 : p < 97 ? 2 : 3];
}

QString actionRef(int i)
{
    return u"pack%1.action%2"_s.arg(i % 20).arg(i);
}

Value makeExecution(const QString &id, qint64 startMicros, QRandomGenerator &rng, const QString &status = {})
{
    const int action = int(rng.bounded(200));
    const QString st = status.isEmpty() ? statusFor(rng.generate()) : status;
    const QString start = isoFromMicros(startMicros);
    const bool done = st != u"running";
    return makeDict({
        {u"id"_s, id},
        {u"action"_s, makeDict({{u"ref"_s, actionRef(action)}, {u"runner_type"_s, u"local-shell-cmd"_s},
                                {u"pack"_s, u"pack%1"_s.arg(action % 20)}})},
        {u"runner"_s, makeDict({{u"name"_s, u"local-shell-cmd"_s}})},
        {u"status"_s, st},
        {u"start_timestamp"_s, start},
        {u"end_timestamp"_s, done ? Value(isoFromMicros(startMicros + 1500)) : Value()},
        {u"parameters"_s, makeDict({{u"cmd"_s, u"echo run"_s}})},
        {u"context"_s, makeDict({{u"user"_s, u"stanley"_s}, {u"pack"_s, u"pack%1"_s.arg(action % 20)}})},
        {u"log"_s, makeList({makeDict({{u"timestamp"_s, start}, {u"status"_s, u"requested"_s}}),
                             makeDict({{u"timestamp"_s, start}, {u"status"_s, st}})})},
        {u"result"_s, makeDict({{u"stdout"_s, u"ok"_s}, {u"return_code"_s, 0}})},
    });
}

double vmRssMb()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

void seed(const QString &dataDir, qint64 rows)
{
    Error err;
    auto store = store::openSqliteStore(QDir(dataDir).filePath(u"squall.db"_s), {}, &err);
    if (!store)
        qFatal("cannot open store: %s", qPrintable(err.message));
    const auto probe = store->executions(store::Query{{}, {}, {}, 1, 0, false, true, true});
    if (probe.total >= rows) {
        report({{u"workload"_s, u"b10_seed"_s}, {u"rows"_s, probe.total}, {u"seconds"_s, 0}, {u"reused"_s, true}});
        return;
    }
    QRandomGenerator rng(10);
    // Start times 10 ms apart, the newest a minute ago: the last hours hold all.
    const qint64 base = nowMicros() - 60'000'000 - rows * 10'000;
    const auto t0 = Clock::now();
    for (qint64 i = probe.total; i < rows; ++i) {
        store->putExecution(makeExecution(newId(), base + i * 10'000, rng));
        if ((i + 1) % 200'000 == 0)
            fprintf(stderr, "  seeded %lld rows, %.0f s\n", static_cast<long long>(i + 1), secondsSince(t0));
    }
    store->flush();
    const double secs = secondsSince(t0);
    report({{u"workload"_s, u"b10_seed"_s}, {u"rows"_s, rows}, {u"seconds"_s, secs},
            {u"rows_per_s"_s, double(rows) / secs}, {u"error"_s, store->lastError()}});
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser cli;
    cli.addOptions({{u"rows"_s, u"Executions to seed"_s, u"N"_s, u"1000000"_s},
                    {u"dir"_s, u"Data dir to seed and keep (reused when seeded)"_s, u"DIR"_s},
                    {u"live-seconds"_s, u"Seconds of live updates"_s, u"N"_s, u"10"_s},
                    {u"rate"_s, u"New executions per second during the live run"_s, u"N"_s, u"1000"_s}});
    cli.addHelpOption();
    cli.process(app);
    QTemporaryDir tmp;
    const QString dataDir = cli.isSet(u"dir"_s) ? cli.value(u"dir"_s) : tmp.path();
    QDir().mkpath(dataDir);
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    const qint64 rows = cli.value(u"rows"_s).toLongLong();

    seed(dataDir, rows);

    client::EngineThread engine;
    engine::EngineOptions o;
    o.dataDir = dataDir;
    o.packRoots = {QStringLiteral(SQUALL_SOURCE_DIR "/packs")};
    QString error;
    auto t0 = Clock::now();
    if (!engine.startAndWait(o, &error))
        qFatal("engine: %s", qPrintable(error));
    const double engineStart = secondsSince(t0) * 1e3;
    client::InProcessClient client(&engine, client::InProcessClient::localAdmin());
    ui::Studio studio(&client, u"bench"_s);
    ui::HistoryPage page(&studio);
    studio.startEvents();
    page.resize(1366 - 150, 768 - 60);
    page.show();
    QCoreApplication::processEvents();
    QTreeView *view = page.view();
    ui::HistoryModel *model = page.model();

    // ---- open: first page painted --------------------------------------
    t0 = Clock::now();
    page.activate();
    if (!waitFor([model] { return model->rowCount() > 0 && !model->isFetching(); }))
        qFatal("no first page");
    view->viewport()->repaint();
    const double openMs = secondsSince(t0) * 1e3;
    waitFor([] { return false; }, 500);   // the chart's query settles
    report({{u"workload"_s, u"b10_open"_s}, {u"rows_in_store"_s, rows}, {u"engine_start_ms"_s, engineStart},
            {u"first_page_ms"_s, openMs}, {u"page_rows"_s, model->rowCount()}});
    const double idleRss = vmRssMb();

    // ---- scroll ---------------------------------------------------------
    std::vector<double> wheel, jumps;
    QScrollBar *bar = view->verticalScrollBar();
    QElapsedTimer scrollClock;
    scrollClock.start();
    const QPoint centre = view->viewport()->rect().center();
    for (int i = 0; i < 300; ++i) {
        wheel.push_back(frame(view, [&] {
            QWheelEvent ev(centre, view->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt::NoButton,
                           Qt::NoModifier, Qt::NoScrollPhase, false);
            QCoreApplication::sendEvent(view->viewport(), &ev);
        }));
    }
    const qint64 wheelMs = scrollClock.elapsed();
    // Page jumps to the end of what is loaded: each reaches for the next page.
    for (int i = 0; i < 60; ++i) {
        jumps.push_back(frame(view, [&] { bar->setValue(bar->maximum()); }));
        waitFor([model] { return !model->isFetching(); });
    }
    const int loadedAfterScroll = model->rowCount();
    QJsonObject scroll = frameFigures(wheel);
    scroll.insert(u"workload"_s, u"b10_scroll"_s);
    scroll.insert(u"wheel_steps"_s, qint64(wheel.size()));
    scroll.insert(u"wheel_total_ms"_s, wheelMs);
    const QJsonObject jumpFig = frameFigures(jumps);
    scroll.insert(u"jump_p99_ms"_s, jumpFig.value(u"p99_ms"_s));
    scroll.insert(u"jump_max_ms"_s, jumpFig.value(u"max_ms"_s));
    scroll.insert(u"rows_loaded_after_scroll"_s, loadedAfterScroll);
    scroll.insert(u"pages_requested"_s, model->pagesRequested());
    report(scroll);

    // ---- filter changes ---------------------------------------------------
    struct Case
    {
        const char16_t *name;
        ui::HistoryFilter filter;
    };
    std::vector<Case> cases;
    {
        ui::HistoryFilter f;
        f.status = u"failed"_s;
        cases.push_back({u"status", f});
        f = {};
        f.action = actionRef(63);
        cases.push_back({u"action", f});
        f = {};
        f.status = u"timeout"_s;
        f.action = actionRef(17);
        cases.push_back({u"status_action", f});
        f = {};
        f.lastSeconds = 3600;
        cases.push_back({u"last_hour", f});
        f = {};
        f.text = u"action142"_s;
        cases.push_back({u"text", f});
        f = {};
        // The worst case of free text: nothing matches, every row is read.
        f.text = u"no-such-text"_s;
        cases.push_back({u"text_no_match", f});
        f = {};
        f.rule = u"nope.rule"_s;
        cases.push_back({u"rule_no_match", f});
        cases.push_back({u"none", ui::HistoryFilter{}});
    }
    QJsonObject filters{{u"workload"_s, u"b10_filter"_s}};
    std::vector<double> filterMs;
    for (int round = 0; round < 2; ++round) {
        for (const Case &c : cases) {
            QElapsedTimer t;
            t.start();
            page.setFilter(c.filter);
            if (!waitFor([model] { return !model->isFetching(); }))
                qFatal("filter did not answer");
            view->viewport()->repaint();
            const double ms = double(t.nsecsElapsed()) / 1e6;
            if (round == 1) {   // the first round warms SQLite's page cache
                filters.insert(QString::fromUtf16(c.name) + u"_ms"_s, ms);
                filters.insert(QString::fromUtf16(c.name) + u"_rows"_s, model->rowCount());
                filterMs.push_back(ms);
            } else {
                filters.insert(QString::fromUtf16(c.name) + u"_cold_ms"_s, ms);
            }
        }
    }
    filters.insert(u"max_ms"_s, *std::max_element(filterMs.begin(), filterMs.end()));
    filters.insert(u"p50_ms"_s, percentile(filterMs, 50));
    report(filters);
    page.setFilter({});
    waitFor([model] { return !model->isFetching(); });

    // ---- live updates -------------------------------------------------------
    const int rate = cli.value(u"rate"_s).toInt();
    const int liveSeconds = cli.value(u"live-seconds"_s).toInt();
    std::vector<double> work, gaps;
    QRandomGenerator rng(11);
    qint64 sent = 0, eventId = 1'000'000'000;
    QElapsedTimer clock, sinceTick;
    clock.start();
    sinceTick.start();
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(16);
    QObject::connect(&tick, &QTimer::timeout, &page, [&] {
        gaps.push_back(double(sinceTick.nsecsElapsed()) / 1e6);
        sinceTick.restart();
        work.push_back(frame(view, [&] {
            const qint64 due = clock.elapsed() * rate / 1000;
            engine::EventBatch batch;
            const qint64 now = nowMicros();
            for (; sent < due; ++sent) {
                // Half arrive as a create, the other half are the update that
                // finishes an execution created in the previous batch.
                engine::Event create;
                create.id = ++eventId;
                create.kind = engine::EventKind::ExecutionCreate;
                create.doc = makeExecution(newId(), now, rng, u"running"_s);
                batch.append(create);
            }
            if (!batch.isEmpty())
                Q_EMIT studio.eventsReceived(batch);
        }));
    });
    tick.start();
    waitFor([&] { return clock.elapsed() >= liveSeconds * 1000; }, liveSeconds * 1000 + 5000);
    tick.stop();
    QJsonObject live = frameFigures(work);
    live.insert(u"workload"_s, u"b10_live"_s);
    live.insert(u"rate_per_s"_s, rate);
    live.insert(u"seconds"_s, liveSeconds);
    live.insert(u"executions_inserted"_s, sent);
    live.insert(u"rows_after"_s, model->rowCount());
    live.insert(u"gap_p99_ms"_s, percentile(gaps, 99));
    live.insert(u"gap_max_ms"_s, gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end()));
    report(live);

    // ---- live updates while scrolled down: the reader's rows stay put ---------
    view->scrollTo(model->index(500, 0), QAbstractItemView::PositionAtTop);
    const QString anchor = view->indexAt(QPoint(2, 2)).data(ui::HistoryModel::IdRole).toString();
    work.clear();
    gaps.clear();
    sent = 0;
    clock.restart();
    sinceTick.restart();
    tick.start();
    waitFor([&] { return clock.elapsed() >= 3000; }, 8000);
    tick.stop();
    QJsonObject scrolled = frameFigures(work);
    scrolled.insert(u"workload"_s, u"b10_live_scrolled"_s);
    scrolled.insert(u"executions_inserted"_s, sent);
    scrolled.insert(u"top_row_kept"_s, view->indexAt(QPoint(2, 2)).data(ui::HistoryModel::IdRole).toString() == anchor);
    report(scrolled);

    waitFor([] { return false; }, 1000);
    report({{u"workload"_s, u"b10_idle_rss"_s}, {u"after_open_mb"_s, idleRss},
            {u"after_runs_mb"_s, vmRssMb()}, {u"rows_held"_s, model->rowCount()}});
    return 0;
}
