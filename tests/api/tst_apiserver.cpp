#include "FakeEngine.h"

#include "api/ApiServer.h"
#include "api/ApiService.h"
#include "api/StreamHub.h"
#include "base/Json.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

using squall::Value;
using squall::makeDict;
using namespace squall::api;

namespace {

struct Result
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers;  // lower-case names
    Value json() const { return squall::json::parse(body); }
    QString fault() const { return json()[u"faultstring"].toString(); }
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

const QByteArray kAdmin = "admin-key";

} // namespace

class TestApiServer : public QObject
{
    Q_OBJECT

private:
    FakeEngine *engine = nullptr;
    ApiServer *server = nullptr;
    QNetworkAccessManager *nam = nullptr;

    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server->port()).arg(pathAndQuery));
    }

    QNetworkReply *start(const QByteArray &method, const QString &path, const QByteArray &body = {},
                         const Headers &headers = {{"St2-Api-Key", kAdmin}})
    {
        QNetworkRequest req(url(path));
        for (const auto &[k, v] : headers)
            req.setRawHeader(k, v);
        return nam->sendCustomRequest(req, method, body);
    }

    static Result finish(QNetworkReply *reply)
    {
        if (!reply->isFinished()) {
            QSignalSpy spy(reply, &QNetworkReply::finished);
            if (!spy.wait(10000))
                qWarning("request timed out");
        }
        Result r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        for (const auto &[k, v] : reply->rawHeaderPairs())
            r.headers.insert(k.toLower(), v);
        reply->deleteLater();
        return r;
    }

    Result call(const QByteArray &method, const QString &path, const QByteArray &body = {},
                const Headers &headers = {{"St2-Api-Key", kAdmin}})
    {
        return finish(start(method, path, body, headers));
    }

    static QString fill(QString pattern)
    {
        static const QRegularExpression param(QStringLiteral("\\{[a-z_]+\\+?\\}"));
        return pattern.replace(param, QStringLiteral("x"));
    }

