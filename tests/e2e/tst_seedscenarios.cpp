// The seed's scenarios end to end: a real daemon, real HTTP, the real CLI.
#include "Daemon.h"

#include "base/Json.h"

#include <QDateTime>
#include <QFile>
#include <QTest>

using namespace squall;

namespace {
const QString kWebhookOut = QStringLiteral("/tmp/ineat.webhook_sample.out");
const QString kSeedDir = QStringLiteral(SQUALL_SOURCE_DIR "/docs/examples/");

ValueList executionsOf(Daemon &d, const QString &query = {})
{
    return d.request("GET", QStringLiteral("/api/v1/executions?limit=100") + query).json.toList();
}
} // namespace

class TestSeedScenarios : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_daemon.start(), qPrintable(m_daemon.output()));
        QVERIFY(!m_daemon.apiKey().isEmpty());
        QVERIFY(m_daemon.output().contains(QStringLiteral("admin.key")));
    }

    void cleanupTestCase() { m_daemon.stop(); }

    // A daemon that died would fail every later case for the same reason: say why once.
    void init() { QVERIFY2(m_daemon.isRunning(), qPrintable(m_daemon.output())); }

    void webhookScenario()
    {
        QFile::remove(kWebhookOut);
        // The seed's JSON rule document, unchanged.
        const auto created = m_daemon.cli({QStringLiteral("rule"), QStringLiteral("create"),
                                           kSeedDir + QStringLiteral("sample2_rule_with_webhook.json")});
        QVERIFY2(created.exitCode == 0, qPrintable(created.out + created.err));
        const Daemon::Reply rule = m_daemon.request("GET", QStringLiteral("/api/v1/rules/ineat.sample_rule_with_webhook"));
        QCOMPARE(rule.status, 200);
        QCOMPARE(rule.json[u"enabled"].toBool(), true);
        QCOMPARE(rule.json[u"action"][u"parameters"][u"sudo_password"].toString(), QStringLiteral("********"));
        // An admin may ask for the stored value (StackStorm's show_secrets), one rule or the list.
        const Daemon::Reply shown =
            m_daemon.request("GET", QStringLiteral("/api/v1/rules/ineat.sample_rule_with_webhook?show_secrets=true"));
        QCOMPARE(shown.json[u"action"][u"parameters"][u"sudo_password"].toString(), QStringLiteral("Ch@ngeMe"));
        const Daemon::Reply listed = m_daemon.request("GET", QStringLiteral("/api/v1/rules?show_secrets=true&pack=ineat"));
        QCOMPARE(listed.json[0][u"action"][u"parameters"][u"sudo_password"].toString(), QStringLiteral("Ch@ngeMe"));

        const Daemon::Reply hook = m_daemon.request("POST", QStringLiteral("/api/v1/webhooks/ineat"),
                                                    R"({"foo":"bar","name":"test"})");
        QCOMPARE(hook.status, 202);
        const QString instanceId = hook.json[u"trigger_instance_id"].toString();
        QVERIFY(!instanceId.isEmpty());

        QTRY_VERIFY_WITH_TIMEOUT(!executionsOf(m_daemon).isEmpty()
                                     && executionsOf(m_daemon).first()[u"status"].toString() == u"succeeded",
                                 20000);
        const auto list = m_daemon.cli({QStringLiteral("execution"), QStringLiteral("list"), QStringLiteral("-n"),
                                        QStringLiteral("1")});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains(QStringLiteral("core.local")), qPrintable(list.out));
        QVERIFY2(list.out.contains(QStringLiteral("succeeded")), qPrintable(list.out));

        const Value exec = executionsOf(m_daemon).first();
        QCOMPARE(exec[u"action"][u"ref"].toString(), QStringLiteral("core.local"));
        QCOMPARE(exec[u"context"][u"rule"][u"ref"].toString(), QStringLiteral("ineat.sample_rule_with_webhook"));
        QCOMPARE(exec[u"context"][u"trigger_instance"][u"id"].toString(), instanceId);
        // The secret rule parameter never shows in the history.
        QCOMPARE(exec[u"parameters"][u"sudo_password"].toString(), QStringLiteral("********"));
        QVERIFY(!QString::fromUtf8(json::serialize(exec)).contains(QStringLiteral("Ch@ngeMe")));

        QFile f(kWebhookOut);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), QStringLiteral("{'foo': 'bar', 'name': 'test'}\n"));

        const Daemon::Reply enforcements =
            m_daemon.request("GET", QStringLiteral("/api/v1/ruleenforcements?trigger_instance=") + instanceId);
        QCOMPARE(enforcements.json.toList().size(), 1);
        QCOMPARE(enforcements.json[0][u"execution_id"].toString(), exec[u"id"].toString());
        QCOMPARE(enforcements.json[0][u"status"].toString(), QStringLiteral("succeeded"));
    }

    void webhookWithOtherNameRunsNothing()
    {
        const qsizetype before = executionsOf(m_daemon).size();
        const Daemon::Reply hook = m_daemon.request("POST", QStringLiteral("/api/v1/webhooks/ineat"),
                                                    R"({"foo":"bar","name":"prod"})");
        QCOMPARE(hook.status, 202);
        // Matching happens before the 202, so the instance is already processed.
        const Daemon::Reply ti = m_daemon.request(
            "GET", QStringLiteral("/api/v1/triggerinstances/") + hook.json[u"trigger_instance_id"].toString());
        QCOMPARE(ti.status, 200);
        QCOMPARE(ti.json[u"status"].toString(), QStringLiteral("processed"));
        QCOMPARE(ti.json[u"payload"][u"body"][u"name"].toString(), QStringLiteral("prod"));
        QCOMPARE(executionsOf(m_daemon).size(), before);
    }

    void ruleTestAgainstTheDaemon()
    {
        const Daemon::Reply hook = m_daemon.request("POST", QStringLiteral("/api/v1/webhooks/ineat"),
                                                    R"({"foo":"bar","name":"other"})");
        QCOMPARE(hook.status, 202);
        const QString id = hook.json[u"trigger_instance_id"].toString();
        const auto miss = m_daemon.cli({QStringLiteral("rule"), QStringLiteral("test"), QStringLiteral("--rule-ref"),
                                        QStringLiteral("ineat.sample_rule_with_webhook"),
                                        QStringLiteral("--trigger-instance-id"), id});
        QCOMPARE(miss.exitCode, 1);
        QVERIFY2(miss.out.contains(QStringLiteral("trigger.body.name = 'other'")), qPrintable(miss.out));
        QVERIFY2(miss.out.contains(QStringLiteral("NO MATCH")), qPrintable(miss.out));
        const auto bad = m_daemon.cli({QStringLiteral("rule"), QStringLiteral("test"), QStringLiteral("--rule-ref"),
                                       QStringLiteral("ineat.nope"), QStringLiteral("--trigger-instance-id"), id});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("404")), qPrintable(bad.err));
    }

    void webhookWithoutCredentialsIsRefused()
    {
        const Daemon::Reply hook = m_daemon.request("POST", QStringLiteral("/api/v1/webhooks/ineat"),
                                                    R"({"foo":"bar","name":"test"})", "application/json", false);
        QCOMPARE(hook.status, 401);
        QVERIFY(!hook.json[u"faultstring"].toString().isEmpty());
        const Daemon::Reply wrongKey = m_daemon.request("POST", QStringLiteral("/api/v1/webhooks/ineat"),
                                                        R"({"name":"test"})", "application/json", false,
                                                        {{"St2-Api-Key", "not-a-key"}});
        QCOMPARE(wrongKey.status, 401);
    }

    void unknownWebhookIs404()
    {
        const Daemon::Reply hook = m_daemon.request("POST", QStringLiteral("/api/v1/webhooks/nobody-listens"), "{}");
        QCOMPARE(hook.status, 404);
        QVERIFY(hook.json[u"faultstring"].toString().contains(QStringLiteral("nobody-listens")));
    }

    void intervalTimerScenario()
    {
        // The seed's cron rule ships disabled: created as it is, it must not fire.
        const auto created = m_daemon.cli({QStringLiteral("rule"), QStringLiteral("create"),
                                           kSeedDir + QStringLiteral("sample_rule_with_cron.json")});
        QVERIFY2(created.exitCode == 0, qPrintable(created.out + created.err));
        const QString query = QStringLiteral("&rule=ineat.sample_rule_with_cron");
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/timers")).json.toList().size(), 0);
        // Proving that something does not happen needs a clock: a control rule with
        // a 6 s timer, created after the seed's 5 s one. Once the control has
        // fired, a live 5 s timer would have fired before it.
        const Daemon::Reply control = m_daemon.request(
            "POST", QStringLiteral("/api/v1/rules"),
            R"({"name": "control_timer", "pack": "ineat", "enabled": true,
                "trigger": {"type": "core.st2.IntervalTimer", "parameters": {"unit": "seconds", "delta": 6}},
                "action": {"ref": "core.noop", "parameters": {}}})");
        QCOMPARE(control.status, 201);
        QTRY_VERIFY_WITH_TIMEOUT(!executionsOf(m_daemon, QStringLiteral("&rule=ineat.control_timer")).isEmpty(), 15000);
        QCOMPARE(executionsOf(m_daemon, query).size(), 0);
        QCOMPARE(m_daemon.request("DELETE", QStringLiteral("/api/v1/rules/ineat.control_timer")).status, 204);
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/timers")).json.toList().size(), 0);

        const auto enabled = m_daemon.cli({QStringLiteral("rule"), QStringLiteral("enable"),
                                           QStringLiteral("ineat.sample_rule_with_cron")});
        QVERIFY2(enabled.exitCode == 0, qPrintable(enabled.out + enabled.err));
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/timers")).json.toList().size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(executionsOf(m_daemon, query).size() >= 2, 15000);
        const ValueList runs = executionsOf(m_daemon, query);
        const QDateTime newer = QDateTime::fromString(runs.at(0)[u"start_timestamp"].toString(), Qt::ISODateWithMs);
        const QDateTime older = QDateTime::fromString(runs.at(1)[u"start_timestamp"].toString(), Qt::ISODateWithMs);
        const qint64 gap = older.msecsTo(newer);
        QVERIFY2(gap > 4000 && gap < 6500, qPrintable(QString::number(gap)));
        QCOMPARE(runs.at(0)[u"context"][u"user"].toString(), QStringLiteral("stanley"));

        const auto disabled = m_daemon.cli({QStringLiteral("rule"), QStringLiteral("disable"),
                                            QStringLiteral("ineat.sample_rule_with_cron")});
        QCOMPARE(disabled.exitCode, 0);
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/timers")).json.toList().size(), 0);
    }

    void runFromCli()
    {
        const auto run = m_daemon.cli({QStringLiteral("run"), QStringLiteral("core.local"), QStringLiteral("cmd=echo hi"),
                                       QStringLiteral("--trace-tag=simple-date-check")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QStringLiteral("succeeded")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("hi")), qPrintable(run.out));
        const Value last = executionsOf(m_daemon, QStringLiteral("&action=core.local")).first();
        QCOMPARE(last[u"context"][u"trace_context"][u"trace_tag"].toString(), QStringLiteral("simple-date-check"));
        QCOMPARE(last[u"result"][u"stdout"].toString(), QStringLiteral("hi"));
    }

    void daemonNotRunningMessage()
    {
        Daemon stopped;
        const auto r = stopped.cli({QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:1"),
                                    QStringLiteral("action"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("squall serve")), qPrintable(r.err));
    }

private:
    Daemon m_daemon;
};

QTEST_GUILESS_MAIN(TestSeedScenarios)
#include "tst_seedscenarios.moc"
