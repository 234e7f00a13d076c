// ExecutionTracker against a real in-process engine with the bundled packs:
// running and past workflows, a pending inquiry, a failure, with-items.
#include "StudioTestEngine.h"

#include "client/BlockingClient.h"
#include "ui/workflow/run/ExecutionTracker.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;
using namespace Qt::StringLiterals;
using Path = QList<std::pair<QString, QString>>;

class TestExecutionTracker : public QObject
{
    Q_OBJECT

    QTemporaryDir m_packs;
    std::unique_ptr<test::StudioTestEngine> m_engine;

    client::BlockingClient api() { return client::BlockingClient(m_engine->client()); }

    QString run(const QString &action, const Value &parameters = Value(ValueDict()))
    {
        const client::ClientResult r = api().call(client::Op::CreateExecution, {},
                                                  makeDict({{u"action"_s, action}, {u"parameters"_s, parameters}}));
        if (!r.ok())
            qWarning("cannot run %s: %s", qPrintable(action), qPrintable(r.errorText()));
        return r.value[u"id"].toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // A pack of our own, saved through the client as the designer does.
        QVERIFY(QDir().mkpath(m_packs.path() + u"/trackerpack/actions"_s));
        QFile f(m_packs.path() + u"/trackerpack/pack.yaml"_s);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("name: trackerpack\nref: trackerpack\nversion: 1.0.0\nauthor: t\ndescription: t\n");
        f.close();
        m_engine = std::make_unique<test::StudioTestEngine>(QStringList{m_packs.path()});
        QVERIFY(m_engine->ok());
        m_engine->studio()->startEvents();
        const Value failing = makeDict(
            {{u"name"_s, u"failing"_s},
             {u"pack"_s, u"trackerpack"_s},
             {u"runner_type"_s, u"orquesta"_s},
             {u"entry_point"_s, u"workflows/failing.yaml"_s},
             {u"data_files"_s,
              makeList({makeDict({{u"file_path"_s, u"workflows/failing.yaml"_s},
                                  {u"content"_s, u"version: 1.0\ntasks:\n  first:\n    action: core.noop\n    next:\n"
                                                 "      - do: boom\n  boom:\n    action: core.local cmd=\"exit 3\"\n"_s}})})}});
        const client::ClientResult saved = api().call(client::Op::CreateAction, {}, failing);
        QVERIFY2(saved.ok(), qPrintable(saved.errorText()));
        // One question per item, one at a time: the run waits with items not started.
        const Value asking = makeDict(
            {{u"name"_s, u"asking"_s},
             {u"pack"_s, u"trackerpack"_s},
             {u"runner_type"_s, u"orquesta"_s},
             {u"entry_point"_s, u"workflows/asking.yaml"_s},
             {u"data_files"_s,
              makeList({makeDict({{u"file_path"_s, u"workflows/asking.yaml"_s},
                                  {u"content"_s, u"version: 1.0\ntasks:\n  approve:\n    with:\n"
                                                 "      items: n in <% [1, 2, 3] %>\n      concurrency: 1\n"
                                                 "    action: core.ask\n"_s}})})}});
        const client::ClientResult savedAsking = api().call(client::Op::CreateAction, {}, asking);
        QVERIFY2(savedAsking.ok(), qPrintable(savedAsking.errorText()));
    }
    void cleanupTestCase() { m_engine.reset(); }

    void sequentialRunningThenPast()
    {
        ui::ExecutionTracker tracker(m_engine->studio());
        QSignalSpy finished(&tracker, &ui::ExecutionTracker::finished);
        const QString id = run(u"examples.orquesta-sequential"_s);
        QVERIFY(!id.isEmpty());
        tracker.follow(id);
        QCOMPARE(tracker.executionId(), id);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toString(), u"succeeded"_s);
        QCOMPARE(tracker.status(), u"succeeded"_s);
        const auto tasks = tracker.tasks();
        QCOMPARE(tasks.size(), 3);
        for (const QString &t : {u"task1"_s, u"task2"_s, u"task3"_s}) {
            QCOMPARE(tasks.value(t).status, u"succeeded"_s);
            QVERIFY(!tasks.value(t).executionId.isEmpty());
            QCOMPARE(tasks.value(t).itemsTotal, -1);
            QVERIFY(tasks.value(t).childWorkflowId.isEmpty());
        }
        QVERIFY(tasks.value(u"task1"_s).result[u"stdout"].toString().contains(u"Lakshmi"));
        // What each task published, from the conductor's record.
        QTRY_VERIFY(tracker.tasks().value(u"task1"_s).published[u"greeting"].toString().contains(u"Lakshmi"));
        QVERIFY(tracker.tasks().value(u"task2"_s).published[u"greeting"].toString().contains(u"All your base"));
        const Path expected{{u"task1"_s, u"task2"_s}, {u"task2"_s, u"task3"_s}};
        QTRY_COMPARE(tracker.path(), expected);

