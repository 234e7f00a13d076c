#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "expr/Jinja.h"
#include "rules/CompiledRule.h"
#include "rules/CriteriaPath.h"
#include "rules/RuleIndex.h"
#include "rules/RuleMatcher.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace squall;
using namespace squall::rules;

namespace {

Value J(const char *json)
{
    json::ParseError err;
    Value v = json::parse(QByteArray(json), &err);
    if (!err.ok())
        qFatal("bad test JSON: %s", json);
    return v;
}

// st2kv.system.<key>: a missing key reads as "", as in StackStorm.
class SystemScope final : public ValueObject
{
public:
    Value attribute(const QString &name) const override
    {
        if (name == u"admin")
            return QStringLiteral("stanley");
        if (name == u"limit")
            return QStringLiteral("10");
        return QString();
    }
    Value resolve() const override { return QString(); }
};

class Datastore final : public ValueObject
{
public:
    Value attribute(const QString &name) const override
    {
        if (name == u"system")
            return Value(std::shared_ptr<const ValueObject>(std::make_shared<SystemScope>()));
        return Value();
    }
    Value resolve() const override { return QString(); }
};

Value datastore()
{
    return Value(std::shared_ptr<const ValueObject>(std::make_shared<Datastore>()));
}

RulePtr makeRule(const QString &name, const Value &criteria, bool backstop = false, bool enabled = true)
{
    ValueDict doc;
    doc.insert(QStringLiteral("name"), name);
    doc.insert(QStringLiteral("pack"), QStringLiteral("tests"));
    doc.insert(QStringLiteral("enabled"), enabled);
    doc.insert(QStringLiteral("trigger"), makeDict({{QStringLiteral("type"), QStringLiteral("core.st2.webhook")}}));
    doc.insert(QStringLiteral("criteria"), criteria);
    doc.insert(QStringLiteral("action"), makeDict({{QStringLiteral("ref"), QStringLiteral("core.noop")}}));
    if (backstop)
        doc.insert(QStringLiteral("type"), makeDict({{QStringLiteral("ref"), QStringLiteral("backstop")}}));
    return std::make_shared<const CompiledRule>(Value(std::move(doc)));
}

QStringList refs(const QList<RulePtr> &rules)
{
    QStringList out;
    for (const RulePtr &r : rules)
        out.append(r->ref());
    return out;
}

} // namespace

class TestMatcher final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void criteriaFiles_data();
    void criteriaFiles();
    void paths_data();
    void paths();
    void badKeysNeverMatch_data();
    void badKeysNeverMatch();
    void compiledRuleFields();
    void compileErrors();
    void backstopTwoPass();
    void disabledRulesAreNotIndexed();
    void failureReasons();
    void traceForRuleTest();
    void ruleIndex();
    void ruleIndexLookupIsPerKey();
    void candidatesAreASupersetOfMatches();
};

