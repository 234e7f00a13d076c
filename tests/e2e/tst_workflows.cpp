// Workflows through the real daemon: the seed's orquesta-sequential from the
// CLI, pause/resume and cancel of a workflow running real shell tasks, an
// inquiry answered through the API, a re-run from a failed task, and a daemon
// killed mid-workflow that carries on after a restart.
#include "Daemon.h"

#include "base/Json.h"

#include <QFile>
#include <QTest>

using namespace squall;

namespace {
const QString kTestPacks = QStringLiteral(SQUALL_SOURCE_DIR "/tests/e2e/data/packs");

QString tempPath(const char *name)
{
    return QDir::tempPath() + QStringLiteral("/squall-e2e-wf-%1-%2").arg(QLatin1StringView(name)).arg(QCoreApplication::applicationPid());
}
} // namespace

class TestWorkflows : public QObject
{
    Q_OBJECT

    Value execution(const QString &id) { return m_daemon.request("GET", QStringLiteral("/api/v1/executions/") + id).json; }
    QString statusOf(const QString &id) { return execution(id)[u"status"].toString(); }
    ValueList children(const QString &id)
    {
        return m_daemon.request("GET", QStringLiteral("/api/v1/executions/%1/children").arg(id)).json.toList();
    }
    QString run(const QString &action, const Value &parameters = Value(ValueDict()))
    {
        const QByteArray body = json::toString(makeDict({{QStringLiteral("action"), action},
                                                         {QStringLiteral("parameters"), parameters}})).toUtf8();
        const Daemon::Reply r = m_daemon.request("POST", QStringLiteral("/api/v1/executions"), body);
        if (r.status != 201)
            qWarning() << r.status << r.body;
        return r.json[u"id"].toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_daemon.start({QStringLiteral("--packs-dir"), kTestPacks}), qPrintable(m_daemon.output()));
    }
    void cleanupTestCase() { m_daemon.stop(); }
    void init() { QVERIFY2(m_daemon.isRunning(), qPrintable(m_daemon.output())); }

    void seedSequentialFromCli()
    {
        // The seed registers the workflow's metadata first; the bundled pack
        // already has this very definition, so that is no conflict.
        const auto created = m_daemon.cli({QStringLiteral("action"), QStringLiteral("create"),
                                           QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/actions/orquesta-sequential.yaml")});
        QVERIFY2(created.exitCode == 0, qPrintable(created.out + created.err));
        QVERIFY(created.out.contains(QStringLiteral("examples.orquesta-sequential")));
        // A different definition under an existing ref still is.
        const Daemon::Reply conflict = m_daemon.request(
            "POST", QStringLiteral("/api/v1/actions"),
            R"({"name": "orquesta-sequential", "pack": "examples", "runner_type": "orquesta", "entry_point": "workflows/orquesta-sequential.yaml", "description": "Another one."})");
        QCOMPARE(conflict.status, 409);

        const auto r = m_daemon.cli({QStringLiteral("run"), QStringLiteral("examples.orquesta-sequential"),
                                     QStringLiteral("name=Ineat"), QStringLiteral("-j")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        // As `st2 run -j` prints a workflow: the parent's attributes (with
        // the workflow's result), then its tasks, two JSON documents.
        const qsizetype split = r.out.indexOf(QStringLiteral("\n}\n"));
        QVERIFY2(split > 0, qPrintable(r.out));
        json::ParseError err;
        const Value doc = json::parse(r.out.left(split + 2).toUtf8(), &err);
        QVERIFY2(err.ok(), qPrintable(r.out));
        QCOMPARE(doc.toDict().keys(),
                 (QStringList{QStringLiteral("action"), QStringLiteral("end_timestamp"), QStringLiteral("id"),
                              QStringLiteral("log"), QStringLiteral("parameters"), QStringLiteral("result"),
                              QStringLiteral("start_timestamp"), QStringLiteral("status")}));
        QCOMPARE(doc[u"action"].toDict().keys(), QStringList{QStringLiteral("ref")});
        QCOMPARE(doc[u"status"].toString(), QStringLiteral("succeeded"));
        QCOMPARE(doc[u"result"][u"output"][u"greeting"].toString(),
                 QStringLiteral("Ineat, All your base are belong to us!"));
        const Value taskDocs = json::parse(r.out.mid(split + 3).toUtf8(), &err);
        QVERIFY2(err.ok() && taskDocs.isList(), qPrintable(r.out));
        QCOMPARE(taskDocs.toList().size(), 3);
        QCOMPARE(taskDocs[2][u"task"].toString(), QStringLiteral("task3"));
        QCOMPARE(taskDocs[2][u"action"].toString(), QStringLiteral("core.echo"));
        const ValueList kids = children(doc[u"id"].toString());
        QCOMPARE(kids.size(), 3);
        QStringList tasks;
        for (const Value &k : kids) {
            tasks << k[u"context"][u"orquesta"][u"task_name"].toString();
            QCOMPARE(k[u"action"][u"ref"].toString(), QStringLiteral("core.echo"));
            QCOMPARE(k[u"parent"].toString(), doc[u"id"].toString());
        }
        QCOMPARE(tasks, (QStringList{QStringLiteral("task1"), QStringLiteral("task2"), QStringLiteral("task3")}));
        // The default table shows the tasks under the workflow.
        const auto get = m_daemon.cli({QStringLiteral("execution"), QStringLiteral("get"), doc[u"id"].toString()});
        QVERIFY2(get.out.contains(QStringLiteral("task3")), qPrintable(get.out));
        // ... after the workflow's result, as st2 shows it.
        const qsizetype resultAt = get.out.indexOf(QStringLiteral("\nresult: \n  output:\n    greeting: Ineat, All your base are belong to us!\n"));
        QVERIFY2(resultAt > 0 && resultAt < get.out.indexOf(QStringLiteral("task1")), qPrintable(get.out));
        QVERIFY2(get.out.contains(QStringLiteral("\nlog: \n")), qPrintable(get.out));
        // -y: the tasks as YAML after the parent.
        const auto asYaml = m_daemon.cli({QStringLiteral("execution"), QStringLiteral("get"), doc[u"id"].toString(),
                                          QStringLiteral("-y")});
        QVERIFY2(asYaml.out.contains(QStringLiteral("greeting: Ineat, All your base are belong to us!")),
                 qPrintable(asYaml.out));
        QVERIFY2(asYaml.out.contains(QStringLiteral("task: task3")), qPrintable(asYaml.out));
    }

    void actionChainFollowsSuccessAndFailure()
    {
        const QString ok = run(QStringLiteral("examples.chain-basic"), makeDict({{QStringLiteral("path"), QStringLiteral(SQUALL_SOURCE_DIR "/README.md")}}));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(ok), QStringLiteral("succeeded"), 10000);
        Value result = execution(ok)[u"result"];
        QCOMPARE(result[u"tasks"].toList().size(), 2);
        QCOMPARE(result[u"tasks"][1][u"name"].toString(), QStringLiteral("report"));
        QVERIFY(result[u"published"][u"first_line"].toString().startsWith(u"# Squall"));

        // The failing node is handled by its on-failure node: the chain ends with that node's status.
        const QString handled = run(QStringLiteral("examples.chain-basic"), makeDict({{QStringLiteral("path"), QStringLiteral("/nonexistent/squall")}}));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(handled), QStringLiteral("succeeded"), 10000);
        result = execution(handled)[u"result"];
        QCOMPARE(result[u"tasks"][0][u"state"].toString(), QStringLiteral("failed"));
        QCOMPARE(result[u"tasks"][1][u"name"].toString(), QStringLiteral("note"));
        QCOMPARE(children(handled).size(), 2);
    }

    void taskFunctionSeesEarlierTasks()
    {
        const QString id = run(QStringLiteral("wftest.taskfn"));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("succeeded"), 10000);
        const Value output = execution(id)[u"result"][u"output"];
        QCOMPARE(output[u"first_out"].toString(), QStringLiteral("hi"));
        QCOMPARE(output[u"first_status"].toString(), QStringLiteral("succeeded"));
        QCOMPARE(output[u"first_id"], children(id).first()[u"id"]);
    }

    void inspectionFailureNeverStarts()
    {
        const QString id = run(QStringLiteral("wftest.broken"));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("failed"), 10000);
        const Value errors = execution(id)[u"result"][u"errors"];
        QCOMPARE(errors.toList().size(), 1);
        QCOMPARE(errors[0][u"type"].toString(), QStringLiteral("semantic"));
        QCOMPARE(errors[0][u"spec_path"].toString(), QStringLiteral("tasks.task1.next[0].do"));
        QVERIFY(children(id).isEmpty());

        // StackStorm's content checks: registered actions, required and unexpected inputs.
        const QString bad = run(QStringLiteral("wftest.badcontent"));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(bad), QStringLiteral("failed"), 10000);
        QStringList messages;
        for (const Value &e : execution(bad)[u"result"][u"errors"].toList()) {
            QCOMPARE(e[u"type"].toString(), QStringLiteral("content"));
            messages << e[u"message"].toString();
        }
        QCOMPARE(messages, (QStringList{QStringLiteral("The action \"nosuch.action\" is not registered in the database."),
                                        QStringLiteral("Action \"core.local\" is missing required input \"cmd\"."),
                                        QStringLiteral("Action \"core.local\" has unexpected input \"colour\".")}));
        QVERIFY(children(bad).isEmpty());
    }

    void pauseAndResume()
    {
        const QString marker = tempPath("pause");
        QFile::remove(marker);
        const QString id = run(QStringLiteral("wftest.slow"),
                               makeDict({{QStringLiteral("seconds"), 2}, {QStringLiteral("marker"), marker}}));
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(children(id).size(), 1, 10000);
        const auto paused = m_daemon.cli({QStringLiteral("execution"), QStringLiteral("pause"), id});
        QVERIFY2(paused.exitCode == 0, qPrintable(paused.out + paused.err));
        // Pausing waits for the running task, then nothing new starts.
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("paused"), 15000);
        QCOMPARE(children(id).size(), 1);
        QCOMPARE(children(id).first()[u"status"].toString(), QStringLiteral("succeeded"));
        QVERIFY(!QFile::exists(marker));
        // A plain action cannot be paused.
        const QString plain = children(id).first()[u"id"].toString();
        const Daemon::Reply refused = m_daemon.request("PUT", QStringLiteral("/api/v1/executions/") + plain,
                                                       R"({"status": "pausing"})");
        QCOMPARE(refused.status, 400);

        const auto resumed = m_daemon.cli({QStringLiteral("execution"), QStringLiteral("resume"), id});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.out + resumed.err));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("succeeded"), 15000);
        QVERIFY(QFile::exists(marker));
        QCOMPARE(execution(id)[u"result"][u"output"][u"second"].toString(), QStringLiteral("second"));
        QStringList log;
        for (const Value &l : execution(id)[u"log"].toList())
            log << l[u"status"].toString();
        QVERIFY2(log.contains(QStringLiteral("pausing")) && log.contains(QStringLiteral("paused")), qPrintable(log.join(u',')));
        QFile::remove(marker);
    }

    void cancelStopsTheWorkflow()
    {
        const QString marker = tempPath("cancel");
        QFile::remove(marker);
        const QString id = run(QStringLiteral("wftest.slow"),
                               makeDict({{QStringLiteral("seconds"), 5}, {QStringLiteral("marker"), marker}}));
        QTRY_COMPARE_WITH_TIMEOUT(children(id).size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(children(id).first()[u"status"].toString(), QStringLiteral("running"), 10000);
        const auto canceled = m_daemon.cli({QStringLiteral("execution"), QStringLiteral("cancel"), id});
        QVERIFY2(canceled.exitCode == 0, qPrintable(canceled.out + canceled.err));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("canceled"), 10000);
        QCOMPARE(children(id).size(), 1);
        QCOMPARE(children(id).first()[u"status"].toString(), QStringLiteral("canceled"));
        QVERIFY(!QFile::exists(marker));
    }

    void inquiryAnsweredThroughTheApi()
    {
        const QString id = run(QStringLiteral("wftest.approval"));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("paused"), 10000);
        const ValueList inquiries = m_daemon.request("GET", QStringLiteral("/api/v1/inquiries")).json.toList();
        QString inquiry;
        for (const Value &i : inquiries)
            if (children(id).first()[u"id"] == i[u"id"])
                inquiry = i[u"id"].toString();
        QVERIFY2(!inquiry.isEmpty(), json::toString(Value(inquiries)).toUtf8().constData());
        const QString path = QStringLiteral("/api/v1/inquiries/") + inquiry;
        const Daemon::Reply bad = m_daemon.request("PUT", path, R"({"response": {"go": "perhaps"}})");
        QCOMPARE(bad.status, 400);
        QCOMPARE(statusOf(id), QStringLiteral("paused"));
        const Daemon::Reply good = m_daemon.request("PUT", path, R"({"response": {"go": true}})");
        QVERIFY2(good.status == 200, good.body.constData());
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("succeeded"), 10000);
        QCOMPARE(execution(id)[u"result"][u"output"][u"answer"].toBool(), true);
        QCOMPARE(children(id).size(), 2);
    }

    void reRunFromTheFailedTask()
    {
        const QString flag = tempPath("flag");
        QFile::remove(flag);
        const QString id = run(QStringLiteral("wftest.flaky"), makeDict({{QStringLiteral("flag"), flag}}));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("failed"), 10000);
        const Value first = execution(id)[u"result"][u"output"][u"first"];
        QVERIFY(!first.isNull());
        const QString rerunPath = QStringLiteral("/api/v1/executions/%1/re_run").arg(id);
        const Daemon::Reply mixed = m_daemon.request("POST", rerunPath, R"({"tasks": ["second"], "parameters": {"flag": "/x"}})");
        QCOMPARE(mixed.status, 400);
        const Daemon::Reply unknown = m_daemon.request("POST", rerunPath, R"({"tasks": ["nosuchtask"]})");
        QVERIFY2(unknown.status == 400 && unknown.json[u"faultstring"].toString().contains(u"nosuchtask"), unknown.body.constData());
        QFile f(flag);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const auto rerun = m_daemon.cli({QStringLiteral("execution"), QStringLiteral("re-run"), id,
                                         QStringLiteral("--tasks"), QStringLiteral("second"), QStringLiteral("-j")});
        QVERIFY2(rerun.exitCode == 0, qPrintable(rerun.out + rerun.err));
        // A workflow prints as two JSON documents (the parent, then its tasks).
        json::ParseError err;
        const Value doc = json::parse(rerun.out.left(rerun.out.indexOf(QStringLiteral("\n}\n")) + 2).toUtf8(), &err);
        QVERIFY2(err.ok(), qPrintable(rerun.out));
        const QString again = doc[u"id"].toString();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(again), QStringLiteral("succeeded"), 10000);
        // `first` is not run again: its published value comes from the original state.
        QCOMPARE(execution(again)[u"result"][u"output"][u"first"], first);
        QCOMPARE(execution(again)[u"result"][u"output"][u"second"].toString(), QStringLiteral("ok"));
        QCOMPARE(children(again).size(), 1);
        QFile::remove(flag);
    }

    // Re-running a task inside a child workflow: the child execution is
    // re-run from that task with its own state, not started afresh.
    void reRunATaskOfAChildWorkflow()
    {
        const QString flag = tempPath("nested-flag");
        QFile::remove(flag);
        const QString id = run(QStringLiteral("wftest.parentflaky"), makeDict({{QStringLiteral("flag"), flag}}));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("failed"), 10000);
        const QString child = children(id).first()[u"id"].toString();
        const Value first = execution(child)[u"result"][u"output"][u"first"];
        QVERIFY(!first.isNull());
        QFile f(flag);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const Daemon::Reply r = m_daemon.request("POST", QStringLiteral("/api/v1/executions/%1/re_run").arg(id),
                                                 R"({"tasks": ["sub.second"]})");
        QVERIFY2(r.status == 201, r.body.constData());
        const QString again = r.json[u"id"].toString();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(again), QStringLiteral("succeeded"), 10000);
        const Value output = execution(again)[u"result"][u"output"][u"child"];
        QCOMPARE(output[u"first"], first);
        QCOMPARE(output[u"second"].toString(), QStringLiteral("ok"));
        // The new child ran only `second`.
        const QString newChild = children(again).first()[u"id"].toString();
        QCOMPARE(children(newChild).size(), 1);
        QCOMPARE(children(newChild).first()[u"context"][u"orquesta"][u"task_name"].toString(), QStringLiteral("second"));
        QFile::remove(flag);
    }

    // Last: it restarts the daemon.
    void restartMidWorkflowCarriesOn()
    {
        const QString marker = tempPath("restart");
        QFile::remove(marker);
        const QString id = run(QStringLiteral("wftest.restartable"), makeDict({{QStringLiteral("marker"), marker}}));
        QTRY_COMPARE_WITH_TIMEOUT(children(id).size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(children(id).first()[u"status"].toString(), QStringLiteral("running"), 10000);
        m_daemon.kill();
        QVERIFY2(m_daemon.start({QStringLiteral("--packs-dir"), kTestPacks}), qPrintable(m_daemon.output()));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("succeeded"), 20000);
        QVERIFY(QFile::exists(marker));
        const ValueList kids = children(id);
        QCOMPARE(kids.size(), 3);
        QCOMPARE(kids[0][u"status"].toString(), QStringLiteral("abandoned"));
        QCOMPARE(kids[1][u"context"][u"orquesta"][u"task_name"].toString(), QStringLiteral("slow"));
        QCOMPARE(kids[1][u"status"].toString(), QStringLiteral("succeeded"));
        QCOMPARE(kids[2][u"context"][u"orquesta"][u"task_name"].toString(), QStringLiteral("after"));
        QFile::remove(marker);
    }

private:
    Daemon m_daemon;
};

QTEST_GUILESS_MAIN(TestWorkflows)
#include "tst_workflows.moc"
