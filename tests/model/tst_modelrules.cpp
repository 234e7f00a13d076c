#include "base/Json.h"
#include "base/Python.h"
#include "base/Yaml.h"
#include "model/Builtins.h"
#include "model/DocumentLoader.h"
#include "model/RuleNormalizer.h"

#include <QFile>
#include <QtTest>

using namespace squall;

namespace {

QStringList lines(const QList<Error> &errors)
{
    QStringList out;
    for (const Error &e : errors)
        out.append(e.toString());
    return out;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The seed's rule documents, as the repository keeps them (docs/examples).
QString exampleFile(const QString &name)
{
    return QStringLiteral(SQUALL_SOURCE_DIR "/docs/examples/") + name;
}

// The JSON object that follows `marker` in the seed article (shared data, absent
// from a lone clone).
QByteArray seedRule(const QString &marker)
{
    const QString text = QString::fromUtf8(readFile(QStringLiteral(SQUALL_SHARED_DIR "/seed/stackstorm-article-fr.txt")));
    const qsizetype at = text.indexOf(marker);
    if (at < 0)
        return {};
    const qsizetype start = text.indexOf(u'{', at);
    int depth = 0;
    bool inString = false;
    for (qsizetype i = start; i < text.size(); ++i) {
        const QChar c = text[i];
        if (inString) {
            if (c == u'\\')
                ++i;
            else if (c == u'"')
                inString = false;
            continue;
        }
        if (c == u'"')
            inString = true;
        else if (c == u'{')
            ++depth;
        else if (c == u'}' && --depth == 0)
            return text.mid(start, i - start + 1).toUtf8();
    }
    return {};
}

Value normalize(const QByteArray &text, QList<Error> *errors, const QString &packHint = {},
                const QString &file = QStringLiteral("rule.yaml"))
{
    const auto doc = model::loadDocumentText(text, file, errors);
    if (!doc)
        return Value();
    return model::normalizeRule(doc->value, doc->locations.get(), packHint, errors, file);
}

} // namespace

class TestModelRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seedRulesNormalizeUnchanged_data();
    void seedRulesNormalizeUnchanged();
    void examplesMatchSeedArticle_data();
    void examplesMatchSeedArticle();
    void yamlRuleDefaults();
    void packHintAndExplicitPack();
    void backstopAndTags();
    void operatorNamesAsWritten_data();
    void operatorNamesAsWritten();
    void badRules_data();
    void badRules();
    void jsonSyntaxError();
    void triggerParameters_data();
    void triggerParameters();
};

void TestModelRules::seedRulesNormalizeUnchanged_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("ref");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QString>("triggerType");
    QTest::newRow("webhook") << exampleFile(QStringLiteral("sample2_rule_with_webhook.json"))
                             << QStringLiteral("ineat.sample_rule_with_webhook") << true
                             << QStringLiteral("core.st2.webhook");
    QTest::newRow("cron") << exampleFile(QStringLiteral("sample_rule_with_cron.json"))
                          << QStringLiteral("ineat.sample_rule_with_cron") << false
                          << QStringLiteral("core.st2.IntervalTimer");
}

void TestModelRules::seedRulesNormalizeUnchanged()
{
    QFETCH(QString, file);
    QFETCH(QString, ref);
    QFETCH(bool, enabled);
    QFETCH(QString, triggerType);
    const QByteArray text = readFile(file);
    QVERIFY2(!text.isEmpty(), qPrintable(file + QStringLiteral(" is missing or empty")));
    json::ParseError perr;
    const Value original = json::parse(text, &perr);
    QVERIFY(perr.ok());

    QList<Error> errors;
    const Value rule = normalize(text, &errors, QString(), QStringLiteral("seed.json"));
    QVERIFY2(errors.isEmpty(), qPrintable(lines(errors).join(u'\n')));
    QCOMPARE(rule, original);  // nothing added, dropped or changed
    QCOMPARE(rule.toDict().keys().size(), original.toDict().keys().size());
    QCOMPARE(rule[u"ref"].toString(), ref);
    QCOMPARE(rule[u"pack"].toString(), QStringLiteral("ineat"));
    QCOMPARE(rule[u"enabled"].toBool(), enabled);
    QVERIFY(rule[u"enabled"].isBool());
    QCOMPARE(rule[u"trigger"][u"type"].toString(), triggerType);
    QCOMPARE(rule[u"trigger"][u"ref"], original[u"trigger"][u"ref"]);
    QCOMPARE(rule[u"criteria"], original[u"criteria"]);
    QCOMPARE(rule[u"id"], original[u"id"]);
    QCOMPARE(rule[u"action"][u"description"], original[u"action"][u"description"]);

    // The trigger parameters satisfy the built-in trigger type.
    const model::TriggerTypeDef *tt = model::findBuiltinTriggerType(triggerType);
    QVERIFY(tt);
    QCOMPARE(model::checkTriggerParameters(*tt, rule[u"trigger"][u"parameters"], nullptr, &errors), 0);
}