void TestMatcher::criteriaFiles_data()
{
    QTest::addColumn<Value>("rule");
    QTest::addColumn<Value>("payload");
    QTest::addColumn<bool>("expectedMatch");
    QTest::addColumn<int>("expectedFailure");  // -1 = not checked

    const QDir dir(QStringLiteral(SQUALL_SOURCE_DIR "/tests/rules/data/criteria"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 4);
    for (const QString &file : files) {
        QFile f(dir.filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        json::ParseError err;
        const Value doc = json::parse(f.readAll(), &err);
        QVERIFY2(err.ok(), qPrintable(file + u": " + err.message));
        const ValueList cases = doc.isList() ? doc.toList() : ValueList {doc};
        for (qsizetype i = 0; i < cases.size(); ++i) {
            const Value &c = cases.at(i);
            const QString tag = QStringLiteral("%1#%2 %3").arg(file).arg(i).arg(c[u"description"].toString());
            const Value failure = c[u"expected_failure"];
            QTest::newRow(qPrintable(tag)) << c[u"rule"] << c[u"payload"] << c[u"expected_match"].toBool()
                                           << (failure.isBool() ? int(failure.toBool()) : -1);
        }
    }
}

void TestMatcher::criteriaFiles()
{
    QFETCH(Value, rule);
    QFETCH(Value, payload);
    QFETCH(bool, expectedMatch);
    QFETCH(int, expectedFailure);

    ValueDict doc = rule.toDict();
    if (!doc.contains(u"enabled"))
        doc.insert(QStringLiteral("enabled"), true);
    doc.insert(QStringLiteral("name"), QStringLiteral("case"));
    const RulePtr compiled = std::make_shared<const CompiledRule>(Value(std::move(doc)));

    const expr::DictScope extra(makeDict({{QStringLiteral("st2kv"), datastore()}}));
    const RuleMatcher matcher(&extra);
    const RuleEvaluation e = matcher.evaluate(compiled, payload, true);
    QVERIFY2(e.matched == expectedMatch, qPrintable(e.failureReason));
    if (expectedFailure >= 0)
        QCOMPARE(!e.failureReason.isEmpty(), bool(expectedFailure));
    // The fast path agrees with the traced one.
    const MatchResult fast = matcher.match({compiled}, payload);
    QCOMPARE(fast.matched.size(), expectedMatch ? 1 : 0);
    QCOMPARE(fast.failures.size(), e.failureReason.isEmpty() ? 0 : 1);
}

void TestMatcher::paths_data()
{
    // Every key below was run through jsonpath_rw 1.4's parse(key).find(...)
    // over {"trigger": payload, "system": ...}, the way StackStorm's
    // PayloadLookup does: the first match is compared, a parse error or an
    // exception during find() is a criteria error.
    QTest::addColumn<QString>("key");
    // JSON of the first match, "-" for no match, "!" for a key that does not
    // parse, "E:<kind>" for a lookup that raises.
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *key, const char *expected) {
        QTest::newRow(key) << QString::fromUtf8(key) << QString::fromUtf8(expected);
    };
    row("trigger.a", "1");
    row("trigger.b.c", "\"deep\"");
    row("trigger.a#anything", "1");
    row("trigger.a#", "1");
    row("trigger", "-payload");
    row("$.trigger.a", "1");
    row("$", "-context");
    row("trigger.$.trigger.a", "1");
    row("trigger . b . c", "\"deep\"");
    row("  trigger.a  ", "1");
    row("trigger.list[1]", "20");
    row("trigger.list.[1]", "20");
    row("trigger.list[ 1 ]", "20");
    row("trigger.list[-1]", "30");
    row("trigger.list[5]", "-");
    row("trigger.list[*]", "10");
    row("trigger.list[1:]", "20");
    row("trigger.list[:2]", "10");
    row("trigger.list[-1:]", "30");
    row("trigger.list[5:]", "-");
    row("trigger.objs[*].id", "\"x\"");
    row("trigger.objs[*].only2", "true");
    row("trigger.objs[1].id", "\"y\"");
    row("trigger.b[*]", "{\"c\": \"deep\"}");  // a dict is sliced as a one-element list
    row("trigger.a[*]", "1");
    row("trigger.name[0]", "\"a\"");            // strings index by character
    row("trigger.name[-1]", "\"c\"");
    row("trigger.h['X-Dash']", "\"d\"");
    row("trigger.h[\"with space\"]", "\"s\"");
    row("trigger.h['a.b']", "\"dot\"");
    row("trigger.h.'a.b'", "\"dot\"");
    row("trigger.h.\"with space\"", "\"s\"");
    row("trigger.h['it\\'s']", "\"q\"");
    row("trigger.h.X-Dash", "\"d\"");
    row("trigger.h[X-Dash]", "\"d\"");
    row("trigger.h['X-Dash','a.b']", "\"d\"");
    row("trigger.h.@at", "\"at\"");
    row("trigger.h._u", "\"u\"");
    row("trigger.h.'*'", "\"d\"");               // a quoted * is still every field
    row("trigger.b.*", "\"deep\"");
    row("trigger.*.c", "\"deep\"");
    row("*.a", "1");
    row("trigger..c", "\"deep\"");
    row("trigger..id", "\"x\"");
    row("trigger.a,zzz", "1");
    row("trigger.zzz,a", "1");
    row("trigger.zzz|trigger", "-");             // | binds tighter than .: trigger.(zzz|trigger)
    row("(trigger.zzz)|(trigger.a)", "1");
    row("trigger.objs[*] where only2", "{\"id\": \"y\", \"only2\": true}");
    row("trigger.b.`this`.c", "\"deep\"");
    row("trigger.b.c.`parent`.c", "\"deep\"");
    row("trigger.list", "[10, 20, 30]");
    row("trigger.n", "null");
    row("trigger.zzz", "-");
    row("trigger.list.x", "-");
    row("trigger.name.x", "-");
    row("other.a", "-");
    row("item.a", "-");
    row("system.admin", "\"stanley\"");
    row("system.nothing", "\"\"");
    // Lookups that raise in jsonpath_rw: a criteria error, never a silent miss.
    row("trigger.b[0]", "E:KeyError");           // len(dict) > 0, then dict[0]
    row("trigger.b[1]", "-");                    // len(dict) == 1: no match
    row("trigger.a[0]", "E:TypeError");          // len(int)
    row("trigger.n[0]", "E:TypeError");
    row("trigger.n[*]", "E:TypeError");
    row("trigger.f[*]", "E:TypeError");          // floats are not wrapped
    row("trigger.empty[-1]", "E:IndexError");
    row("trigger.a&trigger.a", "E:NotImplementedError");
    row("`parent`", "E:AttributeError");
    // Keys jsonpath_rw cannot parse.
    row("", "!");
    row("   ", "!");
    row("#x", "!");
    row("trigger.", "!");
    row(".trigger", "!");
    row("trigger..", "!");
    row("trigger.a.", "!");
    row("trigger.0", "!");                       // a number is not a field name
    row("trigger.1a", "!");
    row("trigger.a b", "!");
    row("trigger.a-", "-");                      // '-' may follow the first character
    row("trigger.-a", "!");
    row("trigger.é", "!");                       // names are ASCII
    row("trigger.a$b", "!");
    row("trigger.list[1", "!");
    row("trigger.list[]", "!");
    row("trigger.list[a:b]", "!");
    row("trigger.list[1:2:3]", "!");
    row("trigger.h['open", "!");
    row("trigger.h[*,a]", "!");
    row("trigger.*,a", "!");
    row("trigger.where", "!");                   // reserved word
    row("trigger.'where'", "-");
    row("trigger.`self`", "!");
    row("trigger.a?", "!");
    row("trigger.a=1", "!");
    row("trigger[0", "!");
    row("trigger.(a", "!");
    row("trigger.h['a#b']", "!");                // everything from the first '#' is dropped, quotes or not
}

void TestMatcher::paths()
{
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const Value payload = J("{\"a\": 1, \"b\": {\"c\": \"deep\"}, \"list\": [10, 20, 30], \"n\": null, \"f\": 1.5,"
                            " \"name\": \"abc\", \"empty\": [],"
                            " \"objs\": [{\"id\": \"x\"}, {\"id\": \"y\", \"only2\": true}],"
                            " \"h\": {\"X-Dash\": \"d\", \"with space\": \"s\", \"a.b\": \"dot\", \"it's\": \"q\","
                            " \"@at\": \"at\", \"_u\": \"u\", \"where\": \"w\"}}");
    const Value context = makeDict({{QStringLiteral("trigger"), payload}, {QStringLiteral("system"),
                        Value(std::shared_ptr<const ValueObject>(std::make_shared<SystemScope>()))}});
    const CriteriaPath path(key);
    if (expected == u"!") {
        QVERIFY2(!path.isValid(), qPrintable(key));
        QVERIFY(path.errorString().contains(u"invalid criteria key"));
        return;
    }
    QVERIFY2(path.isValid(), qPrintable(path.errorString()));
    Value out;
    bool found = false;
    try {
        found = path.findFirst(context, &out);
    } catch (const SquallException &e) {
        QCOMPARE(QStringLiteral("E:") + e.error().kind, expected);
        return;
    }
    QVERIFY2(!expected.startsWith(u"E:"), "the lookup did not raise");
    if (expected == u"-") {
        QVERIFY2(!found, qPrintable(json::toString(out)));
        return;
    }
    QVERIFY(found);
    if (expected == u"-payload")
        QCOMPARE(out, payload);
    else if (expected == u"-context")
        QVERIFY(out.isDict() && out.contains(u"trigger"));
    else if (expected == u"\"\"" || expected == u"\"stanley\"")
        QCOMPARE(out, json::parse(QStringView(expected)));
    else
        QCOMPARE(json::toString(out), json::toString(json::parse(QStringView(expected))));
}

void TestMatcher::badKeysNeverMatch_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("op");
    QTest::newRow("unparseable, nexists") << "trigger..x." << "nexists";
    QTest::newRow("unparseable, exists") << "trigger.0" << "exists";
    QTest::newRow("raises, nexists") << "trigger.b[0]" << "nexists";
    QTest::newRow("raises, nequals") << "trigger.a[0]" << "nequals";
}