        // The same execution, past: loaded whole, finished at once.
        ui::ExecutionTracker past(m_engine->studio());
        QSignalSpy pastFinished(&past, &ui::ExecutionTracker::finished);
        past.follow(id);
        QVERIFY(pastFinished.wait(10000));
        QCOMPARE(past.tasks().size(), 3);
        QCOMPARE(past.tasks().value(u"task3"_s).status, u"succeeded"_s);
        QTRY_COMPARE(past.path(), expected);

        past.stop();
        QVERIFY(past.executionId().isEmpty());
        QVERIFY(past.tasks().isEmpty());
    }

    void inquiryPendingThenAnswered()
    {
        ui::ExecutionTracker tracker(m_engine->studio());
        QSignalSpy finished(&tracker, &ui::ExecutionTracker::finished);
        tracker.follow(run(u"examples.orquesta-ask"_s));
        QTRY_COMPARE_WITH_TIMEOUT(tracker.tasks().value(u"ask"_s).status, u"pending"_s, 20000);
        QVERIFY(!tracker.tasks().contains(u"act"_s));
        QCOMPARE(finished.count(), 0);
        // As in st2, a workflow waiting on an inquiry pauses.
        QTRY_COMPARE_WITH_TIMEOUT(tracker.status(), u"paused"_s, 10000);

        const QString inquiry = tracker.tasks().value(u"ask"_s).executionId;
        const client::ClientResult answered =
            api().call(client::Op::RespondInquiry, inquiry,
                       makeDict({{u"id"_s, inquiry}, {u"response"_s, makeDict({{u"approve"_s, true}})}}));
        QVERIFY2(answered.ok(), qPrintable(answered.errorText()));
        QVERIFY(finished.wait(20000));
        QCOMPARE(tracker.status(), u"succeeded"_s);
        QCOMPARE(tracker.tasks().value(u"ask"_s).status, u"succeeded"_s);
        QCOMPARE(tracker.tasks().value(u"act"_s).status, u"succeeded"_s);
        QTRY_COMPARE(tracker.path(), (Path{{u"ask"_s, u"act"_s}}));
    }

    void failedTask()
    {
        ui::ExecutionTracker tracker(m_engine->studio());
        QSignalSpy finished(&tracker, &ui::ExecutionTracker::finished);
        tracker.follow(run(u"trackerpack.failing"_s));
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toString(), u"failed"_s);
        QCOMPARE(tracker.tasks().value(u"first"_s).status, u"succeeded"_s);
        QCOMPARE(tracker.tasks().value(u"boom"_s).status, u"failed"_s);
        QCOMPARE(tracker.tasks().value(u"boom"_s).result[u"return_code"].toInt(), 3);
        QTRY_COMPARE(tracker.path(), (Path{{u"first"_s, u"boom"_s}}));
    }

    void handledFailureTakesTheFailureBranch()
    {
        ui::ExecutionTracker tracker(m_engine->studio());
        QSignalSpy finished(&tracker, &ui::ExecutionTracker::finished);
        tracker.follow(run(u"examples.orquesta-error-handling"_s));
        QVERIFY(finished.wait(20000));
        QCOMPARE(tracker.status(), u"succeeded"_s);
        QCOMPARE(tracker.tasks().value(u"read"_s).status, u"failed"_s);
        QCOMPARE(tracker.tasks().value(u"remedy"_s).status, u"succeeded"_s);
        QTRY_COMPARE(tracker.path(), (Path{{u"read"_s, u"remedy"_s}}));
    }

    void withItemsAggregates()
    {
        ui::ExecutionTracker tracker(m_engine->studio());
        QSignalSpy finished(&tracker, &ui::ExecutionTracker::finished);
        tracker.follow(run(u"examples.orquesta-with-items"_s));
        QVERIFY(finished.wait(20000));
        const ui::ExecutionTracker::TaskRun greet = tracker.tasks().value(u"greet"_s);
        QCOMPARE(greet.status, u"succeeded"_s);
        QCOMPARE(greet.itemsTotal, 5);
        QCOMPARE(greet.itemsDone, 5);
        QCOMPARE(greet.result.toList().size(), 5);
        QVERIFY(greet.result.toList().at(4)[u"stdout"].toString().contains(u"epsilon"));
    }

    void joinPathFromTheConductor()
    {
        ui::ExecutionTracker tracker(m_engine->studio());
        QSignalSpy finished(&tracker, &ui::ExecutionTracker::finished);
        const QString id = run(u"examples.orquesta-join"_s, makeDict({{u"host"_s, u"h"_s}}));
        tracker.follow(id);
        QVERIFY(finished.wait(20000));
        QCOMPARE(tracker.tasks().value(u"report"_s).status, u"succeeded"_s);
        QTRY_COMPARE(tracker.path().size(), 4);
        for (const auto &step : {std::pair{u"start"_s, u"uptime"_s}, std::pair{u"start"_s, u"disk"_s},
                                 std::pair{u"uptime"_s, u"report"_s}, std::pair{u"disk"_s, u"report"_s}})
            QVERIFY2(tracker.path().contains(step), qPrintable(step.first + u" -> " + step.second));

        // The operation itself: the conductor's sequence with prev and published.
        const client::ClientResult state = api().call(client::Op::ExecutionWorkflow, id);
        QVERIFY2(state.ok(), qPrintable(state.errorText()));
        QCOMPARE(state.value[u"status"].toString(), u"succeeded"_s);
        bool sawReport = false;
        for (const Value &t : state.value[u"tasks"].toList()) {
            if (t[u"id"].toString() != u"report")
                continue;
            sawReport = true;
            QCOMPARE(t[u"prev"].toList().size(), 2);
        }
        QVERIFY(sawReport);
        const client::ClientResult notWorkflow =
            api().call(client::Op::ExecutionWorkflow, tracker.tasks().value(u"start"_s).executionId);
        QCOMPARE(notWorkflow.status, 400);
        QCOMPARE(api().call(client::Op::ExecutionWorkflow, u"000000000000000000000000"_s).status, 404);
    }

    void withItemsCountsItemsNotStarted()
    {
        ui::ExecutionTracker tracker(m_engine->studio());
        const QString id = run(u"trackerpack.asking"_s);
        tracker.follow(id);
        QTRY_COMPARE_WITH_TIMEOUT(tracker.tasks().value(u"approve"_s).status, u"pending"_s, 20000);
        QTRY_COMPARE(tracker.tasks().value(u"approve"_s).itemsTotal, 3);
        QCOMPARE(tracker.tasks().value(u"approve"_s).itemsDone, 0);
        QVERIFY(api().call(client::Op::CancelExecution, id).ok());
        QTRY_COMPARE_WITH_TIMEOUT(tracker.status(), u"canceled"_s, 20000);
    }

    void childWorkflowIsNamed()
    {
        ui::ExecutionTracker tracker(m_engine->studio());
        QSignalSpy finished(&tracker, &ui::ExecutionTracker::finished);
        tracker.follow(run(u"examples.orquesta-subworkflow"_s));
        QVERIFY(finished.wait(20000));
        const ui::ExecutionTracker::TaskRun child = tracker.tasks().value(u"child"_s);
        QCOMPARE(child.status, u"succeeded"_s);
        QVERIFY(!child.childWorkflowId.isEmpty());
        QCOMPARE(child.childWorkflowId, child.executionId);

        // The child workflow is followed the same way.
        ui::ExecutionTracker inner(m_engine->studio());
        QSignalSpy innerFinished(&inner, &ui::ExecutionTracker::finished);
        inner.follow(child.childWorkflowId);
        QVERIFY(innerFinished.wait(10000));
        QCOMPARE(inner.tasks().size(), 3);
    }

    void actionChainTasksAndPath()
    {
        ui::ExecutionTracker tracker(m_engine->studio());
        QSignalSpy finished(&tracker, &ui::ExecutionTracker::finished);
        tracker.follow(run(u"examples.chain-basic"_s, makeDict({{u"path"_s, u"/nonexistent/squall"_s}})));
        QVERIFY(finished.wait(20000));
        QCOMPARE(tracker.tasks().value(u"read"_s).status, u"failed"_s);
        QCOMPARE(tracker.tasks().value(u"note"_s).status, u"succeeded"_s);
        QVERIFY(!tracker.tasks().contains(u"report"_s));
        QTRY_COMPARE(tracker.path(), (Path{{u"read"_s, u"note"_s}}));
    }

    void unknownExecutionFails()
    {
        ui::ExecutionTracker tracker(m_engine->studio());
        QSignalSpy failed(&tracker, &ui::ExecutionTracker::failed);
        tracker.follow(u"000000000000000000000000"_s);
        QVERIFY(failed.wait(10000));
    }
};

QTEST_MAIN(TestExecutionTracker)
#include "tst_executiontracker.moc"
