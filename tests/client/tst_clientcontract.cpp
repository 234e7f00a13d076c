// The same cases against both client backends: the in-process one (the engine
// on its own thread) and the remote one (REST + Server-Sent Events to an API
// server on another engine). A view written against Client must not be able to
// tell them apart.
#include "api/ApiServer.h"
#include "base/Json.h"
#include "client/BlockingClient.h"
#include "client/EngineThread.h"
#include "client/InProcessClient.h"
#include "client/RemoteClient.h"
#include "engine/EventFilter.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>

using namespace squall;
using namespace squall::client;

namespace {

Value J(const char *text)
{
    return json::parse(QByteArray(text));
}

QHash<QString, QString> P(std::initializer_list<std::pair<QString, QString>> items)
{
    QHash<QString, QString> out;
    for (const auto &[k, v] : items)
        out.insert(k, v);
    return out;
}

engine::EngineOptions optionsFor(const QString &dir)
{
    engine::EngineOptions o;
    o.dataDir = dir;
    o.packRoots << QStringLiteral(SQUALL_SOURCE_DIR "/packs");
    o.actionTrigger = false;
    return o;
}

// An engine on its own thread serving the REST API on loopback, as `squall
// serve` does; restartable on the same data dir and port.
class ServedEngine
{
public:
    explicit ServedEngine(const QString &dir) : m_dir(dir) { }
    ~ServedEngine() { stop(); }

    bool start(quint16 port = 0)
    {
        m_thread = std::make_unique<EngineThread>();
        std::atomic<int> bound{0};
        QString error;
        const bool ok = m_thread->startAndWait(optionsFor(m_dir), &error, [&bound, port](engine::Engine *e) {
            api::ApiConfig config;
            config.sseHeartbeatMs = 200;
            auto *server = new api::ApiServer(e, config, e);
            QString why;
            if (server->listen(QHostAddress::LocalHost, port, &why))
                bound = server->port();
            else
                qWarning("cannot listen: %s", qPrintable(why));
        });
        if (!ok)
            qWarning("engine did not start: %s", qPrintable(error));
        m_port = quint16(bound.load());
        return ok && m_port != 0;
    }
    void stop() { m_thread.reset(); }
    quint16 port() const { return m_port; }
    QString apiKey() const
    {
        QFile f(m_dir + QStringLiteral("/admin.key"));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
    }

private:
    QString m_dir;
    std::unique_ptr<EngineThread> m_thread;
    quint16 m_port = 0;
};

// Everything one subscription delivered.
struct Collector
{
    QList<engine::Event> events;
    int batches = 0;
    int resyncs = 0;
    void attach(Subscription *s)
    {
        QObject::connect(s, &Subscription::eventsReceived, s, [this](const engine::EventBatch &b) {
            ++batches;
            events += b;
        });
        QObject::connect(s, &Subscription::resyncRequired, s, [this](qint64) { ++resyncs; });
    }
    QList<qint64> ids() const
    {
        QList<qint64> out;
        for (const engine::Event &e : events)
            out.append(e.id);
        return out;
    }
    bool has(engine::EventKind kind, const QString &key, const QString &value) const
    {
        return std::any_of(events.cbegin(), events.cend(), [&](const engine::Event &e) {
            return e.kind == kind && e.doc[key].toString() == value;
        });
    }
};

} // namespace

class TestClientContract : public QObject
{
    Q_OBJECT

    QTemporaryDir m_localDir, m_remoteDir;
    std::unique_ptr<EngineThread> m_local;
    std::unique_ptr<ServedEngine> m_served;
    std::unique_ptr<InProcessClient> m_inProcess;
    std::unique_ptr<RemoteClient> m_remote;

