#include "FakeDaemon.h"
#include "base/Json.h"
#include "base/Yaml.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;

namespace {

QStringList L(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out.append(QString::fromUtf8(i));
    return out;
}

QString data(const char *name)
{
    return QStringLiteral(CLI_TEST_DATA "/") + QLatin1String(name);
}

Value parse(const QByteArray &bytes)
{
    json::ParseError pe;
    Value v = json::parse(bytes, &pe);
    if (!pe.ok())
        qWarning("not JSON: %s", bytes.constData());
    return v;
}

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliProcess : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    // Runs the real binary; the fake daemon answers from this thread, so wait
    // with an event loop (QSignalSpy::wait), never by blocking.
    Result squall(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(QStringLiteral(SQUALL_EXE), args);
        Result r;
        if (!finished.wait(30000)) {
            p.kill();
            p.waitForFinished(5000);
            qWarning("squall %s did not finish", qPrintable(args.join(u' ')));
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    Result squall(const QStringList &args) { return squall(args, m_env); }

private Q_SLOTS:
    void initTestCase();
    void actionListUsesAdminKey();
    void executionListLast();
    void executionListOldestFirst();
    void ruleListFilters();
    void ruleCreateSeedJson();
    void ruleCreateYaml();
    void ruleCreateBadFile();
    void ruleUpdateKeepsId();
    void keySetAndLoad();
    void webhookGetKeepsSlashes();
    void debugMasksCredentials();
    void runCoreLocal();
    void runFailedExitsOne();
    void runUnknownParameter();
    void runCoreHttpAsync();
    void runActionHelp();
    void httpErrorShowsFaultstring();
    void daemonNotRunning();
    void workflowSimulate();
    void workflowGraph();
    void usageErrors_data();
    void usageErrors();
    void packLintPathsRelativeToCaller();
};

// Whatever form the path is given in, lint prints every file (in locations and
// in messages) relative to the directory it was called from.
void TestCliProcess::packLintPathsRelativeToCaller()
{
    const QString packs = QStringLiteral(SQUALL_SOURCE_DIR "/tests/packs/data/packs");
    const auto lint = [](const QString &cwd, const QString &arg) {
        QProcess p;
        p.setWorkingDirectory(cwd);
        p.start(QStringLiteral(SQUALL_EXE), {QStringLiteral("pack"), QStringLiteral("lint"), arg});
        p.waitForFinished(60000);
        return QString::fromUtf8(p.readAllStandardOutput());
    };
    const QString fromAbsolute = lint(packs, packs + QStringLiteral("/mixedpack"));
    const QString fromRelative = lint(packs, QStringLiteral("mixedpack"));
    const QString fromDot = lint(packs + QStringLiteral("/mixedpack"), QStringLiteral("."));
    QVERIFY2(fromAbsolute.contains(QStringLiteral("mixedpack/pack.yaml:1:1:")), qPrintable(fromAbsolute));
    QCOMPARE(fromAbsolute, fromRelative);
    QVERIFY2(!fromAbsolute.contains(QStringLiteral(SQUALL_SOURCE_DIR)), qPrintable(fromAbsolute));
    const QStringList lines = fromAbsolute.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(lines.size() > 2);
    for (const QString &line : lines.mid(0, lines.size() - 1))
        QVERIFY2(line.startsWith(QStringLiteral("mixedpack/")), qPrintable(line));
    // From inside the pack: the same report, without the pack's folder in front.
    QVERIFY2(fromDot.contains(QStringLiteral("\npack.yaml:1:1:")) || fromDot.startsWith(QStringLiteral("pack.yaml:1:1:")),
             qPrintable(fromDot));
    QVERIFY2(!fromDot.contains(QStringLiteral(SQUALL_SOURCE_DIR)), qPrintable(fromDot));
}

void TestCliProcess::initTestCase()
{
    QVERIFY(m_home.isValid());
    QFile key(m_home.filePath(QStringLiteral("admin.key")));
    QVERIFY(key.open(QIODevice::WriteOnly));
    key.write("adminkey123\n");
    key.close();
    m_env = QProcessEnvironment::systemEnvironment();
    for (const QString &k : m_env.keys()) {
        if (k.startsWith(u"SQUALL_") || k.startsWith(u"ST2_"))
            m_env.remove(k);
    }
    m_env.insert(QStringLiteral("HOME"), m_home.path());
    m_env.insert(QStringLiteral("SQUALL_DATA_DIR"), m_home.path());
    m_env.insert(QStringLiteral("COLUMNS"), QStringLiteral("120"));
}

void TestCliProcess::actionListUsesAdminKey()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.onFile("GET", QStringLiteral("/api/v1/actions"), data("actions.json"));
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"action", "list"}));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(d.requests.size(), 1);
    QCOMPARE(d.requests.first().method, QByteArray("GET"));
    QCOMPARE(d.requests.first().path, QStringLiteral("/api/v1/actions"));
    QCOMPARE(d.requests.first().headers.value("st2-api-key"), QByteArray("adminkey123"));
    QVERIFY2(r.out.contains(u"| ref        | pack | description"), qPrintable(r.out));
    QVERIFY(r.out.contains(u"| core.local | core |"));
    QVERIFY(r.out.contains(u"| core.http  | core |"));
    for (const QString &line : r.out.split(u'\n', Qt::SkipEmptyParts))
        QVERIFY(line.size() <= 120);
}

