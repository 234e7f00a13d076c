#include "StoreTestUtil.h"

#include "base/Ids.h"
#include "base/Json.h"
#include "store/FastJson.h"
#include "store/Hashing.h"
#include "store/Store.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;
using namespace squall::store;
using namespace squall::store::testutil;

namespace {

Value triggerInstance(const QString &id, const QString &trigger, const QString &status, const QString &when)
{
    return makeDict({{QStringLiteral("id"), id},
                     {QStringLiteral("trigger"), trigger},
                     {QStringLiteral("occurrence_time"), when},
                     {QStringLiteral("payload"), makeDict({{QStringLiteral("n"), 1}})},
                     {QStringLiteral("status"), status}});
}

Value enforcement(const QString &id, const QString &rule, const QString &ti, const QString &exec, const QString &when)
{
    return makeDict({{QStringLiteral("id"), id},
                     {QStringLiteral("rule"), makeDict({{QStringLiteral("ref"), rule},
                                                        {QStringLiteral("id"), QString(QStringLiteral("id-") + rule)},
                                                        {QStringLiteral("uid"), QString(QStringLiteral("rule:") + rule)}})},
                     {QStringLiteral("trigger_instance_id"), ti},
                     {QStringLiteral("execution_id"), exec},
                     {QStringLiteral("status"), QStringLiteral("succeeded")},
                     {QStringLiteral("failure_reason"), QString()},
                     {QStringLiteral("enforced_at"), when}});
}

Value kv(const QString &name, const QString &value, const QString &scope, const QString &user = {},
         const QString &expire = {})
{
    ValueDict d {{QStringLiteral("name"), name},
                 {QStringLiteral("value"), value},
                 {QStringLiteral("secret"), false},
                 {QStringLiteral("scope"), scope}};
    if (!user.isEmpty())
        d.insert(QStringLiteral("user"), user);
    if (!expire.isEmpty())
        d.insert(QStringLiteral("expire_timestamp"), expire);
    return Value(d);
}

QStringList names(const ValueList &docs)
{
    QStringList out;
    for (const Value &d : docs)
        out << (d[u"scope"].toString().contains(u"user") ? d[u"user"].toString() + QLatin1Char(':') : QString())
                + d[u"name"].toString();
    return out;
}

} // namespace

class TestRecords : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    int m_n = 0;

