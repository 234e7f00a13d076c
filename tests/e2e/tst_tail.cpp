// `squall execution tail` keeps following an execution while the daemon
// restarts: it reconnects, resumes from the last event id and ends with the
// execution's final status.
#include "Daemon.h"
#include "base/Json.h"

#include <QProcess>
#include <QTest>
#include <QUrl>

class TestTail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tailSurvivesADaemonRestart()
    {
        Daemon d;
        QVERIFY2(d.start(), qPrintable(d.output()));
        const Daemon::CliResult run = d.cli({QStringLiteral("run"), QStringLiteral("core.local"),
                                             QStringLiteral("cmd=echo first-line; sleep 30; echo never"),
                                             QStringLiteral("--async"), QStringLiteral("-j")});
        QCOMPARE(run.exitCode, 0);
        const QString id = squall::json::parse(run.out.toUtf8())[u"id"].toString();
        QVERIFY2(!id.isEmpty(), qPrintable(run.out));

        QProcess tail;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SQUALL_URL"), d.url());
        env.insert(QStringLiteral("SQUALL_DATA_DIR"), d.dataDir());
        env.remove(QStringLiteral("SQUALL_API_KEY"));
        tail.setProcessEnvironment(env);
        tail.start(QStringLiteral(SQUALL_BIN), {QStringLiteral("execution"), QStringLiteral("tail"), id});
        QVERIFY(tail.waitForStarted(10000));
        QByteArray err;
        // Following: the stream is open once the CLI has checked the status.
        QTest::qWait(1500);

        // The daemon goes away (the running action is recorded abandoned) and
        // comes back on the same address; tail waits, reconnects, resumes.
        const QString port = QString::number(QUrl(d.url()).port());
        d.stop();
        QTRY_VERIFY_WITH_TIMEOUT((err += tail.readAllStandardError()).contains("reconnecting"), 10000);
        QCOMPARE(tail.state(), QProcess::Running);
        QVERIFY2(d.start({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:") + port}), qPrintable(d.output()));
        QVERIFY(tail.waitForFinished(30000));
        err += tail.readAllStandardError();
        const QString out = QString::fromUtf8(tail.readAllStandardOutput());
        QCOMPARE(tail.exitCode(), 0);
        QVERIFY2(err.contains("reconnected") || out.contains(u"abandoned"), err.constData());
        QVERIFY2(out.contains(QStringLiteral("Execution %1 has completed (status=abandoned)").arg(id)), qPrintable(out));
        QVERIFY(!out.contains(u"never"));
    }
};

QTEST_GUILESS_MAIN(TestTail)
#include "tst_tail.moc"
