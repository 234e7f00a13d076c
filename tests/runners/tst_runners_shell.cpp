#include "RunnerTestUtil.h"

#include "base/Json.h"
#include "base/Python.h"
#include "runners/LocalShellRun.h"
#include "runners/ShellArguments.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <csignal>
#include <unistd.h>

using namespace squall;
using namespace squall::runners;
using namespace squall::runners::test;

namespace {

Value parse(const char *json)
{
    json::ParseError err;
    Value v = json::parse(QByteArray(json), &err);
    if (!err.ok())
        qFatal("bad test JSON: %s", json);
    return v;
}

// Whether a process is gone (or only a zombie waiting for a reaper).
bool processGone(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close < 0 || line.mid(close + 2, 1) == "Z";
}

} // namespace

class TestRunnersShell : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exitCodes_data()
    {
        QTest::addColumn<QString>("cmd");
        QTest::addColumn<QString>("status");
        QTest::addColumn<int>("returnCode");
        QTest::addColumn<QString>("stdoutJson");
        QTest::addColumn<QString>("stderrJson");
        QTest::newRow("true") << "true" << "succeeded" << 0 << "\"\"" << "\"\"";
        QTest::newRow("false") << "false" << "failed" << 1 << "\"\"" << "\"\"";
        QTest::newRow("exit 3") << "exit 3" << "failed" << 3 << "\"\"" << "\"\"";
        QTest::newRow("echo") << "echo hello world" << "succeeded" << 0 << "\"hello world\"" << "\"\"";
        QTest::newRow("one newline stripped") << "printf 'a\\n\\n'" << "succeeded" << 0 << "\"a\\n\"" << "\"\"";
        QTest::newRow("crlf stripped") << "printf 'a\\r\\n'" << "succeeded" << 0 << "\"a\"" << "\"\"";
        QTest::newRow("stderr") << ">&2 echo oops; exit 2" << "failed" << 2 << "\"\"" << "\"oops\"";
        QTest::newRow("json stdout") << "echo '{\"a\": [1, 2], \"b\": null}'" << "succeeded" << 0
                                     << "{\"a\": [1, 2], \"b\": null}" << "\"\"";
        QTest::newRow("json number") << "echo 42" << "succeeded" << 0 << "42" << "\"\"";
        QTest::newRow("json stderr") << ">&2 echo '[true]'" << "succeeded" << 0 << "\"\"" << "[true]";
        QTest::newRow("not json") << "echo '{oops'" << "succeeded" << 0 << "\"{oops\"" << "\"\"";
        QTest::newRow("killed by SIGTERM is abandoned") << "kill -TERM $$" << "abandoned" << -15 << "\"\"" << "\"\"";
        QTest::newRow("killed by SIGKILL is timeout") << "kill -KILL $$" << "timeout" << -9 << "\"\"" << "\"\"";
        QTest::newRow("sh, not bash") << "echo $((1+2))" << "succeeded" << 0 << "3" << "\"\"";
    }
    void exitCodes()
    {
        QFETCH(QString, cmd);
        QFETCH(QString, status);
        QFETCH(int, returnCode);
        QFETCH(QString, stdoutJson);
        QFETCH(QString, stderrJson);
        const Outcome o = runToEnd(shellRequest(cmd));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.startedCount, 1);
        QCOMPARE(o.result.status, status);
        const Value &r = o.result.result;
        QCOMPARE(r[u"return_code"].toInt(), returnCode);
        QCOMPARE(r[u"succeeded"].toBool(), returnCode == 0);
        QCOMPARE(r[u"failed"].toBool(), returnCode != 0);
        QCOMPARE(json::toString(r[u"stdout"]), json::toString(json::parse(stdoutJson)));
        QCOMPARE(json::toString(r[u"stderr"]), json::toString(json::parse(stderrJson)));
        QVERIFY(!r.contains(u"error"));
        QCOMPARE(r.toDict().keys(), (QStringList {QStringLiteral("failed"), QStringLiteral("succeeded"),
                                                  QStringLiteral("return_code"), QStringLiteral("stdout"),
                                                  QStringLiteral("stderr")}));
    }

    void environment()
    {
        RunRequest req = shellRequest(
            QStringLiteral("echo \"$ST2_ACTION_PACK_NAME|$ST2_ACTION_EXECUTION_ID|$ST2_ACTION_API_URL|"
                           "$ST2_ACTION_AUTH_TOKEN|$MY_VAR|$MY_NUM|${ST2_ACTION_DEBUG-unset}|${HOME:+home}\""),
            makeDict({{QStringLiteral("env"), makeDict({{QStringLiteral("MY_VAR"), QStringLiteral("a b")},
                                                        {QStringLiteral("MY_NUM"), 7}})}}));
        const Outcome o = runToEnd(req);
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QCOMPARE(o.result.result[u"stdout"].toString(),
                 QStringLiteral("core|5f0000000000000000000001|http://127.0.0.1:9101/v1|token-123|a b|7|unset|home"));

        req.runnerParameters.dictRef().insert(QStringLiteral("debug"), true);
        req.runnerParameters.dictRef().insert(QStringLiteral("cmd"), QStringLiteral("echo $ST2_ACTION_DEBUG"));
        QCOMPARE(runToEnd(req).result.result[u"stdout"], Value(1));
    }

    void workingDirectory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Outcome o = runToEnd(shellRequest(QStringLiteral("pwd -P"),
                                                makeDict({{QStringLiteral("cwd"), dir.path()}})));
        QCOMPARE(o.result.result[u"stdout"].toString(), QDir(dir.path()).canonicalPath());
    }

    void badWorkingDirectory()
    {
        const Outcome o = runToEnd(shellRequest(QStringLiteral("true"),
                                                makeDict({{QStringLiteral("cwd"), QStringLiteral("/nonexistent/dir")}})));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(o.result.result[u"error"].toString().contains(u"Failed to start"));
    }

    void missingCommand()
    {
        RunRequest req = shellRequest(QString());
        const Outcome o = runToEnd(req);
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(o.result.result[u"error"].toString().contains(u"cmd"));
    }

    void timeoutKillsProcessGroup()
    {
        QTemporaryDir dir;
        const QString pidFile = dir.filePath(QStringLiteral("grandchild.pid"));
        // The grandchild sleeps in a subshell of its own; only a kill of the
        // whole process group reaches it.
        const QString cmd = QStringLiteral("(sleep 30; echo late) & echo $! > %1; echo started; wait").arg(pidFile);
        const Outcome o = runToEnd(shellRequest(cmd, makeDict({{QStringLiteral("timeout"), 2}})));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("timeout"));
        QCOMPARE(o.result.result[u"return_code"].toInt(), -9);
        QCOMPARE(o.result.result[u"error"].toString(), QStringLiteral("Action failed to complete in 2 seconds"));
        QCOMPARE(o.result.result[u"stdout"].toString(), QStringLiteral("started"));
        QFile f(pidFile);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const qint64 grandchild = f.readAll().trimmed().toLongLong();
        QVERIFY(grandchild > 0);
        QTRY_VERIFY_WITH_TIMEOUT(processGone(grandchild), 5000);
    }

    void timeoutKeepsGivenNumber()
    {
        const Outcome o = runToEnd(shellRequest(QStringLiteral("sleep 5"), makeDict({{QStringLiteral("timeout"), 0.5}})));
        QCOMPARE(o.result.status, QStringLiteral("timeout"));
        QCOMPARE(o.result.result[u"error"].toString(), QStringLiteral("Action failed to complete in 0.5 seconds"));
    }

    void cancel()
    {
        RunnerRegistry registry;
        std::unique_ptr<ActionRun> run(registry.create(shellRequest(QStringLiteral("echo ready; sleep 30")), nullptr));
        QSignalSpy finished(run.get(), &ActionRun::finished);
        QSignalSpy output(run.get(), &ActionRun::output);
        run->start();
        QVERIFY(output.wait(10000));
        QVERIFY(run->pid() > 0);
        run->cancel();
        QVERIFY(finished.wait(10000));
        const RunResult r = finished.first().first().value<RunResult>();
        QCOMPARE(r.status, QStringLiteral("canceled"));
        QCOMPARE(r.result[u"return_code"].toInt(), -15);
        QCOMPARE(r.result[u"stdout"].toString(), QStringLiteral("ready"));
        run->cancel();  // a second cancel after the end changes nothing
        QCoreApplication::processEvents();
        QCOMPARE(finished.count(), 1);
    }

    void cancelIgnoringSigtermEscalates()
    {
        // Needs the 5 s grace period to pass; the child ignores SIGTERM.
        RunnerRegistry registry;
        std::unique_ptr<ActionRun> run(registry.create(
            shellRequest(QStringLiteral("trap '' TERM; echo ready; sleep 30 & wait; sleep 30")), nullptr));
        QSignalSpy finished(run.get(), &ActionRun::finished);
        QSignalSpy output(run.get(), &ActionRun::output);
        run->start();
        QVERIFY(output.wait(10000));
        run->cancel();
        QVERIFY(finished.wait(ProcessRun::kCancelGraceMs + 10000));
        const RunResult r = finished.first().first().value<RunResult>();
        QCOMPARE(r.status, QStringLiteral("canceled"));
    }

    void cancelBeforeStart()
    {
        RunnerRegistry registry;
        std::unique_ptr<ActionRun> run(registry.create(shellRequest(QStringLiteral("true")), nullptr));
        QSignalSpy finished(run.get(), &ActionRun::finished);
        run->cancel();
        QVERIFY(finished.isEmpty());  // never synchronous
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().first().value<RunResult>().status, QStringLiteral("canceled"));
    }

    void outputStreaming()
    {
        const Outcome o = runToEnd(shellRequest(
            QStringLiteral("echo one; echo two; printf 'thr'; sleep 0.2; printf 'ee\\nfour'; >&2 echo err")));
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QStringList stdoutLines;
        QStringList stderrLines;
        for (const auto &[stream, data] : o.output)
            (stream == u"stdout" ? stdoutLines : stderrLines).append(data);
        QCOMPARE(stdoutLines, (QStringList {QStringLiteral("one\n"), QStringLiteral("two\n"),
                                            QStringLiteral("three\n"), QStringLiteral("four")}));
        QCOMPARE(stderrLines, QStringList {QStringLiteral("err\n")});
        QCOMPARE(o.result.result[u"stdout"].toString(), QStringLiteral("one\ntwo\nthree\nfour"));
    }

    void longLinesStreamInChunks()
    {
        // 100,000 x "\u00e9" (200 KB of UTF-8) and no newline at all.
        const Outcome o = runToEnd(shellRequest(QStringLiteral(
            "s=$(printf '\\303\\251%.0s' $(seq 1000)); i=0; "
            "while [ $i -lt 100 ]; do printf %s \"$s\"; i=$((i+1)); done")));
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QString joined;
        for (const auto &[stream, data] : o.output)
            joined += data;
        QVERIFY2(o.output.size() > 1, qPrintable(QString::number(o.output.size())));
        QCOMPARE(joined, o.result.result[u"stdout"].toString());
        QVERIFY(!joined.contains(QChar::ReplacementCharacter));
        QCOMPARE(joined, QString(100000, QChar(0xe9)));
    }

    void outputArrivesBeforeExit()
    {
        RunnerRegistry registry;
        std::unique_ptr<ActionRun> run(registry.create(shellRequest(QStringLiteral("echo first; sleep 30")), nullptr));
        QSignalSpy finished(run.get(), &ActionRun::finished);
        QSignalSpy output(run.get(), &ActionRun::output);
        run->start();
        QVERIFY(output.wait(10000));
        QCOMPARE(output.first().at(1).toString(), QStringLiteral("first\n"));
        QVERIFY(finished.isEmpty());
        run->cancel();
        QVERIFY(finished.wait(10000));
    }

    void sudoAsRootWithoutSudo()
    {
        if (::geteuid() != 0 || !QStandardPaths::findExecutable(QStringLiteral("sudo")).isEmpty())
            QSKIP("needs root without a sudo binary");
        const Outcome o = runToEnd(shellRequest(QStringLiteral("echo ${BASH_VERSION:+bash}"),
                                                makeDict({{QStringLiteral("sudo"), true}})));
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QCOMPARE(o.result.result[u"stdout"].toString(), QStringLiteral("bash"));
    }

    // --- local-shell-script ---

    void quoting_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("empty") << "" << "''";
        QTest::newRow("safe") << "a-b_c/d.e:f,g=h@i%j+k" << "a-b_c/d.e:f,g=h@i%j+k";
        QTest::newRow("space") << "a b" << "'a b'";
        QTest::newRow("quote") << "it's" << "'it'\"'\"'s'";
        QTest::newRow("dollar") << "$HOME" << "'$HOME'";
    }
    void quoting()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(shell::quote(in), out);
    }

    void positionalSerialisation_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("valueJson");
        QTest::addColumn<QString>("expected");
        QTest::newRow("string") << "string" << "\"a b\"" << "a b";
        QTest::newRow("string none") << "string" << "null" << "";
        QTest::newRow("number int") << "number" << "0" << "0";
        QTest::newRow("number float") << "number" << "1.5" << "1.5";
        QTest::newRow("integer") << "integer" << "7" << "7";
        QTest::newRow("integer zero is empty (st2 quirk)") << "integer" << "0" << "";
        QTest::newRow("bool true") << "boolean" << "true" << "1";
        QTest::newRow("bool false") << "boolean" << "false" << "0";
        QTest::newRow("bool none") << "boolean" << "null" << "";
        QTest::newRow("array") << "array" << "[\"a\", 1, true]" << "a,1,True";
        QTest::newRow("array empty") << "array" << "[]" << "";
        QTest::newRow("object") << "object" << "{\"a\": 1, \"b\": [1, 2]}" << "{\"a\": 1, \"b\": [1, 2]}";
        QTest::newRow("object empty") << "object" << "{}" << "";
        QTest::newRow("null type") << "null" << "\"x\"" << "";
    }
    void positionalSerialisation()
    {
        QFETCH(QString, type);
        QFETCH(QString, valueJson);
        QFETCH(QString, expected);
        QCOMPARE(shell::serializePositional(Value(type), json::parse(valueJson)), expected);
    }

    void scriptArguments_data()
    {
        QTest::addColumn<QString>("paramsJson");
        QTest::addColumn<QString>("schemaJson");
        QTest::addColumn<QString>("kwargOp");
        QTest::addColumn<QString>("expected");
        QTest::newRow("named") << R"({"name": "bob", "count": 3, "ratio": 0.5})" << "{}" << "--"
                               << "--name=bob --count=3 --ratio=0.5";
        QTest::newRow("quoted") << R"({"msg": "hello world"})" << "{}" << "--" << "--msg='hello world'";
        QTest::newRow("booleans") << R"({"yes": true, "no": false})" << "{}" << "--" << "--yes";
        QTest::newRow("none and empty omitted") << R"({"a": null, "b": "", "c": 0})" << "{}" << "--" << "--c=0";
        QTest::newRow("list and dict use str()") << R"({"l": ["x", 1], "d": {"k": "v"}})" << "{}" << "--"
                                                 << "--l='['\"'\"'x'\"'\"', 1]' --d='{'\"'\"'k'\"'\"': '\"'\"'v'\"'\"'}'";
        QTest::newRow("kwarg_op") << R"({"name": "bob", "flag": true})" << "{}" << "-" << "-name=bob -flag";
        QTest::newRow("positional sorted")
            << R"({"b": "second", "a": "first", "opt": "x"})"
            << R"({"a": {"type": "string", "position": 0}, "b": {"type": "string", "position": 1}, "opt": {"type": "string"}})"
            << "--" << "--opt=x first second";
        QTest::newRow("positional typed")
            << R"({"flag": false, "items": ["a", "b"], "obj": {"k": 1}})"
            << R"({"items": {"type": "array", "position": 1}, "flag": {"type": "boolean", "position": 0}, "obj": {"type": "object", "position": 2}})"
            << "--" << "0 a,b '{\"k\": 1}'";
        QTest::newRow("missing positional is empty")
            << R"({"b": "x"})"
            << R"({"a": {"type": "string", "position": 0}, "b": {"type": "string", "position": 1}})"
            << "--" << "'' x";
    }
    void scriptArguments()
    {
        QFETCH(QString, paramsJson);
        QFETCH(QString, schemaJson);
        QFETCH(QString, kwargOp);
        QFETCH(QString, expected);
        QCOMPARE(shell::scriptArguments(json::parse(paramsJson), json::parse(schemaJson), kwargOp), expected);
    }

    void scriptRuns()
    {
        QTemporaryDir dir;
        const QString script = dir.filePath(QStringLiteral("show args.sh"));
        {
            QFile f(script);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("#!/bin/sh\nfor a in \"$@\"; do printf '<%s>' \"$a\"; done\necho\necho \"$ST2_ACTION_PACK_NAME\" >&2\nexit 4\n");
        }
        // Not executable yet: the runner makes it so, as st2 does.
        QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner);
        RunRequest req = shellRequest(QString());
        req.runnerType = QStringLiteral("local-shell-script");
        req.runnerParameters = makeDict({{QStringLiteral("kwarg_op"), QStringLiteral("--")}});
        req.entryPoint = script;
        req.packName = QStringLiteral("mypack");
        req.actionParameters = parse("{\"pos1\": \"a b\", \"named\": \"it's\", \"on\": true, \"off\": false, \"pos0\": 5, \"empty\": \"\"}");
        req.parameterSchema = parse(R"({"pos0": {"type": "integer", "position": 0}, "pos1": {"type": "string", "position": 1}, "timeout": {"type": "integer"}})");
        const Outcome o = runToEnd(req);
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QCOMPARE(o.result.result[u"return_code"].toInt(), 4);
        QCOMPARE(o.result.result[u"stdout"].toString(), QStringLiteral("<--named=it's><--on><5><a b>"));
        QCOMPARE(o.result.result[u"stderr"].toString(), QStringLiteral("mypack"));
        QVERIFY(QFileInfo(script).isExecutable());
    }

    void scriptMissing()
    {
        RunRequest req = shellRequest(QString());
        req.runnerType = QStringLiteral("local-shell-script");
        req.entryPoint = QStringLiteral("/nonexistent/script.sh");
        const Outcome o = runToEnd(req);
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(o.result.result[u"error"].toString().contains(u"/nonexistent/script.sh"));
    }

    void manyConcurrent()
    {
        RunnerRegistry registry;
        std::vector<std::unique_ptr<ActionRun>> runs;
        int done = 0;
        int succeeded = 0;
        for (int i = 0; i < 40; ++i) {
            runs.emplace_back(registry.create(shellRequest(QStringLiteral("echo %1").arg(i)), nullptr));
            ActionRun *run = runs.back().get();
            QObject::connect(run, &ActionRun::finished, run, [&done, &succeeded, i](const RunResult &r) {
                ++done;
                if (r.status == u"succeeded" && r.result[u"stdout"] == Value(i))
                    ++succeeded;
            });
            run->start();
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, 40, 30000);
        QCOMPARE(succeeded, 40);
    }

    void unsupportedRunner()
    {
        RunnerRegistry registry;
        QVERIFY(!registry.supports(QStringLiteral("remote-shell-cmd")));
        QVERIFY(registry.supports(QStringLiteral("local-shell-cmd")));
        RunRequest req = shellRequest(QStringLiteral("true"));
        req.runnerType = QStringLiteral("remote-shell-cmd");
        QCOMPARE(registry.create(req, nullptr), nullptr);
    }
};

QTEST_GUILESS_MAIN(TestRunnersShell)
#include "tst_runners_shell.moc"