void TestCliProcess::executionListLast()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    QFile f(data("executions.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    d.on("GET", QStringLiteral("/api/v1/executions"), {200, f.readAll(), {{"X-Total-Count", "5"}}});
    QProcessEnvironment wide = m_env;
    wide.insert(QStringLiteral("COLUMNS"), QStringLiteral("200"));
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"execution", "list", "-n", "1"}), wide);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(d.requests.size(), 1);
    const QUrlQuery q = d.requests.first().query;
    QCOMPARE(q.queryItemValue(QStringLiteral("limit")), QStringLiteral("1"));
    QVERIFY(q.hasQueryItem(QStringLiteral("sort_desc")));
    QVERIFY2(r.out.contains(u"| id                       | action.ref | context.user | status"), qPrintable(r.out));
    QVERIFY(r.out.contains(u"| 5fa3d65e2210968fb9a0df63 | core.local | st2admin     | succeeded (1s elapsed) |"));
    QVERIFY(r.out.contains(u"Thu, 05 Nov 2020 10:34:06 UTC"));
    QVERIFY2(r.err.contains(u"1 most recent of 5"), qPrintable(r.err));

    // -j gives the API's JSON back.
    const Result js = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"execution", "list", "-n", "1", "-j"}));
    QCOMPARE(js.exitCode, 0);
    QCOMPARE(parse(js.out.toUtf8())[0][u"id"].toString(), QStringLiteral("5fa3d65e2210968fb9a0df63"));

    // On a narrow terminal the table still fits and the id stays whole.
    QProcessEnvironment narrow = m_env;
    narrow.insert(QStringLiteral("COLUMNS"), QStringLiteral("80"));
    const Result n = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"execution", "list", "-n", "1"}), narrow);
    QCOMPARE(n.exitCode, 0);
    QVERIFY(n.out.contains(u"| 5fa3d65e2210968fb9a0df63 |"));
    for (const QString &line : n.out.split(u'\n', Qt::SkipEmptyParts))
        QVERIFY2(line.size() <= 80, qPrintable(line));
}

void TestCliProcess::executionListOldestFirst()
{
    // The API answers newest first (sort_desc); the table puts the newest at the bottom.
    FakeDaemon d;
    QVERIFY(d.listen());
    d.on("GET", QStringLiteral("/api/v1/executions"),
         {200, QByteArrayLiteral("[{\"id\": \"000000000000000000000002\", \"status\": \"running\"},"
                                 " {\"id\": \"000000000000000000000001\", \"status\": \"succeeded\"}]"), {}});
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"execution", "list", "-a", "id", "status"}));
    QCOMPARE(r.exitCode, 0);
    const qsizetype older = r.out.indexOf(u"000000000000000000000001");
    const qsizetype newer = r.out.indexOf(u"000000000000000000000002");
    QVERIFY(older > 0 && newer > older);
    QCOMPARE(d.requests.first().query.queryItemValue(QStringLiteral("limit")), QStringLiteral("50"));
    QCOMPARE(d.requests.first().query.queryItemValue(QStringLiteral("parent")), QStringLiteral("null"));

    // -j keeps the API's order.
    const Result js = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"execution", "list", "-j"}));
    QCOMPARE(parse(js.out.toUtf8())[0][u"id"].toString(), QStringLiteral("000000000000000000000002"));
}