private Q_SLOTS:
    void init()
    {
        Error err;
        m_store = openSqliteStore(m_dir.filePath(QStringLiteral("rec%1.db").arg(++m_n)), &err);
        QVERIFY2(m_store, qPrintable(err.message));
    }
    void cleanup() { m_store.reset(); }

    // A trace is one row per tag, started by the first record that carries it;
    // every filter finds it through what it holds.
    void traces()
    {
        m_store->putTriggerInstance(parse(R"({"id": "t1", "trigger": "core.st2.webhook", "status": "processed",
                                             "occurrence_time": "2026-01-01T00:00:01.000000Z", "trace_tag": "tag-a"})"));
        m_store->putRuleEnforcement(parse(R"({"id": "re1", "rule": {"ref": "p.r", "id": "r1"}, "trigger_instance_id": "t1",
                                             "execution_id": "e1", "status": "succeeded",
                                             "enforced_at": "2026-01-01T00:00:01.500000Z"})"));
        m_store->putExecution(parse(R"({"id": "e1", "action": {"ref": "core.noop"}, "status": "succeeded",
                                       "start_timestamp": "2026-01-01T00:00:02.000000Z",
                                       "context": {"trace_context": {"trace_tag": "tag-a"}}})"));
        // Updating the execution does not move the trace's start.
        m_store->putExecution(parse(R"({"id": "e1", "action": {"ref": "core.noop"}, "status": "succeeded",
                                       "start_timestamp": "2026-01-01T00:00:02.000000Z",
                                       "context": {"trace_context": {"trace_tag": "tag-a"}}})"));
        m_store->putExecution(parse(R"({"id": "e2", "action": {"ref": "core.noop"}, "status": "succeeded",
                                       "start_timestamp": "2026-01-01T00:00:03.000000Z",
                                       "context": {"trace_context": {"trace_tag": "tag-b"}}})"));
        m_store->putExecution(parse(R"({"id": "e3", "action": {"ref": "core.noop"}, "status": "succeeded",
                                       "start_timestamp": "2026-01-01T00:00:04.000000Z", "context": {}})"));
        QVERIFY2(m_store->lastError().isEmpty(), qPrintable(m_store->lastError()));

        Query q;
        q.limit = 0;
        const Page all = m_store->traces(q);
        QCOMPARE(all.total, 2);
        QCOMPARE(all.items.size(), 2);
        QCOMPARE(all.items.at(0)[u"trace_tag"].toString(), str("tag-b"));  // newest first
        const Value a = all.items.at(1);
        QCOMPARE(a[u"trace_tag"].toString(), str("tag-a"));
        QCOMPARE(a[u"start_timestamp"].toString(), str("2026-01-01T00:00:01.000000Z"));
        QCOMPARE(*m_store->trace(a[u"id"].toString()), a);
        QVERIFY(!m_store->trace(str("nope")));

        const auto only = [&](const char *filter, const char *value) {
            Query f;
            f.filters.insert(str(filter), str(value));
            QStringList tags;
            for (const Value &t : m_store->traces(f).items)
                tags.append(t[u"trace_tag"].toString());
            return tags.join(u',');
        };
        QCOMPARE(only("trace_tag", "tag-a"), str("tag-a"));
        QCOMPARE(only("execution", "e1"), str("tag-a"));
        QCOMPARE(only("execution", "e2"), str("tag-b"));
        QCOMPARE(only("execution", "e3"), QString());
        QCOMPARE(only("trigger_instance", "t1"), str("tag-a"));
        QCOMPARE(only("rule", "r1"), str("tag-a"));
        QCOMPARE(only("rule", "p.r"), str("tag-a"));
        QCOMPARE(only("rule", "p.other"), QString());

        Query byTag;
        byTag.filters.insert(str("trace_tag"), str("tag-a"));
        byTag.limit = 0;
        QCOMPARE(m_store->executions(byTag).items.size(), 1);
        QCOMPARE(m_store->triggerInstances(byTag).items.size(), 1);
    }

    void triggerInstances()
    {
        m_store->putTriggerInstance(triggerInstance(str("t1"), str("core.st2.webhook"), str("processed"), ts(1)));
        m_store->putTriggerInstance(triggerInstance(str("t2"), str("core.st2.IntervalTimer"), str("processed"), ts(2)));
        m_store->putTriggerInstance(triggerInstance(str("t3"), str("core.st2.webhook"), str("pending"), ts(3)));
        const Value t1 = triggerInstance(str("t1"), str("core.st2.webhook"), str("processing_failed"), ts(1));
        m_store->putTriggerInstance(t1);
        QCOMPARE(json::serialize(*m_store->triggerInstance(str("t1"))), json::serialize(t1));
        QVERIFY(!m_store->triggerInstance(str("t9")));

        Query q;
        QCOMPARE(ids(m_store->triggerInstances(q).items), words("t3 t2 t1"));
        q.filters.insert(str("trigger"), str("core.st2.webhook"));
        QCOMPARE(ids(m_store->triggerInstances(q).items), words("t3 t1"));
        q.filters.insert(str("status"), str("pending"));
        QCOMPARE(ids(m_store->triggerInstances(q).items), words("t3"));
        // By type: every trigger of that type (a webhook trigger's ref is its own).
        Value typed = triggerInstance(str("t4"), str("core.abc"), str("processed"), ts(4));
        typed.dictRef().insert(str("trigger_type"), str("core.st2.webhook"));
        m_store->putTriggerInstance(typed);
        q = {};
        q.filters.insert(str("trigger_type"), str("core.st2.webhook"));
        QCOMPARE(ids(m_store->triggerInstances(q).items), words("t4"));
        q = {};
        q.timestampLt = ts(3);
        q.ascending = true;
        q.limit = 1;
        const Page page = m_store->triggerInstances(q);
        QCOMPARE(ids(page.items), words("t1"));
        QCOMPARE(page.total, 2);
    }

    void ruleEnforcements()
    {
        m_store->putRuleEnforcement(enforcement(str("r1"), str("pack.a"), str("t1"), str("e1"), ts(1)));
        m_store->putRuleEnforcement(enforcement(str("r2"), str("pack.b"), str("t1"), str("e2"), ts(2)));
        m_store->putRuleEnforcement(enforcement(str("r3"), str("pack.a"), str("t2"), str("e3"), ts(3)));
        const auto r2 = m_store->ruleEnforcement(str("r2"));
        QVERIFY(r2);
        QCOMPARE((*r2)[u"rule"][u"uid"].toString(), str("rule:pack.b"));

        Query q;
        q.filters.insert(str("rule"), str("pack.a"));
        QCOMPARE(ids(m_store->ruleEnforcements(q).items), words("r3 r1"));
        q.filters = {{str("trigger_instance"), str("t1")}};
        QCOMPARE(ids(m_store->ruleEnforcements(q).items), words("r2 r1"));
        q.filters = {{str("execution"), str("e3")}};
        QCOMPARE(ids(m_store->ruleEnforcements(q).items), words("r3"));
        q.filters = {{str("rule_id"), str("id-pack.b")}};
        QCOMPARE(ids(m_store->ruleEnforcements(q).items), words("r2"));
        q.filters = {};
        q.timestampGt = ts(1);
        QCOMPARE(m_store->ruleEnforcements(q).total, 2);
    }

    void purgeTriggerInstancesTakesEnforcements()
    {
        m_store->putTriggerInstance(triggerInstance(str("t1"), str("x.y"), str("processed"), ts(1)));
        m_store->putTriggerInstance(triggerInstance(str("t2"), str("x.y"), str("processed"), ts(5)));
        m_store->putRuleEnforcement(enforcement(str("r1"), str("pack.a"), str("t1"), str("e1"), ts(1)));
        m_store->putRuleEnforcement(enforcement(str("r2"), str("pack.a"), str("t2"), str("e2"), ts(5)));
        QCOMPARE(m_store->purgeTriggerInstances(ts(3), 100), 1);
        QVERIFY(!m_store->triggerInstance(str("t1")));
        QVERIFY(!m_store->ruleEnforcement(str("r1")));
        QVERIFY(m_store->ruleEnforcement(str("r2")));
    }

    void definitions()
    {
        const Value rule = parse(R"({"name": "r", "pack": "p", "enabled": true, "criteria": {}})");
        m_store->putDefinition(str("rule"), str("p.r"), rule);
        m_store->putDefinition(str("rule"), str("p.a"), parse(R"({"name": "a"})"));
        m_store->putDefinition(str("action"), str("p.r"), parse(R"({"name": "action r"})"));
        QCOMPARE(m_store->definitions(str("rule")).size(), 2);
        QCOMPARE(m_store->definitions(str("rule")).first()[u"name"].toString(), str("a"));  // by key
        QCOMPARE(json::serialize(*m_store->definition(str("rule"), str("p.r"))), json::serialize(rule));
        m_store->putDefinition(str("rule"), str("p.r"), parse(R"({"name": "r", "enabled": false})"));
        QCOMPARE((*m_store->definition(str("rule"), str("p.r")))[u"enabled"].toBool(), false);
        m_store->removeDefinition(str("rule"), str("p.r"));
        QVERIFY(!m_store->definition(str("rule"), str("p.r")));
        QCOMPARE(m_store->definitions(str("rule")).size(), 1);
        QCOMPARE(m_store->definitions(str("action")).size(), 1);
        QVERIFY(m_store->definitions(str("trigger")).isEmpty());
    }

    void keysByScopeUserAndPrefix_data()
    {
        QTest::addColumn<QString>("scope");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("system") << str("system") << QString() << QString() << words("a.b a.c zed");
        QTest::newRow("st2kv.system prefix") << str("st2kv.system") << QString() << str("a.") << words("a.b a.c");
        QTest::newRow("user alice") << str("user") << str("alice") << QString() << words("alice:a.b alice:mine");
        QTest::newRow("user bob") << str("st2kv.user") << str("bob") << QString() << words("bob:mine");
        QTest::newRow("all users") << str("user") << QString() << QString() << words("alice:a.b alice:mine bob:mine");
        QTest::newRow("all for alice") << str("all") << str("alice") << str("a.")
                                       << words("a.b a.c alice:a.b");
        QTest::newRow("no match") << str("system") << QString() << str("q") << words("");
    }
    void keysByScopeUserAndPrefix()
    {
        QFETCH(QString, scope);
        QFETCH(QString, user);
        QFETCH(QString, prefix);
        QFETCH(QStringList, expected);
        m_store->putKey(kv(str("zed"), str("1"), str("system")));
        m_store->putKey(kv(str("a.c"), str("2"), str("st2kv.system")));
        m_store->putKey(kv(str("a.b"), str("3"), str("system"), str("ignored-for-system")));
        m_store->putKey(kv(str("mine"), str("4"), str("user"), str("alice")));
        m_store->putKey(kv(str("a.b"), str("5"), str("st2kv.user"), str("alice")));
        m_store->putKey(kv(str("mine"), str("6"), str("user"), str("bob")));
        QCOMPARE(names(m_store->keys(scope, user, prefix)), expected);
    }

    void keyGetReplaceRemove()
    {
        m_store->putKey(kv(str("k"), str("v1"), str("system")));
        m_store->putKey(kv(str("k"), str("u1"), str("user"), str("alice")));
        QCOMPARE((*m_store->key(str("system"), QString(), str("k")))[u"value"].toString(), str("v1"));
        QCOMPARE((*m_store->key(str("user"), str("alice"), str("k")))[u"value"].toString(), str("u1"));
        QVERIFY(!m_store->key(str("user"), str("bob"), str("k")));
        m_store->putKey(kv(str("k"), str("v2"), str("system")));
        QCOMPARE((*m_store->key(str("st2kv.system"), QString(), str("k")))[u"value"].toString(), str("v2"));
        QVERIFY(m_store->removeKey(str("system"), QString(), str("k")));
        QVERIFY(!m_store->removeKey(str("system"), QString(), str("k")));
        QVERIFY(!m_store->key(str("system"), QString(), str("k")));
        QVERIFY(m_store->key(str("user"), str("alice"), str("k")));
    }

    void badKeysAreRejected_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("no name") << str(R"({"value": "x"})") << str("name");
        QTest::newRow("user without user") << str(R"({"name": "k", "value": "x", "scope": "user"})") << str("user");
        QTest::newRow("bad scope") << str(R"({"name": "k", "value": "x", "scope": "global"})") << str("global");
    }
    void badKeysAreRejected()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        m_store->putKey(json::parse(json));
        QVERIFY2(m_store->lastError().contains(message), qPrintable(m_store->lastError()));
        QVERIFY(m_store->keys(str("all"), QString(), QString()).isEmpty());
    }

    void expiredKeys()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_store->putKey(kv(str("past"), str("x"), str("system"), {}, isoTimestamp(now.addSecs(-10))));
        m_store->putKey(kv(str("soon"), str("x"), str("system"), {}, isoTimestamp(now.addSecs(3600))));
        m_store->putKey(kv(str("forever"), str("x"), str("system")));
        // Expired keys are hidden at once, before any purge.
        QVERIFY(!m_store->key(str("system"), QString(), str("past")));
        QCOMPARE(names(m_store->keys(str("system"), QString(), QString())), words("forever soon"));
        QCOMPARE(m_store->purgeExpiredKeys(isoTimestamp(now)), 1);
        QCOMPARE(m_store->purgeExpiredKeys(isoTimestamp(now.addSecs(7200))), 1);
        QCOMPARE(names(m_store->keys(str("system"), QString(), QString())), words("forever"));
    }

    void apiKeys()
    {
        const QString hash = sha256Hex(str("secret-key"));
        QCOMPARE(hash.size(), 64);
        m_store->putApiKey(makeDict({{str("id"), str("k1")}, {str("key_hash"), hash}, {str("user"), str("alice")},
                                     {str("enabled"), true}, {str("created_at"), ts(1)}, {str("metadata"), makeDict({})}}));
        m_store->putApiKey(makeDict({{str("id"), str("k2")}, {str("key_hash"), sha256Hex(str("other"))},
                                     {str("user"), str("bob")}, {str("enabled"), false}}));
        QCOMPARE(ids(m_store->apiKeys()), words("k1 k2"));
        QCOMPARE((*m_store->apiKeyByHash(hash))[u"user"].toString(), str("alice"));
        QVERIFY(!m_store->apiKeyByHash(sha256Hex(str("wrong"))));
        QCOMPARE((*m_store->apiKey(str("k2")))[u"enabled"].toBool(), false);
        QVERIFY(m_store->removeApiKey(str("k1")));
        QVERIFY(!m_store->apiKeyByHash(hash));
        QVERIFY(!m_store->removeApiKey(str("k1")));
        m_store->putApiKey(makeDict({{str("id"), str("k3")}}));
        QVERIFY(m_store->lastError().contains(str("key_hash")));
    }

    void tokens()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString live = sha256Hex(str("tok-live"));
        const QString dead = sha256Hex(str("tok-dead"));
        m_store->putToken(makeDict({{str("token_hash"), live}, {str("user"), str("alice")},
                                    {str("expiry"), isoTimestamp(now.addSecs(86400))}}));
        m_store->putToken(makeDict({{str("token_hash"), dead}, {str("user"), str("bob")},
                                    {str("expiry"), isoTimestamp(now.addSecs(-1))}}));
        QCOMPARE((*m_store->tokenByHash(live))[u"user"].toString(), str("alice"));
        QVERIFY(!m_store->tokenByHash(dead));  // expired
        QCOMPARE(m_store->purgeExpiredTokens(isoTimestamp(now)), 1);
        QVERIFY(m_store->removeToken(live));
        QVERIFY(!m_store->tokenByHash(live));
    }

    void compactJsonMatchesSerialize_data()
    {
        QTest::addColumn<QString>("json");
        QTest::newRow("scalars") << str(R"([null, true, false, 0, -12, 9007199254740993, 1.5, 1e+16, 0.1, -0.0])");
        QTest::newRow("escapes") << str("{\"a\\nb\": \"q\\\"uote\\\\ tab\\t cr\\r bs\\b ff\\f nul\\u0000 us\\u001f del\\u007f\"}");
        QTest::newRow("unicode") << str(R"(["h\u00e9", "\u20ac", "\ud83d\udd11", "\u0800\uffff"])");
        QTest::newRow("nested") << str(R"({"x": {"y": [[], {}, [{"z": ""}]]}, "empty": ""})");
    }
    void compactJsonMatchesSerialize()
    {
        QFETCH(QString, json);
        json::ParseError err;
        const Value v = json::parse(json, &err);
        QVERIFY2(err.ok(), qPrintable(err.message));
        QCOMPARE(toCompactJson(v), json::serialize(v));
    }

    void compactJsonLongStrings()
    {
        // Longer than one internal chunk, with a surrogate pair across every chunk boundary.
        QString s;
        for (int i = 0; i < 40000; ++i)
            s += (i % 8191 == 0) ? QStringLiteral("\U0001F511") : QStringLiteral("a\u00e9\n\"");
        const Value v = makeDict({{str("s"), s}, {str("lone"), QString(QChar(0xD800))}});
        QCOMPARE(toCompactJson(v), json::serialize(v));
        QCOMPARE(json::parse(toCompactJson(v))[u"s"].toString(), s);
        QCOMPARE(json::parse(toCompactJson(v))[u"lone"].toString(), QString(QChar(0xD800)));
    }

    void sha256()
    {
        // Known vector: SHA-256("abc").
        QCOMPARE(sha256Hex(str("abc")), str("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }
};

QTEST_GUILESS_MAIN(TestRecords)
#include "tst_records.moc"