    Client *backend()
    {
        QFETCH_GLOBAL(QString, backend);
        return backend == u"in-process" ? static_cast<Client *>(m_inProcess.get()) : m_remote.get();
    }
    ClientResult call(Op op, const QString &id = {}, const Value &body = {}, const QHash<QString, QString> &params = {})
    {
        return BlockingClient(backend()).call(op, id, body, params);
    }
    void makeRemote()
    {
        RemoteOptions o;
        o.baseUrl = QStringLiteral("http://127.0.0.1:%1").arg(m_served->port());
        o.apiKey = m_served->apiKey();
        o.reconnectFirstMs = 50;
        o.reconnectMaxMs = 400;
        m_remote = std::make_unique<RemoteClient>(o);
    }
    // Runs an action and waits for its final status through a subscription.
    Value runAndWait(const QString &action, const Value &parameters)
    {
        std::unique_ptr<Subscription> sub(backend()->subscribe(
            engine::EventFilter::ofKinds({engine::EventKind::ExecutionUpdate}), -1, nullptr));
        Collector seen;
        seen.attach(sub.get());
        const ClientResult created = call(Op::CreateExecution, {},
                                          makeDict({{QStringLiteral("action"), action},
                                                    {QStringLiteral("parameters"), parameters}}));
        if (!created.ok())
            return Value();
        const QString id = created.value[u"id"].toString();
        QElapsedTimer t;
        t.start();
        while (!seen.has(engine::EventKind::ExecutionUpdate, QStringLiteral("status"), QStringLiteral("succeeded"))
               && !seen.has(engine::EventKind::ExecutionUpdate, QStringLiteral("status"), QStringLiteral("failed"))
               && t.elapsed() < 20000)
            QTest::qWait(20);
        return call(Op::GetExecution, id).value;
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("in-process") << QStringLiteral("in-process");
        QTest::newRow("remote") << QStringLiteral("remote");
    }

    void initTestCase()
    {
        qRegisterMetaType<engine::EventBatch>();
        m_local = std::make_unique<EngineThread>();
        QString error;
        QVERIFY2(m_local->startAndWait(optionsFor(m_localDir.path()), &error), qPrintable(error));
        m_inProcess = std::make_unique<InProcessClient>(m_local.get(), InProcessClient::localAdmin());
        m_served = std::make_unique<ServedEngine>(m_remoteDir.path());
        QVERIFY(m_served->start());
        makeRemote();
    }

    void cleanupTestCase()
    {
        m_remote.reset();
        m_inProcess.reset();
        m_served.reset();
        m_local.reset();
    }

    void listsPage()
    {
        const ClientResult all = call(Op::ListActions, {}, {}, P({{QStringLiteral("pack"), QStringLiteral("core")}}));
        QVERIFY2(all.ok(), qPrintable(all.errorText()));
        QCOMPARE(all.status, 200);
        QVERIFY(all.total >= 10);
        QCOMPARE(all.total, all.value.toList().size());
        for (const Value &a : all.value.toList())
            QCOMPARE(a[u"pack"].toString(), QStringLiteral("core"));
        const ClientResult two = call(Op::ListActions, {}, {},
                                      P({{QStringLiteral("pack"), QStringLiteral("core")},
                                         {QStringLiteral("limit"), QStringLiteral("2")}}));
        QCOMPARE(two.value.toList().size(), 2);
        QCOMPARE(two.total, all.total);
        QCOMPARE(two.limit, 2);
    }

