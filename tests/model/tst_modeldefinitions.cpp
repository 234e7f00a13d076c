#include "base/Python.h"
#include "base/Yaml.h"
#include "model/Builtins.h"
#include "model/DocumentLoader.h"
#include "model/Loaders.h"
#include "model/ParameterSchema.h"

#include <QtTest>

using namespace squall;

namespace {

// An action parsed from inline YAML, with locations under the name "inline.yaml".
model::ActionDef actionFrom(const QByteArray &yamlText, QList<Error> *errors = nullptr)
{
    const yaml::Document doc = yaml::load(yamlText, QStringLiteral("inline.yaml"));
    model::ActionDef a;
    a.name = doc.value[u"name"].toString();
    a.pack = QStringLiteral("t");
    a.runnerType = doc.value[u"runner_type"].toString();
    a.parameters = doc.value[u"parameters"];
    a.locations = doc.locations;
    a.metadataFile = QStringLiteral("inline.yaml");
    Q_UNUSED(errors);
    return a;
}

QStringList lines(const QList<Error> &errors)
{
    QStringList out;
    for (const Error &e : errors)
        out.append(e.toString());
    return out;
}

} // namespace

class TestModelDefinitions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtinRunnersLoad();
    void runnerParameters_data();
    void runnerParameters();
    void runnerAliases();
    void builtinTriggerTypes();
    void triggerSchemas();
    void toApiShapes();
    void parameterMetaSchema_data();
    void parameterMetaSchema();
    void mergedParameters();
    void mergedParametersRejectsOverride();
    void splitAndJsonSchema();
    void actionFromJsonAndYaml();
    void packVersionsAndRefs_data();
    void packVersionsAndRefs();
    void unreadableFile();
};

void TestModelDefinitions::builtinRunnersLoad()
{
    QVERIFY2(model::builtinLoadErrors().isEmpty(), qPrintable(lines(model::builtinLoadErrors()).join(u'\n')));
    QStringList names;
    for (const model::RunnerType &r : model::builtinRunnerTypes())
        names.append(r.name);
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("action-chain"), QStringLiteral("echo"),
                                 QStringLiteral("http-request"), QStringLiteral("inquirer"),
                                 QStringLiteral("local-shell-cmd"), QStringLiteral("local-shell-script"),
                                 QStringLiteral("noop"), QStringLiteral("orquesta"), QStringLiteral("python-script"),
                                 QStringLiteral("remote-shell-cmd"), QStringLiteral("remote-shell-script")}));
    for (const model::RunnerType &r : model::builtinRunnerTypes()) {
        QVERIFY(r.enabled);
        QVERIFY(!r.description.isEmpty());
        QVERIFY(r.runnerParameters.isDict());
    }
}

void TestModelDefinitions::runnerParameters_data()
{
    QTest::addColumn<QString>("runner");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("attribute");
    QTest::addColumn<QString>("expected");  // py::repr, or "<absent>"
    auto row = [](const char *runner, const char *param, const char *attr, const char *expected) {
        QTest::addRow("%s.%s.%s", runner, param, attr) << QString::fromUtf8(runner) << QString::fromUtf8(param)
                                                      << QString::fromUtf8(attr) << QString::fromUtf8(expected);
    };
    row("local-shell-cmd", "cmd", "type", "'string'");
    row("local-shell-cmd", "timeout", "default", "60");
    row("local-shell-cmd", "kwarg_op", "default", "'--'");
    row("local-shell-cmd", "sudo", "default", "False");
    row("local-shell-cmd", "sudo_password", "secret", "True");
    row("local-shell-cmd", "sudo_password", "default", "None");
    row("local-shell-script", "cmd", "type", "<absent>");
    row("local-shell-script", "debug", "default", "False");
    row("local-shell-script", "content_version", "type", "'string'");
    row("remote-shell-cmd", "hosts", "required", "True");
    row("remote-shell-cmd", "dir", "immutable", "True");
    row("remote-shell-cmd", "dir", "default", "'/tmp'");
    row("remote-shell-cmd", "cwd", "default", "'/tmp'");
    row("remote-shell-cmd", "parallel", "immutable", "True");
    row("remote-shell-cmd", "private_key", "secret", "True");
    row("remote-shell-cmd", "port", "type", "'integer'");
    row("remote-shell-script", "cmd", "type", "<absent>");
    row("remote-shell-script", "dir", "immutable", "<absent>");
    row("python-script", "timeout", "default", "600");
    row("python-script", "log_level", "default", "'DEBUG'");
    row("python-script", "log_level", "enum", "['AUDIT', 'CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG']");
    row("http-request", "url", "required", "True");
    row("http-request", "allow_redirects", "default", "False");
    row("http-request", "verify_ssl_cert", "default", "True");
    row("http-request", "password", "secret", "True");
    row("http-request", "url_hosts_blacklist", "type", "'array'");
    row("orquesta", "notify", "default", "[]");
    row("action-chain", "display_published", "default", "True");
    row("action-chain", "skip_notify", "type", "'array'");
    row("inquirer", "ttl", "default", "1440");
    row("inquirer", "route", "default", "''");
    row("inquirer", "roles", "default", "[]");
    row("inquirer", "schema", "default",
        "{'title': 'response_data', 'type': 'object', 'properties': {'continue': {'type': 'boolean', "
        "'description': 'Should the workflow go on?', 'required': True}}}");
    row("echo", "message", "type", "'string'");
}

