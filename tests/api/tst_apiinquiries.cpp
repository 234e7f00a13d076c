// /api/v1/inquiries over HTTP with the real engine behind it: list, get,
// respond, and StackStorm's error statuses with their JSON bodies.
#include "api/ApiServer.h"
#include "api/StreamHub.h"
#include "base/Json.h"
#include "engine/Engine.h"
#include "TestCheck.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace squall;

namespace {

struct Result
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers;  // lower-case names
    Value json() const { return json::parse(body); }
    QString fault() const { return json()[u"faultstring"].toString(); }
};

} // namespace

class TestApiInquiries : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<engine::Engine> m_engine;
    std::unique_ptr<api::ApiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    QByteArray m_adminKey;
    QByteArray m_aliceKey;

    Result call(const QByteArray &method, const QString &path, const QByteArray &body = {}, QByteArray key = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
        req.setRawHeader("St2-Api-Key", key.isEmpty() ? m_adminKey : key);
        if (!body.isEmpty())
            req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_nam->sendCustomRequest(req, method, body);
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

    // Runs core.ask through the API and waits until it is pending.
    QString ask(const QByteArray &parameters)
    {
        const Result r = call("POST", QStringLiteral("/api/v1/executions"),
                              "{\"action\": \"core.ask\", \"parameters\": " + parameters + "}");
        if (r.status != 201) {
            QTest::qFail(qPrintable(QStringLiteral("POST /executions: %1 %2").arg(r.status).arg(QString::fromUtf8(r.body))),
                         __FILE__, __LINE__);
            return {};
        }
        const QString id = r.json()[u"id"].toString();
        auto status = [&] { return call("GET", QStringLiteral("/api/v1/executions/") + id).json()[u"status"].toString(); };
        [&] { QTRY_COMPARE(status(), QStringLiteral("pending")); }();  // callers wrap ask() in CHECKED
        return id;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_engine = std::make_unique<engine::Engine>();
        engine::EngineOptions o;
        o.dataDir = m_dir->path();
        o.packRoots << QStringLiteral(SQUALL_SOURCE_DIR "/packs");
        QString error;
        QVERIFY2(m_engine->start(o, &error), qPrintable(error));
        QFile keyFile(m_engine->adminKeyFile());
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        m_adminKey = keyFile.readAll().trimmed();
        const engine::Principal admin{QStringLiteral("st2admin"), true, QStringLiteral("api_key")};
        m_aliceKey = m_engine->createApiKey(makeDict({{QStringLiteral("user"), QStringLiteral("alice")}}), admin)[u"key"]
                         .toString()
                         .toUtf8();
        QVERIFY(!m_aliceKey.isEmpty());
        m_server = std::make_unique<api::ApiServer>(m_engine.get());
        QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        m_nam = std::make_unique<QNetworkAccessManager>();
    }

    void cleanup()
    {
        m_nam.reset();
        m_server.reset();
        m_engine.reset();
        m_dir.reset();
    }

    void listAndGet()
    {
        Result r = call("GET", QStringLiteral("/api/v1/inquiries"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.trimmed(), QByteArray("[]"));
        QCOMPARE(r.headers.value("x-total-count"), QByteArray("0"));

        QString first;
        CHECKED(first = ask("{\"route\": \"ops\"}"));
        QString second;
        CHECKED(second = ask("{\"ttl\": 0, \"users\": [\"alice\"]}"));
        r = call("GET", QStringLiteral("/api/v1/inquiries"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("x-total-count"), QByteArray("2"));
        const ValueList items = r.json().toList();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0)[u"id"].toString(), second);  // newest first
        QCOMPARE(items.at(1)[u"route"].toString(), QStringLiteral("ops"));
        QCOMPARE(items.at(1)[u"ttl"].toInt(), 1440);
        QCOMPARE(json::toString(items.at(0)[u"users"]), QStringLiteral("[\"alice\"]"));

        r = call("GET", QStringLiteral("/api/v1/inquiries?limit=1"));
        QCOMPARE(r.json().toList().size(), 1);
        QCOMPARE(r.headers.value("x-total-count"), QByteArray("2"));

        r = call("GET", QStringLiteral("/api/v1/inquiries/") + first);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().toDict().keys(), (QStringList{QStringLiteral("id"), QStringLiteral("route"), QStringLiteral("ttl"),
                                                         QStringLiteral("users"), QStringLiteral("roles"),
                                                         QStringLiteral("schema")}));
        QCOMPARE(r.json()[u"schema"][u"properties"][u"continue"][u"type"].toString(), QStringLiteral("boolean"));
    }

    void respond()
    {
        QString id;
        CHECKED(id = ask("{\"users\": [\"alice\"]}"));
        const QString path = QStringLiteral("/api/v1/inquiries/") + id;
        const QByteArray ok = "{\"id\": \"" + id.toUtf8() + "\", \"response\": {\"continue\": true}}";

        Result r = call("PUT", path, ok);  // st2admin is not in `users`
        QCOMPARE(r.status, 403);
        QVERIFY2(r.fault().contains(QStringLiteral("\"st2admin\" is not allowed to answer inquiry ") + id), r.body.constData());

        r = call("PUT", path, "{\"response\": {\"continue\": \"sure\"}}", m_aliceKey);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.fault().contains(u"does not match its schema") && r.fault().contains(u"'sure' is not of type 'boolean'"),
                 r.body.constData());

        r = call("PUT", path, "{\"id\": \"x\"}", m_aliceKey);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.fault().contains(u"\"response\" is required"), r.body.constData());

        r = call("PUT", path, "{\"response\": ", m_aliceKey);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.fault().contains(u"Malformed JSON"), r.body.constData());

        r = call("PUT", path, ok, m_aliceKey);
        QCOMPARE(r.status, 200);
        QCOMPARE(json::toString(r.json()), QStringLiteral("{\"id\":\"%1\",\"response\":{\"continue\":true}}").arg(id));
        const Value execution = call("GET", QStringLiteral("/api/v1/executions/") + id).json();
        QCOMPARE(execution[u"status"].toString(), QStringLiteral("succeeded"));
        QCOMPARE(execution[u"result"][u"response"][u"continue"].toBool(), true);

        // Answered: both GET and PUT answer 400, as st2 does.
        r = call("PUT", path, ok, m_aliceKey);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.fault().contains(u"already answered"), r.body.constData());
        r = call("GET", path);
        QCOMPARE(r.status, 400);
        QCOMPARE(call("GET", QStringLiteral("/api/v1/inquiries")).json().toList().size(), 0);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("id");  // "noop" = a finished core.noop execution
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("fault");
        QTest::newRow("get unknown") << QByteArray("GET") << "5fa3c0ffee0000000000beef" << 404 << "not found";
        QTest::newRow("put unknown") << QByteArray("PUT") << "5fa3c0ffee0000000000beef" << 404 << "not found";
        QTest::newRow("get not an inquiry") << QByteArray("GET") << "noop" << 400 << "is not an inquiry";
        QTest::newRow("put not an inquiry") << QByteArray("PUT") << "noop" << 400 << "is not an inquiry";
    }

    void errors()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, id);
        QFETCH(int, status);
        QFETCH(QString, fault);
        if (id == u"noop") {
            const Result run = call("POST", QStringLiteral("/api/v1/executions"), "{\"action\": \"core.noop\"}");
            QCOMPARE(run.status, 201);
            id = run.json()[u"id"].toString();
            QTRY_COMPARE(call("GET", QStringLiteral("/api/v1/executions/") + id).json()[u"status"].toString(),
                         QStringLiteral("succeeded"));
        }
        const Result r = call(method, QStringLiteral("/api/v1/inquiries/") + id,
                              method == "PUT" ? QByteArray("{\"response\": {\"continue\": true}}") : QByteArray());
        QCOMPARE(r.status, status);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
        QVERIFY2(r.fault().contains(fault), r.body.constData());
    }

    void cancelRefused()
    {
        QString id;
        CHECKED(id = ask("{}"));
        const Result r = call("DELETE", QStringLiteral("/api/v1/executions/") + id);
        QCOMPARE(r.status, 400);
        QVERIFY2(r.fault().contains(u"cannot be canceled"), r.body.constData());
        QCOMPARE(call("GET", QStringLiteral("/api/v1/inquiries/") + id).status, 200);
    }

    void streamEvents()
    {
        QWebSocket ws;
        QSignalSpy connected(&ws, &QWebSocket::connected);
        QSignalSpy messages(&ws, &QWebSocket::textMessageReceived);
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/stream?events=st2.inquiry*&st2-api-key=%2")
                         .arg(m_server->port())
                         .arg(QString::fromUtf8(m_adminKey))));
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(m_server->streams().webSocketCount(), 1);

        QString id;
        CHECKED(id = ask("{\"route\": \"chat\"}"));
        QTRY_COMPARE(messages.size(), 1);
        Value msg = json::parse(messages.at(0).at(0).toString().toUtf8());
        QCOMPARE(msg[u"event"].toString(), QStringLiteral("st2.inquiry__create"));
        QCOMPARE(msg[u"data"][u"id"].toString(), id);
        QCOMPARE(msg[u"data"][u"route"].toString(), QStringLiteral("chat"));

        QCOMPARE(call("PUT", QStringLiteral("/api/v1/inquiries/") + id, "{\"response\": {\"continue\": false}}").status, 200);
        QTRY_COMPARE(messages.size(), 2);
        msg = json::parse(messages.at(1).at(0).toString().toUtf8());
        QCOMPARE(msg[u"event"].toString(), QStringLiteral("st2.inquiry__update"));
        QCOMPARE(msg[u"data"][u"status"].toString(), QStringLiteral("succeeded"));
        QCOMPARE(json::toString(msg[u"data"][u"response"]), QStringLiteral("{\"continue\":false}"));
    }
};

QTEST_GUILESS_MAIN(TestApiInquiries)
#include "tst_apiinquiries.moc"