// The repository's copies of the seed's rule documents are the article's, unchanged.
void TestModelRules::examplesMatchSeedArticle_data()
{
    QTest::addColumn<QString>("marker");
    QTest::addColumn<QString>("file");
    if (!QFile::exists(QStringLiteral(SQUALL_SHARED_DIR "/seed/stackstorm-article-fr.txt")))
        QSKIP("the shared seed article (../shared/seed) is not beside this checkout");
    QTest::newRow("webhook") << QStringLiteral("sample2_rule_with_webhook.yaml :")
                             << exampleFile(QStringLiteral("sample2_rule_with_webhook.json"));
    QTest::newRow("cron") << QStringLiteral("sample_rule_with_cron.yaml :")
                          << exampleFile(QStringLiteral("sample_rule_with_cron.json"));
}

void TestModelRules::examplesMatchSeedArticle()
{
    QFETCH(QString, marker);
    QFETCH(QString, file);
    const QByteArray fromArticle = seedRule(marker);
    QVERIFY2(!fromArticle.isEmpty(), "seed rule not found in the article");
    QCOMPARE(json::parse(readFile(file)), json::parse(fromArticle));
}

void TestModelRules::yamlRuleDefaults()
{
    QList<Error> errors;
    const Value rule = normalize("name: r\ntrigger:\n  type: core.st2.webhook\n  parameters: {url: x}\n"
                                 "action:\n  ref: core.local\n",
                                 &errors);
    QVERIFY(errors.isEmpty());
    QCOMPARE(json::toString(rule),
             QStringLiteral("{\"tags\":[],\"uid\":\"rule:default:r\",\"metadata_file\":\"\",\"name\":\"r\","
                            "\"ref\":\"default.r\",\"description\":\"\",\"pack\":\"default\","
                            "\"type\":{\"ref\":\"standard\",\"parameters\":{}},"
                            "\"trigger\":{\"type\":\"core.st2.webhook\",\"parameters\":{\"url\":\"x\"}},"
                            "\"criteria\":{},\"action\":{\"ref\":\"core.local\",\"parameters\":{}},"
                            "\"context\":{},\"enabled\":false}"));
    // YAML 1.1 booleans count.
    const Value on = normalize("name: r\nenabled: yes\ntrigger: {type: a.b}\naction: {ref: c.d}\n", &errors);
    QCOMPARE(on[u"enabled"], Value(true));
}

void TestModelRules::packHintAndExplicitPack()
{
    QList<Error> errors;
    const QByteArray base = "name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\n";
    const Value hinted = normalize(base, &errors, QStringLiteral("mypack"));
    QCOMPARE(hinted[u"pack"].toString(), QStringLiteral("mypack"));
    QCOMPARE(hinted[u"uid"].toString(), QStringLiteral("rule:mypack:r"));
    const Value explicitPack = normalize(base + "pack: other\n", &errors, QStringLiteral("mypack"));
    QCOMPARE(explicitPack[u"ref"].toString(), QStringLiteral("other.r"));
    QVERIFY(errors.isEmpty());
}

void TestModelRules::backstopAndTags()
{
    QList<Error> errors;
    const Value rule = normalize("name: r\ntype: {ref: backstop}\ntags: [{name: team, value: ops}]\n"
                                 "trigger: {type: a.b, custom: 1}\naction: {ref: c.d, parameters: {x: 1}}\n"
                                 "context: {user: me}\nid: 5fa3b7abefbface9864e1fb7\n",
                                 &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(lines(errors).join(u'\n')));
    QCOMPARE(rule[u"type"][u"ref"].toString(), QStringLiteral("backstop"));
    QCOMPARE(rule[u"tags"][0][u"value"].toString(), QStringLiteral("ops"));
    QCOMPARE(rule[u"trigger"][u"custom"].toInt(), 1);  // trigger allows extra keys
    QCOMPARE(rule[u"context"][u"user"].toString(), QStringLiteral("me"));
    QCOMPARE(rule[u"id"].toString(), QStringLiteral("5fa3b7abefbface9864e1fb7"));
}

