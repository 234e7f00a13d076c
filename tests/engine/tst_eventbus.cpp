#include "base/Json.h"
#include "engine/Engine.h"
#include "engine/EventBus.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;
using namespace squall::engine;

namespace {

// A log in memory, standing in for the store.
class MemoryLog final : public EventLog
{
public:
    EventBatch rows;
    void appendEvent(const Event &e) override { rows.append(e); }
    EventBatch eventsAfter(qint64 afterId, int limit) override
    {
        EventBatch out;
        for (const Event &e : rows) {
            if (e.id > afterId && out.size() < limit)
                out.append(e);
        }
        return out;
    }
    qint64 firstEventId() override { return rows.isEmpty() ? 0 : rows.constFirst().id; }
    qint64 lastEventId() override { return rows.isEmpty() ? 0 : rows.constLast().id; }
    void purgeEventsUpTo(qint64 id) override
    {
        rows.removeIf([id](const Event &e) { return e.id <= id; });
    }
};

// What one subscriber saw: its batches, flattened ids, and any resync.
struct Seen
{
    int batches = 0;
    QList<qint64> ids;
    QList<EventKind> kinds;
    EventSink sink()
    {
        return [this](const EventBatch &batch) {
            ++batches;
            for (const Event &e : batch) {
                ids.append(e.id);
                kinds.append(e.kind);
            }
        };
    }
};

Value execution(const QString &id, const QString &status)
{
    return makeDict({{QStringLiteral("id"), id}, {QStringLiteral("status"), status},
                     {QStringLiteral("action"), makeDict({{QStringLiteral("ref"), QStringLiteral("core.local")}})}});
}

QList<qint64> range(qint64 from, qint64 to)
{
    QList<qint64> out;
    for (qint64 i = from; i <= to; ++i)
        out.append(i);
    return out;
}

} // namespace