void TestModelDefinitions::runnerParameters()
{
    QFETCH(QString, runner);
    QFETCH(QString, param);
    QFETCH(QString, attribute);
    QFETCH(QString, expected);
    const model::RunnerType *r = model::findBuiltinRunnerType(runner);
    QVERIFY(r);
    const Value *schema = r->runnerParameters.toDict().find(param);
    if (expected == u"<absent>" && attribute == u"type" && !schema)
        return;  // the parameter itself is absent
    QVERIFY2(schema, qPrintable(param));
    if (expected == u"<absent>") {
        QVERIFY(!schema->contains(attribute));
        return;
    }
    QCOMPARE(py::repr((*schema)[attribute]), expected);
}

void TestModelDefinitions::runnerAliases()
{
    QCOMPARE(model::findBuiltinRunnerType(u"orchestra")->name, QStringLiteral("orquesta"));
    QCOMPARE(model::findBuiltinRunnerType(u"http-runner")->name, QStringLiteral("http-request"));
    QVERIFY(!model::findBuiltinRunnerType(u"mistral-v2"));
    QCOMPARE(model::findBuiltinRunnerType(u"python-script")->outputKey, QStringLiteral("result"));
    QCOMPARE(model::findBuiltinRunnerType(u"http-request")->outputKey, QStringLiteral("body"));
    QCOMPARE(model::findBuiltinRunnerType(u"orquesta")->outputKey, QStringLiteral("output"));
    QCOMPARE(model::findBuiltinRunnerType(u"action-chain")->outputKey, QStringLiteral("published"));
    QCOMPARE(model::findBuiltinRunnerType(u"echo")->outputKey, QStringLiteral("stdout"));
    QVERIFY(model::findBuiltinRunnerType(u"local-shell-cmd")->outputKey.isEmpty());
    QVERIFY(model::findBuiltinRunnerType(u"noop")->runnerParameters.toDict().isEmpty());
}

void TestModelDefinitions::builtinTriggerTypes()
{
    QStringList refs;
    for (const model::TriggerTypeDef &t : model::builtinTriggerTypes()) {
        refs.append(t.ref());
        QCOMPARE(t.pack, QStringLiteral("core"));
        QVERIFY(!t.description.isEmpty());
        QCOMPARE(t.payloadSchema[u"type"].toString(), QStringLiteral("object"));
    }
    refs.sort();
    QCOMPARE(refs, (QStringList{
                       QStringLiteral("core.st2.CronTimer"), QStringLiteral("core.st2.DateTimer"),
                       QStringLiteral("core.st2.IntervalTimer"), QStringLiteral("core.st2.action.file_written"),
                       QStringLiteral("core.st2.generic.actiontrigger"), QStringLiteral("core.st2.generic.inquiry"),
                       QStringLiteral("core.st2.generic.notifytrigger"),
                       QStringLiteral("core.st2.key_value_pair.create"), QStringLiteral("core.st2.key_value_pair.delete"),
                       QStringLiteral("core.st2.key_value_pair.update"),
                       QStringLiteral("core.st2.key_value_pair.value_change"),
                       QStringLiteral("core.st2.sensor.process_exit"), QStringLiteral("core.st2.sensor.process_spawn"),
                       QStringLiteral("core.st2.webhook")}));
}