void TestCliProcess::ruleListFilters()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.on("GET", QStringLiteral("/api/v1/rules"), {200, QByteArrayLiteral("[]"), {}});
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()}
                            + L({"rule", "list", "-p", "ineat", "-c", "core.local", "-g", "core.st2.webhook", "--disabled", "-n", "5"}));
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.isEmpty());
    const QUrlQuery q = d.requests.first().query;
    QCOMPARE(q.queryItemValue(QStringLiteral("pack")), QStringLiteral("ineat"));
    QCOMPARE(q.queryItemValue(QStringLiteral("action")), QStringLiteral("core.local"));
    QCOMPARE(q.queryItemValue(QStringLiteral("trigger")), QStringLiteral("core.st2.webhook"));
    QCOMPARE(q.queryItemValue(QStringLiteral("enabled")), QStringLiteral("false"));
    QCOMPARE(q.queryItemValue(QStringLiteral("limit")), QStringLiteral("5"));
}

void TestCliProcess::ruleCreateSeedJson()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.onFile("POST", QStringLiteral("/api/v1/rules"), data("sample2_rule_with_webhook.yaml"), 201);
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url(), QStringLiteral("--api-key"), QStringLiteral("K1"),
                                        QStringLiteral("rule"), QStringLiteral("create"),
                                        data("sample2_rule_with_webhook.yaml")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<FakeDaemon::Request> posts = d.requestsTo("POST", QStringLiteral("/api/v1/rules"));
    QCOMPARE(posts.size(), 1);
    QCOMPARE(posts.first().headers.value("st2-api-key"), QByteArray("K1"));
    QCOMPARE(posts.first().headers.value("content-type"), QByteArray("application/json"));
    QFile f(data("sample2_rule_with_webhook.yaml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(parse(posts.first().body) == parse(f.readAll()));
    QVERIFY2(r.out.contains(u"| ref "), qPrintable(r.out));
    QVERIFY(r.out.contains(u"ineat.sample_rule_with_webhook"));
}

void TestCliProcess::ruleCreateYaml()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.on("POST", QStringLiteral("/api/v1/rules"), {201, QByteArrayLiteral("{\"ref\": \"examples.sample_rule\"}"), {}});
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url(), QStringLiteral("rule"), QStringLiteral("create"),
                                        data("rule.yaml"), QStringLiteral("-j")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(d.requests.size(), 1);
    const Value body = parse(d.requests.first().body);
    QCOMPARE(body[u"trigger"][u"parameters"][u"delta"].toInt(), 5);
    QVERIFY(body[u"trigger"][u"parameters"][u"delta"].isInt());
    QCOMPARE(body[u"enabled"].toBool(), true);
    QCOMPARE(parse(r.out.toUtf8())[u"ref"].toString(), QStringLiteral("examples.sample_rule"));
}

void TestCliProcess::ruleCreateBadFile()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    Result r = squall(QStringList{QStringLiteral("--url"), d.url(), QStringLiteral("rule"), QStringLiteral("create"),
                                  data("bad_rule.yaml")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"bad_rule.yaml:"), qPrintable(r.err));
    QVERIFY(d.requests.isEmpty());

    r = squall(QStringList{QStringLiteral("--url"), d.url(), QStringLiteral("rule"), QStringLiteral("create"),
                           data("does_not_exist.yaml")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"cannot read"), qPrintable(r.err));
}

void TestCliProcess::ruleUpdateKeepsId()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.on("GET", QStringLiteral("/api/v1/rules/examples.sample_rule"),
         {200, QByteArrayLiteral("{\"id\": \"abc123\", \"ref\": \"examples.sample_rule\"}"), {}});
    d.on("PUT", QStringLiteral("/api/v1/rules/examples.sample_rule"),
         {200, QByteArrayLiteral("{\"id\": \"abc123\", \"ref\": \"examples.sample_rule\", \"enabled\": true}"), {}});
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url(), QStringLiteral("rule"), QStringLiteral("update"),
                                        QStringLiteral("examples.sample_rule"), data("rule.yaml")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<FakeDaemon::Request> puts = d.requestsTo("PUT", QStringLiteral("/api/v1/rules/examples.sample_rule"));
    QCOMPARE(puts.size(), 1);
    const Value body = parse(puts.first().body);
    QCOMPARE(body[u"id"].toString(), QStringLiteral("abc123"));
    QCOMPARE(body[u"name"].toString(), QStringLiteral("sample_rule"));
    QVERIFY(r.out.contains(u"| enabled "));
}

