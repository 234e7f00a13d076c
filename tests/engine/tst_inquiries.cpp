// Inquiries in the engine: core.ask waits in `pending`, is answered, refused,
// expires after its TTL (also across a restart) and cannot be canceled.
#include "base/Error.h"
#include "base/Ids.h"
#include "base/Json.h"
#include "engine/Engine.h"
#include "engine/InquiryService.h"
#include "store/Store.h"
#include "TestCheck.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;
using engine::Principal;

namespace {
Principal admin() { return Principal{QStringLiteral("st2admin"), true, QStringLiteral("api_key")}; }
Principal user(const char *name) { return Principal{QString::fromLatin1(name), false, QStringLiteral("token")}; }

Value J(const char *text)
{
    json::ParseError pe;
    const Value v = json::parse(QByteArray(text), &pe);
    if (!pe.ok())
        qFatal("bad test JSON: %s", text);
    return v;
}

// The kind of SquallException `f` throws ("" when it does not throw); the message in *message.
template<typename F>
QString errorKind(F f, QString *message = nullptr)
{
    try {
        f();
    } catch (const SquallException &e) {
        if (message)
            *message = e.error().message;
        return e.error().kind;
    }
    return {};
}

Value inquiryRule(const QString &name, const Value &criteria, const QString &action, const Value &params,
                  const QString &triggerType)
{
    return makeDict({{QStringLiteral("name"), name},
                     {QStringLiteral("pack"), QStringLiteral("tests")},
                     {QStringLiteral("enabled"), true},
                     {QStringLiteral("trigger"), makeDict({{QStringLiteral("type"), triggerType}})},
                     {QStringLiteral("criteria"), criteria},
                     {QStringLiteral("action"), makeDict({{QStringLiteral("ref"), action},
                                                          {QStringLiteral("parameters"), params}})}});
}
} // namespace

