// Saving a workflow over HTTP as st2 clients (and the studio attached to a
// remote daemon) do: data_files, write_file, DELETE with remove_files.
#include "Daemon.h"

#include "base/Json.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;

namespace {
QByteArray actionBody(const QString &word, const QString &path = QStringLiteral("workflows/hello.yaml"))
{
    const QString workflow =
        QStringLiteral("version: 1.0\ntasks:\n  t1:\n    action: core.noop\noutput:\n  - word: %1\n").arg(word);
    return json::serialize(makeDict(
        {{QStringLiteral("name"), QStringLiteral("hello")},
         {QStringLiteral("pack"), QStringLiteral("httppack")},
         {QStringLiteral("runner_type"), QStringLiteral("orquesta")},
         {QStringLiteral("entry_point"), QStringLiteral("workflows/hello.yaml")},
         {QStringLiteral("data_files"), makeList({makeDict({{QStringLiteral("file_path"), path},
                                                             {QStringLiteral("content"), workflow}})})}}));
}
} // namespace

class TestActionFilesHttp : public QObject
{
    Q_OBJECT

    QTemporaryDir m_packs;
    Daemon m_daemon;

    QString runAndWait()
    {
        const Daemon::Reply r = m_daemon.request("POST", QStringLiteral("/api/v1/executions"),
                                                 R"({"action": "httppack.hello"})");
        const QString id = r.json[u"id"].toString();
        Value doc;
        auto done = [&] {
            doc = m_daemon.request("GET", QStringLiteral("/api/v1/executions/") + id).json;
            return doc[u"status"].toString() == u"succeeded" || doc[u"status"].toString() == u"failed";
        };
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done(), 15000); }();
        return doc[u"result"][u"output"][u"word"].toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString pack = m_packs.path() + QStringLiteral("/httppack");
        QVERIFY(QDir().mkpath(pack + QStringLiteral("/actions")));
        QFile f(pack + QStringLiteral("/pack.yaml"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("name: httppack\nref: httppack\nversion: 1.0.0\nauthor: t\ndescription: t\n");
        f.close();
        QVERIFY2(m_daemon.start({QStringLiteral("--packs-dir"), m_packs.path()}), qPrintable(m_daemon.output()));
    }
    void cleanupTestCase() { m_daemon.stop(); }

    void saveRunUpdateDelete()
    {
        const QString folder = m_packs.path() + QStringLiteral("/httppack/actions");
        const Daemon::Reply escape =
            m_daemon.request("POST", QStringLiteral("/api/v1/actions"), actionBody(QStringLiteral("x"), QStringLiteral("../../x.yaml")));
        QCOMPARE(escape.status, 400);
        QVERIFY2(escape.body.contains("leaves the pack"), escape.body.constData());

        const Daemon::Reply created =
            m_daemon.request("POST", QStringLiteral("/api/v1/actions?write_file=true"), actionBody(QStringLiteral("one")));
        QVERIFY2(created.status == 201, created.body.constData());
        QCOMPARE(created.json[u"metadata_file"].toString(), QStringLiteral("actions/hello.yaml"));
        QVERIFY(QFile::exists(folder + QStringLiteral("/hello.yaml")));
        QVERIFY(QFile::exists(folder + QStringLiteral("/workflows/hello.yaml")));
        QCOMPARE(runAndWait(), QStringLiteral("one"));

        const Daemon::Reply updated =
            m_daemon.request("PUT", QStringLiteral("/api/v1/actions/httppack.hello"), actionBody(QStringLiteral("two")));
        QVERIFY2(updated.status == 200, updated.body.constData());
        const Daemon::Reply entry =
            m_daemon.request("GET", QStringLiteral("/api/v1/actions/views/entry_point/httppack.hello"));
        QVERIFY2(entry.body.contains("word: two"), entry.body.constData());
        QCOMPARE(runAndWait(), QStringLiteral("two"));

        const Daemon::Reply removed =
            m_daemon.request("DELETE", QStringLiteral("/api/v1/actions/httppack.hello"), R"({"remove_files": true})");
        QCOMPARE(removed.status, 204);
        QVERIFY(!QFile::exists(folder + QStringLiteral("/hello.yaml")));
        QVERIFY(!QFile::exists(folder + QStringLiteral("/workflows/hello.yaml")));
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/actions/httppack.hello")).status, 404);

        const QByteArray inCore = actionBody(QStringLiteral("x")).replace("httppack", "core");
        const Daemon::Reply core = m_daemon.request("POST", QStringLiteral("/api/v1/actions"), inCore);
        QCOMPARE(core.status, 400);
        QVERIFY2(core.body.contains("read-only"), core.body.constData());
    }
};

QTEST_GUILESS_MAIN(TestActionFilesHttp)
#include "tst_actionfiles.moc"
