// A workflow that takes the daemon down must not take it down again on every
// start: the next start records it failed, with the reason, instead of
// resuming it, and other workflows still resume.
#include "Daemon.h"

#include "base/Json.h"

#include <QFile>
#include <QTest>

using namespace squall;

namespace {
const QString kTestPacks = QStringLiteral(SQUALL_SOURCE_DIR "/tests/e2e/data/packs");
const QString kReason =
    QStringLiteral("the engine stopped while conducting this workflow; it was not resumed to avoid a crash loop");

// Set while the daemon starts: QProcess passes this process's environment on.
class FaultInjection
{
public:
    explicit FaultInjection(const char *spec) { qputenv("SQUALL_FAULT_INJECT", spec); }
    ~FaultInjection() { qunsetenv("SQUALL_FAULT_INJECT"); }
};
} // namespace

class TestCrashGuard : public QObject
{
    Q_OBJECT

    Value execution(const QString &id) { return m_daemon.request("GET", QStringLiteral("/api/v1/executions/") + id).json; }
    QString statusOf(const QString &id) { return execution(id)[u"status"].toString(); }
    QString run(const QString &action, const Value &parameters = Value(ValueDict()))
    {
        const QByteArray body = json::toString(makeDict({{QStringLiteral("action"), action},
                                                         {QStringLiteral("parameters"), parameters}})).toUtf8();
        return m_daemon.request("POST", QStringLiteral("/api/v1/executions"), body).json[u"id"].toString();
    }
    bool start() { return m_daemon.start({QStringLiteral("--packs-dir"), kTestPacks}); }
    void expectQuarantined(const QString &id)
    {
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("failed"), 15000);
        const Value result = execution(id)[u"result"];
        QCOMPARE(result[u"errors"][0][u"message"].toString(), kReason);
        QVERIFY2(m_daemon.output().contains(QStringLiteral("to avoid a crash loop")), qPrintable(m_daemon.output()));
    }

private Q_SLOTS:
    void crashWhileConducting()
    {
        const QString marker = QDir::tempPath() + QStringLiteral("/squall-e2e-crash-%1").arg(QCoreApplication::applicationPid());
        QFile::remove(marker);
        {
            const FaultInjection fault("conduct:crash_here");
            QVERIFY2(start(), qPrintable(m_daemon.output()));
        }
        // A workflow in flight when the daemon dies (its interrupted task
        // retries), which must still resume.
        const QString survivor = run(QStringLiteral("wftest.restartable"), makeDict({{QStringLiteral("marker"), marker}}));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(survivor), QStringLiteral("running"), 10000);
        const QString crasher = run(QStringLiteral("wftest.crasher"));
        QVERIFY(!crasher.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!m_daemon.isRunning(), 15000);
        QVERIFY(QFile::exists(m_daemon.dataDir() + QStringLiteral("/workflow-crashed")));

        QVERIFY2(start(), qPrintable(m_daemon.output()));
        expectQuarantined(crasher);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(survivor), QStringLiteral("succeeded"), 20000);
        QVERIFY(QFile::exists(marker));
        QVERIFY(m_daemon.isRunning());
        QVERIFY(!QFile::exists(m_daemon.dataDir() + QStringLiteral("/workflow-crashed")));
        // And it stays up across another restart.
        m_daemon.stop();
        QVERIFY2(start(), qPrintable(m_daemon.output()));
        QCOMPARE(statusOf(crasher), QStringLiteral("failed"));
        QFile::remove(marker);
    }

    // Dying while resuming (here SIGKILL, which no handler sees): the durable
    // `resuming` marker names the workflow.
    void crashWhileResuming()
    {
        const QString id = run(QStringLiteral("wftest.slow"), makeDict({{QStringLiteral("seconds"), 5}}));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("running"), 10000);
        m_daemon.kill();
        {
            const FaultInjection fault("resume");
            // The daemon dies before it listens, so start() reports failure.
            start();
            QTRY_VERIFY_WITH_TIMEOUT(!m_daemon.isRunning(), 15000);
        }
        QVERIFY(QFile::exists(m_daemon.dataDir() + QStringLiteral("/workflow-resuming")));
        QVERIFY2(start(), qPrintable(m_daemon.output()));
        expectQuarantined(id);
        QVERIFY(m_daemon.isRunning());
    }

    // `<% $ %>` once handed the live conductor state into the context.
    void dollarInTheDaemon()
    {
        if (!m_daemon.isRunning())
            QVERIFY2(start(), qPrintable(m_daemon.output()));
        const QString id = run(QStringLiteral("wftest.dollar"));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("succeeded"), 15000);
        const Value output = execution(id)[u"result"][u"output"];
        QVERIFY(output.contains(u"whole"));
        QCOMPARE(output[u"whole"], Value());
        // What `second` echoed, read through task(): the context had keys.
        QVERIFY2(output[u"echoed"] == Value(true) || output[u"echoed"] == Value(QStringLiteral("True")),
                 qPrintable(json::toString(output)));
        m_daemon.stop();
        QVERIFY2(start(), qPrintable(m_daemon.output()));
        QCOMPARE(statusOf(id), QStringLiteral("succeeded"));
    }

    void cleanupTestCase() { m_daemon.stop(); }

private:
    Daemon m_daemon;
};

QTEST_GUILESS_MAIN(TestCrashGuard)
#include "tst_crashguard.moc"
