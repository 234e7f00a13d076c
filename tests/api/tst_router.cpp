#include "api/ApiErrors.h"
#include "api/HttpRequest.h"
#include "api/Router.h"
#include "engine/EngineApi.h"
#include "api/WebhookBody.h"
#include "base/Error.h"
#include "base/Json.h"

#include <QTest>

using namespace squall::api;
using squall::Value;

class TestRouter : public QObject
{
    Q_OBJECT

private:
    static Router sample()
    {
        Router r;
        const auto tag = [](const char *name) {
            return [name](ApiCall &) { return HttpResponse::text(200, QString::fromLatin1(name)); };
        };
        r.add("GET", QStringLiteral("/api/v1/actions"), tag("list"));
        r.add("POST", QStringLiteral("/api/v1/actions"), tag("create"));
        r.add("GET", QStringLiteral("/api/v1/actions/{ref}"), tag("get"));
        r.add("GET", QStringLiteral("/api/v1/actions/views/overview"), tag("overview-list"));
        r.add("GET", QStringLiteral("/api/v1/actions/views/overview/{ref}"), tag("overview"));
        r.add("GET", QStringLiteral("/api/v1/webhooks"), tag("hooks"));
        r.add("POST", QStringLiteral("/api/v1/webhooks/{hook+}"), tag("hook"));
        r.add("GET", QStringLiteral("/api/v1"), tag("root"));
        return r;
    }

private Q_SLOTS:
    void match_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("param");  // name=value, or empty
        QTest::addColumn<QString>("allowed");

