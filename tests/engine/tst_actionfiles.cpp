// Actions saved with their files through the API (st2's data_files,
// write_file and remove_files): what the studio's workflow designer saves with.
#include "engine/Engine.h"
#include "TestCheck.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;
using engine::Principal;

namespace {
Principal admin() { return Principal{QStringLiteral("st2admin"), true, QStringLiteral("api_key")}; }

QString workflow(const QString &word)
{
    return QStringLiteral("version: 1.0\ntasks:\n  t1:\n    action: core.noop\noutput:\n  - word: %1\n").arg(word);
}

Value action(const QString &pack, const Value &files)
{
    return makeDict({{QStringLiteral("name"), QStringLiteral("saved")},
                     {QStringLiteral("pack"), pack},
                     {QStringLiteral("runner_type"), QStringLiteral("orquesta")},
                     {QStringLiteral("entry_point"), QStringLiteral("workflows/saved.yaml")},
                     {QStringLiteral("description"), QStringLiteral("saved by the designer")},
                     {QStringLiteral("data_files"), files}});
}

Value file(const QString &path, const QString &content)
{
    return makeList({makeDict({{QStringLiteral("file_path"), path}, {QStringLiteral("content"), content}})});
}

QByteArray read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString kindOf(const std::function<void()> &fn)
{
    try {
        fn();
    } catch (const SquallException &e) {
        return e.error().kind + u':' + e.error().message;
    }
    return {};
}
} // namespace

class TestActionFiles : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_data, m_packs;
    QString m_pack;
    std::unique_ptr<engine::Engine> m_engine;
    engine::EngineOptions m_options;

    Value run(const QString &ref)
    {
        const QString id = m_engine->createExecution(makeDict({{QStringLiteral("action"), ref}}), admin())[u"id"].toString();
        Value doc;
        auto finished = [&] {
            doc = m_engine->getExecution(id, {});
            const QString s = doc[u"status"].toString();
            return s == u"succeeded" || s == u"failed";
        };
        [&] { QTRY_VERIFY_WITH_TIMEOUT(finished(), 15000); }();
        return doc;
    }

