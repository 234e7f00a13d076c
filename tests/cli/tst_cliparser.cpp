#include "ArgParser.h"
#include "CliMain.h"
#include "ClientConfig.h"
#include "ParameterCaster.h"
#include "base/Json.h"
#include "client/RemoteClient.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;
using namespace squall::cli;

namespace {

QStringList L(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out.append(QString::fromUtf8(i));
    return out;
}

Value j(const char *text)
{
    json::ParseError pe;
    Value v = json::parse(QByteArray(text), &pe);
    if (!pe.ok())
        qFatal("bad JSON in test: %s", text);
    return v;
}

// The core.local / core.http style schema used by the casting tests.
Value schema()
{
    return j("{\"cmd\": {\"type\": \"string\"}, \"count\": {\"type\": \"integer\"}, \"ratio\": {\"type\": \"number\"},"
             " \"flag\": {\"type\": \"boolean\"}, \"hosts\": {\"type\": \"array\"},"
             " \"ports\": {\"type\": \"array\", \"items\": {\"type\": \"integer\"}},"
             " \"headers\": {\"type\": \"object\"}, \"maybe\": {\"type\": [\"integer\", \"null\"]},"
             " \"body\": {\"type\": \"string\"}}");
}

} // namespace

class TestCliParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void helpAtEveryLevel_data();
    void helpAtEveryLevel();
    void runHelpAfterRef();
    void usageListsSubcommands();
    void routes_data();
    void routes();

    void cast_data();
    void cast();
    void castErrors_data();
    void castErrors();
    void castFile();
    void castFileForHttp();

    void credentials_data();
    void credentials();
    void urlDiscovery_data();
    void urlDiscovery();
};

void TestCliParser::parse_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("last") << L({"execution", "list", "-n", "1"}) << "execution list" << "last" << L({"1"});
    QTest::newRow("last-all") << L({"execution", "list", "-n", "-1"}) << "execution list" << "last"
                              << L({"-1"});
    QTest::newRow("short-multichar") << L({"execution", "list", "-tg", "2020-01-01"}) << "execution list"
                                     << "timestamp_gt" << L({"2020-01-01"});
    QTest::newRow("attrs") << L({"action", "list", "-a", "ref", "pack.name", "-j"}) << "action list" << "attr"
                           << L({"ref", "pack.name"});
    QTest::newRow("inline") << L({"run", "core.local", "cmd=date", "--trace-tag=simple-1"}) << "run"
                            << "trace_tag" << L({"simple-1"});
    QTest::newRow("underscore-alias") << L({"run", "core.local", "--trace_tag", "t", "cmd=date"}) << "run"
                                      << "trace_tag" << L({"t"});
    QTest::newRow("global-first") << L({"--url", "http://h:1", "action", "list"}) << "action list" << "url"
                                  << L({"http://h:1"});
    QTest::newRow("global-after") << L({"action", "list", "--api-key", "k"}) << "action list" << "api_key"
                                  << L({"k"});
    QTest::newRow("async") << L({"run", "-a", "core.local", "cmd=x"}) << "run" << "async" << L({});
    QTest::newRow("key-set") << L({"key", "set", "a", "b", "-l", "60"}) << "key set" << "ttl" << L({"60"});
}

void TestCliParser::parse()
{
    QFETCH(QStringList, argv);
    QFETCH(QString, path);
    QFETCH(QString, key);
    QFETCH(QStringList, expected);
    const CommandSpec root = buildCommandTree();
    const ParseOutcome out = ArgParser(root).parse(argv);
    QCOMPARE(out.status, ParseOutcome::Ok);
    QCOMPARE(out.args.commandPath.join(u' '), path);
    QVERIFY2(out.args.isSet(key), qPrintable(key));
    QCOMPARE(out.args.values(key), expected);
}