    void getAndNotFound()
    {
        const ClientResult noop = call(Op::GetAction, QStringLiteral("core.noop"));
        QVERIFY2(noop.ok(), qPrintable(noop.errorText()));
        QCOMPARE(noop.value[u"ref"].toString(), QStringLiteral("core.noop"));
        const ClientResult missing = call(Op::GetAction, QStringLiteral("nope.nope"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.error->kind, QStringLiteral("NotFound"));
        QVERIFY2(missing.error->message.contains(u"nope.nope"), qPrintable(missing.error->message));
    }

    void ruleLifecycle()
    {
        const Value rule = J(R"({"name": "contract_rule", "pack": "examples",
            "trigger": {"type": "core.st2.webhook", "parameters": {"url": "contract"}},
            "criteria": {"trigger.body.go": {"type": "equals", "pattern": true}},
            "action": {"ref": "core.noop"}, "enabled": true})");
        const ClientResult created = call(Op::CreateRule, {}, rule);
        QVERIFY2(created.ok(), qPrintable(created.errorText()));
        QCOMPARE(created.status, 201);
        QCOMPARE(created.value[u"ref"].toString(), QStringLiteral("examples.contract_rule"));

        Value disabled = created.value;
        disabled.dictRef().insert(QStringLiteral("enabled"), false);
        const ClientResult updated = call(Op::UpdateRule, QStringLiteral("examples.contract_rule"), disabled);
        QVERIFY2(updated.ok(), qPrintable(updated.errorText()));
        QCOMPARE(updated.value[u"enabled"].toBool(), false);

        const ClientResult removed = call(Op::DeleteRule, QStringLiteral("examples.contract_rule"));
        QVERIFY2(removed.ok(), qPrintable(removed.errorText()));
        QCOMPARE(removed.status, 204);
        QCOMPARE(call(Op::GetRule, QStringLiteral("examples.contract_rule")).status, 404);
    }

