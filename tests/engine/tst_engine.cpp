// The engine in-process: trigger -> rules -> executions -> runners, with its store.
#include "base/Ids.h"
#include "base/Json.h"
#include "engine/Engine.h"
#include "store/Store.h"
#include "TestCheck.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;
using engine::Principal;

namespace {
Principal admin() { return Principal{QStringLiteral("st2admin"), true, QStringLiteral("api_key")}; }
Principal alice() { return Principal{QStringLiteral("alice"), false, QStringLiteral("token")}; }

Value rule(const QString &name, const QString &url, const Value &criteria, const QString &action, const Value &params,
           bool enabled = true, const QString &type = QStringLiteral("standard"))
{
    return makeDict({{QStringLiteral("name"), name},
                     {QStringLiteral("pack"), QStringLiteral("tests")},
                     {QStringLiteral("enabled"), enabled},
                     {QStringLiteral("type"), makeDict({{QStringLiteral("ref"), type}})},
                     {QStringLiteral("trigger"), makeDict({{QStringLiteral("type"), QStringLiteral("core.st2.webhook")},
                                                           {QStringLiteral("parameters"),
                                                            makeDict({{QStringLiteral("url"), url}})}})},
                     {QStringLiteral("criteria"), criteria},
                     {QStringLiteral("action"), makeDict({{QStringLiteral("ref"), action},
                                                          {QStringLiteral("parameters"), params}})}});
}

Value eq(const QString &key, const Value &pattern)
{
    return makeDict({{key, makeDict({{QStringLiteral("type"), QStringLiteral("equals")},
                                     {QStringLiteral("pattern"), pattern}})}});
}
} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<engine::Engine> m_engine;

    void startEngine(int maxBacklog = 20000)
    {
        m_engine = std::make_unique<engine::Engine>();
        engine::EngineOptions o;
        o.maxBacklog = maxBacklog;
        o.maxRunning = 2;
        o.dataDir = m_dir->path();
        o.packRoots << QStringLiteral(SQUALL_SOURCE_DIR "/packs");
        QString error;
        QVERIFY2(m_engine->start(o, &error), qPrintable(error));
    }

    // Posts a webhook and returns the response once the engine acknowledged it.
    Value post(const QString &url, const Value &body, QString *errorKind = nullptr)
    {
        Value response;
        QString kind;
        bool done = false;
        m_engine->postWebhook(url, body, makeDict({{QStringLiteral("X-Test"), QStringLiteral("1")},
                                                   {QStringLiteral("St2-Api-Key"), QStringLiteral("secret")}}),
                              admin(), [&](const Value &r, const std::optional<Error> &error) {
                                  response = r;
                                  kind = error ? error->kind : QString();
                                  done = true;
                              });
        // A failure here stops only the lambda; callers wrap this helper in CHECKED.
        [&] { QTRY_VERIFY(done); }();
        if (errorKind)
            *errorKind = kind;
        return response;
    }

    Value waitCompleted(const QString &id)
    {
        Value doc;
        auto finished = [&] {
            doc = m_engine->getExecution(id, {});
            const QString s = doc[u"status"].toString();
            return s == u"succeeded" || s == u"failed" || s == u"timeout" || s == u"canceled";
        };
        [&] { QTRY_VERIFY_WITH_TIMEOUT(finished(), 15000); }();  // callers wrap this helper in CHECKED
        return doc;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        CHECKED(startEngine());
    }
    void cleanup()
    {
        m_engine.reset();
        m_dir.reset();
    }

    // Shutting down with a run just requested (its record not yet committed):
    // no crash, and the next start runs it.
    void shutdownWithARunJustRequested()
    {
        const Value doc = m_engine->createExecution(
            makeDict({{QStringLiteral("action"), QStringLiteral("core.echo")},
                      {QStringLiteral("parameters"), makeDict({{QStringLiteral("message"), QStringLiteral("later")}})}}),
            admin());
        const QString id = doc[u"id"].toString();
        QVERIFY(!id.isEmpty());
        m_engine.reset();
        CHECKED(startEngine());
        Value done;
        CHECKED(done = waitCompleted(id));
        QCOMPARE(done[u"status"].toString(), QStringLiteral("succeeded"));
    }

    void bundledPacksLoad()
    {
        QVERIFY2(m_engine->loadErrors().isEmpty(),
                 qPrintable(m_engine->loadErrors().isEmpty() ? QString() : m_engine->loadErrors().first().toString()));
        for (const char *ref : {"core.local", "core.local_sudo", "core.http", "core.echo", "core.noop", "core.pause",
                                "core.uuid", "core.inject_trigger"})
            QCOMPARE(m_engine->getAction(QString::fromLatin1(ref))[u"ref"].toString(), QString::fromLatin1(ref));
        const Value params = m_engine->actionParameters(QStringLiteral("core.local"))[u"parameters"];
        QVERIFY(params.contains(u"cmd"));
        QVERIFY(params.contains(u"timeout"));  // inherited from the runner
        QVERIFY(QFile::exists(m_engine->adminKeyFile()));
        QCOMPARE(QFile::permissions(m_engine->adminKeyFile()) & 0x0077, QFileDevice::Permissions());
    }

    void matchingWebhookRunsTheAction()
    {
        m_engine->createRule(rule(QStringLiteral("r1"), QStringLiteral("hook"), eq(QStringLiteral("trigger.body.name"),
                                                                                   QStringLiteral("test")),
                                  QStringLiteral("core.local"),
                                  makeDict({{QStringLiteral("cmd"), QStringLiteral("echo {{ trigger.body.name }}-{{ trigger.headers['X-Test'] }}")}})),
                             admin());
        Value resp;
        CHECKED(resp = post(QStringLiteral("/hook/"), makeDict({{QStringLiteral("name"), QStringLiteral("test")}})));
        const QString ti = resp[u"trigger_instance_id"].toString();
        QVERIFY(isId(ti));
        const Value instance = m_engine->getTriggerInstance(ti);
        QCOMPARE(instance[u"status"].toString(), QStringLiteral("processed"));
        // Credentials are stripped from the stored payload.
        QVERIFY(!instance[u"payload"][u"headers"].contains(u"St2-Api-Key"));
        QCOMPARE(instance[u"payload"][u"headers_lower"][u"x-test"].toString(), QStringLiteral("1"));
        const engine::ListResult execs = m_engine->listExecutions({});
        QCOMPARE(execs.total, 1);
        Value done;
        CHECKED(done = waitCompleted(execs.items.first()[u"id"].toString()));
        QCOMPARE(done[u"status"].toString(), QStringLiteral("succeeded"));
        QCOMPARE(done[u"result"][u"stdout"].toString(), QStringLiteral("test-1"));
        QCOMPARE(done[u"context"][u"user"].toString(), QStringLiteral("stanley"));
        QStringList statuses;
        for (const Value &l : done[u"log"].toList())
            statuses << l[u"status"].toString();
        QCOMPARE(statuses, (QStringList{QStringLiteral("requested"), QStringLiteral("scheduled"),
                                        QStringLiteral("running"), QStringLiteral("succeeded")}));
        const engine::ListResult enf = m_engine->listRuleEnforcements({{QStringLiteral("trigger_instance"), ti}});
        QCOMPARE(enf.items.size(), 1);
        QCOMPARE(enf.items.first()[u"status"].toString(), QStringLiteral("succeeded"));
    }

    void nonMatchingAndDisabledRulesRunNothing()
    {
        m_engine->createRule(rule(QStringLiteral("r1"), QStringLiteral("h"), eq(QStringLiteral("trigger.body.name"),
                                                                                QStringLiteral("test")),
                                  QStringLiteral("core.noop"), Value(ValueDict())),
                             admin());
        m_engine->createRule(rule(QStringLiteral("r2"), QStringLiteral("h"), Value(ValueDict()), QStringLiteral("core.noop"),
                                  Value(ValueDict()), false),
                             admin());
        CHECKED(post(QStringLiteral("h"), makeDict({{QStringLiteral("name"), QStringLiteral("other")}})));
        QCOMPARE(m_engine->listExecutions({}).total, 0);
        QCOMPARE(m_engine->listRuleEnforcements({}).total, 0);
    }

    void backstopFiresOnlyWithoutStandardMatch()
    {
        m_engine->createRule(rule(QStringLiteral("std"), QStringLiteral("b"), eq(QStringLiteral("trigger.body.x"), 1),
                                  QStringLiteral("core.noop"), Value(ValueDict())),
                             admin());
        m_engine->createRule(rule(QStringLiteral("back"), QStringLiteral("b"), Value(ValueDict()), QStringLiteral("core.noop"),
                                  Value(ValueDict()), true, QStringLiteral("backstop")),
                             admin());
        CHECKED(post(QStringLiteral("b"), makeDict({{QStringLiteral("x"), 1}})));
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("rule"), QStringLiteral("tests.back")}}).total, 0);
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("rule"), QStringLiteral("tests.std")}}).total, 1);
        CHECKED(post(QStringLiteral("b"), makeDict({{QStringLiteral("x"), 2}})));
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("rule"), QStringLiteral("tests.back")}}).total, 1);
    }

    void criteriaErrorRecordsFailedEnforcement()
    {
        // "abc" > 5 raises in Python: the criterion is false and the enforcement failed.
        m_engine->createRule(rule(QStringLiteral("bad"), QStringLiteral("c"),
                                  makeDict({{QStringLiteral("trigger.body.v"),
                                             makeDict({{QStringLiteral("type"), QStringLiteral("gt")},
                                                       {QStringLiteral("pattern"), 5}})}}),
                                  QStringLiteral("core.noop"), Value(ValueDict())),
                             admin());
        CHECKED(post(QStringLiteral("c"), makeDict({{QStringLiteral("v"), QStringLiteral("abc")}})));
        QCOMPARE(m_engine->listExecutions({}).total, 0);
        const engine::ListResult enf = m_engine->listRuleEnforcements({});
        QCOMPARE(enf.total, 1);
        QCOMPARE(enf.items.first()[u"status"].toString(), QStringLiteral("failed"));
        QVERIFY(!enf.items.first()[u"failure_reason"].toString().isEmpty());
    }

    void renderFailureGivesFailedExecution()
    {
        m_engine->createRule(rule(QStringLiteral("r"), QStringLiteral("f"), Value(ValueDict()), QStringLiteral("core.local"),
                                  makeDict({{QStringLiteral("cmd"), QStringLiteral("echo {{ trigger.body.missing.deeper }}")}})),
                             admin());
        CHECKED(post(QStringLiteral("f"), makeDict({{QStringLiteral("x"), 1}})));
        const engine::ListResult execs = m_engine->listExecutions({});
        QCOMPARE(execs.total, 1);
        QCOMPARE(execs.items.first()[u"status"].toString(), QStringLiteral("failed"));
        QVERIFY(!execs.items.first()[u"result"][u"error"].toString().isEmpty());
        const engine::ListResult enf = m_engine->listRuleEnforcements({});
        QCOMPARE(enf.items.first()[u"status"].toString(), QStringLiteral("failed"));
    }

    void apiRunValidatesParameters()
    {
        QVERIFY_THROWS_EXCEPTION(SquallException,
                                 m_engine->createExecution(makeDict({{QStringLiteral("action"), QStringLiteral("core.local")},
                                                                     {QStringLiteral("parameters"),
                                                                      makeDict({{QStringLiteral("nope"), 1}})}}),
                                                           admin()));
        try {
            m_engine->createExecution(makeDict({{QStringLiteral("action"), QStringLiteral("core.local")}}), admin());
            QFAIL("cmd is required");
        } catch (const SquallException &e) {
            QCOMPARE(e.error().kind, QStringLiteral("ParameterError"));
            QVERIFY(e.error().message.contains(QStringLiteral("cmd")));
        }
        try {
            m_engine->createExecution(makeDict({{QStringLiteral("action"), QStringLiteral("core.nothere")}}), admin());
            QFAIL("unknown action");
        } catch (const SquallException &e) {
            QCOMPARE(e.error().kind, QStringLiteral("NotFound"));
        }
        QCOMPARE(m_engine->listExecutions({}).total, 0);
    }

    void executionListSearchesTextAndCanSkipTheCount()
    {
        const Value a = m_engine->createExecution(makeDict({{QStringLiteral("action"), QStringLiteral("core.noop")}}), admin());
        const Value b = m_engine->createExecution(
            makeDict({{QStringLiteral("action"), QStringLiteral("core.local")},
                      {QStringLiteral("parameters"), makeDict({{QStringLiteral("cmd"), QStringLiteral("true")}})}}),
            admin());
        CHECKED(waitCompleted(a[u"id"].toString()));
        CHECKED(waitCompleted(b[u"id"].toString()));
        const engine::ListResult noop = m_engine->listExecutions({{QStringLiteral("search"), QStringLiteral("NOOP")}});
        QCOMPARE(noop.total, 1);
        QCOMPARE(noop.items.first()[u"id"], a[u"id"]);
        // An id matches too, and a word nothing has matches nothing.
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("search"), a[u"id"].toString()}}).total, 1);
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("search"), QStringLiteral("zzz")}}).total, 0);
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("search"), QStringLiteral("core.")}}).total, 2);
        // The start of an id, in any case; the user who ran it; combined with another filter.
        // (ids made one after the other share all but their last digits)
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("search"), a[u"id"].toString().toUpper()}}).total, 1);
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("search"), a[u"id"].toString().left(12)}}).total, 2);
        const QString user = a[u"context"][u"user"].toString();
        QVERIFY(!user.isEmpty());
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("search"), user.mid(1, 3)}}).total, 2);
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("search"), QStringLiteral("core.")},
                                           {QStringLiteral("action"), QStringLiteral("core.local")}})
                     .total,
                 1);
        // A full page without the count: the items, and the total left unknown.
        const engine::ListResult uncounted = m_engine->listExecutions(
            {{QStringLiteral("limit"), QStringLiteral("1")}, {QStringLiteral("include_total"), QStringLiteral("false")}});
        QCOMPARE(uncounted.items.size(), 1);
        QCOMPARE(uncounted.total, -1);
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("limit"), QStringLiteral("1")}}).total, 2);
    }

    void secretsAreMaskedAndReRunKeepsThem()
    {
        const Value first = m_engine->createExecution(
            makeDict({{QStringLiteral("action"), QStringLiteral("core.local")},
                      {QStringLiteral("parameters"), makeDict({{QStringLiteral("cmd"), QStringLiteral("echo ok")},
                                                               {QStringLiteral("sudo_password"), QStringLiteral("hunter2")}})}}),
            admin());
        QCOMPARE(first[u"parameters"][u"sudo_password"].toString(), QStringLiteral("********"));
        QVERIFY(!json::toString(first).contains(QStringLiteral("hunter2")));
        QVERIFY(!json::toString(m_engine->store()->execution(first[u"id"].toString()).value()).contains(QStringLiteral("hunter2")));
        CHECKED(waitCompleted(first[u"id"].toString()));
        const Value again = m_engine->reRunExecution(
            first[u"id"].toString(), makeDict({{QStringLiteral("parameters"), makeDict({{QStringLiteral("cmd"), QStringLiteral("echo again")}})}}),
            {}, admin());
        QCOMPARE(again[u"context"][u"re-run"][u"ref"].toString(), first[u"id"].toString());
        QCOMPARE(again[u"parameters"][u"sudo_password"].toString(), QStringLiteral("********"));
        Value completed;
        CHECKED(completed = waitCompleted(again[u"id"].toString()));
        QCOMPARE(completed[u"result"][u"stdout"].toString(), QStringLiteral("again"));
    }

    void cancelRunningAction()
    {
        const Value exec = m_engine->createExecution(
            makeDict({{QStringLiteral("action"), QStringLiteral("core.local")},
                      {QStringLiteral("parameters"), makeDict({{QStringLiteral("cmd"), QStringLiteral("sleep 30")}})}}),
            admin());
        const QString id = exec[u"id"].toString();
        QTRY_COMPARE_WITH_TIMEOUT(m_engine->getExecution(id, {})[u"status"].toString(), QStringLiteral("running"), 10000);
        const Value canceling = m_engine->cancelExecution(id, admin());
        QCOMPARE(canceling[u"status"].toString(), QStringLiteral("canceling"));
        Value completed;
        CHECKED(completed = waitCompleted(id));
        QCOMPARE(completed[u"status"].toString(), QStringLiteral("canceled"));
        QVERIFY_THROWS_EXCEPTION(SquallException, m_engine->cancelExecution(id, admin()));
    }

    void datastoreInParametersAndSecrets()
    {
        m_engine->setKey(QStringLiteral("greeting"), makeDict({{QStringLiteral("value"), QStringLiteral("hello")}}), admin());
        m_engine->setKey(QStringLiteral("token"), makeDict({{QStringLiteral("value"), QStringLiteral("s3cr3t")},
                                                            {QStringLiteral("secret"), true}}),
                         admin());
        const Value listed = m_engine->getKey(QStringLiteral("token"), {}, admin());
        QCOMPARE(listed[u"value"].toString(), QStringLiteral("********"));
        QCOMPARE(m_engine->getKey(QStringLiteral("token"), {{QStringLiteral("decrypt"), QStringLiteral("true")}}, admin())[u"value"].toString(),
                 QStringLiteral("s3cr3t"));
        QVERIFY_THROWS_EXCEPTION(SquallException,
                                 m_engine->getKey(QStringLiteral("token"), {{QStringLiteral("decrypt"), QStringLiteral("true")}}, alice()));
        const Value exec = m_engine->createExecution(
            makeDict({{QStringLiteral("action"), QStringLiteral("core.local")},
                      {QStringLiteral("parameters"),
                       makeDict({{QStringLiteral("cmd"), QStringLiteral("echo {{ st2kv.system.greeting }}-{{ st2kv.system.missing }}!")}})}}),
            admin());
        Value completed;
        CHECKED(completed = waitCompleted(exec[u"id"].toString()));
        QCOMPARE(completed[u"result"][u"stdout"].toString(), QStringLiteral("hello-!"));
        // The datastore key file lives outside the database.
        QVERIFY(QFile::exists(m_dir->path() + QStringLiteral("/datastore.key")));
    }

    // st2kv(), decrypt_kv() and task() belong to the engine evaluating the
    // workflow: two engines in one process each read their own datastore.
    void twoEnginesKeepTheirDatastores()
    {
        QTemporaryDir packs;
        const QString pack = packs.path() + QStringLiteral("/kvtest");
        QVERIFY(QDir().mkpath(pack + QStringLiteral("/actions/workflows")));
        auto write = [](const QString &path, const char *text) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write(pack + QStringLiteral("/pack.yaml"), "name: kvtest\nref: kvtest\nversion: 1.0.0\nauthor: t\ndescription: t\n");
        write(pack + QStringLiteral("/actions/kv.yaml"),
              "name: kv\npack: kvtest\nrunner_type: orquesta\nentry_point: workflows/kv.yaml\nenabled: true\n");
        write(pack + QStringLiteral("/actions/workflows/kv.yaml"),
              "version: 1.0\n"
              "tasks:\n"
              "  t:\n"
              "    action: core.echo message=<% st2kv('system.color') %>\n"
              "    next:\n"
              "      - do: each\n"
              "  each:\n"
              "    with: x in <% [1, 2] %>\n"
              "    action: core.echo message=<% str(item(x)) %>\n"
              "output:\n"
              "  - items: <% task(each).result.items.select([$.status, $.result.stdout]) %>\n"
              "  - ended: <% task(each).end_timestamp.endsWith('+00:00') %>\n"
              "  - yaql: <% st2kv('system.color') %>\n"
              "  - jinja: '{{ st2kv(\"system.color\") }}'\n"
              "  - secret: <% st2kv('system.token', decrypt => true) %>\n"
              "  - echoed: <% task(t).result.stdout %>\n");
        // Items whose child is refused (message must be a string).
        write(pack + QStringLiteral("/actions/refused.yaml"),
              "name: refused\npack: kvtest\nrunner_type: orquesta\nentry_point: workflows/refused.yaml\nenabled: true\n");
        write(pack + QStringLiteral("/actions/workflows/refused.yaml"),
              "version: 1.0\n"
              "tasks:\n"
              "  each:\n"
              "    with: <% [1, 2, 3] %>\n"
              "    action: core.echo message=<% item() %>\n");
        QTemporaryDir otherDir;
        engine::Engine other;
        engine::EngineOptions o;
        o.dataDir = otherDir.path();
        o.packRoots << QStringLiteral(SQUALL_SOURCE_DIR "/packs") << packs.path();
        QString error;
        QVERIFY2(other.start(o, &error), qPrintable(error));
        cleanup();
        m_dir = std::make_unique<QTemporaryDir>();
        m_engine = std::make_unique<engine::Engine>();
        o.dataDir = m_dir->path();
        QVERIFY2(m_engine->start(o, &error), qPrintable(error));

        auto set = [](engine::Engine &e, const char *name, const char *value, bool secret = false) {
            e.setKey(QString::fromLatin1(name),
                     makeDict({{QStringLiteral("value"), QString::fromLatin1(value)}, {QStringLiteral("secret"), secret}}),
                     admin());
        };
        set(*m_engine, "color", "red");
        set(*m_engine, "token", "red-secret", true);
        set(other, "color", "blue");
        set(other, "token", "blue-secret", true);
        const Value body = makeDict({{QStringLiteral("action"), QStringLiteral("kvtest.kv")}});
        const QString mine = m_engine->createExecution(body, admin())[u"id"].toString();
        const QString theirs = other.createExecution(body, admin())[u"id"].toString();
        const Value a = waitCompleted(mine);
        Value b;
        QTRY_VERIFY_WITH_TIMEOUT((b = other.getExecution(theirs, {}))[u"status"].toString() == u"succeeded"
                                     || b[u"status"].toString() == u"failed",
                                 15000);
        QCOMPARE(a[u"status"].toString(), QStringLiteral("succeeded"));
        QCOMPARE(b[u"status"].toString(), QStringLiteral("succeeded"));
        auto expected = [](const char *color) {
            const QString c = QString::fromLatin1(color);
            return makeDict({{QStringLiteral("yaql"), c},
                             {QStringLiteral("jinja"), c},
                             {QStringLiteral("secret"), c + QStringLiteral("-secret")},
                             {QStringLiteral("echoed"), c},
                             {QStringLiteral("items"), makeList({makeList({QStringLiteral("succeeded"), 1}),
                                                                 makeList({QStringLiteral("succeeded"), 2})})},
                             {QStringLiteral("ended"), true}});
        };
        QCOMPARE(a[u"result"][u"output"], expected("red"));
        QCOMPARE(b[u"result"][u"output"], expected("blue"));
        // decrypt_kv in action parameters: each engine's own key.
        const Value cmd = makeDict({{QStringLiteral("action"), QStringLiteral("core.local")},
                                    {QStringLiteral("parameters"),
                                     makeDict({{QStringLiteral("cmd"),
                                                QStringLiteral("echo {{ st2kv.system.token | decrypt_kv }}")}})}});
        const QString local = m_engine->createExecution(cmd, admin())[u"id"].toString();
        QCOMPARE(waitCompleted(local)[u"result"][u"stdout"].toString(), QStringLiteral("red-secret"));
        // A with-items task whose children are refused fails the workflow (and nothing dangles).
        const QString refused =
            m_engine->createExecution(makeDict({{QStringLiteral("action"), QStringLiteral("kvtest.refused")}}), admin())[u"id"]
                .toString();
        QCOMPARE(waitCompleted(refused)[u"status"].toString(), QStringLiteral("failed"));
    }

    void restartAbandonsRunningAndKeepsRules()
    {
        m_engine->createRule(rule(QStringLiteral("keep"), QStringLiteral("k"), Value(ValueDict()), QStringLiteral("core.noop"),
                                  Value(ValueDict())),
                             admin());
        const Value exec = m_engine->createExecution(
            makeDict({{QStringLiteral("action"), QStringLiteral("core.local")},
                      {QStringLiteral("parameters"), makeDict({{QStringLiteral("cmd"), QStringLiteral("sleep 30")}})}}),
            admin());
        const QString id = exec[u"id"].toString();
        QTRY_COMPARE_WITH_TIMEOUT(m_engine->getExecution(id, {})[u"status"].toString(), QStringLiteral("running"), 10000);
        // Simulate a crash: the record says running, the process is gone.
        Value crashed = m_engine->store()->execution(id).value();
        m_engine->store()->flush();
        m_engine.reset();
        {
            Error err;
            auto s = store::openSqliteStore(m_dir->path() + QStringLiteral("/squall.db"), &err);
            QVERIFY(s);
            crashed.dictRef().insert(QStringLiteral("status"), QStringLiteral("running"));
            s->putExecution(crashed);
            s->flush();
        }
        CHECKED(startEngine());
        QCOMPARE(m_engine->getExecution(id, {})[u"status"].toString(), QStringLiteral("abandoned"));
        QCOMPARE(m_engine->getRule(QStringLiteral("tests.keep"))[u"enabled"].toBool(), true);
        CHECKED(post(QStringLiteral("k"), makeDict({{QStringLiteral("a"), 1}})));
        QCOMPARE(m_engine->listExecutions({{QStringLiteral("rule"), QStringLiteral("tests.keep")}}).total, 1);
    }

    void actionTriggerFollowsEveryExecution()
    {
        Value r = rule(QStringLiteral("after"), QString(), eq(QStringLiteral("trigger.action_ref"), QStringLiteral("core.echo")),
                       QStringLiteral("core.noop"), Value(ValueDict()));
        r.dictRef().insert(QStringLiteral("trigger"),
                           makeDict({{QStringLiteral("type"), QStringLiteral("core.st2.generic.actiontrigger")}}));
        m_engine->createRule(r, admin());
        const Value exec = m_engine->createExecution(
            makeDict({{QStringLiteral("action"), QStringLiteral("core.echo")},
                      {QStringLiteral("parameters"), makeDict({{QStringLiteral("message"), QStringLiteral("hi")}})}}),
            admin());
        CHECKED(waitCompleted(exec[u"id"].toString()));
        QTRY_COMPARE(m_engine->listExecutions({{QStringLiteral("rule"), QStringLiteral("tests.after")}}).total, 1);
    }

    void webhooksAreShedWhenTheBacklogIsFull()
    {
        m_engine.reset();
        CHECKED(startEngine(3));
        m_engine->createRule(rule(QStringLiteral("slow"), QStringLiteral("s"), Value(ValueDict()), QStringLiteral("core.local"),
                                  makeDict({{QStringLiteral("cmd"), QStringLiteral("sleep 30")}})),
                             admin());
        QString kind;
        for (int i = 0; i < 3; ++i) {
            CHECKED(post(QStringLiteral("s"), makeDict({{QStringLiteral("i"), i}}), &kind));
            QVERIFY(kind.isEmpty());
        }
        CHECKED(post(QStringLiteral("s"), makeDict({{QStringLiteral("i"), 3}}), &kind));
        QCOMPARE(kind, QStringLiteral("Unavailable"));
        // Nothing half-done: no instance and no execution for the refused request.
        QCOMPARE(m_engine->listTriggerInstances({}).total, 3);
        QCOMPARE(m_engine->listExecutions({}).total, 3);
        for (const Value &e : m_engine->listExecutions({}).items)
            m_engine->cancelExecution(e[u"id"].toString(), admin());
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->listExecutions({{QStringLiteral("status"), QStringLiteral("canceled")}}).total == 3,
                                 15000);
        CHECKED(post(QStringLiteral("s"), makeDict({{QStringLiteral("i"), 4}}), &kind));
        QVERIFY(kind.isEmpty());
    }

    void badRuleDocumentsAreRefused()
    {
        QVERIFY_THROWS_EXCEPTION(SquallException, m_engine->createRule(makeDict({{QStringLiteral("name"), QStringLiteral("x")}}), admin()));
        QVERIFY_THROWS_EXCEPTION(SquallException,
                                 m_engine->createRule(rule(QStringLiteral("x"), QStringLiteral("u"), Value(ValueDict()),
                                                           QStringLiteral("core.nothere"), Value(ValueDict())),
                                                      admin()));
        m_engine->createRule(rule(QStringLiteral("dup"), QStringLiteral("u"), Value(ValueDict()), QStringLiteral("core.noop"),
                                  Value(ValueDict())),
                             admin());
        try {
            m_engine->createRule(rule(QStringLiteral("dup"), QStringLiteral("u"), Value(ValueDict()), QStringLiteral("core.noop"),
                                      Value(ValueDict())),
                                 admin());
            QFAIL("duplicate accepted");
        } catch (const SquallException &e) {
            QCOMPARE(e.error().kind, QStringLiteral("Conflict"));
        }
        Value timer = rule(QStringLiteral("t"), QString(), Value(ValueDict()), QStringLiteral("core.noop"), Value(ValueDict()));
        timer.dictRef().insert(QStringLiteral("trigger"),
                               makeDict({{QStringLiteral("type"), QStringLiteral("core.st2.IntervalTimer")},
                                         {QStringLiteral("parameters"), makeDict({{QStringLiteral("unit"), QStringLiteral("fortnights")},
                                                                                  {QStringLiteral("delta"), 1}})}}));
        QVERIFY_THROWS_EXCEPTION(SquallException, m_engine->createRule(timer, admin()));
        QCOMPARE(m_engine->listRules({}).total, 1);
    }

    // The studio's Save: the rule is registered and written into its pack's
    // rules/ folder, which the next start loads; core is never written to.
    void savedRulesGoToTheirPackFolder()
    {
        QTemporaryDir packs;
        const QString pack = packs.path() + QStringLiteral("/ineat");
        QVERIFY(QDir().mkpath(pack));
        {
            QFile f(pack + QStringLiteral("/pack.yaml"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("name: ineat\nref: ineat\nversion: 1.0.0\nauthor: t\ndescription: t\n");
        }
        cleanup();
        m_dir = std::make_unique<QTemporaryDir>();
        m_engine = std::make_unique<engine::Engine>();
        engine::EngineOptions o;
        o.dataDir = m_dir->path();
        o.packRoots << QStringLiteral(SQUALL_SOURCE_DIR "/packs") << packs.path();
        QString error;
        QVERIFY2(m_engine->start(o, &error), qPrintable(error));

        const engine::Params writeFile{{QStringLiteral("write_file"), QStringLiteral("true")}};
        Value r = rule(QStringLiteral("hook_rule"), QStringLiteral("ineat"),
                       eq(QStringLiteral("trigger.body.name"), QStringLiteral("test")), QStringLiteral("core.local"),
                       makeDict({{QStringLiteral("cmd"), QStringLiteral("echo {{ trigger.body }}")}}));
        r.dictRef().insert(QStringLiteral("pack"), QStringLiteral("ineat"));
        const Value created = m_engine->createRule(r, admin(), writeFile);
        QVERIFY2(created[u"file_error"].isNull(), qPrintable(created[u"file_error"].toString()));
        QCOMPARE(created[u"metadata_file"].toString(), QStringLiteral("rules/hook_rule.yaml"));
        const QString path = pack + QStringLiteral("/rules/hook_rule.yaml");
        QVERIFY(QFile::exists(path));

        r.dictRef().insert(QStringLiteral("description"), QStringLiteral("changed"));
        QVERIFY(m_engine->updateRule(QStringLiteral("ineat.hook_rule"), r, admin(), writeFile)[u"file_error"].isNull());
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray text = written.readAll();
        QVERIFY2(text.contains("description: changed") && text.contains("trigger.body.name"), text.constData());

        // A fresh engine on another data dir loads the rule from the pack folder.
        QTemporaryDir otherData;
        engine::Engine other;
        o.dataDir = otherData.path();
        QVERIFY2(other.start(o, &error), qPrintable(error));
        const Value loaded = other.getRule(QStringLiteral("ineat.hook_rule"));
        QCOMPARE(loaded[u"criteria"], r[u"criteria"]);
        QCOMPARE(loaded[u"description"].toString(), QStringLiteral("changed"));

        Value inCore = r;
        inCore.dictRef().insert(QStringLiteral("pack"), QStringLiteral("core"));
        const Value refused = m_engine->createRule(inCore, admin(), writeFile);
        QVERIFY(refused[u"file_error"].toString().contains(u"read-only"));
        QVERIFY(!m_engine->getRule(QStringLiteral("core.hook_rule")).isNull());  // registered all the same
        // Without write_file nothing is written.
        Value plain = r;
        plain.dictRef().insert(QStringLiteral("name"), QStringLiteral("db_only"));
        QVERIFY(!m_engine->createRule(plain, admin()).contains(u"file_error"));
        QVERIFY(!QFile::exists(pack + QStringLiteral("/rules/db_only.yaml")));
    }

    void dryRunExplainsEachCriterion()
    {
        const Value r = rule(QStringLiteral("explain"), QStringLiteral("explain"),
                             eq(QStringLiteral("trigger.body.name"), QStringLiteral("test")), QStringLiteral("core.local"),
                             makeDict({{QStringLiteral("cmd"), QStringLiteral("echo {{ trigger.body.name }}")}}));
        const auto test = [&](const char *payload) {
            return m_engine->testRule(makeDict({{QStringLiteral("rule"), r},
                                                {QStringLiteral("payload"), json::parse(QByteArray(payload))}}),
                                      admin());
        };
        const Value miss = test(R"({"body": {"name": "prod"}})");
        QCOMPARE(miss[u"matched"].toBool(), false);
        QCOMPARE(miss[u"criteria"].toList().size(), 1);
        const Value c = miss[u"criteria"].toList().first();
        QCOMPARE(c[u"key"].toString(), QStringLiteral("trigger.body.name"));
        QCOMPARE(c[u"value"].toString(), QStringLiteral("prod"));
        QCOMPARE(c[u"pattern"].toString(), QStringLiteral("test"));
        QCOMPARE(c[u"result"].toBool(), false);
        QVERIFY(miss[u"parameters"].isNull());
        const Value hit = test(R"({"body": {"name": "test"}})");
        QCOMPARE(hit[u"matched"].toBool(), true);
        QCOMPARE(hit[u"parameters"][u"cmd"].toString(), QStringLiteral("echo test"));

        // A stored instance, by id (its trigger is a webhook's, its type the rule's).
        m_engine->createRule(r, admin());
        Value resp;
        CHECKED(resp = post(QStringLiteral("explain"), makeDict({{QStringLiteral("name"), QStringLiteral("test")}})));
        const Value stored = m_engine->testRule(
            makeDict({{QStringLiteral("rule_ref"), QStringLiteral("tests.explain")},
                      {QStringLiteral("trigger_instance_id"), resp[u"trigger_instance_id"]}}),
            admin());
        QVERIFY2(stored[u"matched"].toBool(), qPrintable(json::toString(stored)));
        // Instances by trigger type (the explainer's list of recent ones).
        const engine::ListResult byType =
            m_engine->listTriggerInstances({{QStringLiteral("trigger_type"), QStringLiteral("core.st2.webhook")}});
        QVERIFY(byType.total >= 1);
        QCOMPARE(byType.items.first()[u"trigger_type"].toString(), QStringLiteral("core.st2.webhook"));
        QCOMPARE(m_engine->listTriggerInstances({{QStringLiteral("trigger_type"), QStringLiteral("core.st2.nothing")}}).total, 0);
        QVERIFY_THROWS_EXCEPTION(SquallException, m_engine->testRule(makeDict({{QStringLiteral("rule"), r}}), admin()));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