void TestCliProcess::keySetAndLoad()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.on("PUT", QStringLiteral("/api/v1/keys/es_host"),
         {200, QByteArrayLiteral("{\"name\": \"es_host\", \"value\": \"localhost\", \"scope\": \"st2kv.system\"}"), {}});
    Result r = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"key", "set", "es_host", "localhost", "-l", "3600", "-e"}));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    Value body = parse(d.requests.constLast().body);
    QCOMPARE(body[u"name"].toString(), QStringLiteral("es_host"));
    QCOMPARE(body[u"value"].toString(), QStringLiteral("localhost"));
    QCOMPARE(body[u"ttl"].toInt(), 3600);
    QCOMPARE(body[u"secret"].toBool(), true);

    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("keys.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("[{\"name\": \"es_host\", \"value\": {\"a\": 1}}]");
    f.close();
    r = squall(QStringList{QStringLiteral("--url"), d.url(), QStringLiteral("key"), QStringLiteral("load"), f.fileName()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"-c/--convert"), qPrintable(r.err));
    r = squall(QStringList{QStringLiteral("--url"), d.url(), QStringLiteral("key"), QStringLiteral("load"), f.fileName(),
                           QStringLiteral("-c")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    body = parse(d.requests.constLast().body);
    QCOMPARE(body[u"value"].toString(), QStringLiteral("{\"a\":1}"));
}

void TestCliProcess::webhookGetKeepsSlashes()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.on("GET", QStringLiteral("/api/v1/webhooks/hooks/github"),
         {200, QByteArrayLiteral("{\"type\": \"core.st2.webhook\", \"parameters\": {\"url\": \"hooks/github\"}}"), {}});
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"webhook", "get", "hooks/github", "-j"}));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(parse(r.out.toUtf8())[u"parameters"][u"url"].toString(), QStringLiteral("hooks/github"));
}

void TestCliProcess::debugMasksCredentials()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.on("GET", QStringLiteral("/api/v1/rules"), {200, QByteArrayLiteral("[]"), {}});
    const Result r = squall(QStringList{QStringLiteral("--debug"), QStringLiteral("--url"), d.url()}
                            + L({"rule", "list", "--api-key", "secret-key"}));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains(u"curl -X GET"), qPrintable(r.err));
    QVERIFY(r.err.contains(u"St2-Api-Key: ****"));
    QVERIFY(!r.err.contains(u"secret-key"));
    QCOMPARE(d.requests.first().headers.value("st2-api-key"), QByteArray("secret-key"));
    QCOMPARE(d.requests.first().query.queryItemValue(QStringLiteral("limit")), QStringLiteral("50"));
}

void TestCliProcess::runCoreLocal()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.onFile("GET", QStringLiteral("/api/v1/actions/views/parameters/core.local"), data("core_local_params.json"));
    d.on("POST", QStringLiteral("/api/v1/executions"),
         {201, QByteArrayLiteral("{\"id\": \"5fa3d65e2210968fb9a0df63\", \"status\": \"requested\"}"), {}});
    d.on("GET", QStringLiteral("/api/v1/executions/5fa3d65e2210968fb9a0df63"),
         {200, QByteArrayLiteral("{\"id\": \"5fa3d65e2210968fb9a0df63\", \"status\": \"running\"}"), {}});
    d.onFile("GET", QStringLiteral("/api/v1/executions/5fa3d65e2210968fb9a0df63"), data("execution_done.json"));

    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()}
                            + L({"run", "core.local", "cmd=date", "--trace-tag=simple-date-check-1604572446"}));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<FakeDaemon::Request> posts = d.requestsTo("POST", QStringLiteral("/api/v1/executions"));
    QCOMPARE(posts.size(), 1);
    const Value body = parse(posts.first().body);
    QCOMPARE(body[u"action"].toString(), QStringLiteral("core.local"));
    QCOMPARE(json::toString(body[u"parameters"]), QStringLiteral("{\"cmd\":\"date\"}"));
    QCOMPARE(body[u"trace_tag"].toString(), QStringLiteral("simple-date-check-1604572446"));
    QCOMPARE(body[u"context"][u"trace_context"][u"trace_tag"].toString(), QStringLiteral("simple-date-check-1604572446"));
    QCOMPARE(d.requestsTo("GET", QStringLiteral("/api/v1/executions/5fa3d65e2210968fb9a0df63")).size(), 2);

    const QString expected = QStringLiteral(
        "id: 5fa3d65e2210968fb9a0df63\n"
        "action.ref: core.local\n"
        "context.user: st2admin\n"
        "parameters: \n"
        "  cmd: date\n"
        "status: succeeded (1s elapsed)\n"
        "start_timestamp: Thu, 05 Nov 2020 10:34:06 UTC\n"
        "end_timestamp: Thu, 05 Nov 2020 10:34:07 UTC\n"
        "result: \n"
        "  failed: false\n"
        "  return_code: 0\n"
        "  stderr: \"\"\n"
        "  stdout: Thu Nov  5 10:34:06 UTC 2020\n"
        "  succeeded: true\n");
    QCOMPARE(r.out, expected);
}