class TestEventBus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void floodArrivesAsFewBatches()
    {
        EventBus bus;
        Seen seen;
        bus.subscribe({}, -1, seen.sink());
        for (int i = 0; i < 10'000; ++i)
            bus.publish(EventKind::ExecutionUpdate, execution(QStringLiteral("e%1").arg(i % 7), QStringLiteral("running")));
        QCOMPARE(seen.batches, 0);  // nothing synchronously: one turn, one delivery
        QTRY_COMPARE(seen.ids.size(), 10'000);
        QVERIFY2(seen.batches <= 10'000 / EventBus::kMaxBatch + 1, qPrintable(QString::number(seen.batches)));
        QCOMPARE(seen.ids, range(1, 10'000));
    }

    void filterRunsInTheBus()
    {
        EventBus bus;
        Seen outputOnly, oneExecution, all;
        bus.subscribe(EventFilter::ofKinds({EventKind::ExecutionOutput}), -1, outputOnly.sink());
        bus.subscribe(EventFilter().onlyExecutions({QStringLiteral("e2")}), -1, oneExecution.sink());
        bus.subscribe({}, -1, all.sink());
        bus.publish(EventKind::ExecutionCreate, execution(QStringLiteral("e1"), QStringLiteral("requested")));
        bus.publish(EventKind::ExecutionUpdate, execution(QStringLiteral("e2"), QStringLiteral("running")));
        bus.publish(EventKind::ExecutionOutput, makeDict({{QStringLiteral("execution_id"), QStringLiteral("e2")},
                                                          {QStringLiteral("data"), QStringLiteral("hi\n")}}));
        bus.publish(EventKind::RuleCreate, makeDict({{QStringLiteral("ref"), QStringLiteral("p.r")}}));
        QTRY_COMPARE(all.ids.size(), 4);
        QCOMPARE(outputOnly.ids, (QList<qint64>{3}));
        QCOMPARE(oneExecution.ids, (QList<qint64>{2, 3}));
        QCOMPARE(all.batches, 1);
    }

    void filterFromStreamQuery()
    {
        QHash<QString, QString> q;
        q.insert(QStringLiteral("events"), QStringLiteral("st2.execution__*, st2.rule__create"));
        q.insert(QStringLiteral("action_refs"), QStringLiteral("core.local"));
        const EventFilter f = EventFilter::fromParams(q);
        QVERIFY(f.acceptsKind(EventKind::ExecutionCreate));
        QVERIFY(f.acceptsKind(EventKind::ExecutionUpdate));
        QVERIFY(!f.acceptsKind(EventKind::ExecutionOutput));
        QVERIFY(f.acceptsKind(EventKind::Resync));  // never filtered away
        Event e{1, EventKind::ExecutionUpdate, execution(QStringLiteral("e1"), QStringLiteral("running")), {}};
        QVERIFY(f.accepts(e));
        e.doc = makeDict({{QStringLiteral("action"), makeDict({{QStringLiteral("ref"), QStringLiteral("core.noop")}})}});
        QVERIFY(!f.accepts(e));
        // The query a remote client sends rebuilds the same filter.
        const EventFilter back = EventFilter::fromParams(f.toParams());
        QVERIFY(back.acceptsKind(EventKind::RuleCreate));
        QVERIFY(!back.acceptsKind(EventKind::RuleDelete));
    }

    void resumeFromMemoryAndLog_data()
    {
        QTest::addColumn<int>("published");
        QTest::addColumn<int>("since");
        QTest::newRow("recent, from memory") << 50 << 40;
        QTest::newRow("old, from the log") << 12'000 << 100;
        QTest::newRow("nothing missed") << 20 << 20;
    }

    void resumeFromMemoryAndLog()
    {
        QFETCH(int, published);
        QFETCH(int, since);
        MemoryLog log;
        EventBus bus;
        bus.setLog(&log, 100'000);
        for (int i = 0; i < published; ++i)
            bus.publish(EventKind::ExecutionUpdate, execution(QStringLiteral("e%1").arg(i), QStringLiteral("running")));
        bus.flush();
        Seen seen;
        bus.subscribe({}, since, seen.sink());
        bus.publish(EventKind::ExecutionUpdate, execution(QStringLiteral("live"), QStringLiteral("succeeded")));
        QTRY_COMPARE(seen.ids.size(), published - since + 1);
        QCOMPARE(seen.ids, range(since + 1, published + 1));  // missed ones, then live, no duplicate
        QVERIFY(!seen.kinds.contains(EventKind::Resync));
    }

    void gapBeyondRetentionAsksForResync()
    {
        MemoryLog log;
        EventBus bus;
        bus.setLog(&log, 100);
        for (int i = 0; i < 500; ++i)
            bus.publish(EventKind::ExecutionUpdate, execution(QStringLiteral("e%1").arg(i), QStringLiteral("running")));
        bus.flush();
        bus.purge();
        QCOMPARE(bus.firstRetainedId(), 401);
        QCOMPARE(log.firstEventId(), 401);

        Seen tooOld, justInside, fromAnotherEngine;
        bus.subscribe({}, 10, tooOld.sink());
        bus.subscribe({}, 400, justInside.sink());
        bus.subscribe({}, 9'999, fromAnotherEngine.sink());
        bus.publish(EventKind::RuleCreate, makeDict({}));
        QTRY_COMPARE(justInside.ids.size(), 101);
        QTRY_COMPARE(tooOld.ids.size(), 2);
        QCOMPARE(tooOld.kinds, (QList<EventKind>{EventKind::Resync, EventKind::RuleCreate}));
        QCOMPARE(tooOld.ids.first(), 500);  // where the subscriber stands after reloading
        QCOMPARE(fromAnotherEngine.kinds.first(), EventKind::Resync);
        QVERIFY(!justInside.kinds.contains(EventKind::Resync));
    }

    void unsubscribeInsideSink()
    {
        EventBus bus;
        int calls = 0;
        qint64 handle = 0;
        handle = bus.subscribe({}, -1, [&](const EventBatch &) {
            ++calls;
            bus.unsubscribe(handle);
        });
        Seen other;
        bus.subscribe({}, -1, other.sink());
        for (int i = 0; i < 3 * EventBus::kMaxBatch; ++i)
            bus.publish(EventKind::ExecutionUpdate, makeDict({}));
        QTRY_COMPARE(other.ids.size(), 3 * EventBus::kMaxBatch);
        QCOMPARE(calls, 1);
        QCOMPARE(bus.subscriberCount(), 1);
    }

    void idsSurviveEngineRestart()
    {
        QTemporaryDir dir;
        EngineOptions o;
        o.dataDir = dir.path();
        qint64 lastBefore = 0;
        {
            Engine e;
            QString error;
            QVERIFY2(e.start(o, &error), qPrintable(error));
            Principal admin{QStringLiteral("admin"), true, QStringLiteral("api_key")};
            e.setKey(QStringLiteral("a"), makeDict({{QStringLiteral("value"), QStringLiteral("1")}}), admin);
            e.setKey(QStringLiteral("a"), makeDict({{QStringLiteral("value"), QStringLiteral("2")}}), admin);
            lastBefore = e.lastEventId();
            QVERIFY(lastBefore >= 2);
            e.shutdown();
        }
        Engine e;
        QString error;
        QVERIFY2(e.start(o, &error), qPrintable(error));
        QCOMPARE(e.lastEventId(), lastBefore);
        Seen seen;
        e.subscribe(EventFilter::ofKinds({EventKind::KeyValueCreate, EventKind::KeyValueUpdate}), 0, seen.sink());
        Principal admin{QStringLiteral("admin"), true, QStringLiteral("api_key")};
        e.setKey(QStringLiteral("b"), makeDict({{QStringLiteral("value"), QStringLiteral("3")}}), admin);
        QTRY_COMPARE(seen.ids.size(), 3);
        QCOMPARE(seen.kinds, (QList<EventKind>{EventKind::KeyValueCreate, EventKind::KeyValueUpdate,
                                               EventKind::KeyValueCreate}));
        QVERIFY(seen.ids.last() > lastBefore);
    }
};

QTEST_GUILESS_MAIN(TestEventBus)
#include "tst_eventbus.moc"
