#include "base/Python.h"
#include "model/Builtins.h"
#include "model/ParameterSchema.h"
#include "packs/LintReport.h"
#include "packs/PackLoader.h"

#include <QDir>
#include <QtTest>

using namespace squall;

namespace {

QString dataDir()
{
    return QStringLiteral(SQUALL_SOURCE_DIR "/tests/packs/data");
}

QString coreDir()
{
    return QStringLiteral(SQUALL_SOURCE_DIR "/packs/core");
}

QString errorsOf(const packs::PackContent &pc)
{
    QStringList l;
    for (const Error &e : pc.errors)
        l.append(packs::formatError(e));
    return l.join(u'\n');
}

QStringList names(const QList<model::ActionDef> &actions)
{
    QStringList out;
    for (const auto &a : actions)
        out.append(a.name);
    out.sort();
    return out;
}

} // namespace

class TestPacksLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goodPackLoadsFully();
    void goodPackConfig();
    void configAgainstSchema();
    void oneBadFileDoesNotStopOthers();
    void corePackLoadsWithoutErrors();
    void corePackActions_data();
    void corePackActions();
    void corePackMergedParameters();
    void loadPackDirsFindsEveryPack();
    void missingPackYaml();
    void lintGoodPack();
    void lintFolderOfPacks();
    void lintNothing();
};

void TestPacksLoader::goodPackLoadsFully()
{
    const packs::PackContent pc = packs::loadPack(dataDir() + QStringLiteral("/packs/goodpack"));
    QVERIFY2(pc.errors.isEmpty(), qPrintable(errorsOf(pc)));
    QCOMPARE(pc.ref(), QStringLiteral("goodpack"));
    QCOMPARE(pc.pack.version, QStringLiteral("0.2.0"));
    QCOMPARE(pc.pack.toApi()[u"uid"].toString(), QStringLiteral("pack:goodpack"));
    QCOMPARE(names(pc.actions), (QStringList{QStringLiteral("chain"), QStringLiteral("flow"),
                                             QStringLiteral("hello"), QStringLiteral("py_action")}));
    const model::ActionDef *hello = pc.findAction(u"hello");
    QVERIFY(hello);
    QCOMPARE(hello->ref(), QStringLiteral("goodpack.hello"));
    QCOMPARE(hello->metadataFile, QStringLiteral("actions/hello.yaml"));
    QVERIFY(hello->entryPointPath.endsWith(QStringLiteral("/goodpack/actions/hello.sh")));
    const Value api = hello->toApi();
    QCOMPARE(api[u"uid"].toString(), QStringLiteral("action:goodpack:hello"));
    QCOMPARE(api[u"runner_type"].toString(), QStringLiteral("local-shell-script"));
    QCOMPARE(api[u"parameters"][u"who"][u"position"].toInt(), 0);
    const model::ActionDef *chain = pc.findAction(u"chain");
    QVERIFY(chain);
    QCOMPARE(chain->enabled, false);
    QCOMPARE(pc.findAction(u"flow")->entryPoint, QStringLiteral("workflows/flow.yaml"));

    QCOMPARE(pc.rules.size(), 3);
    for (const Value &r : pc.rules) {
        QCOMPARE(r[u"pack"].toString(), QStringLiteral("goodpack"));
        QVERIFY(r[u"metadata_file"].toString().startsWith(QStringLiteral("rules/")));
    }
    const Value every = pc.rules[0];  // every_minute.yaml sorts first
    QCOMPARE(every[u"name"].toString(), QStringLiteral("every_minute"));
    QCOMPARE(every[u"enabled"].toBool(), false);
    QCOMPARE(every[u"trigger"][u"parameters"][u"delta"].toInt(), 1);
    QCOMPARE(pc.rules[2][u"criteria"].toDict().size(), 2);
    QCOMPARE(pc.rules[2][u"enabled"].toBool(), true);

    QCOMPARE(pc.triggerTypes.size(), 2);
    QCOMPARE(pc.triggerTypes[0].ref(), QStringLiteral("goodpack.manual"));
    QCOMPARE(pc.triggerTypes[1].ref(), QStringLiteral("goodpack.event"));
    QCOMPARE(pc.sensors.size(), 1);
    const Value sensor = pc.sensors[0].toApi();
    QCOMPARE(sensor[u"ref"].toString(), QStringLiteral("goodpack.Watcher"));
    QCOMPARE(sensor[u"poll_interval"].toInt(), 30);
    QCOMPARE(sensor[u"trigger_types"], makeList({QStringLiteral("goodpack.event")}));
}