void TestMatcher::badKeysNeverMatch()
{
    QFETCH(QString, key);
    QFETCH(QString, op);
    ValueDict criteria;
    criteria.insert(key, makeDict({{QStringLiteral("type"), op}, {QStringLiteral("pattern"), 7}}));
    const RulePtr rule = makeRule(QStringLiteral("keys"), Value(std::move(criteria)));
    const RuleMatcher matcher;
    const MatchResult r = matcher.match({rule}, J("{\"a\": 1, \"b\": {\"c\": 2}}"));
    QVERIFY(r.matched.isEmpty());
    // Reported like any criteria error: a failed enforcement with the reason.
    QCOMPARE(r.failures.size(), 1);
    QVERIFY2(r.failures.first().failureReason.contains(key), qPrintable(r.failures.first().failureReason));
    const RuleEvaluation e = matcher.evaluate(rule, J("{\"a\": 1, \"b\": {\"c\": 2}}"));
    QCOMPARE(e.trace.size(), 1);
    QVERIFY(!e.trace.first().error.isEmpty());
    QVERIFY(!e.trace.first().result);
}

void TestMatcher::compiledRuleFields()
{
    const CompiledRule r(J("{\"name\": \"r1\", \"pack\": \"p\", \"trigger\": {\"type\": \"core.st2.webhook\","
                           " \"parameters\": {\"url\": \"x\"}}, \"action\": {\"ref\": \"core.local\","
                           " \"parameters\": {\"cmd\": \"date\"}}}"));
    QCOMPARE(r.ref(), QStringLiteral("p.r1"));
    QCOMPARE(r.uid(), QStringLiteral("rule:p:r1"));
    QVERIFY(!r.enabled());  // rules default to disabled
    QVERIFY(!r.isBackstop());
    QCOMPARE(r.triggerType(), QStringLiteral("core.st2.webhook"));
    QCOMPARE(r.triggerRef(), QStringLiteral("core.st2.webhook"));
    QCOMPARE(r.triggerParameters(), J("{\"url\": \"x\"}"));
    QCOMPARE(r.actionRef(), QStringLiteral("core.local"));
    QCOMPARE(r.actionParameters(), J("{\"cmd\": \"date\"}"));
    QVERIFY(r.isValid());
    QCOMPARE(r.source()[u"name"], Value(QStringLiteral("r1")));

    const CompiledRule d(J("{\"name\": \"r2\", \"trigger\": {\"type\": \"t\", \"ref\": \"p.t_abc\"},"
                           " \"type\": {\"ref\": \"backstop\"}, \"enabled\": true}"));
    QCOMPARE(d.ref(), QStringLiteral("default.r2"));
    QCOMPARE(d.triggerRef(), QStringLiteral("p.t_abc"));
    QVERIFY(d.isBackstop());
    QVERIFY(d.enabled());
}

