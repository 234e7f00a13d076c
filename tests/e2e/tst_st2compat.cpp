// What StackStorm's own client (st2client) reads from each document type, checked
// against the real daemon: every field st2's API models and CLI commands need,
// with the type they need it in. Also the routes st2 has that Squall added
// later: traces and enabling/disabling sensor types.
#include "Daemon.h"

#include "base/Json.h"

#include <QTest>

using namespace squall;

namespace {

// "name:type" pairs; type is one of string, string?, bool, dict, list, number, any.
// `string?` allows null. An id must be a non-empty string: st2client uses it as the
// row key and the resource's address.
QString missingFields(const Value &doc, const QStringList &spec)
{
    QStringList problems;
    if (!doc.isDict())
        return QStringLiteral("not an object: ") + QString::fromUtf8(json::serialize(doc));
    for (const QString &s : spec) {
        const QString name = s.section(u':', 0, 0);
        const QString type = s.section(u':', 1, 1);
        const Value *v = doc.toDict().find(name);
        bool ok = v != nullptr;
        if (ok && type == u"string")
            ok = v->isString() && (name != u"id" || !v->toString().isEmpty());
        else if (ok && type == u"string?")
            ok = v->isString() || v->isNull();
        else if (ok && type == u"bool")
            ok = v->isBool();
        else if (ok && type == u"dict")
            ok = v->isDict();
        else if (ok && type == u"list")
            ok = v->isList();
        else if (ok && type == u"number")
            ok = v->isInt() || v->isDouble();
        if (!ok)
            problems.append(name + QStringLiteral(" (") + type + QStringLiteral(")"));
    }
    if (problems.isEmpty())
        return {};
    return problems.join(QStringLiteral(", ")) + QStringLiteral(" in ") + QString::fromUtf8(json::serialize(doc));
}

QStringList L(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out.append(QString::fromUtf8(i));
    return out;
}

} // namespace