void TestModelRules::operatorNamesAsWritten_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<bool>("known");
    for (const QString &op : model::criteriaOperators())
        QTest::newRow(qPrintable(op)) << op << true;
    // StackStorm's API checks the name as written: only the lower-case spellings exist.
    QTest::newRow("upper") << QStringLiteral("EQUALS") << false;
    QTest::newRow("mixed") << QStringLiteral("MatchWildcard") << false;
    QTest::newRow("capitalised") << QStringLiteral("Equals") << false;
    QTest::newRow("unknown") << QStringLiteral("like") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestModelRules::operatorNamesAsWritten()
{
    QFETCH(QString, op);
    QFETCH(bool, known);
    QCOMPARE(model::isKnownCriteriaOperator(op), known);
    QCOMPARE(model::criteriaOperators().size(), 33);
}

void TestModelRules::badRules_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("not-a-mapping") << QByteArray("- a\n- b\n")
                                   << QStringList{QStringLiteral("rule.yaml:1:1: must be a mapping, not list")};
    QTest::newRow("name-not-string") << QByteArray("name: [x]\ntrigger: {type: a.b}\naction: {ref: c.d}\n")
                                     << QStringList{QStringLiteral("rule.yaml:1:1: name: must be a string, not list")};
    QTest::newRow("trigger-without-type") << QByteArray("name: r\ntrigger: {parameters: {}}\naction: {ref: c.d}\n")
                                          << QStringList{QStringLiteral("rule.yaml:2:1: trigger.type: is required")};
    QTest::newRow("action-without-ref") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {parameters: {}}\n")
                                        << QStringList{QStringLiteral("rule.yaml:3:1: action.ref: is required")};
    QTest::newRow("criteria-list") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\ncriteria: [a]\n")
                                   << QStringList{QStringLiteral("rule.yaml:4:1: criteria: must be an object, not list")};
    QTest::newRow("search-pattern") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\n"
                                                  "criteria:\n  trigger.items:\n    type: search\n    condition: any\n"
                                                  "    pattern: x\n")
                                    << QStringList{QStringLiteral("rule.yaml:8:5: criteria.trigger.items.pattern: a "
                                                                  "search pattern must be an object of item criteria")};
    QTest::newRow("operator-case") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\n"
                                                 "criteria:\n  trigger.x:\n    type: Equals\n    pattern: 1\n")
                                   << QStringList{QStringLiteral("rule.yaml:6:5: criteria.trigger.x.type: unknown "
                                                                 "criteria operator 'Equals' for 'trigger.x' (operator "
                                                                 "names are lower case: 'equals')")};
    QTest::newRow("unknown-operator") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\n"
                                                    "criteria:\n  trigger.x:\n    type: like\n    pattern: 1\n")
                                      << QStringList{QStringLiteral("rule.yaml:6:5: criteria.trigger.x.type: unknown "
                                                                    "criteria operator 'like' for 'trigger.x'")};
    // Inside a search pattern StackStorm lower-cases the name when it runs, so any case works.
    QTest::newRow("search-child-case-ok") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\n"
                                                        "criteria:\n  trigger.items:\n    type: search\n"
                                                        "    condition: any\n    pattern:\n      item.x:\n"
                                                        "        type: Equals\n        pattern: 1\n")
                                          << QStringList{};
    QTest::newRow("search-child-unknown") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\n"
                                                        "criteria:\n  trigger.items:\n    type: search\n"
                                                        "    condition: any\n    pattern:\n      item.x:\n"
                                                        "        type: like\n        pattern: 1\n")
                                          << QStringList{QStringLiteral("rule.yaml:10:9: criteria.trigger.items.pattern."
                                                                        "item.x.type: unknown criteria operator 'like' "
                                                                        "for 'item.x'")};
    QTest::newRow("search-child-no-type") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\n"
                                                        "criteria:\n  trigger.items:\n    type: search\n"
                                                        "    condition: any\n    pattern:\n      item.x:\n"
                                                        "        pattern: 1\n")
                                          << QStringList{QStringLiteral("rule.yaml:9:7: criteria.trigger.items.pattern."
                                                                        "item.x.type: is required")};
    QTest::newRow("search-no-condition") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\n"
                                                       "criteria:\n  trigger.items:\n    type: search\n"
                                                       "    pattern:\n      item.x:\n        type: eq\n"
                                                       "        pattern: 1\n")
                                         << QStringList{QStringLiteral("rule.yaml:5:3: criteria.trigger.items.condition: "
                                                                       "a search criterion needs a condition (any, all, "
                                                                       "any2any or all2any)")};
    QTest::newRow("search-bad-condition") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\n"
                                                        "criteria:\n  trigger.items:\n    type: search\n"
                                                        "    condition: some\n    pattern: {}\n")
                                          << QStringList{QStringLiteral("rule.yaml:7:5: criteria.trigger.items.condition: "
                                                                        "unknown search condition 'some' (expected any, "
                                                                        "all, any2any or all2any)")};
    QTest::newRow("missing-pattern-warns") << QByteArray("name: r\ntrigger: {type: a.b}\naction: {ref: c.d}\n"
                                                         "criteria:\n  trigger.x:\n    type: eq\n")
                                           << QStringList{QStringLiteral("rule.yaml:5:3: criteria.trigger.x.pattern: "
                                                                         "operator 'eq' has no pattern: the criterion "
                                                                         "never matches")};
}

