#include "RunnerTestUtil.h"

#include "base/Json.h"
#include "runners/CoreActions.h"
#include "runners/PythonRun.h"

#include <QRegularExpression>

using namespace squall;
using namespace squall::runners;
using namespace squall::runners::test;

namespace {

const QString kPackDir = QStringLiteral(SQUALL_SOURCE_DIR "/tests/runners/data/pack");

RunRequest coreRequest(const QString &runnerType, const QString &action, const Value &params,
                       const QString &entryPoint = {})
{
    RunRequest r;
    r.executionId = QStringLiteral("5f0000000000000000000003");
    r.actionRef = QStringLiteral("core.") + action;
    r.actionName = action;
    r.packName = QStringLiteral("core");
    r.runnerType = runnerType;
    r.entryPoint = entryPoint;
    r.runnerParameters = Value(ValueDict());
    r.actionParameters = params.isDict() ? params : Value(ValueDict());
    return r;
}

RunRequest pythonRequest(const QString &file, const Value &params = {})
{
    RunRequest r = coreRequest(QStringLiteral("python-script"), QStringLiteral("x"), params,
                               kPackDir + QStringLiteral("/actions/") + file);
    r.packName = QStringLiteral("testpack");
    r.actionRef = QStringLiteral("testpack.x");
    r.packPath = kPackDir;
    r.packConfig = makeDict({{QStringLiteral("key"), QStringLiteral("from config")}});
    return r;
}

const QRegularExpression kUuid(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));

} // namespace