private Q_SLOTS:
    void init()
    {
        m_data = std::make_unique<QTemporaryDir>();
        m_packs = std::make_unique<QTemporaryDir>();
        m_pack = m_packs->path() + QStringLiteral("/wfpack");
        QVERIFY(QDir().mkpath(m_pack + QStringLiteral("/actions")));
        QFile f(m_pack + QStringLiteral("/pack.yaml"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("name: wfpack\nref: wfpack\nversion: 1.0.0\nauthor: t\ndescription: t\n");
        f.close();
        m_engine = std::make_unique<engine::Engine>();
        m_options.dataDir = m_data->path();
        m_options.packRoots = {QStringLiteral(SQUALL_SOURCE_DIR "/packs"), m_packs->path()};
        QString error;
        QVERIFY2(m_engine->start(m_options, &error), qPrintable(error));
    }
    void cleanup() { m_engine.reset(); }
    void cleanupTestCase() { m_data.reset(); m_packs.reset(); }

    void dataFilesAreWrittenAndRunAfterEachSave()
    {
        const Value created = m_engine->createAction(
            action(QStringLiteral("wfpack"), file(QStringLiteral("workflows/saved.yaml"), workflow(QStringLiteral("one")))),
            admin());
        QCOMPARE(created[u"ref"].toString(), QStringLiteral("wfpack.saved"));
        QVERIFY(!created.contains(u"data_files"));
        const QString path = m_pack + QStringLiteral("/actions/workflows/saved.yaml");
        QCOMPARE(read(path), workflow(QStringLiteral("one")).toUtf8());
        QCOMPARE(m_engine->actionEntryPoint(QStringLiteral("wfpack.saved")), workflow(QStringLiteral("one")));
        Value done = run(QStringLiteral("wfpack.saved"));
        QCOMPARE(done[u"status"].toString(), QStringLiteral("succeeded"));
        QCOMPARE(done[u"result"][u"output"][u"word"].toString(), QStringLiteral("one"));

        // Same size, same second: the parsed workflow must not be the cached one.
        m_engine->updateAction(QStringLiteral("wfpack.saved"),
                               action(QStringLiteral("wfpack"),
                                      file(QStringLiteral("workflows/saved.yaml"), workflow(QStringLiteral("two")))),
                               admin());
        QCOMPARE(m_engine->actionEntryPoint(QStringLiteral("wfpack.saved")), workflow(QStringLiteral("two")));
        done = run(QStringLiteral("wfpack.saved"));
        QCOMPARE(done[u"result"][u"output"][u"word"].toString(), QStringLiteral("two"));
        // Without write_file, the metadata stays in the store only (st2).
        QVERIFY(!QFile::exists(m_pack + QStringLiteral("/actions/saved.yaml")));
    }

    void pathsOutsideThePackAndCoreAreRefused()
    {
        for (const QString &bad : {QStringLiteral("../escape.yaml"), QStringLiteral("workflows/../../escape.yaml"),
                                   QStringLiteral("/tmp/escape.yaml"), QString()}) {
            const QString why = kindOf([&] {
                m_engine->createAction(action(QStringLiteral("wfpack"), file(bad, workflow(QStringLiteral("x")))), admin());
            });
            QVERIFY2(why.startsWith(u"BadRequest:"), qPrintable(bad + u" -> " + why));
        }
        QVERIFY(!QFile::exists(m_packs->path() + QStringLiteral("/wfpack/escape.yaml")));
        QVERIFY(!QFile::exists(m_packs->path() + QStringLiteral("/escape.yaml")));
        QVERIFY(m_engine->listActions({{QStringLiteral("pack"), QStringLiteral("wfpack")}}).items.isEmpty());

        const QString core = kindOf([&] {
            m_engine->createAction(action(QStringLiteral("core"), file(QStringLiteral("workflows/saved.yaml"),
                                                                        workflow(QStringLiteral("x")))),
                                   admin());
        });
        QVERIFY2(core.startsWith(u"BadRequest:") && core.contains(u"read-only"), qPrintable(core));
        QVERIFY(!QFile::exists(QStringLiteral(SQUALL_SOURCE_DIR "/packs/core/actions/workflows/saved.yaml")));

        // A create does not overwrite the files of an action that exists.
        m_engine->createAction(action(QStringLiteral("wfpack"), file(QStringLiteral("workflows/saved.yaml"),
                                                                      workflow(QStringLiteral("one")))),
                               admin());
        const QString conflict = kindOf([&] {
            m_engine->createAction(action(QStringLiteral("wfpack"), file(QStringLiteral("workflows/saved.yaml"),
                                                                          workflow(QStringLiteral("two")))),
                                   admin());
        });
        QVERIFY2(conflict.startsWith(u"Conflict:"), qPrintable(conflict));
        QCOMPARE(read(m_pack + QStringLiteral("/actions/workflows/saved.yaml")), workflow(QStringLiteral("one")).toUtf8());
    }

    void writeFileSurvivesAPackReloadAndRemoveFilesDeletes()
    {
        Value doc = action(QStringLiteral("wfpack"), file(QStringLiteral("workflows/saved.yaml"), workflow(QStringLiteral("one"))));
        doc.dictRef().insert(QStringLiteral("write_file"), true);
        doc.dictRef().insert(QStringLiteral("parameters"),
                             makeDict({{QStringLiteral("who"), makeDict({{QStringLiteral("type"), QStringLiteral("string")}})}}));
        const Value created = m_engine->createAction(doc, admin());
        QCOMPARE(created[u"metadata_file"].toString(), QStringLiteral("actions/saved.yaml"));
        const QString metadata = m_pack + QStringLiteral("/actions/saved.yaml");
        const QByteArray text = read(metadata);
        QVERIFY2(text.contains("runner_type: orquesta") && text.contains("entry_point: workflows/saved.yaml")
                     && text.contains("who:") && !text.contains("data_files"),
                 text.constData());

        // Another engine with an empty store loads it from the pack folder.
        {
            QTemporaryDir otherData;
            engine::Engine other;
            engine::EngineOptions o = m_options;
            o.dataDir = otherData.path();
            QString error;
            QVERIFY2(other.start(o, &error), qPrintable(error));
            const Value loaded = other.getAction(QStringLiteral("wfpack.saved"));
            QCOMPARE(loaded[u"runner_type"].toString(), QStringLiteral("orquesta"));
            QCOMPARE(other.actionEntryPoint(QStringLiteral("wfpack.saved")), workflow(QStringLiteral("one")));
        }

        // The same store after a restart still finds the entry point.
        cleanup();
        m_engine = std::make_unique<engine::Engine>();
        QString error;
        QVERIFY2(m_engine->start(m_options, &error), qPrintable(error));
        QCOMPARE(m_engine->actionEntryPoint(QStringLiteral("wfpack.saved")), workflow(QStringLiteral("one")));

        m_engine->deleteAction(QStringLiteral("wfpack.saved"), admin(), {{QStringLiteral("remove_files"), QStringLiteral("true")}});
        QVERIFY(!QFile::exists(metadata));
        QVERIFY(!QFile::exists(m_pack + QStringLiteral("/actions/workflows/saved.yaml")));
        QVERIFY(m_engine->listActions({{QStringLiteral("pack"), QStringLiteral("wfpack")}}).items.isEmpty());
    }

    void aRefusedDefinitionLeavesTheFilesAsTheyWere()
    {
        const QString path = m_pack + QStringLiteral("/actions/workflows/saved.yaml");
        Value bad = action(QStringLiteral("wfpack"), file(QStringLiteral("workflows/saved.yaml"), workflow(QStringLiteral("one"))));
        bad.dictRef().insert(QStringLiteral("runner_type"), QStringLiteral("no-such-runner"));
        QVERIFY(kindOf([&] { m_engine->createAction(bad, admin()); }).startsWith(u"BadRequest:"));
        QVERIFY(!QFile::exists(path));

        m_engine->createAction(action(QStringLiteral("wfpack"), file(QStringLiteral("workflows/saved.yaml"),
                                                                      workflow(QStringLiteral("one")))),
                               admin());
        Value badUpdate = action(QStringLiteral("wfpack"), file(QStringLiteral("workflows/saved.yaml"), workflow(QStringLiteral("two"))));
        badUpdate.dictRef().insert(QStringLiteral("runner_type"), QStringLiteral("no-such-runner"));
        QVERIFY(kindOf([&] { m_engine->updateAction(QStringLiteral("wfpack.saved"), badUpdate, admin()); })
                    .startsWith(u"BadRequest:"));
        QCOMPARE(read(path), workflow(QStringLiteral("one")).toUtf8());
    }

    void deleteWithoutRemoveFilesKeepsThem()
    {
        m_engine->createAction(action(QStringLiteral("wfpack"), file(QStringLiteral("workflows/saved.yaml"),
                                                                      workflow(QStringLiteral("one")))),
                               admin());
        m_engine->deleteAction(QStringLiteral("wfpack.saved"), admin());
        QVERIFY(QFile::exists(m_pack + QStringLiteral("/actions/workflows/saved.yaml")));
    }
};

QTEST_GUILESS_MAIN(TestActionFiles)
#include "tst_actionfiles.moc"