void TestPacksLoader::goodPackConfig()
{
    const packs::PackContent pc = packs::loadPack(dataDir() + QStringLiteral("/packs/goodpack"));
    QVERIFY(pc.configSchema.isDict());
    QVERIFY(pc.configFile.endsWith(QStringLiteral("configs/goodpack.yaml")));
    QCOMPARE(pc.config[u"port"].toInt(), 9000);                         // from the file
    QCOMPARE(pc.config[u"host"].toString(), QStringLiteral("localhost")); // schema default
    QCOMPARE(pc.config[u"creds"][u"user"].toString(), QStringLiteral("admin"));
    QVERIFY(!pc.config[u"creds"].contains(u"token"));

    // An explicit configs directory without a file: defaults only.
    packs::PackLoadOptions opts;
    opts.configsDir = dataDir() + QStringLiteral("/nowhere");
    const packs::PackContent other = packs::loadPack(dataDir() + QStringLiteral("/packs/goodpack"), opts);
    QVERIFY(other.configFile.isEmpty());
    QCOMPARE(other.config[u"port"].toInt(), 8080);
}

void TestPacksLoader::configAgainstSchema()
{
    const QString dir = dataDir() + QStringLiteral("/configpacks/packs/cfgpack");
    const packs::PackContent pc = packs::loadPack(dir);
    QStringList got;
    for (const Error &e : pc.errors)
        got.append(packs::formatError(e).replace(dataDir() + QStringLiteral("/configpacks/"), QString()));
    QCOMPARE(got, (QStringList{
                      QStringLiteral("configs/cfgpack.yaml:1:1: api_key: is required by the pack's config schema"),
                      QStringLiteral("configs/cfgpack.yaml:1:1: retries: must be of type integer, not str")}));
    // Defaults fill what the file leaves out; templates are kept for rendering.
    QCOMPARE(pc.config[u"server"][u"host"].toString(), QStringLiteral("{{ st2kv.system.host }}"));
    QCOMPARE(pc.config[u"server"][u"port"].toString(), QStringLiteral("{{ st2kv.system.port }}"));
    QCOMPARE(pc.config[u"server"][u"extra"].toInt(), 1);
}

void TestPacksLoader::oneBadFileDoesNotStopOthers()
{
    const QString dir = dataDir() + QStringLiteral("/packs/mixedpack");
    const packs::PackContent pc = packs::loadPack(dir);
    // pack.yaml lacks author: an error, but the content still loads.
    QCOMPARE(pc.ref(), QStringLiteral("mixedpack"));
    QCOMPARE(names(pc.actions), (QStringList{QStringLiteral("badchain"), QStringLiteral("badflow"), QStringLiteral("good")}));
    QCOMPARE(pc.rules.size(), 2);  // good.yaml and unknown_refs.yaml
    QCOMPARE(pc.rules[0][u"name"].toString(), QStringLiteral("good"));
    QCOMPARE(pc.rules[1][u"name"].toString(), QStringLiteral("unknown_refs"));

    QStringList got;
    for (const Error &e : pc.errors) {
        QString line = packs::formatError(e);
        got.append(line.replace(dir + u'/', QString()));
    }
    const QStringList expected = {
        QStringLiteral("pack.yaml:1:1: author: is required"),
        QStringLiteral("actions/bad.yaml:3:22: illegal flow end"),
        QStringLiteral("actions/good.yaml:1:1: name: duplicate action 'mixedpack.good' (also defined in actions/dup.yaml)"),
        QStringLiteral("rules/bad.yaml:8:5: criteria.trigger.body.x.type: unknown criteria operator 'approximately' for 'trigger.body.x'"),
        QStringLiteral("rules/other_pack.yaml:2:1: pack: the file is in pack 'mixedpack' but declares pack 'elsewhere'"),
    };
    QCOMPARE(got, expected);
    QCOMPARE(pc.errorCount(), 5);
}