void TestModelDefinitions::triggerSchemas()
{
    const model::TriggerTypeDef *webhook = model::findBuiltinTriggerType(u"core.st2.webhook");
    QVERIFY(webhook && webhook->hasParameters());
    QCOMPARE(py::repr(webhook->parametersSchema),
             QStringLiteral("{'type': 'object', 'properties': {'url': {'type': 'string', 'required': True}}, "
                            "'additionalProperties': False}"));
    QCOMPARE(py::repr(webhook->payloadSchema[u"properties"][u"body"]),
             QStringLiteral("{'anyOf': [{'type': 'array'}, {'type': 'object'}]}"));

    const model::TriggerTypeDef *interval = model::findBuiltinTriggerType(u"core.st2.IntervalTimer");
    QCOMPARE(py::repr(interval->parametersSchema[u"properties"][u"unit"][u"enum"]),
             QStringLiteral("['weeks', 'days', 'hours', 'minutes', 'seconds']"));
    QCOMPARE(interval->parametersSchema[u"properties"][u"delta"][u"type"].toString(), QStringLiteral("integer"));
    const model::TriggerTypeDef *cron = model::findBuiltinTriggerType(u"core.st2.CronTimer");
    QCOMPARE(cron->parametersSchema[u"properties"][u"day_of_week"][u"maximum"].toInt(), 6);
    QCOMPARE(cron->payloadSchema, interval->payloadSchema);
    const model::TriggerTypeDef *date = model::findBuiltinTriggerType(u"core.st2.DateTimer");
    QCOMPARE(date->parametersSchema[u"properties"][u"date"][u"required"].toBool(), true);

    const model::TriggerTypeDef *action = model::findBuiltinTriggerType(u"core.st2.generic.actiontrigger");
    QVERIFY(!action->hasParameters());
    QCOMPARE(action->payloadSchema[u"properties"].toDict().keys(),
             (QStringList{QStringLiteral("execution_id"), QStringLiteral("status"), QStringLiteral("start_timestamp"),
                          QStringLiteral("action_name"), QStringLiteral("action_ref"), QStringLiteral("runner_ref"),
                          QStringLiteral("parameters"), QStringLiteral("result")}));
    const model::TriggerTypeDef *notify = model::findBuiltinTriggerType(u"core.st2.generic.notifytrigger");
    QCOMPARE(notify->payloadSchema[u"properties"].toDict().size(), 10);
    const model::TriggerTypeDef *inquiry = model::findBuiltinTriggerType(u"core.st2.generic.inquiry");
    QCOMPARE(py::repr(inquiry->payloadSchema[u"required"]), QStringLiteral("['id', 'route']"));
    QCOMPARE(inquiry->payloadSchema[u"additionalProperties"].toBool(), false);
    const model::TriggerTypeDef *change = model::findBuiltinTriggerType(u"core.st2.key_value_pair.value_change");
    QCOMPARE(change->payloadSchema[u"properties"].toDict().keys(),
             (QStringList{QStringLiteral("old_object"), QStringLiteral("new_object")}));
}