private Q_SLOTS:
    void init()
    {
        engine = new FakeEngine;
        ApiConfig config;
        config.maxBodyBytes = 4096;
        config.allowedOrigins = {QStringLiteral("https://studio.example")};
        server = new ApiServer(engine, config);
        QString error;
        QVERIFY2(server->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(server->port() != 0);
        nam = new QNetworkAccessManager;
    }

    void cleanup()
    {
        delete nam;
        delete server;
        delete engine;
    }

    void listenFailsOnBusyPort()
    {
        ApiServer second(engine);
        QString error;
        QVERIFY(!second.listen(QHostAddress::LocalHost, server->port(), &error));
        QVERIFY(!error.isEmpty());
    }

    void routing_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("called");
        QTest::addColumn<QString>("arg");

        QTest::newRow("dotted ref") << QByteArray("GET") << "/api/v1/actions/core.local" << 200 << "getAction" << "core.local";
        QTest::newRow("trailing slash") << QByteArray("GET") << "/api/v1/rules/examples.rule/" << 200 << "getRule" << "examples.rule";
        QTest::newRow("encoded segment") << QByteArray("GET") << "/api/v1/keys/my%20key" << 200 << "getKey" << "my key";
        QTest::newRow("encoded slash stays in segment") << QByteArray("GET") << "/api/v1/keys/a%2Fb" << 200 << "getKey" << "a/b";
        QTest::newRow("literal beats param") << QByteArray("GET") << "/api/v1/actions/views/overview/core.local" << 200 << "actionOverview" << "core.local";
        QTest::newRow("parameters view") << QByteArray("GET") << "/api/v1/actions/views/parameters/core.local" << 200 << "actionParameters" << "core.local";
        QTest::newRow("webhook get with slashes") << QByteArray("GET") << "/api/v1/webhooks/github/push" << 200 << "getWebhook" << "github/push";
        QTest::newRow("execution get") << QByteArray("GET") << "/api/v1/executions/5fa3" << 200 << "getExecution" << "5fa3";
        QTest::newRow("execution cancel") << QByteArray("DELETE") << "/api/v1/executions/5fa3" << 200 << "cancelExecution" << "5fa3";
        QTest::newRow("execution pause") << QByteArray("PUT") << "/api/v1/executions/5fa3" << 200 << "updateExecution" << "5fa3";
        QTest::newRow("execution re-run") << QByteArray("POST") << "/api/v1/executions/5fa3/re_run" << 201 << "reRunExecution" << "5fa3";
        QTest::newRow("inquiry get") << QByteArray("GET") << "/api/v1/inquiries/5fa3" << 200 << "getInquiry" << "5fa3";
        QTest::newRow("inquiry respond") << QByteArray("PUT") << "/api/v1/inquiries/5fa3" << 200 << "respondInquiry" << "5fa3";
        QTest::newRow("rule update") << QByteArray("PUT") << "/api/v1/rules/examples.webhook" << 200 << "updateRule" << "examples.webhook";
        QTest::newRow("rule views") << QByteArray("GET") << "/api/v1/rules/views/examples.webhook" << 200 << "getRule" << "examples.webhook";
        QTest::newRow("enforcement") << QByteArray("GET") << "/api/v1/ruleenforcements/e1" << 200 << "getRuleEnforcement" << "e1";
        QTest::newRow("runner") << QByteArray("GET") << "/api/v1/runnertypes/local-shell-cmd" << 200 << "getRunnerType" << "local-shell-cmd";
        QTest::newRow("trigger type") << QByteArray("GET") << "/api/v1/triggertypes/core.st2.webhook" << 200 << "getTriggerType" << "core.st2.webhook";
        QTest::newRow("trigger") << QByteArray("GET") << "/api/v1/triggers/core.st2.webhook" << 200 << "getTrigger" << "core.st2.webhook";
        QTest::newRow("trigger instance") << QByteArray("GET") << "/api/v1/triggerinstances/t1" << 200 << "getTriggerInstance" << "t1";
        QTest::newRow("re-emit") << QByteArray("POST") << "/api/v1/triggerinstances/t1/re_emit" << 200 << "reEmitTriggerInstance" << "t1";
        QTest::newRow("sensor type") << QByteArray("GET") << "/api/v1/sensortypes/es.count" << 200 << "getSensorType" << "es.count";
        QTest::newRow("sensor type update") << QByteArray("PUT") << "/api/v1/sensortypes/es.count" << 200 << "updateSensorType" << "es.count";
        QTest::newRow("trace") << QByteArray("GET") << "/api/v1/traces/5fa3" << 200 << "getTrace" << "5fa3";
        QTest::newRow("timer") << QByteArray("GET") << "/api/v1/timers/core.t" << 200 << "getTimer" << "core.t";
        QTest::newRow("pack") << QByteArray("GET") << "/api/v1/packs/core" << 200 << "getPack" << "core";
        QTest::newRow("config") << QByteArray("GET") << "/api/v1/configs/elasticsearch" << 200 << "getConfig" << "elasticsearch";
        QTest::newRow("config schema") << QByteArray("GET") << "/api/v1/config_schemas/elasticsearch" << 200 << "getConfigSchema" << "elasticsearch";
        QTest::newRow("key put") << QByteArray("PUT") << "/api/v1/keys/k1" << 200 << "setKey" << "k1";
    }

    void routing()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QString, called);
        QFETCH(QString, arg);
        const QByteArray body = method == "GET" || method == "DELETE" ? QByteArray() : QByteArray("{}");
        const Result r = call(method, path, body);
        QCOMPARE(r.status, status);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(r.json()[u"called"].toString(), called);
        QCOMPARE(r.json()[u"arg"].toString(), arg);
    }

    void deletesAnswer204_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("called");
        QTest::newRow("action") << "/api/v1/actions/examples.hello" << "deleteAction";
        QTest::newRow("rule") << "/api/v1/rules/examples.hello" << "deleteRule";
        QTest::newRow("key") << "/api/v1/keys/k1" << "deleteKey";
        QTest::newRow("api key") << "/api/v1/apikeys/abc" << "deleteApiKey";
    }

    void deletesAnswer204()
    {
        QFETCH(QString, path);
        QFETCH(QString, called);
        const Result r = call("DELETE", path);
        QCOMPARE(r.status, 204);
        QVERIFY(r.body.isEmpty());
        QCOMPARE(engine->calls.last(), called);
    }

    void rootAndUser()
    {
        Result r = call("GET", QStringLiteral("/api/v1/"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"version"].toString(), QStringLiteral("0.1.0"));
        QCOMPARE(r.json()[u"api_version"].toString(), QStringLiteral("v3"));
        QVERIFY(r.json()[u"api_changelog"].isList());

        r = call("GET", QStringLiteral("/api/v1/user"), {}, {{"X-Auth-Token", "tok-1"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"username"].toString(), QStringLiteral("alice"));
        QCOMPARE(r.json()[u"authentication"][u"location"].toString(), QStringLiteral("header"));
        QCOMPARE(r.json()[u"rbac"][u"is_admin"].toBool(), false);
    }

    // Every declared route refuses a request without credentials.
    void unauthorizedEverywhere()
    {
        const auto routes = server->service().router().routes();
        QVERIFY(routes.size() > 40);
        for (const auto &route : routes) {
            const QString path = fill(route.pattern);
            const Result r = call(route.method, path, route.method == "GET" ? QByteArray() : QByteArray("{}"), {});
            QVERIFY2(r.status == 401, qPrintable(QStringLiteral("%1 %2 gave %3")
                                                      .arg(QString::fromLatin1(route.method), path).arg(r.status)));
            QVERIFY(r.fault().contains(u"API key"));
        }
        QVERIFY(!engine->calls.contains(u"postWebhook"));
    }

    void badCredentials_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("unknown key") << QByteArray("St2-Api-Key") << QByteArray("nope");
        QTest::newRow("unknown token") << QByteArray("X-Auth-Token") << QByteArray("nope");
        QTest::newRow("engine throws Unauthorized") << QByteArray("X-Auth-Token") << QByteArray("tok-throws");
    }

    void badCredentials()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        const Result r = call("POST", QStringLiteral("/api/v1/webhooks/ineat"), "{}", {{header, value}});
        QCOMPARE(r.status, 401);
        QVERIFY(!r.fault().isEmpty());
        QVERIFY(!engine->calls.contains(u"postWebhook"));
    }

    void credentialCarriers_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("location");
        QTest::newRow("api key header") << "" << QByteArray("St2-Api-Key") << QByteArray("user-key") << "bob" << "header";
        QTest::newRow("api key query") << "?st2-api-key=user-key" << QByteArray() << QByteArray() << "bob" << "query";
        QTest::newRow("token header") << "" << QByteArray("X-Auth-Token") << QByteArray("tok-1") << "alice" << "header";
        QTest::newRow("token query") << "?x-auth-token=tok-1" << QByteArray() << QByteArray() << "alice" << "query";
        QTest::newRow("token cookie") << "" << QByteArray("Cookie") << QByteArray("theme=dark; auth-token=tok-1") << "alice" << "cookie";
    }

    void credentialCarriers()
    {
        QFETCH(QString, query);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        QFETCH(QString, user);
        QFETCH(QString, location);
        Headers headers;
        if (!header.isEmpty())
            headers.append({header, value});
        const Result r = call("GET", QStringLiteral("/api/v1/user") + query, {}, headers);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"username"].toString(), user);
        QCOMPARE(r.json()[u"authentication"][u"location"].toString(), location);
    }

    void errorMapping_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::newRow("NotFound") << "NotFound" << 404;
        QTest::newRow("BadRequest") << "BadRequest" << 400;
        QTest::newRow("ValidationError") << "ValidationError" << 400;
        QTest::newRow("ParameterError") << "ParameterError" << 400;
        QTest::newRow("Conflict") << "Conflict" << 409;
        QTest::newRow("Unauthorized") << "Unauthorized" << 401;
        QTest::newRow("Forbidden") << "Forbidden" << 403;
        QTest::newRow("anything else") << "KeyError" << 500;
    }

    void errorMapping()
    {
        QFETCH(QString, kind);
        QFETCH(int, status);
        const Result r = call("GET", QStringLiteral("/api/v1/actions/err.") + kind);
        QCOMPARE(r.status, status);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(r.fault(), QStringLiteral("scripted failure for err.%1").arg(kind));
    }

    void malformedJson_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("method");
        QTest::newRow("rule create") << "/api/v1/rules" << QByteArray("POST");
        QTest::newRow("execution create") << "/api/v1/executions" << QByteArray("POST");
        QTest::newRow("key set") << "/api/v1/keys/k" << QByteArray("PUT");
        QTest::newRow("webhook") << "/api/v1/webhooks/ineat" << QByteArray("POST");
    }

    void malformedJson()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, method);
        const Result r = call(method, path, "{\n  \"a\": ,\n}",
                              {{"St2-Api-Key", kAdmin}, {"Content-Type", "application/json"}});
        QCOMPARE(r.status, 400);
        QVERIFY2(r.fault().contains(u"line 2, column"), qPrintable(r.fault()));
    }

    void notFoundAndMethodNotAllowed()
    {
        Result r = call("GET", QStringLiteral("/api/v1/nothing/here"));
        QCOMPARE(r.status, 404);
        QVERIFY(r.fault().contains(u"/api/v1/nothing/here"));

        r = call("GET", QStringLiteral("/"));
        QCOMPARE(r.status, 404);

        r = call("DELETE", QStringLiteral("/api/v1/executions"));
        QCOMPARE(r.status, 405);
        QCOMPARE(r.headers.value("allow"), QByteArray("GET, POST"));
        QVERIFY(!r.fault().isEmpty());

        r = call("PATCH", QStringLiteral("/api/v1/rules/x"), "{}");
        QCOMPARE(r.status, 405);
    }

    void listHeadersAndParams()
    {
        const Result r = call("GET", QStringLiteral("/api/v1/actions?limit=2&pack=core&name=a+b&st2-api-key=admin-key"), {}, {});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("x-total-count"), QByteArray("42"));
        QCOMPARE(r.headers.value("x-limit"), QByteArray("2"));
        QCOMPARE(r.json().toList().size(), 2);
        QCOMPARE(engine->lastParams.value(QStringLiteral("pack")), QStringLiteral("core"));
        QCOMPARE(engine->lastParams.value(QStringLiteral("name")), QStringLiteral("a b"));
        QVERIFY(!engine->lastParams.contains(QStringLiteral("st2-api-key")));
    }

    void textEndpoints()
    {
        Result r = call("GET", QStringLiteral("/api/v1/executions/e1/output?output_type=stdout"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("content-type").startsWith("text/plain"));
        QCOMPARE(r.body, QByteArray("output stdout of e1\n"));

        r = call("GET", QStringLiteral("/api/v1/actions/views/entry_point/examples.hello"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("#!/bin/sh\necho hi\n"));
    }

    void executionContextHeader()
    {
        const Result r = call("POST", QStringLiteral("/api/v1/executions"), "{\"action\": \"core.local\"}",
                              {{"St2-Api-Key", kAdmin}, {"st2-context", "{\"origin\": \"cli\"}"}});
        QCOMPARE(r.status, 201);
        QCOMPARE(engine->lastBody[u"action"].toString(), QStringLiteral("core.local"));
        QCOMPARE(engine->lastBody[u"context"][u"origin"].toString(), QStringLiteral("cli"));
        QCOMPARE(engine->lastPrincipal.user, QStringLiteral("admin"));
    }

    void tokens()
    {
        Result r = call("POST", QStringLiteral("/auth/v1/tokens"), "{\"ttl\": 60}",
                        {{"St2-Api-Key", kAdmin}, {"Authorization", "Basic " + QByteArray("carol:pw").toBase64()}});
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json()[u"user"].toString(), QStringLiteral("carol"));
        QCOMPARE(r.json()[u"ttl"].toInt(), 60);

        r = call("POST", QStringLiteral("/api/v1/tokens"), {});
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json()[u"user"].toString(), QStringLiteral("admin"));

        r = call("POST", QStringLiteral("/auth/v1/tokens"), "{\"ttl\": \"long\"}");
        QCOMPARE(r.status, 400);

        r = call("POST", QStringLiteral("/auth/v1/tokens/validate"), "{\"token\": \"tok-1\"}");
        QCOMPARE(r.json()[u"valid"].toBool(), true);
        r = call("POST", QStringLiteral("/auth/v1/tokens/validate"), "{\"token\": \"bad\"}");
        QCOMPARE(r.json()[u"valid"].toBool(), false);
    }

    void ruleTypeLookup()
    {
        Result r = call("GET", QStringLiteral("/api/v1/ruletypes/second"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"id"].toString(), QStringLiteral("two"));
        r = call("GET", QStringLiteral("/api/v1/ruletypes/third"));
        QCOMPARE(r.status, 404);
    }

    void webhookBodies_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");  // JSON of what the engine gets

        QTest::newRow("json") << QByteArray("application/json") << QByteArray("{\"foo\":\"bar\",\"name\":\"test\"}")
                              << "{\"foo\":\"bar\",\"name\":\"test\"}";
        QTest::newRow("json with charset") << QByteArray("application/json; charset=utf-8") << QByteArray("[1, 2]") << "[1,2]";
        QTest::newRow("no content type is json") << QByteArray() << QByteArray("{\"a\": 1}") << "{\"a\":1}";
        QTest::newRow("empty json body") << QByteArray("application/json") << QByteArray() << "{}";
        QTest::newRow("text") << QByteArray("text/plain") << QByteArray("hello world") << "\"hello world\"";
        QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded")
                              << QByteArray("name=test&tag=a&tag=b+c&empty=&flag&pct=%C3%A9") << "{\"name\":[\"test\"],\"tag\":[\"a\",\"b c\"],\"pct\":[\"\u00e9\"]}";
        QTest::newRow("multipart") << QByteArray("multipart/form-data; boundary=XyZ")
                                   << QByteArray("--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ntest\r\n"
                                                 "--XyZ\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\none\r\n"
                                                 "--XyZ\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\ntwo\r\n--XyZ--\r\n")
                                   << "{\"name\":[\"test\"],\"tag\":[\"one\",\"two\"]}";
    }

    void webhookBodies()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        Headers headers{{"St2-Api-Key", kAdmin}};
        if (!contentType.isEmpty())
            headers.append({"Content-Type", contentType});
        const Result r = call("POST", QStringLiteral("/api/v1/webhooks/ineat"), body, headers);
        QCOMPARE(r.status, 202);
        QCOMPARE(engine->webhookHook, QStringLiteral("ineat"));
        QCOMPARE(squall::json::toString(engine->webhookBody), expected);
        QCOMPARE(r.json()[u"body"], engine->webhookBody);
    }

    void webhookHeadersAndHookName()
    {
        const Result ok = call("POST", QStringLiteral("/api/v1/webhooks//ci/build/"), "{}",
                               {{"X-Auth-Token", "tok-1"}, {"Cookie", "auth-token=tok-1"},
                                {"St2-Trace-Tag", "trace-42"}, {"X-GitHub-Event", "push"},
                                {"Content-Type", "application/json"}});
        QCOMPARE(ok.status, 202);
        QCOMPARE(engine->webhookHook, QStringLiteral("ci/build"));
        const Value h = engine->webhookHeaders;
        QVERIFY(h.isDict());
        QVERIFY(!h.contains(u"X-Auth-Token"));
        QVERIFY(!h.contains(u"Cookie"));
        QVERIFY(!h.contains(u"St2-Api-Key"));
        QCOMPARE(h[u"St2-Trace-Tag"].toString(), QStringLiteral("trace-42"));
        QCOMPARE(h[u"X-GitHub-Event"].toString(), QStringLiteral("push"));
        QCOMPARE(h[u"Content-Type"].toString(), QStringLiteral("application/json"));
        QCOMPARE(engine->lastPrincipal.user, QStringLiteral("alice"));
    }

    void webhookEngineError()
    {
        const Result r = call("POST", QStringLiteral("/api/v1/webhooks/err.NotFound"), "{}");
        QCOMPARE(r.status, 404);
        QCOMPARE(r.fault(), QStringLiteral("scripted webhook failure"));
    }

    // The 202 leaves only when the engine calls `done`, not when the handler returns.
    void webhookReplyIsDeferred()
    {
        engine->holdWebhooks = true;
        QNetworkReply *hook = start("POST", QStringLiteral("/api/v1/webhooks/ineat"), "{\"name\":\"test\"}",
                                    {{"St2-Api-Key", kAdmin}, {"Content-Type", "application/json"}});
        QTRY_VERIFY(engine->pendingDone != nullptr);
        // Another full round trip proves the event loop ran while the hook waits.
        QNetworkAccessManager other;
        QNetworkRequest req(url(QStringLiteral("/api/v1/")));
        req.setRawHeader("St2-Api-Key", kAdmin);
        const Result root = finish(other.get(req));
        QCOMPARE(root.status, 200);
        QVERIFY(!hook->isFinished());
        QCOMPARE(hook->bytesAvailable(), 0);

        QTimer::singleShot(0, server, [this] { engine->completeWebhook(); });
        const Result r = finish(hook);
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json()[u"hook"].toString(), QStringLiteral("ineat"));
    }

    // Pipelined requests are answered in order even when the first is deferred.
    void pipelinedRepliesKeepOrder()
    {
        engine->holdWebhooks = true;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray body = "{\"n\":1}";
        socket.write("POST /api/v1/webhooks/first HTTP/1.1\r\nHost: x\r\nSt2-Api-Key: admin-key\r\n"
                     "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body
                     + "GET /api/v1/user HTTP/1.1\r\nHost: x\r\nSt2-Api-Key: admin-key\r\n\r\n");
        QTRY_VERIFY(engine->pendingDone != nullptr);
        QTRY_COMPARE(engine->calls.count(QStringLiteral("postWebhook")), 1);
        // The second request may be served already, but its reply must wait.
        QVERIFY(socket.bytesAvailable() == 0);
        engine->completeWebhook();
        QByteArray received;
        QTRY_VERIFY((received += socket.readAll()).count("HTTP/1.1 ") == 2 && received.endsWith("}"));
        const qsizetype first = received.indexOf("HTTP/1.1 202");
        const qsizetype second = received.indexOf("HTTP/1.1 200");
        QVERIFY(first == 0);
        QVERIFY(second > first);
        QVERIFY(received.contains("\"username\":\"admin\""));
    }

    void oversizedBody()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /api/v1/webhooks/ineat HTTP/1.1\r\nHost: x\r\nSt2-Api-Key: admin-key\r\n"
                     "Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{\"a\":");
        QByteArray received;
        QTRY_VERIFY((received += socket.readAll()).contains("}"));
        QVERIFY2(received.startsWith("HTTP/1.1 413"), received.constData());
        QVERIFY(received.contains("faultstring"));
        QVERIFY(!engine->calls.contains(u"postWebhook"));

        // Under the limit (4096 in this fixture) is fine.
        const Result r = call("POST", QStringLiteral("/api/v1/webhooks/ineat"),
                              "{\"pad\": \"" + QByteArray(3000, 'x') + "\"}");
        QCOMPARE(r.status, 202);
    }

    void oversizedHeadAndChunkedBody()
    {
        {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, server->port());
            QVERIFY(socket.waitForConnected(5000));
            socket.write("GET /api/v1/user HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(70 * 1024, 'p'));
            QByteArray received;
            QTRY_VERIFY((received += socket.readAll()).contains("}"));
            QVERIFY2(received.startsWith("HTTP/1.1 431"), received.left(40).constData());
        }
        {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, server->port());
            QVERIFY(socket.waitForConnected(5000));
            socket.write("POST /api/v1/webhooks/ineat HTTP/1.1\r\nHost: x\r\nSt2-Api-Key: admin-key\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n");
            const QByteArray chunk(2000, 'x');
            for (int i = 0; i < 3; ++i)
                socket.write(QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n");
            QByteArray received;
            QTRY_VERIFY((received += socket.readAll()).contains("}"));
            QVERIFY2(received.startsWith("HTTP/1.1 413"), received.left(40).constData());
            QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        }
        QVERIFY(!engine->calls.contains(u"postWebhook"));
    }

    void connectionClose()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /api/v1/user HTTP/1.1\r\nHost: x\r\nSt2-Api-Key: admin-key\r\nConnection: close\r\n\r\n");
        QByteArray received;
        QTRY_VERIFY((received += socket.readAll()).contains("}"));
        QVERIFY(received.startsWith("HTTP/1.1 200"));
        QVERIFY(received.contains("Connection: close\r\n"));
        QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    }

    // The engine may finish a webhook after its client left: nothing to send, no crash.
    void webhookClientGoneBeforeDone()
    {
        engine->holdWebhooks = true;
        QSignalSpy log(server, &ApiServer::requestFinished);
        {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, server->port());
            QVERIFY(socket.waitForConnected(5000));
            socket.write("POST /api/v1/webhooks/ineat HTTP/1.1\r\nHost: x\r\nSt2-Api-Key: admin-key\r\n"
                         "Content-Length: 2\r\n\r\n{}");
            QTRY_VERIFY(engine->pendingDone != nullptr);
            socket.abort();
        }
        // Let the server see the disconnection and drop the connection.
        const Result r = call("GET", QStringLiteral("/api/v1/"));
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(log.count(), 1);
        engine->completeWebhook();
        const Result again = call("GET", QStringLiteral("/api/v1/"));
        QCOMPARE(again.status, 200);
    }

    void cors()
    {
        Result r = call("OPTIONS", QStringLiteral("/api/v1/executions"), {},
                        {{"Origin", "https://studio.example"}, {"Access-Control-Request-Method", "POST"}});
        QCOMPARE(r.status, 204);
        QCOMPARE(r.headers.value("access-control-allow-origin"), QByteArray("https://studio.example"));
        QVERIFY(r.headers.value("access-control-allow-headers").contains("St2-Api-Key"));

        r = call("GET", QStringLiteral("/api/v1/executions"), {}, {{"St2-Api-Key", kAdmin}, {"Origin", "https://studio.example"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("access-control-allow-origin"), QByteArray("https://studio.example"));
        QVERIFY(r.headers.value("access-control-expose-headers").contains("X-Total-Count"));

        r = call("GET", QStringLiteral("/api/v1/executions"), {}, {{"St2-Api-Key", kAdmin}, {"Origin", "https://evil.example"}});
        QCOMPARE(r.status, 200);
        QVERIFY(!r.headers.contains("access-control-allow-origin"));

        r = call("OPTIONS", QStringLiteral("/api/v1/nowhere"), {}, {{"Origin", "https://studio.example"}});
        QCOMPARE(r.status, 404);
    }

    void accessLogHasNoQuery()
    {
        QSignalSpy spy(server, &ApiServer::requestFinished);
        const Result r = call("GET", QStringLiteral("/api/v1/actions?st2-api-key=admin-key&pack=core"), {}, {});
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("GET"));
        QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("/api/v1/actions"));
        QCOMPARE(spy.at(0).at(2).toInt(), 200);
        QVERIFY(spy.at(0).at(3).toLongLong() >= 0);
    }

    void webSocketStream()
    {
        QWebSocket ws;
        QSignalSpy connected(&ws, &QWebSocket::connected);
        QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/stream?st2-api-key=admin-key").arg(server->port())));
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(server->streams().webSocketCount(), 1);

        engine->publish(QStringLiteral("st2.execution__update"),
                                          makeDict({{QStringLiteral("id"), QStringLiteral("e1")},
                                                    {QStringLiteral("status"), QStringLiteral("running")}}));
        QVERIFY(messages.wait(5000));
        const Value msg = squall::json::parse(messages.at(0).at(0).toString().toUtf8());
        QCOMPARE(msg[u"id"].toInt(), engine->bus.lastId());
        QCOMPARE(msg[u"event"].toString(), QStringLiteral("st2.execution__update"));
        QCOMPARE(msg[u"data"][u"status"].toString(), QStringLiteral("running"));

        ws.close();
        QTRY_COMPARE(server->streams().webSocketCount(), 0);
    }

    void webSocketFilter()
    {
        // Credentials can travel in a header too, for non-browser clients.
        QNetworkRequest req(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/stream?events=st2.trigger_instance*")
                                     .arg(server->port())));
        req.setRawHeader("X-Auth-Token", "tok-1");
        QWebSocket ws2;
        QSignalSpy connected2(&ws2, &QWebSocket::connected);
        QSignalSpy messages2(&ws2, &QWebSocket::textMessageReceived);
        ws2.open(req);
        QVERIFY(connected2.wait(5000));
        QTRY_COMPARE(server->streams().webSocketCount(), 1);
        engine->publish(QStringLiteral("st2.execution__create"), makeDict({}));
        engine->publish(QStringLiteral("st2.trigger_instance__create"), makeDict({}));
        QVERIFY(messages2.wait(5000));
        QCOMPARE(squall::json::parse(messages2.at(0).at(0).toString().toUtf8())[u"event"].toString(),
                 QStringLiteral("st2.trigger_instance__create"));
        QCOMPARE(messages2.size(), 1);
    }

    void webSocketRequiresAuth_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("status");
        QTest::newRow("no credentials") << "/api/v1/stream" << "401";
        QTest::newRow("bad key") << "/api/v1/stream?st2-api-key=nope" << "401";
        QTest::newRow("not a stream path") << "/api/v1/actions?st2-api-key=admin-key" << "404";
    }

    void webSocketRequiresAuth()
    {
        QFETCH(QString, path);
        QFETCH(QString, status);
        QWebSocket ws;
        QSignalSpy errors(&ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
        QSignalSpy connected(&ws, &QWebSocket::connected);
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(server->port()).arg(path)));
        QVERIFY(errors.wait(5000));
        QVERIFY2(ws.errorString().contains(status), qPrintable(ws.errorString()));
        QCOMPARE(connected.count(), 0);
        QCOMPARE(server->streams().webSocketCount(), 0);
    }

    void serverSentEvents_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("stream service path") << "/stream/v1/stream";
        QTest::newRow("api path") << "/api/v1/stream";
    }

    void serverSentEvents()
    {
        QFETCH(QString, path);
        QNetworkReply *reply = start("GET", path, {}, {{"St2-Api-Key", kAdmin}, {"Accept", "text/event-stream"}});
        QSignalSpy ready(reply, &QNetworkReply::readyRead);
        QByteArray data;
        QTRY_COMPARE(server->streams().eventStreamCount(), 1);
        QTRY_VERIFY(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200);
        QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith(u"text/event-stream"));
        const qint64 id = engine->publish(QStringLiteral("st2.execution__create"),
                                          makeDict({{QStringLiteral("id"), QStringLiteral("e9")}}));
        const QByteArray expected = "id: " + QByteArray::number(id) + "\nevent: st2.execution__create\ndata: {\"id\":\"e9\"}\n\n";
        QTRY_VERIFY2((data += reply->readAll()).contains(expected), data.constData());
        // The stream opens with the client's cursor, an id-only message.
        QVERIFY2(data.startsWith(QByteArray("id: " + QByteArray::number(id - 1) + "\n\n")), data.constData());
        reply->abort();
        reply->deleteLater();
    }

    void serverSentEventsClientGone()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /stream/v1/stream?events=st2.execution__create HTTP/1.1\r\nHost: x\r\n"
                     "St2-Api-Key: admin-key\r\nAccept: text/event-stream\r\n\r\n");
        QByteArray received;
        QTRY_VERIFY((received += socket.readAll()).contains("\r\n\r\n"));
        QVERIFY2(received.startsWith("HTTP/1.1 200"), received.constData());
        QVERIFY(received.contains("Transfer-Encoding: chunked"));
        QCOMPARE(server->streams().eventStreamCount(), 1);
        // Filtered out: nothing arrives for it.
        const qint64 skipped = engine->publish(QStringLiteral("st2.execution__update"), makeDict({}));
        const qint64 sent = engine->publish(QStringLiteral("st2.execution__create"), makeDict({}));
        QTRY_VERIFY((received += socket.readAll()).contains("data: {}"));
        QVERIFY(!received.contains(QByteArray("id: " + QByteArray::number(skipped) + "\n")));
        QVERIFY(received.contains(QByteArray("id: " + QByteArray::number(sent) + "\nevent: st2.execution__create\n")));
        socket.disconnectFromHost();
        QTRY_COMPARE(server->streams().eventStreamCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_apiserver.moc"