void TestPacksLoader::corePackLoadsWithoutErrors()
{
    const packs::PackContent pc = packs::loadPack(coreDir());
    QVERIFY2(pc.errors.isEmpty(), qPrintable(errorsOf(pc)));
    QCOMPARE(pc.ref(), QStringLiteral("core"));
    QCOMPARE(pc.pack.author, QStringLiteral("Squall"));
    QCOMPARE(names(pc.actions),
             (QStringList{QStringLiteral("ask"), QStringLiteral("echo"), QStringLiteral("error"),
                          QStringLiteral("http"), QStringLiteral("inject_trigger"), QStringLiteral("local"),
                          QStringLiteral("local_sudo"), QStringLiteral("noop"), QStringLiteral("pause"),
                          QStringLiteral("remote"), QStringLiteral("remote_sudo"), QStringLiteral("uuid")}));
}

void TestPacksLoader::corePackActions_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("runner");
    QTest::addColumn<QString>("entryPoint");
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("attribute");
    QTest::addColumn<QString>("expected");  // JSON-ish: py::repr of the attribute
    auto row = [](const char *action, const char *runner, const char *entry, const char *param, const char *attr,
                  const char *expected) {
        QTest::addRow("%s.%s.%s", action, param, attr)
            << QString::fromUtf8(action) << QString::fromUtf8(runner) << QString::fromUtf8(entry)
            << QString::fromUtf8(param) << QString::fromUtf8(attr) << QString::fromUtf8(expected);
    };
    row("local", "local-shell-cmd", "", "cmd", "required", "True");
    row("local", "local-shell-cmd", "", "sudo", "immutable", "True");
    row("local_sudo", "local-shell-cmd", "", "sudo", "default", "True");
    row("remote", "remote-shell-cmd", "", "cmd", "type", "'string'");
    row("remote_sudo", "remote-shell-cmd", "", "sudo", "default", "True");
    row("echo", "local-shell-cmd", "", "cmd", "default", "'echo \"{{message}}\"'");
    row("echo", "local-shell-cmd", "", "cmd", "immutable", "True");
    row("echo", "local-shell-cmd", "", "message", "required", "True");
    row("echo", "local-shell-cmd", "", "kwarg_op", "immutable", "True");
    row("echo", "local-shell-cmd", "", "sudo_password", "immutable", "True");
    row("error", "local-shell-cmd", "", "cmd", "default", "'>&2 echo \"{{message}}\"'");
    row("http", "http-request", "", "method", "enum",
        "['HEAD', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'PURGE']");
    row("http", "http-request", "", "timeout", "default", "60");
    row("http", "http-request", "", "timeout", "type", "'number'");
    row("http", "http-request", "", "headers", "type", "'object'");
    row("pause", "python-script", "pause.py", "max_pause", "position", "0");
    row("pause", "python-script", "pause.py", "max_pause", "type", "'integer'");
    row("pause", "python-script", "pause.py", "random", "position", "1");
    row("pause", "python-script", "pause.py", "random", "default", "False");
    row("uuid", "python-script", "generate_uuid.py", "uuid_type", "enum", "['uuid1', 'uuid4']");
    row("uuid", "python-script", "generate_uuid.py", "uuid_type", "default", "'uuid4'");
    row("inject_trigger", "python-script", "inject_trigger.py", "trigger_name", "type", "'string'");
    row("inject_trigger", "python-script", "inject_trigger.py", "payload", "type", "'object'");
    row("inject_trigger", "python-script", "inject_trigger.py", "trace_tag", "required", "False");
    row("noop", "noop", "", "-", "-", "-");
    row("ask", "inquirer", "", "-", "-", "-");
}