        QTest::newRow("list") << QByteArray("GET") << "/api/v1/actions" << "/api/v1/actions" << "" << "GET,POST";
        QTest::newRow("root with slash") << QByteArray("GET") << "/api/v1/" << "/api/v1" << "" << "GET";
        QTest::newRow("dotted ref") << QByteArray("GET") << "/api/v1/actions/core.local" << "/api/v1/actions/{ref}"
                                    << "ref=core.local" << "GET";
        QTest::newRow("percent-decoded") << QByteArray("GET") << "/api/v1/actions/a%2Eb%20c" << "/api/v1/actions/{ref}"
                                         << "ref=a.b c" << "GET";
        QTest::newRow("literal before param") << QByteArray("GET") << "/api/v1/actions/views/overview"
                                              << "/api/v1/actions/views/overview" << "" << "GET";
        QTest::newRow("deeper literal") << QByteArray("GET") << "/api/v1/actions/views/overview/x.y"
                                        << "/api/v1/actions/views/overview/{ref}" << "ref=x.y" << "GET";
        QTest::newRow("rest keeps slashes") << QByteArray("POST") << "/api/v1/webhooks/a/b/c"
                                            << "/api/v1/webhooks/{hook+}" << "hook=a/b/c" << "POST";
        QTest::newRow("rest strips outer slashes") << QByteArray("POST") << "/api/v1/webhooks//a/b//"
                                                   << "/api/v1/webhooks/{hook+}" << "hook=a/b" << "POST";
        QTest::newRow("rest needs a segment") << QByteArray("POST") << "/api/v1/webhooks/" << "" << "" << "GET";
        QTest::newRow("wrong method") << QByteArray("DELETE") << "/api/v1/actions" << "" << "" << "GET,POST";
        QTest::newRow("unknown") << QByteArray("GET") << "/api/v2/actions" << "" << "" << "";
        QTest::newRow("too deep") << QByteArray("GET") << "/api/v1/actions/a/b" << "" << "" << "";
    }

    void match()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, pattern);
        QFETCH(QString, param);
        QFETCH(QString, allowed);
        const Router router = sample();
        const Router::Match m = router.match(method, path);
        QCOMPARE(m.pattern, pattern);
        QCOMPARE(m.handler != nullptr, !pattern.isEmpty());
        QCOMPARE(QString::fromLatin1(m.allowedMethods.join(',')), allowed);
        if (!param.isEmpty()) {
            const auto kv = param.split(u'=');
            QCOMPARE(m.params.value(kv.at(0)), kv.at(1));
        }
    }

    void queryString_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("repeats become lists") << QByteArray("a=1&a=2&b=3") << "{\"a\":[\"1\",\"2\"],\"b\":[\"3\"]}";
        QTest::newRow("plus and percent") << QByteArray("q=a+b%2Bc") << "{\"q\":[\"a b+c\"]}";
        QTest::newRow("blank and bare dropped") << QByteArray("a=&b&c=1") << "{\"c\":[\"1\"]}";
        QTest::newRow("empty") << QByteArray() << "{}";
    }

    void queryString()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        QCOMPARE(squall::json::toString(parseQueryString(input)), expected);
    }

    void multipartErrors()
    {
        QVERIFY_THROWS_EXCEPTION(squall::SquallException, parseMultipart("--b\r\nno end", "b"));
        QVERIFY_THROWS_EXCEPTION(squall::SquallException, parseMultipart("x", ""));
        QCOMPARE(squall::json::toString(parseMultipart("--b--\r\n", "b")), QStringLiteral("{}"));
    }

    void webhookBodyErrors()
    {
        HttpRequest req;
        req.headers = {{"Content-Type", "application/json"}};
        req.body = "{\"a\":";
        try {
            parseWebhookBody(req);
            QFAIL("no exception");
        } catch (const squall::SquallException &e) {
            QCOMPARE(e.error().kind, QStringLiteral("BadRequest"));
            QVERIFY(e.error().message.contains(u"line 1, column"));
            QCOMPARE(statusForKind(e.error().kind), 400);
        }
    }

    void requestHelpers()
    {
        HttpRequest req;
        req.headers = {{"cookie", "a=1; auth-token=\"tok\"; b=2"}, {"X-Multi", "1"}, {"x-multi", "2"},
                       {"Content-Type", "Text/Plain; charset=utf-8"}};
        req.rawQuery = QStringLiteral("x=1&x=2&name=a+b&enc=%26");
        QCOMPARE(req.cookie(QStringLiteral("auth-token")), QStringLiteral("tok"));
        QCOMPARE(req.cookie(QStringLiteral("missing")), QString());
        QCOMPARE(req.header("X-MULTI"), QByteArray("1, 2"));
        QCOMPARE(req.mediaType(), QByteArray("text/plain"));
        QCOMPARE(req.queryValue(QStringLiteral("x")), QStringLiteral("2"));
        QCOMPARE(req.queryValue(QStringLiteral("name")), QStringLiteral("a b"));
        QCOMPARE(req.queryValue(QStringLiteral("enc")), QStringLiteral("&"));
    }

    void streamFilter_data()
    {
        QTest::addColumn<QString>("events");
        QTest::addColumn<QString>("executionIds");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("docJson");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("no filter") << "" << "" << "st2.execution__create" << "{}" << true;
        QTest::newRow("exact") << "st2.execution__create,st2.x" << "" << "st2.execution__create" << "{}" << true;
        QTest::newRow("other") << "st2.execution__update" << "" << "st2.execution__create" << "{}" << false;
        QTest::newRow("prefix") << "st2.execution*" << "" << "st2.execution.output__create" << "{}" << true;
        QTest::newRow("execution id") << "" << "e1" << "st2.execution__update" << "{\"id\":\"e1\"}" << true;
        QTest::newRow("output of execution") << "" << "e1" << "st2.execution.output__create" << "{\"execution_id\":\"e1\"}" << true;
        QTest::newRow("other execution") << "" << "e1" << "st2.execution__update" << "{\"id\":\"e2\"}" << false;
    }

    void streamFilter()
    {
        QFETCH(QString, events);
        QFETCH(QString, executionIds);
        QFETCH(QString, type);
        QFETCH(QString, docJson);
        QFETCH(bool, accepted);
        squall::engine::Params p;
        if (!events.isEmpty())
            p.insert(QStringLiteral("events"), events);
        if (!executionIds.isEmpty())
            p.insert(QStringLiteral("execution_ids"), executionIds);
        squall::engine::Event e;
        e.kind = *squall::engine::eventKindFromName(type);
        e.doc = squall::json::parse(docJson.toUtf8());
        QCOMPARE(squall::engine::EventFilter::fromParams(p).accepts(e), accepted);
    }

    void errorStatuses()
    {
        QCOMPARE(statusForKind(QStringLiteral("NotFound")), 404);
        QCOMPARE(statusForKind(QStringLiteral("Conflict")), 409);
        QCOMPARE(statusForKind(QStringLiteral("Forbidden")), 403);
        QCOMPARE(statusForKind(QStringLiteral("Whatever")), 500);
        const HttpResponse r = errorResponse(squall::SquallException(QStringLiteral("ParameterError"), QStringLiteral("bad")));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body, QByteArray("{\"faultstring\":\"bad\",\"kind\":\"ParameterError\"}"));
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