class TestSt2Compat : public QObject
{
    Q_OBJECT

private:
    Daemon m_daemon;
    QString m_executionId;
    QString m_instanceId;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_daemon.start({QStringLiteral("--packs-dir"), QStringLiteral(SQUALL_SOURCE_DIR "/tests/e2e/data/compatpacks")}),
                 qPrintable(m_daemon.output()));
        // Something of every kind: a rule on a webhook, a matching post under a
        // trace tag, a key, an API key.
        const Daemon::Reply rule = m_daemon.request(
            "POST", QStringLiteral("/api/v1/rules"),
            R"({"name": "hook", "pack": "sensorpack", "enabled": true,
                "trigger": {"type": "core.st2.webhook", "parameters": {"url": "compat"}},
                "criteria": {"trigger.body.go": {"type": "equals", "pattern": true}},
                "action": {"ref": "core.noop", "parameters": {}}})");
        QCOMPARE(rule.status, 201);
        const Daemon::Reply hook = m_daemon.request("POST", QStringLiteral("/api/v1/webhooks/compat"), R"({"go": true})",
                                                    "application/json", true, {{"St2-Trace-Tag", "compat-trace"}});
        QCOMPARE(hook.status, 202);
        m_instanceId = hook.json[u"trigger_instance_id"].toString();
        QTRY_VERIFY_WITH_TIMEOUT(!executionsWith(QStringLiteral("succeeded")).isEmpty(), 15000);
        m_executionId = executionsWith(QStringLiteral("succeeded")).first()[u"id"].toString();
        QCOMPARE(m_daemon.request("PUT", QStringLiteral("/api/v1/keys/compat"), R"({"name": "compat", "value": "v"})").status,
                 200);
        QCOMPARE(m_daemon.request("POST", QStringLiteral("/api/v1/apikeys"), R"({})").status, 201);
    }
    void cleanupTestCase() { m_daemon.stop(); }

    // Each list's first document, and the same document fetched alone where
    // st2 has a GET by id/ref.
    void documentShapes_data()
    {
        QTest::addColumn<QString>("list");
        QTest::addColumn<QString>("getKey");  // the field whose value addresses one document, or empty
        QTest::addColumn<QStringList>("fields");
        QTest::newRow("runner types") << QStringLiteral("/api/v1/runnertypes") << QStringLiteral("name")
                                      << L({"id:string", "uid:string", "name:string", "description:string",
                                            "enabled:bool", "runner_module:string", "runner_parameters:dict"});
        QTest::newRow("actions") << QStringLiteral("/api/v1/actions") << QStringLiteral("ref")
                                 << L({"id:string", "uid:string", "ref:string", "name:string", "pack:string",
                                       "description:string", "enabled:bool", "runner_type:string",
                                       "entry_point:string", "parameters:dict"});
        QTest::newRow("executions") << QStringLiteral("/api/v1/executions") << QStringLiteral("id")
                                    << L({"id:string", "action:dict", "runner:dict", "liveaction:dict",
                                          "status:string", "start_timestamp:string", "context:dict",
                                          "parameters:dict"});
        QTest::newRow("rules") << QStringLiteral("/api/v1/rules") << QStringLiteral("ref")
                               << L({"id:string", "uid:string", "ref:string", "name:string", "pack:string",
                                     "enabled:bool", "trigger:dict", "criteria:dict", "action:dict", "type:dict"});
        QTest::newRow("rule types") << QStringLiteral("/api/v1/ruletypes") << QStringLiteral("id")
                                    << L({"id:string", "name:string", "enabled:bool", "parameters:dict"});
        QTest::newRow("rule enforcements")
            << QStringLiteral("/api/v1/ruleenforcements") << QStringLiteral("id")
            << L({"id:string", "rule:dict", "trigger_instance_id:string", "execution_id:string", "enforced_at:string",
                  "status:string"});
        QTest::newRow("trigger types") << QStringLiteral("/api/v1/triggertypes") << QStringLiteral("ref")
                                       << L({"id:string", "uid:string", "ref:string", "name:string", "pack:string",
                                             "payload_schema:dict", "parameters_schema:dict"});
        QTest::newRow("triggers") << QStringLiteral("/api/v1/triggers") << QStringLiteral("ref")
                                  << L({"id:string", "uid:string", "ref:string", "name:string", "pack:string",
                                        "type:string", "parameters:dict"});
        QTest::newRow("trigger instances") << QStringLiteral("/api/v1/triggerinstances") << QStringLiteral("id")
                                           << L({"id:string", "trigger:string", "occurrence_time:string",
                                                 "payload:dict", "status:string"});
        QTest::newRow("sensor types") << QStringLiteral("/api/v1/sensortypes") << QStringLiteral("ref")
                                      << L({"id:string", "uid:string", "ref:string", "name:string", "pack:string",
                                            "enabled:bool", "entry_point:string", "trigger_types:list"});
        // `st2 webhook list` reads parameters.url even though it asks only for url,type,description.
        QTest::newRow("webhooks") << QStringLiteral("/api/v1/webhooks?include_attributes=url,type,description")
                                  << QString()
                                  << L({"id:string", "ref:string", "type:string", "parameters:dict", "description:string"});
        QTest::newRow("packs") << QStringLiteral("/api/v1/packs") << QStringLiteral("ref")
                               << L({"id:string", "uid:string", "ref:string", "name:string", "description:string",
                                     "version:string", "author:string"});
        QTest::newRow("keys") << QStringLiteral("/api/v1/keys") << QStringLiteral("name")
                              << L({"id:string", "uid:string", "name:string", "value:any", "secret:bool",
                                    "scope:string", "user:string?"});
        QTest::newRow("api keys") << QStringLiteral("/api/v1/apikeys") << QString()
                                  << L({"id:string", "user:string", "enabled:bool", "metadata:dict",
                                        "created_at:string"});
        QTest::newRow("traces") << QStringLiteral("/api/v1/traces") << QStringLiteral("id")
                                << L({"id:string", "uid:string", "trace_tag:string", "start_timestamp:string",
                                      "trigger_instances:list", "rules:list", "action_executions:list"});
    }

    void documentShapes()
    {
        QFETCH(QString, list);
        QFETCH(QString, getKey);
        QFETCH(QStringList, fields);
        const Daemon::Reply all = m_daemon.request("GET", list);
        QCOMPARE(all.status, 200);
        QVERIFY2(all.json.isList() && !all.json.toList().isEmpty(), all.body.constData());
        for (const Value &doc : all.json.toList()) {
            const QString missing = missingFields(doc, fields);
            QVERIFY2(missing.isEmpty(), qPrintable(missing));
        }
        if (getKey.isEmpty())
            return;
        const Value first = all.json.toList().first();
        const QString path = list.section(u'?', 0, 0) + u'/' + QString::fromUtf8(QUrl::toPercentEncoding(first[getKey].toString()));
        const Daemon::Reply one = m_daemon.request("GET", path);
        QCOMPARE(one.status, 200);
        const QString missing = missingFields(one.json, fields);
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
        QCOMPARE(one.json[u"id"], first[u"id"]);
    }

    // Ids of definitions that come from files stay the same across restarts.
    void idsAreStable()
    {
        const Value before = m_daemon.request("GET", QStringLiteral("/api/v1/runnertypes/local-shell-cmd")).json;
        const Value sensorBefore = m_daemon.request("GET", QStringLiteral("/api/v1/sensortypes/sensorpack.Watcher")).json;
        m_daemon.stop();
        QVERIFY2(m_daemon.start({QStringLiteral("--packs-dir"), QStringLiteral(SQUALL_SOURCE_DIR "/tests/e2e/data/compatpacks")}),
                 qPrintable(m_daemon.output()));
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/runnertypes/local-shell-cmd")).json[u"id"], before[u"id"]);
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/sensortypes/sensorpack.Watcher")).json[u"id"],
                 sensorBefore[u"id"]);
    }

    void traceOfAWebhook()
    {
        const Daemon::Reply list = m_daemon.request("GET", QStringLiteral("/api/v1/traces?trace_tag=compat-trace"));
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json.toList().size(), 1);
        const Value trace = list.json[0];
        QCOMPARE(trace[u"trace_tag"].toString(), QStringLiteral("compat-trace"));
        QCOMPARE(trace[u"uid"].toString(), QStringLiteral("trace:compat-trace"));

        QCOMPARE(trace[u"trigger_instances"].toList().size(), 1);
        const Value ti = trace[u"trigger_instances"][0];
        QCOMPARE(ti[u"object_id"].toString(), m_instanceId);
        QCOMPARE(ti[u"caused_by"], Value(ValueDict()));

        QCOMPARE(trace[u"rules"].toList().size(), 1);
        const Value rule = trace[u"rules"][0];
        QCOMPARE(rule[u"ref"].toString(), QStringLiteral("sensorpack.hook"));
        QCOMPARE(rule[u"caused_by"][u"type"].toString(), QStringLiteral("trigger_instance"));
        QCOMPARE(rule[u"caused_by"][u"id"].toString(), m_instanceId);

        QCOMPARE(trace[u"action_executions"].toList().size(), 1);
        const Value ex = trace[u"action_executions"][0];
        QCOMPARE(ex[u"object_id"].toString(), m_executionId);
        QCOMPARE(ex[u"ref"].toString(), QStringLiteral("core.noop"));
        QCOMPARE(ex[u"caused_by"][u"type"].toString(), QStringLiteral("rule"));
        QCOMPARE(ex[u"caused_by"][u"id"].toString(), rule[u"object_id"].toString() + u':' + m_instanceId);
        QVERIFY(!ex[u"updated_at"].toString().isEmpty());

        // Every filter finds the same trace; GET by id gives the same document.
        const QString id = trace[u"id"].toString();
        const QStringList filters = {QStringLiteral("execution=") + m_executionId,
                                     QStringLiteral("trigger_instance=") + m_instanceId,
                                     QStringLiteral("rule=sensorpack.hook"),
                                     QStringLiteral("rule=") + rule[u"object_id"].toString()};
        for (const QString &filter : filters) {
            const Daemon::Reply r = m_daemon.request("GET", QStringLiteral("/api/v1/traces?") + filter);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json.toList().size(), 1);
            QCOMPARE(r.json[0][u"id"].toString(), id);
        }
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/traces?execution=nope")).json.toList().size(), 0);
        const Daemon::Reply one = m_daemon.request("GET", QStringLiteral("/api/v1/traces/") + id);
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json, trace);
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/traces/nope")).status, 404);
    }

    void traceOrderAndPaging()
    {
        QCOMPARE(m_daemon.request("POST", QStringLiteral("/api/v1/executions"),
                                  R"({"action": "core.noop", "parameters": {}, "trace_tag": "compat-later"})")
                     .status,
                 201);
        const Daemon::Reply desc = m_daemon.request("GET", QStringLiteral("/api/v1/traces?sort_desc=True"));
        const Daemon::Reply asc = m_daemon.request("GET", QStringLiteral("/api/v1/traces?sort_asc=True"));
        QCOMPARE(desc.json.toList().size(), 2);
        QCOMPARE(desc.json[0][u"trace_tag"].toString(), QStringLiteral("compat-later"));
        QCOMPARE(asc.json[0][u"trace_tag"].toString(), QStringLiteral("compat-trace"));
        const Daemon::Reply page = m_daemon.request("GET", QStringLiteral("/api/v1/traces?limit=1&offset=1"));
        QCOMPARE(page.json.toList().size(), 1);
        QCOMPARE(page.json[0][u"trace_tag"].toString(), QStringLiteral("compat-trace"));
        bool totalSeen = false;
        for (const auto &[k, v] : page.headers)
            totalSeen = totalSeen || (k.compare("X-Total-Count", Qt::CaseInsensitive) == 0 && v == "2");
        QVERIFY(totalSeen);

        const Daemon::CliResult cli = m_daemon.cli({QStringLiteral("trace"), QStringLiteral("list"), QStringLiteral("-c"),
                                                    QStringLiteral("compat-later")});
        QCOMPARE(cli.exitCode, 0);
        QVERIFY2(cli.out.contains(QStringLiteral("compat-later")) && !cli.out.contains(QStringLiteral("compat-trace")),
                 qPrintable(cli.out + cli.err));
    }

    // st2's `sensor disable` GETs the sensor type, sets enabled and PUTs the whole
    // document back to /sensortypes/{id}. The choice survives a restart.
    void sensorEnableDisable()
    {
        Value doc = m_daemon.request("GET", QStringLiteral("/api/v1/sensortypes/sensorpack.Watcher")).json;
        QCOMPARE(doc[u"enabled"].toBool(), true);
        doc.dictRef().insert(QStringLiteral("enabled"), false);
        const Daemon::Reply put = m_daemon.request("PUT", QStringLiteral("/api/v1/sensortypes/") + doc[u"id"].toString(),
                                                   json::serialize(doc));
        QCOMPARE(put.status, 200);
        QCOMPARE(put.json[u"enabled"].toBool(), false);
        QCOMPARE(put.json[u"ref"].toString(), QStringLiteral("sensorpack.Watcher"));

        const Daemon::Reply bad = m_daemon.request("PUT", QStringLiteral("/api/v1/sensortypes/sensorpack.Watcher"),
                                                   R"({"enabled": "no"})");
        QCOMPARE(bad.status, 400);
        QVERIFY2(bad.body.contains("enabled"), bad.body.constData());
        QCOMPARE(m_daemon.request("PUT", QStringLiteral("/api/v1/sensortypes/nope.Nope"), R"({"enabled": true})").status,
                 404);

        m_daemon.stop();
        QVERIFY2(m_daemon.start({QStringLiteral("--packs-dir"), QStringLiteral(SQUALL_SOURCE_DIR "/tests/e2e/data/compatpacks")}),
                 qPrintable(m_daemon.output()));
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/sensortypes/sensorpack.Watcher")).json[u"enabled"].toBool(),
                 false);

        const Daemon::CliResult on = m_daemon.cli({QStringLiteral("sensor"), QStringLiteral("enable"),
                                                   QStringLiteral("sensorpack.Watcher")});
        QCOMPARE(on.exitCode, 0);
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/sensortypes/sensorpack.Watcher")).json[u"enabled"].toBool(),
                 true);
    }

private:
    ValueList executionsWith(const QString &status)
    {
        const Daemon::Reply r = m_daemon.request("GET", QStringLiteral("/api/v1/executions?action=core.noop&status=") + status);
        return r.json.toList();
    }
};

QTEST_GUILESS_MAIN(TestSt2Compat)
#include "tst_st2compat.moc"