void TestMatcher::compileErrors()
{
    const CompiledRule r(J("{\"name\": \"bad\", \"enabled\": true, \"criteria\": {"
                           " \"trigger.a\": {\"type\": \"frob\", \"pattern\": 1},"
                           " \"trigger.b\": {\"type\": \"regex\", \"pattern\": \"(\"},"
                           " \"trigger.c[\": {\"type\": \"equals\", \"pattern\": 1},"
                           " \"trigger.d\": {\"type\": \"equals\", \"pattern\": \"{{ oops \"},"
                           " \"trigger.e\": {\"pattern\": 1},"
                           " \"trigger.f\": {\"type\": \"search\", \"condition\": \"any\", \"pattern\": 3}}}"));
    QCOMPARE(r.errors().size(), 6);
    QCOMPARE(r.errors().at(0).field, QStringLiteral("criteria.trigger.a"));
    QCOMPARE(r.errors().at(0).message, QStringLiteral("Invalid operator: frob"));
    QVERIFY(r.errors().at(1).message.contains(u"re.error"));
    QVERIFY(r.errors().at(2).message.contains(u"invalid criteria key"));
    QCOMPARE(r.errors().at(4).field, QStringLiteral("criteria.trigger.e.type"));
    // Compile errors never throw at match time: they fail the criterion.
    const RuleMatcher matcher;
    const RuleEvaluation e = matcher.evaluate(std::make_shared<const CompiledRule>(r.source()), J("{\"a\": 1}"));
    QVERIFY(!e.matched);
    QVERIFY(e.failureReason.contains(u"Invalid operator: frob"));
}