void TestCliProcess::runFailedExitsOne()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.onFile("GET", QStringLiteral("/api/v1/actions/views/parameters/core.local"), data("core_local_params.json"));
    d.on("POST", QStringLiteral("/api/v1/executions"),
         {201, QByteArrayLiteral("{\"id\": \"e1\", \"status\": \"failed\", \"result\": {\"return_code\": 2}}"), {}});
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"run", "core.local", "false"}));
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.contains(u"status: failed"));
    QCOMPARE(parse(d.requestsTo("POST", QStringLiteral("/api/v1/executions")).first().body)[u"parameters"][u"cmd"].toString(),
             QStringLiteral("false"));
}

void TestCliProcess::runUnknownParameter()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.onFile("GET", QStringLiteral("/api/v1/actions/views/parameters/core.local"), data("core_local_params.json"));
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"run", "core.local", "nope=1"}));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"'nope' is not a parameter of core.local. Valid parameters: cmd, cwd, env, sudo, timeout"),
             qPrintable(r.err));
    QVERIFY(d.requestsTo("POST", QStringLiteral("/api/v1/executions")).isEmpty());
}

void TestCliProcess::runCoreHttpAsync()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.onFile("GET", QStringLiteral("/api/v1/actions/views/parameters/core.http"), data("core_http_params.json"));
    d.on("POST", QStringLiteral("/api/v1/executions"), {201, QByteArrayLiteral("{\"id\": \"e2\", \"status\": \"requested\"}"), {}});
    // The article's command line, word for word after `st2`.
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()}
                            + L({"run", "core.http", "method=POST", "body={\"you\": \"too\", \"name\": \"test\"}",
                                 "url=https://localhost/api/v1/webhooks/ineat",
                                 "headers=x-auth-token=<oauth_token>,content-type=application/json",
                                 "verify_ssl_cert=False", "-a"}));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(u"squall execution get e2"));
    const Value params = parse(d.requestsTo("POST", QStringLiteral("/api/v1/executions")).first().body)[u"parameters"];
    QCOMPARE(params[u"method"].toString(), QStringLiteral("POST"));
    QCOMPARE(params[u"body"].toString(), QStringLiteral("{\"you\": \"too\", \"name\": \"test\"}"));
    QCOMPARE(params[u"headers"][u"x-auth-token"].toString(), QStringLiteral("<oauth_token>"));
    QCOMPARE(params[u"headers"][u"content-type"].toString(), QStringLiteral("application/json"));
    QVERIFY(params[u"verify_ssl_cert"].isBool());
    QCOMPARE(params[u"verify_ssl_cert"].toBool(), false);
    QVERIFY(d.requestsTo("GET", QStringLiteral("/api/v1/executions/e2")).isEmpty());
}

void TestCliProcess::runActionHelp()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.on("GET", QStringLiteral("/api/v1/actions/core.local"),
         {200, QByteArrayLiteral("{\"ref\": \"core.local\", \"description\": \"Runs a command.\"}"), {}});
    d.onFile("GET", QStringLiteral("/api/v1/actions/views/parameters/core.local"), data("core_local_params.json"));
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"run", "core.local", "-h"}));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(u"Runs a command.\n\nRequired Parameters:\n    cmd\n"), qPrintable(r.out));
    const qsizetype optional = r.out.indexOf(u"Optional Parameters:");
    QVERIFY(optional > 0);
    QVERIFY(r.out.indexOf(u"    timeout\n") > optional);
    QVERIFY(r.out.contains(u"Default: 60"));
}