void TestCliParser::parseErrors_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown-command") << L({"acton", "list"}) << "unknown command 'acton'";
    QTest::newRow("unknown-sub") << L({"action", "lst"}) << "unknown command 'lst'";
    QTest::newRow("unknown-option") << L({"action", "list", "--bogus"}) << "unknown option '--bogus'";
    QTest::newRow("missing-value") << L({"execution", "list", "-n"}) << "option '-n' needs a value";
    QTest::newRow("missing-arg") << L({"rule", "get"}) << "missing argument <ref_or_id>";
    QTest::newRow("extra-arg") << L({"rule", "get", "a", "b"}) << "unexpected argument 'b'";
    QTest::newRow("group-only") << L({"rule"}) << "missing command";
    QTest::newRow("flag-value") << L({"action", "list", "--json=1"}) << "option '--json' takes no value";
    QTest::newRow("async-is-not-attr") << L({"execution", "get", "x", "-a", "id"}) << "unknown option '-a'";
}

void TestCliParser::parseErrors()
{
    QFETCH(QStringList, argv);
    QFETCH(QString, message);
    const CommandSpec root = buildCommandTree();
    const ParseOutcome out = ArgParser(root).parse(argv);
    QCOMPARE(out.status, ParseOutcome::Error);
    QCOMPARE(out.error, message);
}

void TestCliParser::helpAtEveryLevel_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QString>("expected");
    QTest::newRow("root") << L({"--help"}) << "usage: squall <command>";
    QTest::newRow("empty") << L({}) << "usage: squall <command>";
    QTest::newRow("group") << L({"execution", "-h"}) << "usage: squall execution <command>";
    QTest::newRow("leaf") << L({"execution", "list", "-h"}) << "usage: squall execution list [options]";
    QTest::newRow("run-no-ref") << L({"run", "-h"}) << "usage: squall run [options] <ref_or_id> [parameters...]";
    QTest::newRow("key-set") << L({"key", "set", "--help"}) << "usage: squall key set [options] <name> <value>";
}

void TestCliParser::helpAtEveryLevel()
{
    QFETCH(QStringList, argv);
    QFETCH(QString, expected);
    const CommandSpec root = buildCommandTree();
    const ArgParser parser(root);
    const ParseOutcome out = parser.parse(argv);
    QCOMPARE(out.status, ParseOutcome::Help);
    QVERIFY(out.command);
    const QString text = parser.usage(*out.command, out.args.commandPath);
    QVERIFY2(text.startsWith(expected), qPrintable(text));
}

void TestCliParser::runHelpAfterRef()
{
    const CommandSpec root = buildCommandTree();
    ParseOutcome out = ArgParser(root).parse(L({"run", "core.local", "-h"}));
    QCOMPARE(out.status, ParseOutcome::Ok);
    QVERIFY(out.args.helpRequested);
    QCOMPARE(out.args.positional(QStringLiteral("ref_or_id")), QStringLiteral("core.local"));

    // A bare word turns the rest of the line into cmd, options included.
    out = ArgParser(root).parse(L({"run", "core.local", "ls", "-l", "/tmp"}));
    QCOMPARE(out.status, ParseOutcome::Ok);
    QCOMPARE(out.args.positionalList(QStringLiteral("parameters")), (L({"ls", "-l", "/tmp"})));
    QVERIFY(!out.args.helpRequested);

    // "--" stops option parsing.
    out = ArgParser(root).parse(L({"run", "core.local", "--", "date", "-R"}));
    QCOMPARE(out.status, ParseOutcome::Ok);
    QCOMPARE(out.args.positionalList(QStringLiteral("parameters")), (L({"date", "-R"})));
}

void TestCliParser::usageListsSubcommands()
{
    const CommandSpec root = buildCommandTree();
    const ArgParser parser(root);
    const QString text = parser.usage(*root.findChild(u"execution"), L({"execution"}));
    for (const char *sub : {"list", "get", "re-run", "cancel", "pause", "resume", "tail"})
        QVERIFY2(text.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(sub))), sub);
    const QString rootText = parser.usage(root, {});
    for (const char *group : {"run", "action", "execution", "rule", "trigger", "trigger-instance", "rule-enforcement",
                              "pack", "key", "webhook", "sensor", "runner", "timer", "apikey", "whoami", "serve"})
        QVERIFY2(rootText.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(group))), group);
}