void TestMatcher::backstopTwoPass()
{
    const RulePtr standard = makeRule(QStringLiteral("standard"), J("{\"trigger.kind\": {\"type\": \"eq\", \"pattern\": \"a\"}}"));
    const RulePtr other = makeRule(QStringLiteral("other"), J("{\"trigger.kind\": {\"type\": \"eq\", \"pattern\": \"b\"}}"));
    const RulePtr backstop = makeRule(QStringLiteral("backstop"), J("{}"), true);
    const RulePtr pickyBackstop = makeRule(QStringLiteral("picky"), J("{\"trigger.kind\": {\"type\": \"eq\", \"pattern\": \"z\"}}"), true);
    const QList<RulePtr> all {backstop, standard, pickyBackstop, other};
    const RuleMatcher matcher;

    // A standard rule matched: backstops are not considered.
    QCOMPARE(refs(matcher.match(all, J("{\"kind\": \"a\"}")).matched), QStringList {QStringLiteral("tests.standard")});
    // Nothing standard matched: the backstops run through the same filter.
    QCOMPARE(refs(matcher.match(all, J("{\"kind\": \"c\"}")).matched), QStringList {QStringLiteral("tests.backstop")});
    QCOMPARE(refs(matcher.match(all, J("{\"kind\": \"z\"}")).matched),
             (QStringList {QStringLiteral("tests.backstop"), QStringLiteral("tests.picky")}));
    // explain() reports skipped backstops.
    const QList<RuleEvaluation> ex = matcher.explain(all, J("{\"kind\": \"b\"}"));
    QCOMPARE(ex.size(), 4);
    QCOMPARE(ex.at(0).rule->name(), QStringLiteral("standard"));
    QVERIFY(!ex.at(0).matched);
    QVERIFY(ex.at(1).matched);
    QVERIFY(ex.at(2).skipped);
    QVERIFY(ex.at(3).skipped);
    // A disabled standard rule that would match does not suppress backstops.
    const RulePtr disabled = makeRule(QStringLiteral("off"), J("{}"), false, false);
    QCOMPARE(refs(matcher.match({disabled, backstop}, J("{\"kind\": \"x\"}")).matched),
             QStringList {QStringLiteral("tests.backstop")});
}

void TestMatcher::disabledRulesAreNotIndexed()
{
    RuleIndex index;
    index.upsert(makeRule(QStringLiteral("on"), J("{}")));
    index.upsert(makeRule(QStringLiteral("off"), J("{}"), false, false));
    QCOMPARE(index.size(), 2);
    QCOMPARE(refs(index.rulesFor(QStringLiteral("core.st2.webhook"))), QStringList {QStringLiteral("tests.on")});
    QVERIFY(index.rule(QStringLiteral("tests.off")));
}