void TestModelRules::badRules()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, expected);
    QList<Error> errors;
    const Value rule = normalize(text, &errors);
    QCOMPARE(lines(errors), expected);
    bool onlyWarnings = true;
    for (const Error &e : errors)
        onlyWarnings = onlyWarnings && e.kind == QStringLiteral("warning");
    QCOMPARE(rule.isNull(), !onlyWarnings);
}

void TestModelRules::jsonSyntaxError()
{
    QList<Error> errors;
    const Value rule = normalize("{\n  \"name\": \"r\",\n  \"enabled\": tru\n}\n", &errors, QString(),
                                 QStringLiteral("r.json"));
    QVERIFY(rule.isNull());
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0].kind, QStringLiteral("json"));
    QCOMPARE(errors[0].location.file, QStringLiteral("r.json"));
    QCOMPARE(errors[0].location.line, 3);
    QVERIFY(errors[0].location.column > 0);

    // A YAML syntax error keeps the YAML parser's location.
    errors.clear();
    QVERIFY(normalize("name: [\n", &errors).isNull());
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0].kind, QStringLiteral("yaml"));
    QVERIFY(errors[0].location.line > 0);
}

void TestModelRules::triggerParameters_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("webhook-ok") << QStringLiteral("core.st2.webhook") << QByteArray("{url: hook}") << QStringList();
    QTest::newRow("webhook-missing-url") << QStringLiteral("core.st2.webhook") << QByteArray("{}")
                                         << QStringList{QStringLiteral("trigger.parameters.url: is required by trigger "
                                                                       "type core.st2.webhook")};
    QTest::newRow("interval-ok") << QStringLiteral("core.st2.IntervalTimer")
                                 << QByteArray("{unit: seconds, delta: 5, timezone: UTC}") << QStringList();
    QTest::newRow("interval-delta-string") << QStringLiteral("core.st2.IntervalTimer")
                                           << QByteArray("{unit: seconds, delta: five}")
                                           << QStringList{QStringLiteral("trigger.parameters.delta: must be of type "
                                                                         "integer, not str")};
    QTest::newRow("cron-string-or-int") << QStringLiteral("core.st2.CronTimer")
                                        << QByteArray("{minute: '*/5', hour: 3, day_of_week: mon-fri}") << QStringList();
    QTest::newRow("cron-bad-type") << QStringLiteral("core.st2.CronTimer") << QByteArray("{minute: [1]}")
                                   << QStringList{QStringLiteral("trigger.parameters.minute: has the wrong type (list)")};
    QTest::newRow("date-template") << QStringLiteral("core.st2.DateTimer") << QByteArray("{date: '{{ x }}'}")
                                   << QStringList();
    QTest::newRow("no-params-type") << QStringLiteral("core.st2.generic.actiontrigger") << QByteArray("{a: 1}")
                                    << QStringList{QStringLiteral("trigger.parameters: trigger type "
                                                                  "core.st2.generic.actiontrigger takes no parameters")};
}

void TestModelRules::triggerParameters()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, params);
    QFETCH(QStringList, expected);
    const model::TriggerTypeDef *tt = model::findBuiltinTriggerType(type);
    QVERIFY(tt);
    QList<Error> errors;
    model::checkTriggerParameters(*tt, yaml::load(params).value, nullptr, &errors);
    QCOMPARE(lines(errors), expected);
}

QTEST_GUILESS_MAIN(TestModelRules)
#include "tst_modelrules.moc"