class TestInquiries : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<engine::Engine> m_engine;
    QList<std::pair<QString, Value>> m_events;

    void startEngine(qint64 minuteMs = 60'000)
    {
        m_engine = std::make_unique<engine::Engine>();
        engine::EngineOptions o;
        o.dataDir = m_dir->path();
        o.packRoots << QStringLiteral(SQUALL_SOURCE_DIR "/packs");
        o.inquiryMinuteMs = minuteMs;
        m_engine->subscribe({}, -1, [this](const engine::EventBatch &batch) {
            for (const engine::Event &e : batch)
                m_events.append({e.name(), e.doc});
        });
        QString error;
        QVERIFY2(m_engine->start(o, &error), qPrintable(error));
    }

    void restartEngine(qint64 minuteMs)
    {
        m_engine->shutdown();
        m_engine.reset();
        CHECKED(startEngine(minuteMs));
    }

    Value status(const QString &id) { return m_engine->getExecution(id, {})[u"status"]; }

    // Runs core.ask and (unless told not to) waits until it is pending.
    QString ask(const Value &params, bool waitPending = true)
    {
        const Value doc = m_engine->createExecution(
            makeDict({{QStringLiteral("action"), QStringLiteral("core.ask")}, {QStringLiteral("parameters"), params}}),
            admin());
        const QString id = doc[u"id"].toString();
        if (waitPending)
            [&] { QTRY_COMPARE(status(id).toString(), QStringLiteral("pending")); }();
        return id;
    }

    QStringList eventTypes(const QString &prefix) const
    {
        QStringList out;
        for (const auto &[type, doc] : m_events)
            if (type.startsWith(prefix))
                out << type;
        return out;
    }

private Q_SLOTS:
    void init()
    {
        m_events.clear();
        m_dir = std::make_unique<QTemporaryDir>();
        CHECKED(startEngine());
    }
    void cleanup()
    {
        m_engine.reset();
        m_dir.reset();
    }

    void runnerLeavesExecutionPending()
    {
        // A rule can route the question: it sees {id, route} of the inquiry trigger.
        m_engine->createRule(inquiryRule(QStringLiteral("notify"),
                                         J("{\"trigger.route\": {\"type\": \"equals\", \"pattern\": \"ops\"}}"),
                                         QStringLiteral("core.echo"),
                                         J("{\"message\": \"answer {{ trigger.id }}\"}"),
                                         QStringLiteral("core.st2.generic.inquiry")),
                             admin());
        QString id;
        CHECKED(id = ask(J("{\"route\": \"ops\", \"users\": [\"bob\"], \"ttl\": 30}")));
        const Value doc = m_engine->getExecution(id, {});
        QCOMPARE(doc[u"runner"][u"name"].toString(), QStringLiteral("inquirer"));
        QVERIFY(!doc.contains(u"end_timestamp"));
        const Value result = doc[u"result"];
        QCOMPARE(json::toString(result[u"users"]), QStringLiteral("[\"bob\"]"));
        QCOMPARE(json::toString(result[u"roles"]), QStringLiteral("[]"));
        QCOMPARE(result[u"route"].toString(), QStringLiteral("ops"));
        QCOMPARE(result[u"ttl"].toInt(), 30);
        // The runner's default schema: one required boolean "continue".
        QCOMPARE(result[u"schema"][u"properties"][u"continue"][u"type"].toString(), QStringLiteral("boolean"));
        QCOMPARE(result[u"schema"][u"properties"][u"continue"][u"required"].toBool(), true);
        QStringList log;
        for (const Value &l : doc[u"log"].toList())
            log << l[u"status"].toString();
        QCOMPARE(log.last(), QStringLiteral("pending"));

        engine::Params byTrigger;
        byTrigger.insert(QStringLiteral("trigger"), QStringLiteral("core.st2.generic.inquiry"));
        const engine::ListResult instances = m_engine->listTriggerInstances(byTrigger);
        QCOMPARE(instances.total, 1);
        QCOMPARE(json::toString(instances.items.first()[u"payload"]),
                 QStringLiteral("{\"id\":\"%1\",\"route\":\"ops\"}").arg(id));
        // The routing rule ran its action.
        engine::Params echo;
        echo.insert(QStringLiteral("action"), QStringLiteral("core.echo"));
        QTRY_COMPARE(m_engine->listExecutions(echo).total, 1);
        const QString echoId = m_engine->listExecutions(echo).items.first()[u"id"].toString();
        QTRY_COMPARE(status(echoId).toString(), QStringLiteral("succeeded"));
        QCOMPARE(m_engine->getExecution(echoId, {})[u"result"][u"stdout"].toString(), QStringLiteral("answer ") + id);

        // Listed as an execution and as an inquiry, in the inquiry shape.
        engine::Params pending;
        pending.insert(QStringLiteral("status"), QStringLiteral("pending"));
        QCOMPARE(m_engine->listExecutions(pending).total, 1);
        const engine::ListResult inquiries = m_engine->listInquiries({});
        QCOMPARE(inquiries.total, 1);
        const Value inquiry = inquiries.items.first();
        QCOMPARE(inquiry.toDict().keys(), (QStringList{QStringLiteral("id"), QStringLiteral("route"), QStringLiteral("ttl"),
                                                        QStringLiteral("users"), QStringLiteral("roles"),
                                                        QStringLiteral("schema")}));
        QCOMPARE(inquiry[u"id"].toString(), id);
        QCOMPARE(json::toString(m_engine->getInquiry(id)), json::toString(inquiry));
        QCOMPARE(eventTypes(QStringLiteral("st2.inquiry")), QStringList{QStringLiteral("st2.inquiry__create")});
    }

    void respondSucceeds()
    {
        // No action trigger while the inquiry waits: only once it is answered.
        m_engine->createRule(inquiryRule(QStringLiteral("done"),
                                         J("{\"trigger.action_ref\": {\"type\": \"equals\", \"pattern\": \"core.ask\"}}"),
                                         QStringLiteral("core.noop"), Value(ValueDict()),
                                         QStringLiteral("core.st2.generic.actiontrigger")),
                             admin());
        QString id;
        CHECKED(id = ask(Value(ValueDict())));
        engine::Params noop;
        noop.insert(QStringLiteral("action"), QStringLiteral("core.noop"));
        QCOMPARE(m_engine->listExecutions(noop).total, 0);

        QSignalSpy responded(m_engine->inquiries(), &engine::InquiryService::responded);
        const Value reply = m_engine->respondInquiry(id, J("{\"id\": \"x\", \"response\": {\"continue\": true}}"),
                                                     user("alice"));
        QCOMPARE(json::toString(reply), QStringLiteral("{\"id\":\"%1\",\"response\":{\"continue\":true}}").arg(id));
        QCOMPARE(responded.size(), 1);
        QCOMPARE(responded.first().at(0).toString(), id);
        QCOMPARE(responded.first().at(1).toString(), QString());

        const Value doc = m_engine->getExecution(id, {});
        QCOMPARE(doc[u"status"].toString(), QStringLiteral("succeeded"));
        QCOMPARE(json::toString(doc[u"result"][u"response"]), QStringLiteral("{\"continue\":true}"));
        QVERIFY(doc[u"result"].contains(u"schema"));
        QVERIFY(doc.contains(u"end_timestamp"));
        QTRY_COMPARE(m_engine->listExecutions(noop).total, 1);
        QCOMPARE(m_engine->listInquiries({}).total, 0);
        // Events reach subscribers batched at the end of the event-loop turn.
        QTRY_COMPARE(eventTypes(QStringLiteral("st2.inquiry")),
                     (QStringList{QStringLiteral("st2.inquiry__create"), QStringLiteral("st2.inquiry__update")}));
        const auto lastInquiry = std::find_if(m_events.crbegin(), m_events.crend(),
                                              [](const auto &e) { return e.first.startsWith(u"st2.inquiry"); });
        QCOMPARE(lastInquiry->second[u"status"].toString(), QStringLiteral("succeeded"));

        // st2's order of checks: answered already -> 400, for get and respond alike.
        QString message;
        QCOMPARE(errorKind([&] { m_engine->getInquiry(id); }, &message), QStringLiteral("BadRequest"));
        QVERIFY2(message.contains(u"already answered"), qPrintable(message));
        QCOMPARE(errorKind([&] {
                     m_engine->respondInquiry(id, J("{\"response\": {\"continue\": false}}"), user("alice"));
                 }),
                 QStringLiteral("BadRequest"));
        QCOMPARE(json::toString(m_engine->getExecution(id, {})[u"result"][u"response"]), QStringLiteral("{\"continue\":true}"));
    }

    void schemaValidation_data()
    {
        QTest::addColumn<QString>("schema");    // "" = the runner's default
        QTest::addColumn<QString>("response");
        QTest::addColumn<QString>("error");     // part of the message, "" when accepted

        QTest::newRow("default ok") << "" << "{\"continue\": false}" << "";
        QTest::newRow("default missing") << "" << "{}" << "'continue' is a required property";
        QTest::newRow("default wrong type") << "" << "{\"continue\": \"yes\"}" << "is not of type 'boolean'";
        const QString typed = QStringLiteral(
            "{\"type\": \"object\", \"properties\": {"
            "\"n\": {\"type\": \"integer\", \"minimum\": 1, \"required\": true},"
            "\"mode\": {\"type\": \"string\", \"enum\": [\"a\", \"b\"], \"default\": \"a\", \"required\": true},"
            "\"note\": {\"type\": \"string\"}}, \"additionalProperties\": false}");
        QTest::newRow("required with default") << typed << "{\"n\": 2}" << "";
        QTest::newRow("null takes the default") << typed << "{\"n\": 2, \"mode\": null}" << "";
        QTest::newRow("optional may be null") << typed << "{\"n\": 2, \"note\": null}" << "";
        QTest::newRow("minimum") << typed << "{\"n\": 0}" << "response.n: 0 is less than the minimum of 1";
        QTest::newRow("enum") << typed << "{\"n\": 1, \"mode\": \"c\"}" << "'c' is not one of ['a', 'b']";
        QTest::newRow("additional") << typed << "{\"n\": 1, \"x\": 1}" << "Additional properties are not allowed";
    }

    void schemaValidation()
    {
        QFETCH(QString, schema);
        QFETCH(QString, response);
        QFETCH(QString, error);
        ValueDict params;
        if (!schema.isEmpty())
            params.insert(QStringLiteral("schema"), json::parse(schema.toUtf8()));
        QString id;
        CHECKED(id = ask(Value(std::move(params))));
        const Value body = makeDict({{QStringLiteral("response"), json::parse(response.toUtf8())}});
        QString message;
        const QString kind = errorKind([&] { m_engine->respondInquiry(id, body, user("alice")); }, &message);
        if (error.isEmpty()) {
            QVERIFY2(kind.isEmpty(), qPrintable(message));
            QCOMPARE(status(id).toString(), QStringLiteral("succeeded"));
            // Stored as given: defaults only help the validation, as in st2.
            QCOMPARE(json::toString(m_engine->getExecution(id, {})[u"result"][u"response"]),
                     json::toString(json::parse(response.toUtf8())));
        } else {
            QCOMPARE(kind, QStringLiteral("BadRequest"));
            QVERIFY2(message.contains(error), qPrintable(message));
            QVERIFY2(message.contains(id), qPrintable(message));
            QCOMPARE(status(id).toString(), QStringLiteral("pending"));
            QCOMPARE(m_engine->listInquiries({}).total, 1);
        }
    }

    void badRequests_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("error");
        QTest::newRow("no response") << "{\"id\": \"x\"}" << "\"response\" is required";
        QTest::newRow("response not an object") << "{\"response\": [true]}" << "must be a JSON object";
        QTest::newRow("body not an object") << "[1]" << "must be a JSON object";
    }

    void badRequests()
    {
        QFETCH(QString, body);
        QFETCH(QString, error);
        QString id;
        CHECKED(id = ask(Value(ValueDict())));
        QString message;
        QCOMPARE(errorKind([&] { m_engine->respondInquiry(id, json::parse(body.toUtf8()), admin()); }, &message),
                 QStringLiteral("BadRequest"));
        QVERIFY2(message.contains(error), qPrintable(message));
        QCOMPARE(status(id).toString(), QStringLiteral("pending"));
    }

    void notAnInquiry()
    {
        const Value noop = m_engine->createExecution(makeDict({{QStringLiteral("action"), QStringLiteral("core.noop")}}),
                                                     admin());
        const QString id = noop[u"id"].toString();
        QTRY_COMPARE(status(id).toString(), QStringLiteral("succeeded"));
        QString message;
        QCOMPARE(errorKind([&] { m_engine->getInquiry(id); }, &message), QStringLiteral("BadRequest"));
        QVERIFY2(message.contains(u"not an inquiry"), qPrintable(message));
        QCOMPARE(errorKind([&] { m_engine->respondInquiry(id, J("{\"response\": {}}"), admin()); }),
                 QStringLiteral("BadRequest"));
        const QString unknown = newId();
        QCOMPARE(errorKind([&] { m_engine->getInquiry(unknown); }), QStringLiteral("NotFound"));
        QCOMPARE(errorKind([&] { m_engine->respondInquiry(unknown, J("{\"response\": {}}"), admin()); }),
                 QStringLiteral("NotFound"));
    }

    void usersRestrictResponders()
    {
        // Roles are kept but not enforced: there is no RBAC (st2 without an RBAC backend).
        QString id;
        CHECKED(id = ask(J("{\"users\": [\"bob\", \"carol\"], \"roles\": [\"approvers\"]}")));
        const Value body = J("{\"response\": {\"continue\": true}}");
        QString message;
        QCOMPARE(errorKind([&] { m_engine->respondInquiry(id, body, user("alice")); }, &message),
                 QStringLiteral("Forbidden"));
        QVERIFY2(message.contains(u"alice"), qPrintable(message));
        // Not even an administrator who is not listed.
        QCOMPARE(errorKind([&] { m_engine->respondInquiry(id, body, admin()); }), QStringLiteral("Forbidden"));
        QCOMPARE(status(id).toString(), QStringLiteral("pending"));
        // The user check comes before the schema check, as in st2.
        QCOMPARE(errorKind([&] { m_engine->respondInquiry(id, J("{\"response\": {}}"), user("alice")); }),
                 QStringLiteral("Forbidden"));
        QCOMPARE(errorKind([&] { m_engine->respondInquiry(id, body, user("carol")); }), QString());
        QCOMPARE(status(id).toString(), QStringLiteral("succeeded"));
    }

    void cancelIsRefused()
    {
        QString id;
        CHECKED(id = ask(Value(ValueDict())));
        QString message;
        QCOMPARE(errorKind([&] { m_engine->cancelExecution(id, admin()); }, &message), QStringLiteral("BadRequest"));
        QVERIFY2(message.contains(u"cannot be canceled"), qPrintable(message));
        QCOMPARE(errorKind([&] { m_engine->updateExecution(id, J("{\"status\": \"canceling\"}"), admin()); }),
                 QStringLiteral("BadRequest"));
        QCOMPARE(status(id).toString(), QStringLiteral("pending"));
        QCOMPARE(m_engine->listInquiries({}).total, 1);
    }

    void ttlExpires()
    {
        CHECKED(restartEngine(40));  // a TTL minute lasts 40 ms
        QSignalSpy timedOut(m_engine->inquiries(), &engine::InquiryService::timedOut);
        QString forever;
        CHECKED(forever = ask(J("{\"ttl\": 0}")));
        QString later;
        CHECKED(later = ask(J("{\"ttl\": 100000}")));
        // Not waited for as pending: on a slow machine its 80 ms may be over first.
        QString soon;
        CHECKED(soon = ask(J("{\"ttl\": 2}"), false));
        QTRY_COMPARE_WITH_TIMEOUT(status(soon).toString(), QStringLiteral("timeout"), 20000);
        QCOMPARE(timedOut.size(), 1);
        QCOMPARE(timedOut.first().at(0).toString(), soon);
        const Value doc = m_engine->getExecution(soon, {});
        QVERIFY(doc.contains(u"end_timestamp"));
        QVERIFY(!doc[u"result"].contains(u"response"));
        QCOMPARE(doc[u"result"][u"ttl"].toInt(), 2);
        QString message;
        QCOMPARE(errorKind([&] { m_engine->respondInquiry(soon, J("{\"response\": {\"continue\": true}}"), admin()); },
                           &message),
                 QStringLiteral("BadRequest"));
        QVERIFY2(message.contains(u"timed out"), qPrintable(message));
        QTRY_VERIFY(std::any_of(m_events.cbegin(), m_events.cend(), [&](const auto &e) {
            return e.first == u"st2.inquiry__update" && e.second[u"status"].toString() == u"timeout";
        }));
        // ttl 0 never expires; a far deadline is still ahead.
        QCOMPARE(status(forever).toString(), QStringLiteral("pending"));
        QCOMPARE(status(later).toString(), QStringLiteral("pending"));
        QCOMPARE(m_engine->listInquiries({}).total, 2);
    }

    void pendingSurvivesRestart()
    {
        QString id;
        CHECKED(id = ask(J("{\"ttl\": 5}")));
        QString other;
        CHECKED(other = ask(J("{\"ttl\": 0}")));
        CHECKED(restartEngine(60'000));
        // Not abandoned by the shutdown nor by crash recovery.
        QCOMPARE(status(id).toString(), QStringLiteral("pending"));
        QCOMPARE(m_engine->listInquiries({}).total, 2);
        QCOMPARE(errorKind([&] { m_engine->respondInquiry(other, J("{\"response\": {\"continue\": true}}"), admin()); }),
                 QString());
        QCOMPARE(status(other).toString(), QStringLiteral("succeeded"));

        // Deadlines count from the stored start time: after a restart with
        // 5 ms minutes the inquiry is long overdue and times out at once.
        CHECKED(restartEngine(5));
        QTRY_COMPARE(status(id).toString(), QStringLiteral("timeout"));
        QCOMPARE(m_engine->listInquiries({}).total, 0);
    }

    void crashRecoveryKeepsPending()
    {
        QString id;
        CHECKED(id = ask(Value(ValueDict())));
        // A crash: no shutdown(), the store is simply closed.
        m_engine.reset();
        CHECKED(startEngine());
        QCOMPARE(status(id).toString(), QStringLiteral("pending"));
        QCOMPARE(errorKind([&] { m_engine->respondInquiry(id, J("{\"response\": {\"continue\": false}}"), admin()); }),
                 QString());
        QCOMPARE(status(id).toString(), QStringLiteral("succeeded"));
    }
};

QTEST_GUILESS_MAIN(TestInquiries)
#include "tst_inquiries.moc"