    void ruleDryRun()
    {
        const Value body = J(R"({"rule": {"name": "dry", "pack": "examples",
            "trigger": {"type": "core.st2.webhook", "parameters": {"url": "dry"}},
            "criteria": {"trigger.body.name": {"type": "equals", "pattern": "test"}},
            "action": {"ref": "core.local", "parameters": {"cmd": "echo {{ trigger.body.name }}"}}},
            "payload": {"body": {"name": "test"}}})");
        const ClientResult r = call(Op::TestRule, {}, body);
        QVERIFY2(r.ok(), qPrintable(r.errorText()));
        QCOMPARE(r.value[u"matched"].toBool(), true);
        QCOMPARE(r.value[u"criteria"].toList().first()[u"value"].toString(), QStringLiteral("test"));
        QCOMPARE(r.value[u"parameters"][u"cmd"].toString(), QStringLiteral("echo test"));
        // write_file reaches the engine through both backends (core is never written to).
        const ClientResult inCore = call(Op::CreateRule, {}, J(R"({"name": "contract_core", "pack": "core",
            "trigger": {"type": "core.st2.webhook", "parameters": {"url": "contract-core"}},
            "action": {"ref": "core.noop"}})"), P({{QStringLiteral("write_file"), QStringLiteral("true")}}));
        QVERIFY2(inCore.ok(), qPrintable(inCore.errorText()));
        QVERIFY2(inCore.value[u"file_error"].toString().contains(u"read-only"), qPrintable(json::toString(inCore.value)));
        QVERIFY(call(Op::DeleteRule, QStringLiteral("core.contract_core")).ok());
        const ClientResult bad = call(Op::TestRule, {}, J(R"({"payload": {}})"));
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.error->field, QStringLiteral("rule"));
    }

    void datastore()
    {
        const ClientResult set = call(Op::SetKey, QStringLiteral("contract.k"),
                                      makeDict({{QStringLiteral("value"), QStringLiteral("v1")}}));
        QVERIFY2(set.ok(), qPrintable(set.errorText()));
        QCOMPARE(call(Op::GetKey, QStringLiteral("contract.k")).value[u"value"].toString(), QStringLiteral("v1"));
        const ClientResult listed = call(Op::ListKeys, {}, {}, P({{QStringLiteral("prefix"), QStringLiteral("contract.")}}));
        QCOMPARE(listed.total, 1);
        QCOMPARE(call(Op::DeleteKey, QStringLiteral("contract.k")).status, 204);
        const ClientResult gone = call(Op::GetKey, QStringLiteral("contract.k"));
        QCOMPARE(gone.status, 404);
        QCOMPARE(gone.error->kind, QStringLiteral("NotFound"));
    }

    // A pack installed from a local folder, then its config saved through the
    // schema and read back (secrets masked, a masked secret sent back kept).
    void installPackAndSaveConfig()
    {
        QFETCH_GLOBAL(QString, backend);
        QTemporaryDir src;
        const QString dir = src.filePath(QStringLiteral("cfgdemo_") + backend.left(2));
        const QString ref = QStringLiteral("cfgdemo_") + backend.left(2);
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/actions")));
        auto write = [](const QString &path, const QByteArray &text) {
            QFile f(path);
            return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
        };
        QVERIFY(write(dir + QStringLiteral("/pack.yaml"),
                      "name: " + ref.toUtf8() + "\nversion: 1.0.0\ndescription: config demo\n"));
        QVERIFY(write(dir + QStringLiteral("/config.schema.yaml"),
                      "host: {type: string, required: true}\nport: {type: integer, default: 80}\n"
                      "token: {type: string, secret: true}\n"));
        QVERIFY(write(dir + QStringLiteral("/actions/hello.yaml"),
                      "name: hello\nrunner_type: local-shell-cmd\nparameters: {cmd: {default: echo hi}}\n"));

        const ClientResult remoteUrl = call(Op::InstallPacks, {},
            makeDict({{QStringLiteral("packs"), ValueList{Value(QStringLiteral("https://example.com/x.git"))}}}));
        QCOMPARE(remoteUrl.status, 400);
        QVERIFY2(remoteUrl.error->message.contains(u"local folder"), qPrintable(remoteUrl.error->message));

        const ClientResult installed = call(Op::InstallPacks, {},
                                            makeDict({{QStringLiteral("packs"), ValueList{Value(dir)}}}));
        QVERIFY2(installed.ok(), qPrintable(installed.errorText()));
        QCOMPARE(installed.value[u"packs"].toList().value(0).toString(), ref);
        QVERIFY(call(Op::GetAction, ref + QStringLiteral(".hello")).ok());
        const ClientResult again = call(Op::InstallPacks, {}, makeDict({{QStringLiteral("packs"), ValueList{Value(dir)}}}));
        QCOMPARE(again.status, 409);

        const ClientResult bad = call(Op::UpdateConfig, ref, J(R"({"port": 8080})"));
        QCOMPARE(bad.status, 400);
        const ClientResult saved = call(Op::UpdateConfig, ref, J(R"({"host": "db", "port": 5432, "token": "s3cret"})"));
        QVERIFY2(saved.ok(), qPrintable(saved.errorText()));
        QCOMPARE(saved.value[u"values"][u"port"].toInt(), 5432);
        QCOMPARE(saved.value[u"values"][u"token"].toString(), QStringLiteral("********"));
        const ClientResult resaved = call(Op::UpdateConfig, ref, J(R"({"host": "db2", "port": 5432, "token": "********"})"));
        QVERIFY2(resaved.ok(), qPrintable(resaved.errorText()));
        const ClientResult shown = call(Op::GetConfig, ref, {}, P({{QStringLiteral("show_secrets"), QStringLiteral("true")}}));
        QCOMPARE(shown.value[u"values"][u"host"].toString(), QStringLiteral("db2"));
        QCOMPARE(shown.value[u"values"][u"token"].toString(), QStringLiteral("s3cret"));
    }

    // What the workflow designer saves with: the workflow file travels in the
    // action request (st2's data_files), on both backends.
    void actionWithFilesLifecycle()
    {
        QFETCH_GLOBAL(QString, backend);
        QTemporaryDir src;
        const QString ref = QStringLiteral("wfsave_") + backend.left(2);
        const QString dir = src.filePath(ref);
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/actions")));
        QFile meta(dir + QStringLiteral("/pack.yaml"));
        QVERIFY(meta.open(QIODevice::WriteOnly));
        meta.write("name: " + ref.toUtf8() + "\nversion: 1.0.0\ndescription: saved workflows\n");
        meta.close();
        const ClientResult installed = call(Op::InstallPacks, {}, makeDict({{QStringLiteral("packs"), ValueList{Value(dir)}}}));
        QVERIFY2(installed.ok(), qPrintable(installed.errorText()));
        const QString packPath = call(Op::GetPack, ref).value[u"path"].toString();
        QVERIFY(!packPath.isEmpty());

        auto doc = [&](const QString &word, const QString &path) {
            return makeDict({{QStringLiteral("name"), QStringLiteral("flow")},
                             {QStringLiteral("pack"), ref},
                             {QStringLiteral("runner_type"), QStringLiteral("orquesta")},
                             {QStringLiteral("entry_point"), QStringLiteral("workflows/flow.yaml")},
                             {QStringLiteral("data_files"),
                              makeList({makeDict({{QStringLiteral("file_path"), path},
                                                  {QStringLiteral("content"),
                                                   QStringLiteral("version: 1.0\ntasks:\n  t1:\n    action: core.noop\n"
                                                                  "output:\n  - word: %1\n").arg(word)}})})}});
        };
        auto runWord = [&] {
            const QString id = call(Op::CreateExecution, {}, makeDict({{QStringLiteral("action"), ref + QStringLiteral(".flow")}}))
                                   .value[u"id"].toString();
            Value e;
            QElapsedTimer t;
            t.start();
            do {
                QTest::qWait(20);
                e = call(Op::GetExecution, id).value;
            } while (e[u"status"].toString() != u"succeeded" && e[u"status"].toString() != u"failed" && t.elapsed() < 20000);
            return e[u"result"][u"output"][u"word"].toString();
        };
        const ClientResult escape = call(Op::CreateAction, {}, doc(QStringLiteral("x"), QStringLiteral("../flow.yaml")));
        QCOMPARE(escape.status, 400);
        QVERIFY2(escape.error->message.contains(u"leaves the pack"), qPrintable(escape.error->message));

        const ClientResult created = call(Op::CreateAction, {}, doc(QStringLiteral("one"), QStringLiteral("workflows/flow.yaml")),
                                          P({{QStringLiteral("write_file"), QStringLiteral("true")}}));
        QVERIFY2(created.ok(), qPrintable(created.errorText()));
        QCOMPARE(created.status, 201);
        QVERIFY(QFile::exists(packPath + QStringLiteral("/actions/flow.yaml")));
        QCOMPARE(runWord(), QStringLiteral("one"));

        const ClientResult updated =
            call(Op::UpdateAction, ref + QStringLiteral(".flow"), doc(QStringLiteral("two"), QStringLiteral("workflows/flow.yaml")));
        QVERIFY2(updated.ok(), qPrintable(updated.errorText()));
        QVERIFY(call(Op::ActionEntryPoint, ref + QStringLiteral(".flow")).value.toString().contains(u"word: two"));
        QCOMPARE(runWord(), QStringLiteral("two"));

        const ClientResult removed = call(Op::DeleteAction, ref + QStringLiteral(".flow"), J(R"({"remove_files": true})"));
        QVERIFY2(removed.ok(), qPrintable(removed.errorText()));
        QVERIFY(!QFile::exists(packPath + QStringLiteral("/actions/flow.yaml")));
        QVERIFY(!QFile::exists(packPath + QStringLiteral("/actions/workflows/flow.yaml")));
    }

    // Each output event says how much output came before it, in the units the
    // output call answers in: a viewer can join a fetch and live events exactly.
    void outputEventsCarryTheirOffset()
    {
        std::unique_ptr<Subscription> sub(backend()->subscribe(
            engine::EventFilter::ofKinds({engine::EventKind::ExecutionOutput}), -1, nullptr));
        Collector output;
        output.attach(sub.get());
        const Value done = runAndWait(QStringLiteral("core.local"),
                                      makeDict({{QStringLiteral("cmd"),
                                                 QStringLiteral("printf 'é-a\\n'; sleep 0.2; printf 'bb\\n' >&2; sleep 0.2; printf 'ccc\\n'")}}));
        QCOMPARE(done[u"status"].toString(), QStringLiteral("succeeded"));
        const QString id = done[u"id"].toString();
        const QString all = call(Op::ExecutionOutput, id, {}, P({{QStringLiteral("output_type"), QStringLiteral("all")}})).value.toString();
        QTRY_VERIFY2(output.events.size() >= 3, qPrintable(QString::number(output.events.size()) + u" events; output: " + all));
        QString joined;
        for (const engine::Event &e : std::as_const(output.events)) {
            if (e.doc[u"execution_id"].toString() != id)
                continue;
            QCOMPARE(e.doc[u"offset"].toInt(), qint64(joined.size()));
            joined += e.doc[u"data"].toString();
        }
        QCOMPARE(joined, all);
    }

    void runAndFollow()
    {
        const Value done = runAndWait(QStringLiteral("core.local"), makeDict({{QStringLiteral("cmd"), QStringLiteral("echo contract-output")}}));
        QCOMPARE(done[u"status"].toString(), QStringLiteral("succeeded"));
        const ClientResult out = call(Op::ExecutionOutput, done[u"id"].toString());
        QVERIFY2(out.ok(), qPrintable(out.errorText()));
        QVERIFY(out.value.isString());
        QVERIFY2(out.value.toString().contains(u"contract-output"), qPrintable(out.value.toString()));
        const ClientResult listed = call(Op::ListExecutions, {}, {},
                                         P({{QStringLiteral("action"), QStringLiteral("core.local")}}));
        QVERIFY(listed.total >= 1);
    }

    void webhooks()
    {
        const Value rule = J(R"({"name": "contract_hook", "pack": "examples",
            "trigger": {"type": "core.st2.webhook", "parameters": {"url": "contract/hook"}},
            "action": {"ref": "core.noop"}, "enabled": true})");
        QVERIFY(call(Op::CreateRule, {}, rule).ok());
        const ClientResult accepted = call(Op::PostWebhook, QStringLiteral("contract/hook"), J(R"({"x": 1})"));
        QVERIFY2(accepted.ok(), qPrintable(accepted.errorText()));
        QCOMPARE(accepted.status, 202);
        QVERIFY(!accepted.value[u"trigger_instance_id"].toString().isEmpty());
        const ClientResult instance = call(Op::GetTriggerInstance, accepted.value[u"trigger_instance_id"].toString());
        QCOMPARE(instance.value[u"payload"][u"body"][u"x"].toInt(), 1);
        const ClientResult unknown = call(Op::PostWebhook, QStringLiteral("no/such/hook"), J("{}"));
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.error->kind, QStringLiteral("NotFound"));
        QVERIFY(call(Op::DeleteRule, QStringLiteral("examples.contract_hook")).ok());
    }

    void errorsKeepTheirParts_data()
    {
        QTest::addColumn<int>("op");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("kind");
        QTest::newRow("unknown operator") << int(Op::CreateRule) << QString()
            << R"({"name": "bad_op", "pack": "examples", "trigger": {"type": "core.st2.webhook", "parameters": {"url": "x"}},
                  "criteria": {"trigger.body.x": {"type": "bogus", "pattern": 1}}, "action": {"ref": "core.noop"}})"
            << 400 << QString();
        QTest::newRow("unknown action") << int(Op::CreateExecution) << QString()
            << R"({"action": "nope.nothing"})" << 404 << QStringLiteral("NotFound");
        QTest::newRow("bad parameter type") << int(Op::CreateExecution) << QString()
            << R"({"action": "core.local", "parameters": {"cmd": "true", "timeout": "soon"}})" << 400 << QString();
    }

    void errorsKeepTheirParts()
    {
        QFETCH(int, op);
        QFETCH(QString, id);
        QFETCH(QString, body);
        QFETCH(int, status);
        QFETCH(QString, kind);
        const ClientResult r = call(Op(op), id, json::parse(body.toUtf8()));
        QVERIFY(!r.ok());
        QCOMPARE(r.status, status);
        if (!kind.isEmpty())
            QCOMPARE(r.error->kind, kind);
        QVERIFY(!r.error->message.isEmpty());
        // The other backend, same request: the same error, part for part.
        Client *other = backend() == m_remote.get() ? static_cast<Client *>(m_inProcess.get()) : m_remote.get();
        const ClientResult o = BlockingClient(other).call(Op(op), id, json::parse(body.toUtf8()));
        QVERIFY(!o.ok());
        QCOMPARE(o.status, r.status);
        QCOMPARE(o.error->kind, r.error->kind);
        QCOMPARE(o.error->message, r.error->message);
        QCOMPARE(o.error->field, r.error->field);
        QCOMPARE(o.error->location.toString(), r.error->location.toString());
    }

    void callbackSkippedWhenContextIsGone()
    {
        bool called = false;
        auto *context = new QObject;
        backend()->call(Request::of(Op::ListActions), context, [&](const ClientResult &) { called = true; });
        delete context;
        QTest::qWait(300);
        QVERIFY(!called);
        // ...and a live context still gets its answer, on this thread.
        QObject alive;
        bool answered = false;
        backend()->call(Request::of(Op::ApiInfo), &alive, [&](const ClientResult &r) {
            answered = r.ok() && QThread::currentThread() == alive.thread();
        });
        QTRY_VERIFY(answered);
    }

    void eventsFilteredAndOrdered()
    {
        std::unique_ptr<Subscription> keysOnly(backend()->subscribe(
            engine::EventFilter::ofKinds({engine::EventKind::KeyValueCreate, engine::EventKind::KeyValueDelete}), -1,
            nullptr));
        Collector seen;
        seen.attach(keysOnly.get());
        QTRY_VERIFY(keysOnly->isConnected());
        QTest::qWait(100);  // the remote stream is open once its cursor arrived
        for (int i = 0; i < 20; ++i)
            call(Op::SetKey, QStringLiteral("order.%1").arg(i), makeDict({{QStringLiteral("value"), QString::number(i)}}));
        QTRY_COMPARE(seen.events.size(), 20);
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(seen.events[i].kind, engine::EventKind::KeyValueCreate);
            QCOMPARE(seen.events[i].doc[u"name"].toString(), QStringLiteral("order.%1").arg(i));
            if (i > 0)
                QVERIFY(seen.events[i].id > seen.events[i - 1].id);
        }
        QCOMPARE(keysOnly->lastEventId(), seen.events.last().id);
    }

    // Subscribe, go away, let things happen, restart the engine, come back
    // with the last id: every missed event once, in order, then live ones.
    void resumeAfterRestart()
    {
        const bool remote = backend() == m_remote.get();
        const auto filter = engine::EventFilter::ofKinds({engine::EventKind::KeyValueCreate});
        qint64 last = -1;
        {
            std::unique_ptr<Subscription> sub(backend()->subscribe(filter, -1, nullptr));
            Collector seen;
            seen.attach(sub.get());
            QTRY_VERIFY(sub->isConnected());
            QTest::qWait(100);
            call(Op::SetKey, QStringLiteral("resume.before"), makeDict({{QStringLiteral("value"), QStringLiteral("b")}}));
            QTRY_COMPARE(seen.events.size(), 1);
            last = sub->lastEventId();
        }
        for (int i = 0; i < 5; ++i)
            call(Op::SetKey, QStringLiteral("resume.missed%1").arg(i), makeDict({{QStringLiteral("value"), QStringLiteral("m")}}));

        if (remote) {
            m_remote.reset();
            m_served->stop();
            QVERIFY(m_served->start(m_served->port()));
            makeRemote();
        } else {
            m_inProcess.reset();
            m_local.reset();
            m_local = std::make_unique<EngineThread>();
            QString error;
            QVERIFY2(m_local->startAndWait(optionsFor(m_localDir.path()), &error), qPrintable(error));
            m_inProcess = std::make_unique<InProcessClient>(m_local.get(), InProcessClient::localAdmin());
        }
        call(Op::SetKey, QStringLiteral("resume.after"), makeDict({{QStringLiteral("value"), QStringLiteral("a")}}));

        std::unique_ptr<Subscription> again(backend()->subscribe(filter, last, nullptr));
        Collector seen;
        seen.attach(again.get());
        QTRY_COMPARE(seen.events.size(), 6);
        QStringList names;
        for (const engine::Event &e : seen.events)
            names << e.doc[u"name"].toString();
        QCOMPARE(names, (QStringList{QStringLiteral("resume.missed0"), QStringLiteral("resume.missed1"),
                                     QStringLiteral("resume.missed2"), QStringLiteral("resume.missed3"),
                                     QStringLiteral("resume.missed4"), QStringLiteral("resume.after")}));
        QVERIFY(seen.ids().first() > last);
        QCOMPARE(seen.resyncs, 0);
        call(Op::SetKey, QStringLiteral("resume.live"), makeDict({{QStringLiteral("value"), QStringLiteral("l")}}));
        QTRY_COMPARE(seen.events.size(), 7);
        QCOMPARE(seen.events.last().doc[u"name"].toString(), QStringLiteral("resume.live"));
        const QList<qint64> ids = seen.ids();
        QCOMPARE(QSet<qint64>(ids.begin(), ids.end()).size(), ids.size());  // no duplicates
    }

    // A remote subscription left open across a daemon restart reconnects by
    // itself and misses nothing that happened while it was away.
    void remoteReconnectsAcrossRestart()
    {
        if (backend() != m_remote.get())
            QSKIP("only the remote backend has a connection to lose");
        std::unique_ptr<Subscription> sub(m_remote->subscribe(
            engine::EventFilter::ofKinds({engine::EventKind::KeyValueCreate}), -1, nullptr));
        Collector seen;
        seen.attach(sub.get());
        QSignalSpy connection(sub.get(), &Subscription::connectedChanged);
        QTRY_VERIFY(sub->isConnected());
        QTest::qWait(100);
        call(Op::SetKey, QStringLiteral("blink.1"), makeDict({{QStringLiteral("value"), QStringLiteral("1")}}));
        QTRY_COMPARE(seen.events.size(), 1);

        const quint16 port = m_served->port();
        m_served->stop();
        QTRY_VERIFY(!sub->isConnected());
        QVERIFY(m_served->start(port));
        // Written before the subscription is back: it must still arrive.
        RemoteOptions o;
        o.baseUrl = QStringLiteral("http://127.0.0.1:%1").arg(port);
        o.apiKey = m_served->apiKey();
        RemoteClient writer(o);
        QVERIFY(BlockingClient(&writer).call(Op::SetKey, QStringLiteral("blink.2"),
                                             makeDict({{QStringLiteral("value"), QStringLiteral("2")}})).ok());
        QTRY_VERIFY_WITH_TIMEOUT(sub->isConnected(), 10000);
        QVERIFY(BlockingClient(&writer).call(Op::SetKey, QStringLiteral("blink.3"),
                                             makeDict({{QStringLiteral("value"), QStringLiteral("3")}})).ok());
        QTRY_COMPARE(seen.events.size(), 3);
        QCOMPARE(seen.events[1].doc[u"name"].toString(), QStringLiteral("blink.2"));
        QCOMPARE(seen.events[2].doc[u"name"].toString(), QStringLiteral("blink.3"));
        QVERIFY(connection.size() >= 2);  // down, then up again
    }
};

QTEST_GUILESS_MAIN(TestClientContract)
#include "tst_clientcontract.moc"