class TestRunnersCore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noop()
    {
        const Outcome o = runToEnd(coreRequest(QStringLiteral("noop"), QStringLiteral("noop"), {}));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.startedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QCOMPARE(json::toString(o.result.result), QStringLiteral(R"({"failed":false,"succeeded":true,"return_code":0})"));
    }

    void echo()
    {
        const Outcome o = runToEnd(coreRequest(QStringLiteral("echo"), QStringLiteral("echo"),
                                               makeDict({{QStringLiteral("message"), QStringLiteral("hi there")}})));
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QCOMPARE(json::toString(o.result.result),
                 QStringLiteral(R"({"stdout":"hi there","stderr":"","return_code":0,"succeeded":true,"failed":false})"));
    }

    void instantRunsNeverFinishInsideStart()
    {
        RunnerRegistry registry;
        std::unique_ptr<ActionRun> run(registry.create(coreRequest(QStringLiteral("noop"), QStringLiteral("noop"), {}), nullptr));
        QSignalSpy finished(run.get(), &ActionRun::finished);
        run->start();
        QVERIFY(finished.isEmpty());
        QVERIFY(finished.wait(1000));
        QCOMPARE(run->pid(), 0);
    }

    void pause()
    {
        const Outcome o = runToEnd(coreRequest(QStringLiteral("python-script"), QStringLiteral("pause"),
                                               makeDict({{QStringLiteral("max_pause"), 1}}),
                                               QStringLiteral("/opt/packs/core/actions/pause.py")));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QCOMPARE(json::toString(o.result.result), QStringLiteral(R"({"result":1,"stdout":"","stderr":"","exit_code":0})"));
    }

    void pauseRandom()
    {
        const Outcome o = runToEnd(coreRequest(QStringLiteral("python-script"), QStringLiteral("pause"),
                                               makeDict({{QStringLiteral("max_pause"), 1}, {QStringLiteral("random"), true}}),
                                               QStringLiteral("pause.py")));
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QCOMPARE(o.result.result[u"result"], Value(1));  // randint(1, 1)
    }

    void pauseBadInput()
    {
        const Outcome o = runToEnd(coreRequest(QStringLiteral("python-script"), QStringLiteral("pause"),
                                               makeDict({{QStringLiteral("max_pause"), QStringLiteral("soon")}}),
                                               QStringLiteral("pause.py")));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(o.result.result[u"stderr"].toString().contains(u"max_pause"));
    }

    void pauseTimeoutAndCancel()
    {
        RunRequest req = coreRequest(QStringLiteral("python-script"), QStringLiteral("pause"),
                                     makeDict({{QStringLiteral("max_pause"), 60}}), QStringLiteral("pause.py"));
        req.runnerParameters = makeDict({{QStringLiteral("timeout"), 0.2}});
        const Outcome o = runToEnd(req);
        QCOMPARE(o.result.status, QStringLiteral("timeout"));
        QCOMPARE(o.result.result[u"error"].toString(), QStringLiteral("Action failed to complete in 0.2 seconds"));

        req.runnerParameters = Value(ValueDict());
        RunnerRegistry registry;
        std::unique_ptr<ActionRun> run(registry.create(req, nullptr));
        QSignalSpy finished(run.get(), &ActionRun::finished);
        QSignalSpy started(run.get(), &ActionRun::started);
        run->start();
        QVERIFY(started.wait(1000));
        run->cancel();
        QVERIFY(finished.isEmpty());
        QVERIFY(finished.wait(1000));
        QCOMPARE(finished.first().first().value<RunResult>().status, QStringLiteral("canceled"));
    }

    void uuid_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("version");
        QTest::newRow("default") << QString() << "4";
        QTest::newRow("uuid4") << "uuid4" << "4";
        QTest::newRow("uuid1") << "uuid1" << "1";
    }
    void uuid()
    {
        QFETCH(QString, type);
        QFETCH(QString, version);
        Value params = Value(ValueDict());
        if (!type.isEmpty())
            params.dictRef().insert(QStringLiteral("uuid_type"), type);
        const RunRequest req = coreRequest(QStringLiteral("python-script"), QStringLiteral("uuid"), params,
                                           QStringLiteral("/x/generate_uuid.py"));
        const Outcome a = runToEnd(req);
        const Outcome b = runToEnd(req);
        QCOMPARE(a.result.status, QStringLiteral("succeeded"));
        const QString ua = a.result.result[u"result"].toString();
        const auto m = kUuid.match(ua);
        QVERIFY2(m.hasMatch(), qPrintable(ua));
        QCOMPARE(m.captured(1), version);
        QVERIFY(ua != b.result.result[u"result"].toString());
    }

    void uuidBadType()
    {
        const Outcome o = runToEnd(coreRequest(QStringLiteral("python-script"), QStringLiteral("uuid"),
                                               makeDict({{QStringLiteral("uuid_type"), QStringLiteral("uuid7")}}),
                                               QStringLiteral("generate_uuid.py")));
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(o.result.result[u"stderr"].toString().contains(u"uuid_type"));
    }

    void injectTrigger_data()
    {
        QTest::addColumn<QString>("paramName");
        QTest::newRow("trigger_name") << "trigger_name";
        QTest::newRow("legacy trigger") << "trigger";
    }
    void injectTrigger()
    {
        QFETCH(QString, paramName);
        QString gotTrigger;
        Value gotPayload;
        QString gotTag;
        int calls = 0;
        RunnerRegistry registry([&](const QString &trigger, const Value &payload, const QString &tag) {
            ++calls;
            gotTrigger = trigger;
            gotPayload = payload;
            gotTag = tag;
        });
        const Value payload = makeDict({{QStringLiteral("a"), 1}});
        const Outcome o = runToEnd(coreRequest(QStringLiteral("python-script"), QStringLiteral("inject_trigger"),
                                               makeDict({{paramName, QStringLiteral("mypack.mytrigger")},
                                                         {QStringLiteral("payload"), payload},
                                                         {QStringLiteral("trace_tag"), QStringLiteral("tag-1")}}),
                                               QStringLiteral("inject_trigger.py")),
                                   5000, registry);
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QCOMPARE(calls, 1);
        QCOMPARE(gotTrigger, QStringLiteral("mypack.mytrigger"));
        QCOMPARE(gotPayload, payload);
        QCOMPARE(gotTag, QStringLiteral("tag-1"));
        QCOMPARE(o.result.result[u"result"][u"trigger"].toString(), QStringLiteral("mypack.mytrigger"));
    }

    void injectTriggerWithoutName()
    {
        int calls = 0;
        RunnerRegistry registry([&](const QString &, const Value &, const QString &) { ++calls; });
        const Outcome o = runToEnd(coreRequest(QStringLiteral("python-script"), QStringLiteral("inject_trigger"),
                                               makeDict({{QStringLiteral("payload"), Value(ValueDict())}}),
                                               QStringLiteral("inject_trigger.py")),
                                   5000, registry);
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QCOMPARE(calls, 0);
    }

    void nativeOnlyForCorePack()
    {
        RunRequest req = coreRequest(QStringLiteral("python-script"), QStringLiteral("pause"), {}, QStringLiteral("pause.py"));
        QCOMPARE(core::nativePythonAction(req), QStringLiteral("pause"));
        req.packName = QStringLiteral("other");
        QCOMPARE(core::nativePythonAction(req), QString());
    }

    // --- python wrapper ---

    void pythonAction()
    {
        if (PythonRun::pythonExecutable().isEmpty())
            QSKIP("python3 is not on PATH");
        const Outcome o = runToEnd(pythonRequest(QStringLiteral("echo_params.py"),
                                                 makeDict({{QStringLiteral("name"), QStringLiteral("bob")},
                                                           {QStringLiteral("count"), 2}})));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        const Value &r = o.result.result;
        QCOMPARE(json::toString(r[u"result"]),
                 QStringLiteral(R"({"greeting":"BOBBOB","flag":false,"config_key":"from config"})"));
        QCOMPARE(r[u"stdout"].toString(), QStringLiteral("printing to stdout\n"));
        QCOMPARE(r[u"stderr"].toString(), QStringLiteral("to stderr\n"));
        QCOMPARE(r[u"exit_code"].toInt(), 0);
        QCOMPARE(r.toDict().keys(), (QStringList {QStringLiteral("stdout"), QStringLiteral("stderr"),
                                                  QStringLiteral("exit_code"), QStringLiteral("result")}));
        // The result block is cut out of the stream as well.
        QStringList streamed;
        for (const auto &[stream, data] : o.output) {
            if (stream == u"stdout")
                streamed.append(data);
        }
        QCOMPARE(streamed, QStringList {QStringLiteral("printing to stdout\n")});
    }

    void pythonStatusTuple_data()
    {
        QTest::addColumn<QString>("okJson");
        QTest::addColumn<QString>("status");
        QTest::newRow("True") << "true" << "succeeded";
        QTest::newRow("False") << "false" << "failed";
        QTest::newRow("None") << "null" << "succeeded";
    }
    void pythonStatusTuple()
    {
        if (PythonRun::pythonExecutable().isEmpty())
            QSKIP("python3 is not on PATH");
        QFETCH(QString, okJson);
        QFETCH(QString, status);
        const Outcome o = runToEnd(pythonRequest(QStringLiteral("status_tuple.py"),
                                                 makeDict({{QStringLiteral("ok"), json::parse(okJson)},
                                                           {QStringLiteral("value"), makeList({1, 2})}})));
        QCOMPARE(o.result.status, status);
        QCOMPARE(o.result.result[u"result"], makeList({1, 2}));
        QCOMPARE(o.result.result[u"exit_code"].toInt(), 0);
    }

    void pythonInvalidStatus()
    {
        if (PythonRun::pythonExecutable().isEmpty())
            QSKIP("python3 is not on PATH");
        const Outcome o = runToEnd(pythonRequest(QStringLiteral("bad_status.py")));
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(o.result.result[u"error"].toString().contains(u"boolean"));
    }

    void pythonCrash()
    {
        if (PythonRun::pythonExecutable().isEmpty())
            QSKIP("python3 is not on PATH");
        const Outcome o = runToEnd(pythonRequest(QStringLiteral("crash.py")));
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QCOMPARE(o.result.result[u"result"].toString(), QStringLiteral("None"));
        QCOMPARE(o.result.result[u"exit_code"].toInt(), 1);
        QCOMPARE(o.result.result[u"stdout"].toString(), QStringLiteral("before the crash\n"));
        QVERIFY(o.result.result[u"stderr"].toString().contains(u"RuntimeError: boom"));
    }

    void pythonMissingConfigKey()
    {
        if (PythonRun::pythonExecutable().isEmpty())
            QSKIP("python3 is not on PATH");
        const Outcome o = runToEnd(pythonRequest(QStringLiteral("missing_config.py")));
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(o.result.result[u"stderr"].toString().contains(u"configs/testpack.yaml"));
    }

    void pythonNotSerialisable()
    {
        if (PythonRun::pythonExecutable().isEmpty())
            QSKIP("python3 is not on PATH");
        const Outcome o = runToEnd(pythonRequest(QStringLiteral("not_serialisable.py")));
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QVERIFY(o.result.result[u"result"].toString().startsWith(u"<object object at"));
    }

    void pythonTimeout()
    {
        if (PythonRun::pythonExecutable().isEmpty())
            QSKIP("python3 is not on PATH");
        RunRequest req = pythonRequest(QStringLiteral("slow.py"));
        req.runnerParameters = makeDict({{QStringLiteral("timeout"), 3}});
        const Outcome o = runToEnd(req);
        QCOMPARE(o.result.status, QStringLiteral("timeout"));
        QCOMPARE(o.result.result[u"result"].toString(), QStringLiteral("None"));
        QCOMPARE(o.result.result[u"error"].toString(), QStringLiteral("Action failed to complete in 3 seconds"));
        // Whether "sleeping" made it out depends on how fast python3 starts here.
        QVERIFY(o.result.result[u"stdout"].toString().isEmpty()
                || o.result.result[u"stdout"].toString() == u"sleeping\n");
    }

    void pythonMissingEntryPoint()
    {
        const Outcome o = runToEnd(pythonRequest(QStringLiteral("does_not_exist.py")));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(o.result.result[u"error"].toString().contains(u"does_not_exist.py"));
    }
};

QTEST_GUILESS_MAIN(TestRunnersCore)
#include "tst_runners_core.moc"