void TestPacksLoader::corePackActions()
{
    QFETCH(QString, action);
    QFETCH(QString, runner);
    QFETCH(QString, entryPoint);
    QFETCH(QString, param);
    QFETCH(QString, attribute);
    QFETCH(QString, expected);
    static const packs::PackContent pc = packs::loadPack(coreDir());
    const model::ActionDef *a = pc.findAction(action);
    QVERIFY(a);
    QCOMPARE(a->runnerType, runner);
    QCOMPARE(a->entryPoint, entryPoint);
    QVERIFY(a->enabled);
    if (param == u"-") {
        QVERIFY(a->parameters.toDict().isEmpty());
        return;
    }
    const Value *schema = a->parameters.toDict().find(param);
    QVERIFY2(schema, qPrintable(param));
    QVERIFY(schema->contains(attribute));
    QCOMPARE(py::repr((*schema)[attribute]), expected);
}

void TestPacksLoader::corePackMergedParameters()
{
    const packs::PackContent pc = packs::loadPack(coreDir());
    QList<Error> errs;
    for (const model::ActionDef &a : pc.actions) {
        const model::RunnerType *r = model::findBuiltinRunnerType(a.runnerType);
        QVERIFY(r);
        model::mergedParameterSchema(*r, a, &errs);
    }
    QVERIFY(errs.isEmpty());
    const model::ActionDef *local = pc.findAction(u"local");
    const Value merged = model::mergedParameterSchema(*model::findBuiltinRunnerType(u"local-shell-cmd"), *local);
    QCOMPARE(merged[u"timeout"][u"default"].toInt(), 60);
    QCOMPARE(merged[u"cmd"][u"required"].toBool(), true);
    QCOMPARE(merged[u"sudo"][u"immutable"].toBool(), true);
    QCOMPARE(merged[u"sudo"][u"type"].toString(), QStringLiteral("boolean"));
    const model::ActionDef *ask = pc.findAction(u"ask");
    const Value askMerged = model::mergedParameterSchema(*model::findBuiltinRunnerType(u"inquirer"), *ask);
    QCOMPARE(askMerged[u"ttl"][u"default"].toInt(), 1440);
    QCOMPARE(askMerged.toDict().keys(), (QStringList{QStringLiteral("schema"), QStringLiteral("route"),
                                                     QStringLiteral("roles"), QStringLiteral("users"),
                                                     QStringLiteral("ttl")}));
}

void TestPacksLoader::loadPackDirsFindsEveryPack()
{
    const QList<packs::PackContent> all = packs::loadPackDirs(
        {dataDir() + QStringLiteral("/packs"), coreDir()});
    QCOMPARE(all.size(), 3);
    QCOMPARE(all[0].ref(), QStringLiteral("goodpack"));
    QCOMPARE(all[1].ref(), QStringLiteral("mixedpack"));
    QCOMPARE(all[2].ref(), QStringLiteral("core"));

    // The same pack twice: the second copy is reported.
    const QList<packs::PackContent> twice = packs::loadPackDirs({coreDir(), coreDir()});
    QCOMPARE(twice.size(), 2);
    QCOMPARE(twice[0].errorCount(), 0);
    QCOMPARE(twice[1].errorCount(), 1);
    QVERIFY(twice[1].errors[0].message.contains(QStringLiteral("already loaded")));
}