void TestMatcher::failureReasons()
{
    const RulePtr bad = makeRule(QStringLiteral("bad"), J("{\"trigger.n\": {\"type\": \"lt\", \"pattern\": \"10\"}}"));
    const RulePtr good = makeRule(QStringLiteral("good"), J("{\"trigger.n\": {\"type\": \"lt\", \"pattern\": 10}}"));
    const RuleMatcher matcher;
    const MatchResult r = matcher.match({bad, good}, J("{\"n\": 5}"));
    QCOMPARE(refs(r.matched), QStringList {QStringLiteral("tests.good")});
    QCOMPARE(r.failures.size(), 1);
    QCOMPARE(r.failures.first().rule, bad);
    QVERIFY2(r.failures.first().failureReason.contains(u"tests.bad"), qPrintable(r.failures.first().failureReason));
    QVERIFY(r.failures.first().failureReason.contains(u"TypeError"));
    QVERIFY(r.failures.first().failureReason.contains(u"'<' not supported"));
}

void TestMatcher::traceForRuleTest()
{
    const RulePtr rule = makeRule(QStringLiteral("t"), J("{\"trigger.a\": {\"type\": \"equals\", \"pattern\": \"{{ trigger.b }}\"},"
                                                         " \"trigger.c#x\": {\"type\": \"gt\", \"pattern\": 5},"
                                                         " \"trigger.d\": {\"type\": \"exists\"}}"));
    const RuleMatcher matcher;
    const RuleEvaluation e = matcher.evaluate(rule, J("{\"a\": 2, \"b\": 2, \"c\": 3, \"d\": 1}"));
    QVERIFY(!e.matched);
    // Evaluation stops at the first false criterion.
    QCOMPARE(e.trace.size(), 2);
    QCOMPARE(e.trace.at(0).key, QStringLiteral("trigger.a"));
    QCOMPARE(e.trace.at(0).op, QStringLiteral("equals"));
    QCOMPARE(e.trace.at(0).value, Value(2));
    QCOMPARE(e.trace.at(0).pattern, Value(2));
    QVERIFY(e.trace.at(0).pattern.isInt());
    QVERIFY(e.trace.at(0).result);
    QCOMPARE(e.trace.at(1).key, QStringLiteral("trigger.c#x"));
    QCOMPARE(e.trace.at(1).value, Value(3));
    QVERIFY(!e.trace.at(1).result);
    QVERIFY(e.trace.at(1).error.isEmpty());
}

void TestMatcher::ruleIndex()
{
    RuleIndex index;
    const RulePtr a = makeRule(QStringLiteral("a"), J("{}"));
    index.upsert(a);
    index.upsert(makeRule(QStringLiteral("b"), J("{}")), QStringLiteral("custom.key"));
    QCOMPARE(index.rulesFor(QStringLiteral("core.st2.webhook")).size(), 1);
    QCOMPARE(index.rulesFor(QStringLiteral("custom.key")).size(), 1);
    QVERIFY(index.rulesFor(QStringLiteral("nothing")).isEmpty());

    // Upserting the same ref replaces, also across keys.
    index.upsert(makeRule(QStringLiteral("a"), J("{}")), QStringLiteral("custom.key"));
    QCOMPARE(index.size(), 2);
    QVERIFY(index.rulesFor(QStringLiteral("core.st2.webhook")).isEmpty());
    QCOMPARE(index.rulesFor(QStringLiteral("custom.key")).size(), 2);
    // Disabling through an upsert removes it from dispatch.
    index.upsert(makeRule(QStringLiteral("a"), J("{}"), false, false), QStringLiteral("custom.key"));
    QCOMPARE(refs(index.rulesFor(QStringLiteral("custom.key"))), QStringList {QStringLiteral("tests.b")});
    QVERIFY(index.remove(QStringLiteral("tests.b")));
    QVERIFY(!index.remove(QStringLiteral("tests.b")));
    QVERIFY(index.rulesFor(QStringLiteral("custom.key")).isEmpty());
    QCOMPARE(index.size(), 1);
    index.clear();
    QCOMPARE(index.size(), 0);
}

