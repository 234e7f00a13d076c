// `squall inquiry respond`: the interactive questions (in-process, from a fed
// stream) and the real executable against a fake daemon, with -r and with stdin.
#include "ApiClient.h"
#include "FakeDaemon.h"
#include "InquiryPrompt.h"
#include "base/Json.h"

#include <QBuffer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;

namespace {

Value parse(const QByteArray &bytes)
{
    json::ParseError pe;
    Value v = json::parse(bytes, &pe);
    if (!pe.ok())
        qWarning("not JSON: %s", bytes.constData());
    return v;
}

const char kId[] = "5fa3c0ffee0000000000beef";

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCliInquiry : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    QProcessEnvironment m_env;

    Result squall(const QStringList &args, const QByteArray &stdinData)
    {
        QProcess p;
        p.setProcessEnvironment(m_env);
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(QStringLiteral(SQUALL_EXE), args);
        p.write(stdinData);
        p.closeWriteChannel();
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

    static FakeDaemon::Reply reply(int status, const char *body) { return FakeDaemon::Reply{status, QByteArray(body), {}}; }

private Q_SLOTS:
    void initTestCase()
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
    }

    void prompt_data()
    {
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("response");   // expected, compact JSON
        QTest::addColumn<QStringList>("shown");  // pieces of the questions

        const QString st2Default = QStringLiteral(
            "{\"type\": \"object\", \"properties\": {\"continue\": {\"type\": \"boolean\", "
            "\"description\": \"Would you like to continue the workflow?\", \"required\": true}}}");
        QTest::newRow("boolean yes") << st2Default << QByteArray("y\n") << "{\"continue\":true}"
                                     << QStringList{QStringLiteral("Would you like to continue the workflow?\n"),
                                                    QStringLiteral("continue (boolean): ")};
        QTest::newRow("boolean retried") << st2Default << QByteArray("maybe\n\nNope\n") << "{\"continue\":false}"
                                         << QStringList{QStringLiteral("\"maybe\" is not a yes/no answer"),
                                                        QStringLiteral("\"continue\" needs an answer")};

        const QString typed = QStringLiteral(
            "{\"type\": \"object\", \"properties\": {"
            "\"count\": {\"type\": \"integer\", \"default\": 3},"
            "\"ratio\": {\"type\": \"number\"},"
            "\"name\": {\"type\": \"string\", \"description\": \"Who approves\"},"
            "\"tags\": {\"type\": \"array\", \"items\": {\"type\": \"integer\"}},"
            "\"extra\": {\"type\": \"object\"},"
            "\"note\": {\"type\": \"string\"}}, \"required\": [\"name\"]}");
        QTest::newRow("typed") << typed << QByteArray("x\n7\n0.5\nalice\n1, 2,3\n{\"k\": [1]}\n\n")
                               << "{\"count\":7,\"ratio\":0.5,\"name\":\"alice\",\"tags\":[1,2,3],\"extra\":{\"k\":[1]}}"
                               << QStringList{QStringLiteral("count (integer) [3]: "),
                                              QStringLiteral("\"x\" is not an integer"),
                                              QStringLiteral("ratio (number): "), QStringLiteral("Who approves\nname: "),
                                              QStringLiteral("tags (comma-separated list, or JSON): "),
                                              QStringLiteral("extra (JSON object): ")};
        QTest::newRow("defaults and omissions") << typed << QByteArray("\n\nbob\n\n\n\n")
                                                << "{\"count\":3,\"name\":\"bob\"}" << QStringList{};
        QTest::newRow("array as JSON") << typed << QByteArray("\n\nbob\n[4, 5]\n\n\n")
                                       << "{\"count\":3,\"name\":\"bob\",\"tags\":[4,5]}" << QStringList{};

        const QString nested = QStringLiteral(
            "{\"type\": \"object\", \"properties\": {"
            "\"level\": {\"enum\": [\"low\", \"high\"], \"default\": \"high\"},"
            "\"colors\": {\"type\": \"array\", \"items\": {\"enum\": [\"red\", \"green\", \"blue\"]}},"
            "\"owner\": {\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"},"
            "                                                  \"admin\": {\"type\": \"boolean\", \"default\": false}}},"
            "\"hosts\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {\"host\": {\"type\": \"string\"}}}}"
            "}}");
        QTest::newRow("enum, nested, lists of objects")
            << nested << QByteArray("7\nlow\n2, red\nann\ny\na\ny\nb\nn\n")
            << "{\"level\":\"low\",\"colors\":[\"blue\",\"red\"],\"owner\":{\"name\":\"ann\",\"admin\":true},"
               "\"hosts\":[{\"host\":\"a\"},{\"host\":\"b\"}]}"
            << QStringList{QStringLiteral("level:\n 0 - low\n 1 - high\nChoose one of 0-1 [1]: "),
                           QStringLiteral("\"7\" is not one of the choices"), QStringLiteral("owner.name: "),
                           QStringLiteral("owner.admin (boolean) [n]: "), QStringLiteral("hosts[1].host: "),
                           QStringLiteral("Add another item to \"hosts\"? [n]: ")};
    }

    void prompt()
    {
        QFETCH(QString, schema);
        QFETCH(QByteArray, input);
        QFETCH(QString, response);
        QFETCH(QStringList, shown);
        QBuffer inBuffer(&input);
        QVERIFY(inBuffer.open(QIODevice::ReadOnly));
        QTextStream in(&inBuffer);
        QString shownText;
        QTextStream out(&shownText);
        cli::InquiryPrompt p(in, out);
        const Value answer = p.ask(json::parse(schema.toUtf8()));
        out.flush();
        QCOMPARE(json::toString(answer), response);
        for (const QString &piece : shown)
            QVERIFY2(shownText.contains(piece), qPrintable(QStringLiteral("missing <%1> in:\n%2").arg(piece, shownText)));
    }

    void promptInputEnds()
    {
        QByteArray input("\n");
        QBuffer inBuffer(&input);
        QVERIFY(inBuffer.open(QIODevice::ReadOnly));
        QTextStream in(&inBuffer);
        QString shownText;
        QTextStream out(&shownText);
        cli::InquiryPrompt p(in, out);
        try {
            p.ask(parse("{\"properties\": {\"ok\": {\"type\": \"boolean\", \"required\": true}}}"));
            QFAIL("no error at the end of the input");
        } catch (const cli::CliError &e) {
            QVERIFY2(e.message.contains(u"\"ok\""), qPrintable(e.message));
        }
    }

    void respondWithJson()
    {
        FakeDaemon d;
        QVERIFY(d.listen());
        const QString path = QStringLiteral("/api/v1/inquiries/") + QLatin1String(kId);
        d.on("PUT", path, reply(200, "{\"id\": \"5fa3c0ffee0000000000beef\", \"response\": {\"continue\": true}}"));
        const Result r = squall({QStringLiteral("--url"), d.url(), QStringLiteral("inquiry"), QStringLiteral("respond"),
                                 QLatin1String(kId), QStringLiteral("-r"), QStringLiteral("{\"continue\": true}")},
                                {});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Response accepted for inquiry %1.").arg(QLatin1String(kId))),
                 qPrintable(r.out));
        QCOMPARE(d.requests.size(), 1);  // no GET: the JSON goes straight to the daemon
        QCOMPARE(json::toString(parse(d.requests.first().body)),
                 QStringLiteral("{\"id\":\"%1\",\"response\":{\"continue\":true}}").arg(QLatin1String(kId)));
    }

    void respondBadJson()
    {
        const Result r = squall({QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("inquiry"),
                                 QStringLiteral("respond"), QLatin1String(kId), QStringLiteral("-r"), QStringLiteral("[1")},
                                {});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"must be a JSON object"), qPrintable(r.err));
    }

    void respondInteractively()
    {
        FakeDaemon d;
        QVERIFY(d.listen());
        const QString path = QStringLiteral("/api/v1/inquiries/") + QLatin1String(kId);
        d.on("GET", path,
             reply(200, "{\"id\": \"5fa3c0ffee0000000000beef\", \"route\": \"\", \"ttl\": 1440, \"users\": [], \"roles\": [],"
                       " \"schema\": {\"type\": \"object\", \"properties\": {"
                       "\"approved\": {\"type\": \"boolean\", \"description\": \"Ship it?\", \"required\": true},"
                       "\"reason\": {\"type\": \"string\"}}}}"));
        d.on("PUT", path, reply(200, "{\"id\": \"5fa3c0ffee0000000000beef\", \"response\": {}}"));
        const Result r = squall({QStringLiteral("--url"), d.url(), QStringLiteral("inquiry"), QStringLiteral("respond"),
                                 QLatin1String(kId)},
                                "yes\nlooks good\n");
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(u"Ship it?\napproved (boolean): "), qPrintable(r.out));
        QVERIFY(r.out.contains(u"reason: "));
        QVERIFY(r.out.contains(u"Response accepted for inquiry"));
        QCOMPARE(d.requestsTo("PUT", path).size(), 1);
        QCOMPARE(json::toString(parse(d.requestsTo("PUT", path).first().body)),
                 QStringLiteral("{\"id\":\"%1\",\"response\":{\"approved\":true,\"reason\":\"looks good\"}}")
                     .arg(QLatin1String(kId)));
    }

    void respondToAnsweredInquiry()
    {
        // The daemon refuses the GET (already answered): nothing is asked, nothing is sent.
        FakeDaemon d;
        QVERIFY(d.listen());
        const QString path = QStringLiteral("/api/v1/inquiries/") + QLatin1String(kId);
        d.on("GET", path, reply(400, "{\"faultstring\": \"inquiry 5fa3 was already answered\"}"));
        const Result r = squall({QStringLiteral("--url"), d.url(), QStringLiteral("inquiry"), QStringLiteral("respond"),
                                 QLatin1String(kId)},
                                "y\n");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"already answered"), qPrintable(r.err));
        QVERIFY(!r.out.contains(u"approved"));
        QCOMPARE(d.requestsTo("PUT", path).size(), 0);
    }

    void respondInputEnds()
    {
        FakeDaemon d;
        QVERIFY(d.listen());
        const QString path = QStringLiteral("/api/v1/inquiries/") + QLatin1String(kId);
        d.on("GET", path,
             reply(200, "{\"id\": \"5fa3c0ffee0000000000beef\", \"schema\": {\"type\": \"object\", \"properties\": {"
                       "\"approved\": {\"type\": \"boolean\", \"required\": true}}}}"));
        const Result r = squall({QStringLiteral("--url"), d.url(), QStringLiteral("inquiry"), QStringLiteral("respond"),
                                 QLatin1String(kId)},
                                {});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"the input ended before \"approved\" was answered"), qPrintable(r.err));
        QCOMPARE(d.requestsTo("PUT", path).size(), 0);
    }

    void listAndGetTables()
    {
        FakeDaemon d;
        QVERIFY(d.listen());
        d.on("GET", QStringLiteral("/api/v1/inquiries"),
             reply(200, "[{\"id\": \"5fa3c0ffee0000000000beef\", \"route\": \"ops\", \"ttl\": 30, \"users\": [\"bob\"],"
                       " \"roles\": [], \"schema\": {}}]"));
        Result r = squall({QStringLiteral("--url"), d.url(), QStringLiteral("inquiry"), QStringLiteral("list")}, {});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"| id ") && r.out.contains(u"| route") && r.out.contains(u"| ttl"), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"| 5fa3c0ffee0000000000beef |"), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"['bob']") || r.out.contains(u"[\"bob\"]"), qPrintable(r.out));
        QVERIFY(!r.out.contains(u"schema"));

        const QString path = QStringLiteral("/api/v1/inquiries/") + QLatin1String(kId);
        d.on("GET", path,
             reply(200, "{\"id\": \"5fa3c0ffee0000000000beef\", \"route\": \"ops\", \"ttl\": 30, \"users\": [],"
                       " \"roles\": [], \"schema\": {\"type\": \"object\"}}"));
        r = squall({QStringLiteral("--url"), d.url(), QStringLiteral("inquiry"), QStringLiteral("get"), QLatin1String(kId)},
                   {});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(u"schema") && r.out.contains(u"ops"), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestCliInquiry)
#include "tst_cliinquiry.moc"