void TestCliProcess::httpErrorShowsFaultstring()
{
    FakeDaemon d;
    QVERIFY(d.listen());
    d.on("GET", QStringLiteral("/api/v1/rules/nope"),
         {404, QByteArrayLiteral("{\"faultstring\": \"Rule nope not found\"}"), {}});
    const Result r = squall(QStringList{QStringLiteral("--url"), d.url()} + L({"rule", "get", "nope"}));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("ERROR: 404 Not Found\nMESSAGE: Rule nope not found\n"));
    QVERIFY(r.out.isEmpty());
}

void TestCliProcess::daemonNotRunning()
{
    // A port that was just free: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
    probe.close();
    QProcess p;
    p.setProcessEnvironment(m_env);
    p.start(QStringLiteral(SQUALL_EXE), QStringList{QStringLiteral("--url"), url, QStringLiteral("execution"),
                                                     QStringLiteral("list")});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 1);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(err, QStringLiteral("cannot reach the Squall daemon at %1 (connection refused) — start it with `squall serve`\n")
                      .arg(url));
    QVERIFY(p.readAllStandardOutput().isEmpty());
}

void TestCliProcess::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("command") << L({"acton", "list"}) << "error: unknown command 'acton'";
    QTest::newRow("option") << L({"rule", "list", "--nope"}) << "error: unknown option '--nope'";
    QTest::newRow("missing") << L({"execution", "get"}) << "error: missing argument <id>";
}

void TestCliProcess::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QProcess p;
    p.setProcessEnvironment(m_env);
    p.start(QStringLiteral(SQUALL_EXE), args);
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 2);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY(err.startsWith(u"usage: squall"));
}