void TestCliParser::routes_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<int>("route");
    QTest::addColumn<int>("index");
    QTest::newRow("serve") << L({"serve", "--port", "1"}) << int(Route::Serve) << 0;
    QTest::newRow("serve-after-global") << L({"--data-dir", "/x", "serve"}) << int(Route::Serve) << 2;
    QTest::newRow("rule-test") << L({"rule", "test", "f"}) << int(Route::Offline) << 0;
    QTest::newRow("pack-lint") << L({"--debug", "pack", "lint"}) << int(Route::Offline) << 1;
    QTest::newRow("workflow") << L({"workflow", "inspect"}) << int(Route::Offline) << 0;
    QTest::newRow("rule-list") << L({"rule", "list"}) << int(Route::Remote) << 0;
}

void TestCliParser::routes()
{
    QFETCH(QStringList, argv);
    QFETCH(int, route);
    QFETCH(int, index);
    qsizetype at = -1;
    QCOMPARE(int(routeOf(argv, &at)), route);
    QCOMPARE(at, qsizetype(index));
}

void TestCliParser::cast_data()
{
    QTest::addColumn<QStringList>("tokens");
    QTest::addColumn<QString>("expectedJson");

    QTest::newRow("string") << L({"cmd=date"}) << "{\"cmd\":\"date\"}";
    QTest::newRow("string-with-equals") << L({"cmd=a=b"}) << "{\"cmd\":\"a=b\"}";
    QTest::newRow("integer") << L({"count=42"}) << "{\"count\":42}";
    QTest::newRow("number") << L({"ratio=1.5"}) << "{\"ratio\":1.5}";
    QTest::newRow("number-from-int") << L({"ratio=2"}) << "{\"ratio\":2.0}";
    QTest::newRow("bool-true") << L({"flag=true"}) << "{\"flag\":true}";
    QTest::newRow("bool-False") << L({"flag=False"}) << "{\"flag\":false}";
    QTest::newRow("array-json") << L({"hosts=[\"a\", \"b\"]"}) << "{\"hosts\":[\"a\",\"b\"]}";
    QTest::newRow("array-comma") << L({"hosts=a, b,c"}) << "{\"hosts\":[\"a\",\"b\",\"c\"]}";
    QTest::newRow("array-single-number") << L({"hosts=51"}) << "{\"hosts\":[\"51\"]}";
    QTest::newRow("array-typed-items") << L({"ports=80,443"}) << "{\"ports\":[80,443]}";
    QTest::newRow("array-accumulates") << L({"hosts=a", "hosts=b,c"}) << "{\"hosts\":[\"a\",\"b\",\"c\"]}";
    QTest::newRow("object-json") << L({"headers={\"a\": 1}"}) << "{\"headers\":{\"a\":1}}";
    QTest::newRow("object-pairs") << L({"headers=x-auth-token=<t>,content-type=application/json"})
                                  << "{\"headers\":{\"x-auth-token\":\"<t>\",\"content-type\":\"application/json\"}}";
    QTest::newRow("nullable-int") << L({"maybe=7"}) << "{\"maybe\":7}";
    QTest::newRow("bare-token-cmd") << L({"count=1", "ls", "-l", "x=y"}) << "{\"count\":1,\"cmd\":\"ls -l x=y\"}";
    QTest::newRow("json-body-stays-string") << L({"body={\"you\": \"too\"}"}) << "{\"body\":\"{\\\"you\\\": \\\"too\\\"}\"}";
    QTest::newRow("empty") << L({}) << "{}";
}

