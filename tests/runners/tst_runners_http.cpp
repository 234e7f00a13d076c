#include "RunnerTestUtil.h"

#include "base/Json.h"
#include "runners/HttpRequestRun.h"

#include <QTcpServer>
#include <QTcpSocket>

using namespace squall;
using namespace squall::runners;
using namespace squall::runners::test;

namespace {

struct RecordedRequest
{
    QByteArray method;
    QByteArray target;
    QMap<QByteArray, QByteArray> headers;   // lower-case names
    QByteArray body;
};

struct CannedResponse
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    bool silent = false;   // never answer (for timeouts)
};

// A one-request-at-a-time HTTP/1.1 server good enough to observe what the
// runner sends and to feed it canned answers.
class TinyHttpServer
{
public:
    TinyHttpServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto *buffer = new QByteArray;
                QObject::connect(socket, &QTcpSocket::disconnected, socket, [socket, buffer] {
                    delete buffer;
                    socket->deleteLater();
                });
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    handle(socket, *buffer);
                });
            }
        });
    }

    QString url(const QString &path = QStringLiteral("/")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }

    CannedResponse response;
    QList<RecordedRequest> requests;

private:
    void handle(QTcpSocket *socket, QByteArray &buffer)
    {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        RecordedRequest req;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        req.method = requestLine.value(0);
        req.target = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                req.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = req.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < headerEnd + 4 + length)
            return;
        req.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);
        requests.append(req);
        if (response.silent)
            return;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + " Whatever\r\n";
        if (!response.contentType.isEmpty())
            out += "Content-Type: " + response.contentType + "\r\n";
        for (const auto &[name, value] : response.extraHeaders)
            out += name + ": " + value + "\r\n";
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        out += "Connection: close\r\n\r\n" + response.body;
        socket->write(out);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
};

RunRequest httpRequest(const QString &url, const Value &runnerParams = {}, const Value &actionParams = {})
{
    RunRequest r;
    r.executionId = QStringLiteral("5f0000000000000000000002");
    r.actionRef = QStringLiteral("core.http");
    r.actionName = QStringLiteral("http");
    r.packName = QStringLiteral("core");
    r.runnerType = QStringLiteral("http-request");
    ValueDict rp {{QStringLiteral("url"), url}};
    for (const auto &[k, v] : runnerParams.toDict())
        rp.insert(k, v);
    r.runnerParameters = Value(std::move(rp));
    r.actionParameters = actionParams.isDict() ? actionParams : Value(ValueDict());
    return r;
}

Value jsonValue(const QByteArray &text)
{
    return json::parse(text);
}

} // namespace