void TestPacksLoader::missingPackYaml()
{
    const packs::PackContent pc = packs::loadPack(dataDir() + QStringLiteral("/errors"));
    QVERIFY(pc.errorCount() >= 1);
    QCOMPARE(pc.errors[0].message, QStringLiteral("pack.yaml is missing"));
    QCOMPARE(pc.ref(), QStringLiteral("errors"));  // falls back to the directory name
}

void TestPacksLoader::lintGoodPack()
{
    packs::LintOptions opts;
    opts.knownPackRoots = {coreDir()};
    const packs::LintReport r = packs::lint(dataDir() + QStringLiteral("/packs/goodpack"), opts);
    QVERIFY2(r.errors.isEmpty(), qPrintable(r.format()));
    QVERIFY(r.ok());
    QCOMPARE(r.packs.size(), 1);
    QCOMPARE(r.format(), QStringLiteral("0 error(s), 0 warning(s) in 1 pack(s), 12 file(s)\n"));

    // Without core known, core.noop does not resolve: a warning, not an error.
    const packs::LintReport alone = packs::lint(dataDir() + QStringLiteral("/packs/goodpack"));
    QVERIFY(alone.ok());
    QCOMPARE(alone.warningCount(), 1);
    QVERIFY(alone.format().contains(QStringLiteral(
        "rules/on_event.json:6:14: action.ref: warning: action 'core.noop' is not defined in any loaded pack")));
}

void TestPacksLoader::lintFolderOfPacks()
{
    packs::LintOptions opts;
    opts.knownPackRoots = {coreDir()};
    const packs::LintReport r = packs::lint(dataDir() + QStringLiteral("/packs"), opts);
    QCOMPARE(r.packs.size(), 2);
    QCOMPARE(r.errorCount(), 8);
    QCOMPARE(r.warningCount(), 2);
    const QString text = r.format();
    // Workflows are inspected (Orquesta) and chains loaded (ActionChain), with locations.
    QVERIFY2(text.contains(QStringLiteral(
        "mixedpack/actions/workflows/badflow.yaml:7:9: tasks.start.next[0].do: The task \"missing\" is not defined.")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("mixedpack/actions/workflows/badflow.yaml:6:9: tasks.start.next[0].when: ")));
    QVERIFY(text.contains(QStringLiteral(
        "mixedpack/actions/chains/badchain.yaml:4:5: chain[0].on-success: Unable to find node with name \"two\"")));
    QVERIFY(text.contains(QStringLiteral(
        "mixedpack/rules/unknown_refs.yaml:5:3: action.ref: warning: action 'nosuch.action' is not defined in any loaded pack")));
    QVERIFY(text.contains(QStringLiteral(
        "mixedpack/rules/unknown_refs.yaml:3:3: trigger.type: warning: trigger type 'nosuch.trigger' is not defined in any loaded pack")));
    QVERIFY(text.endsWith(QStringLiteral("8 error(s), 2 warning(s) in 2 pack(s), 22 file(s)\n")));
}

void TestPacksLoader::lintNothing()
{
    // The bundled core pack lints clean when it is the bundled one...
    packs::LintOptions opts;
    opts.knownPackRoots = {coreDir()};
    const packs::LintReport core = packs::lint(coreDir(), opts);
    QVERIFY2(core.errors.isEmpty(), qPrintable(core.format()));
    // ...and a "core" pack from elsewhere gets a warning.
    const packs::LintReport copy = packs::lint(coreDir());
    QVERIFY(copy.ok());
    QCOMPARE(copy.warningCount(), 1);
    QVERIFY(copy.format().contains(QStringLiteral("pack.yaml: name: warning: pack name 'core' is reserved")));

    const packs::LintReport r = packs::lint(dataDir() + QStringLiteral("/no-such-dir"));
    QVERIFY(!r.ok());
    QCOMPARE(r.errorCount(), 1);
}

QTEST_GUILESS_MAIN(TestPacksLoader)
#include "tst_packsloader.moc"