void TestCliParser::cast()
{
    QFETCH(QStringList, tokens);
    QFETCH(QString, expectedJson);
    QString error;
    const Value v = ParameterCaster(QStringLiteral("pack.act"), schema()).cast(tokens, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(json::toString(v), expectedJson);
}

void TestCliParser::castErrors_data()
{
    QTest::addColumn<QStringList>("tokens");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("unknown") << L({"nope=1"}) << "'nope' is not a parameter of pack.act. Valid parameters: body, cmd, count";
    QTest::newRow("bad-int") << L({"count=abc"}) << "parameter 'count': 'abc' is not an integer";
    QTest::newRow("bad-bool") << L({"flag=maybe"}) << "'maybe' is not a boolean";
    QTest::newRow("bad-number") << L({"ratio=x1"}) << "'x1' is not a number";
    QTest::newRow("bad-object") << L({"headers=justtext"}) << "neither a JSON object";
    QTest::newRow("bad-item") << L({"ports=80,http"}) << "'http' is not an integer";
    QTest::newRow("no-name") << L({"=3"}) << "no parameter name";
    QTest::newRow("missing-file") << L({"@body=/nonexistent/file"}) << "cannot read /nonexistent/file";
}

void TestCliParser::castErrors()
{
    QFETCH(QStringList, tokens);
    QFETCH(QString, fragment);
    QString error;
    const Value v = ParameterCaster(QStringLiteral("pack.act"), schema()).cast(tokens, &error);
    QVERIFY(v.isNull());
    QVERIFY2(error.contains(fragment), qPrintable(error));

    // Without a cmd parameter, a bare word is an unknown parameter too.
    error.clear();
    ParameterCaster(QStringLiteral("x.y"), j("{\"a\": {}}")).cast(L({"date"}), &error);
    QVERIFY2(error.contains(u"'cmd' is not a parameter of x.y. Valid parameters: a"), qPrintable(error));
}

void TestCliParser::castFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile f(dir.filePath(QStringLiteral("payload.txt")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("hello\nworld\n");
    f.close();
    QString error;
    const Value v = ParameterCaster(QStringLiteral("pack.act"), schema(), dir.path()).cast(L({"@body=payload.txt"}), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(v[u"body"].toString(), QStringLiteral("hello\nworld\n"));
}

void TestCliParser::castFileForHttp()
{
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("up.bin")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("data");
    f.close();
    QString error;
    const Value v = ParameterCaster(QStringLiteral("core.http"), schema(), dir.path()).cast(L({"@file=up.bin"}), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(v[u"_file_name"].toString(), QStringLiteral("up.bin"));
    QCOMPARE(v[u"file_content"].toString(), QStringLiteral("data"));
}

void TestCliParser::credentials_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QStringList>("env");  // NAME=value
    QTest::addColumn<bool>("writeAdminKey");
    QTest::addColumn<QString>("apiKey");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("source");

    QTest::newRow("admin.key") << L({}) << L({}) << true << "filekey" << "" << "admin.key";
    QTest::newRow("no-credentials") << L({}) << L({}) << false << "" << "" << "";
    QTest::newRow("ST2_AUTH_TOKEN") << L({}) << L({"ST2_AUTH_TOKEN=tok"}) << true << "" << "tok"
                                    << "ST2_AUTH_TOKEN";
    QTest::newRow("ST2_API_KEY") << L({}) << L({"ST2_API_KEY=st2", "ST2_AUTH_TOKEN=tok"}) << true
                                 << "st2" << "" << "ST2_API_KEY";
    QTest::newRow("SQUALL_API_KEY") << L({}) << L({"SQUALL_API_KEY=sq", "ST2_API_KEY=st2"}) << true
                                    << "sq" << "" << "SQUALL_API_KEY";
    QTest::newRow("token-flag") << L({"-t", "flagtok"}) << L({"SQUALL_API_KEY=sq"}) << true << ""
                                << "flagtok" << "--token";
    QTest::newRow("api-key-flag") << L({"--api-key", "flagkey", "-t", "t"}) << L({"SQUALL_API_KEY=sq"})
                                  << true << "flagkey" << "" << "--api-key";
}

void TestCliParser::credentials()
{
    QFETCH(QStringList, argv);
    QFETCH(QStringList, env);
    QFETCH(bool, writeAdminKey);
    QFETCH(QString, apiKey);
    QFETCH(QString, token);
    QFETCH(QString, source);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    if (writeAdminKey) {
        QFile f(dir.filePath(QStringLiteral("admin.key")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("filekey\n");
    }
    QProcessEnvironment pe;
    pe.insert(QStringLiteral("HOME"), dir.path() + QStringLiteral("/home"));
    pe.insert(QStringLiteral("SQUALL_DATA_DIR"), dir.path());
    for (const QString &e : env)
        pe.insert(e.section(u'=', 0, 0), e.section(u'=', 1));

    const CommandSpec root = buildCommandTree();
    const ParseOutcome out = ArgParser(root).parse(argv + L({"whoami"}));
    QCOMPARE(out.status, ParseOutcome::Ok);
    const ClientConfig c = ClientConfig::resolve(out.args, pe);
    QCOMPARE(c.apiKey, apiKey);
    QCOMPARE(c.token, token);
    QVERIFY2(source.isEmpty() ? c.credentialSource.isEmpty() : c.credentialSource.endsWith(source),
             qPrintable(c.credentialSource));
    QCOMPARE(c.dataDir, dir.path());
    // What a RemoteClient is given: the same address and credentials.
    const client::RemoteOptions remote = c.remoteOptions();
    QCOMPARE(remote.baseUrl, c.baseUrl);
    QCOMPARE(remote.apiKey, apiKey);
    QCOMPARE(remote.token, token);
}

void TestCliParser::urlDiscovery_data()
{
    QTest::addColumn<QStringList>("argv");
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("dataDir");
    QTest::newRow("default") << L({}) << L({"HOME=/h"}) << "http://127.0.0.1:9101" << "/h/.local/share/squall";
    QTest::newRow("xdg") << L({}) << L({"HOME=/h", "XDG_DATA_HOME=/x"}) << "http://127.0.0.1:9101" << "/x/squall";
    QTest::newRow("flag") << L({"--url", "http://a:1/", "--data-dir", "/d"}) << L({"SQUALL_URL=http://b:2"})
                          << "http://a:1" << "/d";
    QTest::newRow("SQUALL_URL") << L({}) << L({"SQUALL_URL=http://b:2", "ST2_BASE_URL=http://c:3", "HOME=/h"})
                                << "http://b:2" << "/h/.local/share/squall";
    QTest::newRow("ST2_BASE_URL") << L({}) << L({"ST2_BASE_URL=http://c:3", "HOME=/h"}) << "http://c:3"
                                  << "/h/.local/share/squall";
    QTest::newRow("ST2_API_URL") << L({}) << L({"ST2_API_URL=https://st2.example/api/v1", "HOME=/h"})
                                 << "https://st2.example" << "/h/.local/share/squall";
}

void TestCliParser::urlDiscovery()
{
    QFETCH(QStringList, argv);
    QFETCH(QStringList, env);
    QFETCH(QString, url);
    QFETCH(QString, dataDir);
    QProcessEnvironment pe;
    for (const QString &e : env)
        pe.insert(e.section(u'=', 0, 0), e.section(u'=', 1));
    const CommandSpec root = buildCommandTree();
    const ParseOutcome out = ArgParser(root).parse(argv + L({"whoami"}));
    QCOMPARE(out.status, ParseOutcome::Ok);
    const ClientConfig c = ClientConfig::resolve(out.args, pe);
    QCOMPARE(c.baseUrl, url);
    QCOMPARE(c.dataDir, dataDir);
}

QTEST_GUILESS_MAIN(TestCliParser)
#include "tst_cliparser.moc"