class TestRunnersHttp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statusCodes_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("status");
        QTest::newRow("200") << 200 << "succeeded";
        QTest::newRow("201") << 201 << "succeeded";
        QTest::newRow("206") << 206 << "succeeded";
        QTest::newRow("207") << 207 << "failed";
        QTest::newRow("302 not followed") << 302 << "failed";
        QTest::newRow("404") << 404 << "failed";
        QTest::newRow("500") << 500 << "failed";
    }
    void statusCodes()
    {
        QFETCH(int, code);
        QFETCH(QString, status);
        TinyHttpServer server;
        server.response.status = code;
        server.response.body = "hello";
        if (code == 302)
            server.response.extraHeaders.append(qMakePair(QByteArray("Location"), QByteArray("/elsewhere")));
        const Outcome o = runToEnd(httpRequest(server.url()));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.startedCount, 1);
        QCOMPARE(o.result.status, status);
        QCOMPARE(o.result.result[u"status_code"].toInt(), code);
        QCOMPARE(o.result.result[u"body"].toString(), QStringLiteral("hello"));
        QCOMPARE(o.result.result[u"parsed"].toBool(), false);
        QCOMPARE(server.requests.size(), 1);
        QCOMPARE(server.requests.first().method, QByteArray("GET"));
    }

    void responseParsing_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("parsed");
        QTest::newRow("json") << QByteArray("application/json") << QByteArray(R"({"a": [1, 2]})") << true;
        QTest::newRow("json with charset") << QByteArray("application/json; charset=utf-8") << QByteArray("[1]") << true;
        QTest::newRow("json body, text type") << QByteArray("text/plain") << QByteArray(R"({"a": 1})") << false;
        QTest::newRow("json body, no type") << QByteArray() << QByteArray(R"({"a": 1})") << false;
        QTest::newRow("invalid json") << QByteArray("application/json") << QByteArray("{nope") << false;
        QTest::newRow("vendor json type is not parsed") << QByteArray("application/vnd.api+json") << QByteArray("{}") << false;
    }
    void responseParsing()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(bool, parsed);
        TinyHttpServer server;
        server.response.contentType = contentType;
        server.response.body = body;
        const Outcome o = runToEnd(httpRequest(server.url()));
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QCOMPARE(o.result.result[u"parsed"].toBool(), parsed);
        if (parsed)
            QCOMPARE(o.result.result[u"body"], jsonValue(body));
        else
            QCOMPARE(o.result.result[u"body"].toString(), QString::fromUtf8(body));
        if (!contentType.isEmpty())
            QCOMPARE(o.result.result[u"headers"][u"Content-Type"].toString(), QString::fromLatin1(contentType));
    }

    void requestHeaders()
    {
        TinyHttpServer server;
        const Outcome o = runToEnd(httpRequest(
            server.url(),
            makeDict({{QStringLiteral("headers"), makeDict({{QStringLiteral("X-Custom"), QStringLiteral("v1")}})},
                      {QStringLiteral("username"), QStringLiteral("alice")},
                      {QStringLiteral("password"), QStringLiteral("s3cret")},
                      {QStringLiteral("cookies"), makeDict({{QStringLiteral("session"), QStringLiteral("abc")}})}})));
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        const RecordedRequest &req = server.requests.first();
        QCOMPARE(req.headers.value("x-custom"), QByteArray("v1"));
        QCOMPARE(req.headers.value("x-stanley-action"), QByteArray("http"));
        QVERIFY(req.headers.value("user-agent").startsWith("squall/"));
        QCOMPARE(req.headers.value("authorization"), "Basic " + QByteArray("alice:s3cret").toBase64());
        QCOMPARE(req.headers.value("cookie"), QByteArray("session=abc"));
    }

    void requestBody_data()
    {
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<QString>("bodyJson");   // the `body` action parameter as JSON
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("sent");
        QTest::newRow("string body, no content type: sent as is")
            << "" << "\"{\\\"a\\\":1}\"" << QByteArray("POST") << QByteArray(R"({"a":1})");
        QTest::newRow("string body, json content type: re-encoded")
            << "application/json" << "\"{\\\"a\\\":1,\\\"b\\\":[true,null]}\"" << QByteArray("POST")
            << QByteArray(R"({"a": 1, "b": [true, null]})");
        QTest::newRow("python literal body, json content type")
            << "application/json" << "\"{'a': True, 'b': None}\"" << QByteArray("POST")
            << QByteArray(R"({"a": true, "b": null})");
        QTest::newRow("object body, json content type")
            << "application/json" << R"({"x": "y"})" << QByteArray("POST") << QByteArray(R"({"x": "y"})");
        QTest::newRow("json with charset is not json (st2 compares exactly)")
            << "application/json; charset=utf-8" << "\"{\\\"a\\\":1}\"" << QByteArray("POST") << QByteArray(R"({"a":1})");
        QTest::newRow("plain text") << "text/plain" << "\"hello\"" << QByteArray("POST") << QByteArray("hello");
    }
    void requestBody()
    {
        QFETCH(QString, contentType);
        QFETCH(QString, bodyJson);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, sent);
        TinyHttpServer server;
        Value headers = Value(ValueDict());
        if (!contentType.isEmpty())
            headers.dictRef().insert(QStringLiteral("Content-Type"), contentType);
        const Outcome o = runToEnd(httpRequest(server.url(), makeDict({{QStringLiteral("headers"), headers}}),
                                               makeDict({{QStringLiteral("body"), json::parse(bodyJson)}})));
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QCOMPARE(server.requests.size(), 1);
        QCOMPARE(server.requests.first().method, method);
        QCOMPARE(server.requests.first().body, sent);
    }

    void invalidJsonBody()
    {
        TinyHttpServer server;
        const Outcome o = runToEnd(httpRequest(
            server.url(),
            makeDict({{QStringLiteral("headers"), makeDict({{QStringLiteral("content-type"), QStringLiteral("application/json")}})}}),
            makeDict({{QStringLiteral("body"), QStringLiteral("{not json")}})));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(o.result.result[u"error"].toString().contains(u"can't be parsed as JSON"));
        QVERIFY(server.requests.isEmpty());
    }

    void methodAndQuery()
    {
        TinyHttpServer server;
        const Outcome o = runToEnd(httpRequest(
            server.url(QStringLiteral("/path")), {},
            makeDict({{QStringLiteral("method"), QStringLiteral("put")},
                      {QStringLiteral("params"), makeDict({{QStringLiteral("q"), QStringLiteral("a b")},
                                                           {QStringLiteral("n"), 2}})}})));
        QCOMPARE(o.result.status, QStringLiteral("succeeded"));
        QCOMPARE(server.requests.first().method, QByteArray("PUT"));
        QCOMPARE(server.requests.first().target, QByteArray("/path?q=a%20b&n=2"));
    }

    void timeout()
    {
        TinyHttpServer server;
        server.response.silent = true;
        const Outcome o = runToEnd(httpRequest(server.url(), {}, makeDict({{QStringLiteral("timeout"), 0.5}})));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("timeout"));
        QVERIFY(o.result.result[u"error"].toString().contains(u"timed out"));
        QCOMPARE(o.result.result.toDict().keys(), QStringList {QStringLiteral("error")});
    }

    void connectionRefused()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const Outcome o = runToEnd(httpRequest(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(!o.result.result[u"error"].toString().isEmpty());
    }

    void hostLists_data()
    {
        QTest::addColumn<QString>("listName");
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("blacklisted") << "url_hosts_blacklist" << "127.0.0.1" << false;
        QTest::newRow("not blacklisted") << "url_hosts_blacklist" << "example.com" << true;
        QTest::newRow("whitelisted") << "url_hosts_whitelist" << "127.0.0.1" << true;
        QTest::newRow("not whitelisted") << "url_hosts_whitelist" << "example.com" << false;
    }
    void hostLists()
    {
        QFETCH(QString, listName);
        QFETCH(QString, host);
        QFETCH(bool, allowed);
        TinyHttpServer server;
        const Outcome o = runToEnd(httpRequest(server.url(), makeDict({{listName, makeList({Value(host)})}})));
        QCOMPARE(o.result.status, allowed ? QStringLiteral("succeeded") : QStringLiteral("failed"));
        QCOMPARE(server.requests.size(), allowed ? 1 : 0);
    }

    void badUrl()
    {
        const Outcome o = runToEnd(httpRequest(QStringLiteral("not a url")));
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.result.status, QStringLiteral("failed"));
        QVERIFY(o.result.result[u"error"].toString().contains(u"URL"));
    }

    void cancel()
    {
        TinyHttpServer server;
        server.response.silent = true;
        RunnerRegistry registry;
        std::unique_ptr<ActionRun> run(registry.create(httpRequest(server.url()), nullptr));
        QSignalSpy finished(run.get(), &ActionRun::finished);
        run->start();
        QTRY_COMPARE(server.requests.size(), 1);
        run->cancel();
        QVERIFY(finished.isEmpty());  // never synchronous
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.first().first().value<RunResult>().status, QStringLiteral("canceled"));
    }
};

QTEST_GUILESS_MAIN(TestRunnersHttp)
#include "tst_runners_http.moc"