void TestMatcher::ruleIndexLookupIsPerKey()
{
    RuleIndex index;
    for (int i = 0; i < 2000; ++i)
        index.upsert(makeRule(QStringLiteral("r%1").arg(i), J("{}")), QStringLiteral("key%1").arg(i % 100));
    QCOMPARE(index.rulesFor(QStringLiteral("key7")).size(), 20);
    QCOMPARE(index.rulesFor(QStringLiteral("key7")).first()->name(), QStringLiteral("r7"));
}

void TestMatcher::candidatesAreASupersetOfMatches()
{
    RuleIndex index;
    const QString key = QStringLiteral("core.st2.webhook");
    index.upsert(makeRule(QStringLiteral("a"), J("{\"trigger.kind\": {\"type\": \"equals\", \"pattern\": \"a\"}}")));
    index.upsert(makeRule(QStringLiteral("one"), J("{\"trigger.kind\": {\"type\": \"equals\", \"pattern\": 1}}")));
    // Not first / not equals / templated: never pruned.
    index.upsert(makeRule(QStringLiteral("gt"), J("{\"trigger.n\": {\"type\": \"gt\", \"pattern\": 1}}")));
    index.upsert(makeRule(QStringLiteral("second"), J("{\"trigger.n\": {\"type\": \"lt\", \"pattern\": \"x\"},"
                                                    " \"trigger.kind\": {\"type\": \"equals\", \"pattern\": \"zzz\"}}")));
    index.upsert(makeRule(QStringLiteral("tmpl"), J("{\"trigger.kind\": {\"type\": \"equals\", \"pattern\": \"{{ trigger.k2 }}\"}}")));
    index.upsert(makeRule(QStringLiteral("b"), J("{\"trigger.other\": {\"type\": \"eq\", \"pattern\": \"b\"}}")));
    index.upsert(makeRule(QStringLiteral("empty"), J("{}")));
    QCOMPARE(index.rulesFor(key).size(), 7);

    const auto names = [&](const char *payload) {
        QStringList out;
        for (const RulePtr &r : index.candidatesFor(key, J(payload)))
            out.append(r->name());
        return out.join(u',');
    };
    QCOMPARE(names("{\"kind\": \"a\"}"), QStringLiteral("a,gt,second,tmpl,empty"));
    // 1 == 1.0 == True in Python: all hash alike.
    QCOMPARE(names("{\"kind\": 1.0}"), QStringLiteral("one,gt,second,tmpl,empty"));
    QCOMPARE(names("{\"kind\": true}"), QStringLiteral("one,gt,second,tmpl,empty"));
    QCOMPARE(names("{\"kind\": \"1\"}"), QStringLiteral("gt,second,tmpl,empty"));
    QCOMPARE(names("{\"kind\": \"a\", \"other\": \"b\"}"), QStringLiteral("a,gt,second,tmpl,b,empty"));
    QCOMPARE(names("{\"kind\": [\"a\"]}"), QStringLiteral("gt,second,tmpl,empty"));
    // A rule whose errors come before its equals is still evaluated (and its failure recorded).
    const RuleMatcher matcher;
    const MatchResult r = matcher.match(index.candidatesFor(key, J("{\"kind\": \"q\", \"n\": 5}")),
                                        J("{\"kind\": \"q\", \"n\": 5, \"k2\": \"zz\"}"));
    QCOMPARE(refs(r.matched), (QStringList {QStringLiteral("tests.gt"), QStringLiteral("tests.empty")}));
    QCOMPARE(r.failures.size(), 1);
    QCOMPARE(r.failures.first().rule->name(), QStringLiteral("second"));
    // Removal keeps the hash consistent.
    QVERIFY(index.remove(QStringLiteral("tests.a")));
    QCOMPARE(names("{\"kind\": \"a\"}"), QStringLiteral("gt,second,tmpl,empty"));
}

QTEST_GUILESS_MAIN(TestMatcher)
#include "tst_matcher.moc"