// `squall workflow simulate` offline: `$` that used to crash it, st2kv over an
// empty datastore or a --kv file, and a workflow that fails while starting.
void TestCliProcess::workflowSimulate()
{
    auto write = [this](const char *name, const QByteArray &text) {
        const QString path = m_home.filePath(QString::fromLatin1(name));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", name);
        f.write(text);
        return path;
    };
    auto simulate = [this](const QStringList &args) {
        const Result r = squall(QStringList{QStringLiteral("workflow"), QStringLiteral("simulate")} + args);
        json::ParseError err;
        const Value doc = json::parse(r.out.toUtf8(), &err);
        return std::make_pair(r, doc);
    };

    const QString dollar = write("dollar.yaml", "version: 1.0\n"
                                                "tasks:\n"
                                                "  t:\n"
                                                "    action: core.noop\n"
                                                "    next:\n"
                                                "      - publish:\n"
                                                "          - whole: <% $ %>\n"
                                                "output:\n"
                                                "  - whole: <% ctx(whole) %>\n");
    auto [r, doc] = simulate({dollar});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(doc[u"status"].toString(), QStringLiteral("succeeded"));
    QVERIFY(doc[u"output"].contains(u"whole"));
    QCOMPARE(doc[u"output"][u"whole"], Value());

    const QString kv = write("kv.yaml", "version: 1.0\n"
                                        "tasks:\n"
                                        "  t:\n"
                                        "    action: core.noop\n"
                                        "output:\n"
                                        "  - color: <% st2kv('system.color', default => 'none') %>\n"
                                        "  - mine: '{{ st2kv(\"mine\", default=0) }}'\n");
    std::tie(r, doc) = simulate({kv});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(json::toString(doc[u"output"]), QStringLiteral("{\"color\":\"none\",\"mine\":0}"));
    std::tie(r, doc) = simulate({kv, QStringLiteral("--kv"), write("kv.json", R"({"system.color": "red", "mine": 3})")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(json::toString(doc[u"output"]), QStringLiteral("{\"color\":\"red\",\"mine\":3}"));
    std::tie(r, doc) = simulate({kv, QStringLiteral("--kv"), write("kv-store.yaml", "system.color: blue\n")});
    QCOMPARE(json::toString(doc[u"output"]), QStringLiteral("{\"color\":\"blue\",\"mine\":0}"));
    std::tie(r, doc) = simulate({kv, QStringLiteral("--kv"), write("kv-list.yaml", "- a\n")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("--kv")), qPrintable(r.err));

    // Failing while starting: no output is rendered, and only the first error is reported.
    const QString broken = write("broken.yaml", "version: 1.0\n"
                                                "vars:\n"
                                                "  - a: <% st2kv('system.missing') %>\n"
                                                "  - b: <% st2kv('system.other') %>\n"
                                                "tasks:\n"
                                                "  t:\n"
                                                "    action: core.noop\n"
                                                "output:\n"
                                                "  - x: 1\n");
    std::tie(r, doc) = simulate({broken});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(doc[u"status"].toString(), QStringLiteral("failed"));
    QCOMPARE(doc[u"output"], Value());
    QCOMPARE(doc[u"errors"].toList().size(), 1);
    QVERIFY2(doc[u"errors"][0][u"message"].toString().contains(QStringLiteral("\"missing\" does not exist")),
             qPrintable(r.out));
}

QTEST_GUILESS_MAIN(TestCliProcess)
#include "tst_cliprocess.moc"

// `squall workflow graph`: the composer's graph as JSON or Graphviz, and clear
// refusals for what it cannot draw.
void TestCliProcess::workflowGraph()
{
    const QString file = QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/actions/workflows/orquesta-join.yaml");
    const Result r = squall({QStringLiteral("workflow"), QStringLiteral("graph"), file});
    QCOMPARE(r.exitCode, 0);
    const Value g = json::parse(r.out.toUtf8());
    QStringList nodes;
    for (const Value &n : g[u"nodes"].toList())
        nodes << n[u"id"].toString();
    QCOMPARE(nodes, (QStringList{QStringLiteral("start"), QStringLiteral("disk"), QStringLiteral("uptime"), QStringLiteral("report")}));
    QCOMPARE(g[u"nodes"][3][u"join"].toString(), QStringLiteral("all"));
    QCOMPARE(g[u"edges"].toList().size(), 4);
    QCOMPARE(g[u"edges"][2][u"when"].toString(), QStringLiteral("<% succeeded() %>"));

    const Result dot = squall({QStringLiteral("workflow"), QStringLiteral("graph"), file, QStringLiteral("--format"), QStringLiteral("dot")});
    QCOMPARE(dot.exitCode, 0);
    QVERIFY2(dot.out.startsWith(u"digraph"), qPrintable(dot.out));
    QVERIFY(dot.out.contains(u"\"start\" -> \"disk\""));

    const Result joined = squall({QStringLiteral("workflow"), QStringLiteral("graph"), file, QStringLiteral("--format=dot")});
    QCOMPARE(joined.out, dot.out);
    // The option reader's refusals: an option without its value, a second file.
    const Result noValue = squall({QStringLiteral("workflow"), QStringLiteral("graph"), file, QStringLiteral("--format")});
    QCOMPARE(noValue.exitCode, 2);
    QVERIFY2(noValue.err.contains(u"unknown option --format"), qPrintable(noValue.err));
    const Result twoFiles = squall({QStringLiteral("workflow"), QStringLiteral("graph"), file, file});
    QCOMPARE(twoFiles.exitCode, 2);
    QVERIFY2(twoFiles.err.contains(u"one workflow at a time"), qPrintable(twoFiles.err));

    const Result bad = squall({QStringLiteral("workflow"), QStringLiteral("graph"), file, QStringLiteral("--format"), QStringLiteral("png")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(u"--format is json, dot or svg"), qPrintable(bad.err));
    const Result svg = squall({QStringLiteral("workflow"), QStringLiteral("graph"), file, QStringLiteral("--format"), QStringLiteral("svg")});
    QCOMPARE(svg.exitCode, 0);
    QVERIFY2(svg.out.startsWith(u"<svg"), qPrintable(svg.out.left(200)));
    QCOMPARE(svg.out.count(u"<rect"), 4);
    const Result chain = squall({QStringLiteral("workflow"), QStringLiteral("graph"),
                                 QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/actions/chains/chain-basic.yaml")});
    QCOMPARE(chain.exitCode, 0);
    const Value cg = json::parse(chain.out.toUtf8());
    QCOMPARE(cg[u"nodes"].toList().size(), 3);
    QCOMPARE(cg[u"edges"][1][u"when"].toString(), QStringLiteral("on-failure"));
    QCOMPARE(cg[u"edges"][1][u"to"].toString(), QStringLiteral("note"));
    const Result neither = squall({QStringLiteral("workflow"), QStringLiteral("graph"),
                                   QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/pack.yaml")});
    QCOMPARE(neither.exitCode, 1);
    QVERIFY2(neither.err.contains(u"neither an Orquesta workflow"), qPrintable(neither.err));
}