void TestModelDefinitions::toApiShapes()
{
    const Value runner = model::findBuiltinRunnerType(u"local-shell-cmd")->toApi();
    QCOMPARE(runner[u"uid"].toString(), QStringLiteral("runner_type:local-shell-cmd"));
    QCOMPARE(runner[u"runner_parameters"][u"timeout"][u"default"].toInt(), 60);
    QVERIFY(runner[u"id"].isNull());  // assigned by whoever stores it

    const Value trigger = model::findBuiltinTriggerType(u"core.st2.webhook")->toApi();
    QCOMPARE(trigger[u"uid"].toString(), QStringLiteral("trigger_type:core:st2.webhook"));
    QCOMPARE(trigger[u"ref"].toString(), QStringLiteral("core.st2.webhook"));
    QCOMPARE(trigger[u"name"].toString(), QStringLiteral("st2.webhook"));

    const model::ActionDef a = actionFrom("name: hi\nrunner_type: noop\n");
    const Value api = a.toApi();
    QCOMPARE(api.toDict().keys(),
             (QStringList{QStringLiteral("tags"), QStringLiteral("uid"), QStringLiteral("metadata_file"),
                          QStringLiteral("name"), QStringLiteral("ref"), QStringLiteral("description"),
                          QStringLiteral("enabled"), QStringLiteral("entry_point"), QStringLiteral("pack"),
                          QStringLiteral("runner_type"), QStringLiteral("parameters"), QStringLiteral("output_schema"),
                          QStringLiteral("notify"), QStringLiteral("id")}));
    QCOMPARE(api[u"ref"].toString(), QStringLiteral("t.hi"));
    QCOMPARE(api[u"uid"].toString(), QStringLiteral("action:t:hi"));
    QCOMPARE(api[u"enabled"].toBool(), true);
}

void TestModelDefinitions::parameterMetaSchema_data()
{
    QTest::addColumn<QByteArray>("yamlText");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("good") << QByteArray("p:\n  a:\n    type: string\n    position: 0\n    secret: true\n"
                                        "  b:\n    type: object\n    properties: {x: {type: integer}}\n")
                          << QStringList();
    QTest::newRow("override-only") << QByteArray("p:\n  sudo:\n    immutable: true\n") << QStringList();
    QTest::newRow("float-position") << QByteArray("p:\n  a:\n    position: 1.5\n") << QStringList();
    QTest::newRow("bad-name") << QByteArray("p:\n  a.b:\n    type: string\n")
                              << QStringList{QStringLiteral("m.yaml:2:3: p.a.b: invalid parameter name 'a.b' "
                                                            "(letters, digits and _ only)")};
    QTest::newRow("format-not-allowed") << QByteArray("p:\n  a:\n    type: string\n    format: date\n")
                                        << QStringList{QStringLiteral("m.yaml:4:5: p.a.format: unknown parameter attribute")};
    QTest::newRow("union-type") << QByteArray("p:\n  a:\n    type: [string, 'null']\n")
                                << QStringList{QStringLiteral("m.yaml:3:5: p.a.type: must be a single type, not a "
                                                              "list (union types are not allowed)")};
    QTest::newRow("position-string") << QByteArray("p:\n  a:\n    position: first\n")
                                     << QStringList{QStringLiteral("m.yaml:3:5: p.a.position: must be a number, not str")};
    QTest::newRow("immutable-string") << QByteArray("p:\n  a:\n    immutable: 'true'\n")
                                      << QStringList{QStringLiteral("m.yaml:3:5: p.a.immutable: must be a boolean, not str")};
    QTest::newRow("schema-not-dict") << QByteArray("p:\n  a: string\n")
                                     << QStringList{QStringLiteral("m.yaml:2:3: p.a: must be an object (a parameter "
                                                                   "schema), not str")};
    QTest::newRow("bad-pattern") << QByteArray("p:\n  a:\n    type: string\n    pattern: '(['\n")
                                 << QStringList{QStringLiteral("m.yaml:4:5: p.a.pattern: invalid regular expression")};
}

void TestModelDefinitions::parameterMetaSchema()
{
    QFETCH(QByteArray, yamlText);
    QFETCH(QStringList, expected);
    const yaml::Document doc = yaml::load(yamlText, QStringLiteral("m.yaml"));
    QList<Error> errors;
    const int n = model::validateParameters(doc.value[u"p"], QStringLiteral("p"), doc.locations.get(), &errors);
    QCOMPARE(lines(errors), expected);
    QCOMPARE(n, int(expected.size()));
}

void TestModelDefinitions::mergedParameters()
{
    const model::RunnerType &runner = *model::findBuiltinRunnerType(u"local-shell-cmd");
    const model::ActionDef a = actionFrom("name: x\nrunner_type: local-shell-cmd\nparameters:\n"
                                          "  message:\n    type: string\n    required: true\n"
                                          "  cmd:\n    type: string\n    default: 'echo {{message}}'\n    immutable: true\n"
                                          "  timeout:\n    default: 5\n    description: shorter\n");
    QList<Error> errors;
    const Value merged = model::mergedParameterSchema(runner, a, &errors);
    QVERIFY(errors.isEmpty());
    // Runner parameters first, in runner order, then the action's own.
    QCOMPARE(merged.toDict().keys(),
             (QStringList{QStringLiteral("cmd"), QStringLiteral("cwd"), QStringLiteral("env"),
                          QStringLiteral("kwarg_op"), QStringLiteral("sudo"), QStringLiteral("sudo_password"),
                          QStringLiteral("timeout"), QStringLiteral("message")}));
    QCOMPARE(merged[u"timeout"][u"default"].toInt(), 5);
    QCOMPARE(merged[u"timeout"][u"type"].toString(), QStringLiteral("integer"));  // kept from the runner
    QCOMPARE(merged[u"timeout"][u"description"].toString(), QStringLiteral("shorter"));
    QCOMPARE(merged[u"cmd"][u"immutable"].toBool(), true);
    QCOMPARE(merged[u"cmd"][u"description"], runner.runnerParameters[u"cmd"][u"description"]);
    QCOMPARE(merged[u"sudo_password"][u"secret"].toBool(), true);
    QCOMPARE(merged[u"message"][u"required"].toBool(), true);
}

void TestModelDefinitions::mergedParametersRejectsOverride()
{
    const model::RunnerType &runner = *model::findBuiltinRunnerType(u"remote-shell-cmd");
    const model::ActionDef a = actionFrom("name: x\nrunner_type: remote-shell-cmd\nparameters:\n"
                                          "  hosts:\n    required: false\n"
                                          "  port:\n    type: string\n    enum: [22, 2222]\n"
                                          "  sudo:\n    secret: true\n");
    QList<Error> errors;
    const Value merged = model::mergedParameterSchema(runner, a, &errors);
    QCOMPARE(lines(errors),
             (QStringList{
                 QStringLiteral("inline.yaml:7:5: parameters.port.type: cannot override attribute 'type' of runner "
                                "parameter 'port' (runner remote-shell-cmd); only default, description, enum, "
                                "immutable and required may be overridden"),
                 QStringLiteral("inline.yaml:10:5: parameters.sudo.secret: cannot override attribute 'secret' of "
                                "runner parameter 'sudo' (runner remote-shell-cmd); only default, description, "
                                "enum, immutable and required may be overridden")}));
    QCOMPARE(merged[u"hosts"][u"required"].toBool(), false);                    // allowed
    QCOMPARE(merged[u"port"][u"type"].toString(), QStringLiteral("integer"));   // refused: runner's kept
    QCOMPARE(py::repr(merged[u"port"][u"enum"]), QStringLiteral("[22, 2222]")); // allowed
    QVERIFY(!merged[u"sudo"].contains(u"secret"));
}

void TestModelDefinitions::splitAndJsonSchema()
{
    const model::RunnerType &runner = *model::findBuiltinRunnerType(u"local-shell-cmd");
    QVERIFY(runner.isRunnerParameter(u"cmd"));
    QVERIFY(!runner.isRunnerParameter(u"message"));
    const model::SplitParameters split = model::splitParameters(
        runner, makeDict({{QStringLiteral("cmd"), QStringLiteral("ls")}, {QStringLiteral("message"), 1},
                          {QStringLiteral("timeout"), 3}}));
    QCOMPARE(split.runnerParameters.toDict().keys(), (QStringList{QStringLiteral("cmd"), QStringLiteral("timeout")}));
    QCOMPARE(split.actionParameters.toDict().keys(), QStringList{QStringLiteral("message")});

    const model::ActionDef a = actionFrom("name: x\nrunner_type: local-shell-cmd\nparameters:\n"
                                          "  cmd:\n    required: true\n");
    const Value schema = model::parametersJsonSchema(model::mergedParameterSchema(runner, a));
    QCOMPARE(schema[u"type"].toString(), QStringLiteral("object"));
    QCOMPARE(schema[u"additionalProperties"].toBool(), false);
    QCOMPARE(py::repr(schema[u"required"]), QStringLiteral("['cmd']"));
    QVERIFY(!schema[u"properties"][u"cmd"].contains(u"required"));
    QVERIFY(!schema[u"properties"][u"sudo_password"].contains(u"required"));
}

void TestModelDefinitions::actionFromJsonAndYaml()
{
    QList<Error> errors;
    const auto json = model::loadDocumentText(
        QByteArray("{\"name\": \"j\", \"runner_type\": \"noop\", \"parameters\": {\"n\": {\"type\": \"number\", "
                   "\"default\": 1e3}}}"),
        QStringLiteral("a.json"), &errors);
    QVERIFY(json);
    const auto a = model::actionFromValue(json->value, json->locations, QStringLiteral("a.json"), QStringLiteral("p"),
                                          QString(), &errors);
    QVERIFY2(a, qPrintable(lines(errors).join(u'\n')));
    // JSON typing: 1e3 is a number (YAML 1.1 would make it a string).
    QVERIFY(a->parameters[u"n"][u"default"].isDouble());
    QCOMPARE(a->pack, QStringLiteral("p"));
    QVERIFY(a->id.isEmpty());  // no id given: the store assigns one

    const yaml::Document withId = yaml::load("name: z\nrunner_type: noop\nid: 5fa3b7abefbface9864e1fb7\n");
    const auto z = model::actionFromValue(withId.value, withId.locations, QString(), QStringLiteral("p"), QString(),
                                          &errors);
    QVERIFY(z);
    QCOMPARE(z->toApi()[u"id"].toString(), QStringLiteral("5fa3b7abefbface9864e1fb7"));

    // A pack field that disagrees with the directory is an error.
    const yaml::Document doc = yaml::load("name: y\nrunner_type: noop\npack: other\n", QStringLiteral("y.yaml"));
    QVERIFY(!model::actionFromValue(doc.value, doc.locations, QStringLiteral("y.yaml"), QStringLiteral("p"),
                                    QString(), &errors));
    QCOMPARE(errors.last().toString(),
             QStringLiteral("y.yaml:3:1: pack: the file is in pack 'p' but declares pack 'other'"));

    // An empty document.
    errors.clear();
    const auto empty = model::loadDocumentText(QByteArray("# nothing\n"), QStringLiteral("e.yaml"), &errors);
    QVERIFY(empty);
    QVERIFY(!model::actionFromValue(empty->value, empty->locations, QStringLiteral("e.yaml"), QString(), QString(),
                                    &errors));
    QCOMPARE(errors.last().message, QStringLiteral("the document is empty"));
}

void TestModelDefinitions::packVersionsAndRefs_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("semver") << QStringLiteral("1.2.3") << true;
    QTest::newRow("prerelease") << QStringLiteral("1.0.0-rc.1+build.5") << true;
    QTest::newRow("two-parts") << QStringLiteral("1.2") << true;
    QTest::newRow("leading-zero") << QStringLiteral("01.2.3") << false;
    QTest::newRow("word") << QStringLiteral("latest") << false;
}

void TestModelDefinitions::packVersionsAndRefs()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QCOMPARE(model::isValidSemver(model::normalizePackVersion(text)), valid);
    QVERIFY(model::isValidPackRef(u"my_pack2"));
    QVERIFY(!model::isValidPackRef(u"My-Pack"));
}

void TestModelDefinitions::unreadableFile()
{
    QList<Error> errors;
    QVERIFY(!model::loadAction(QStringLiteral("/nonexistent/x.yaml"), QStringLiteral("p"), QString(), &errors));
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0].kind, QStringLiteral("io"));
    QCOMPARE(errors[0].location.file, QStringLiteral("/nonexistent/x.yaml"));
}

QTEST_GUILESS_MAIN(TestModelDefinitions)
#include "tst_modeldefinitions.moc"
