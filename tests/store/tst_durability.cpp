#include "StoreTestUtil.h"

#include "store/Store.h"
#include "TestCheck.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;
using namespace squall::store;
using namespace squall::store::testutil;

class TestDurability : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString freshPath() { return m_dir.filePath(QStringLiteral("d%1/store.db").arg(++m_n)); }

    // Reads through a raw connection of its own: sees only committed data.
    static int committedRows(const QString &path, const QString &table)
    {
        int n = -1;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
            db.setDatabaseName(path);
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("SELECT count(*) FROM ") + table) && q.next())
                    n = q.value(0).toInt();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("probe"));
        return n;
    }

    static void rawExec(const QString &path, const QString &sql)
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY2(q.exec(sql), qPrintable(sql));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void whenDurableRunsAfterCommit()
    {
        const QString path = freshPath();
        Error err;
        auto store = openSqliteStore(path, &err);
        QVERIFY2(store, qPrintable(err.message));
        QSignalSpy committed(store.get(), &Store::committed);
        store->putExecution(execution({.id = str("a"), .start = ts(1)}));
        store->putTriggerInstance(parse(R"({"id": "t1", "trigger": "x.y", "occurrence_time": "2026-01-01T00:00:00.000000Z"})"));
        QVERIFY(store->hasPendingWrites());
        int seenByOthers = -1;
        bool fired = false;
        store->whenDurable([&] {
            fired = true;
            seenByOthers = committedRows(path, str("executions"));
        });
        QVERIFY(!fired);  // not before the commit
        QCOMPARE(committedRows(path, str("executions")), 0);
        QTRY_VERIFY(fired);
        QCOMPARE(seenByOthers, 1);
        QCOMPARE(committed.size(), 1);
        QCOMPARE(committed.first().first().toInt(), 2);
        QVERIFY(!store->hasPendingWrites());

        // Nothing pending: runs at once.
        bool immediate = false;
        store->whenDurable([&] { immediate = true; });
        QVERIFY(immediate);
    }

    void fullBatchCommitsAtOnce()
    {
        SqliteOptions options;
        options.maxBatch = 3;
        options.commitDelayMs = 60'000;  // only the batch size can trigger the commit
        Error err;
        auto store = openSqliteStore(freshPath(), options, &err);
        QVERIFY(store);
        QSignalSpy committed(store.get(), &Store::committed);
        QList<int> order;
        store->putExecution(execution({.id = str("a"), .start = ts(1)}));
        store->whenCommitted([&](bool ok) { order << (ok ? 1 : -1); });
        store->putExecution(execution({.id = str("b"), .start = ts(2)}));
        QVERIFY(order.isEmpty());
        store->putExecution(execution({.id = str("c"), .start = ts(3)}));
        QCOMPARE(order, QList<int> {1});
        QCOMPARE(committed.size(), 1);
        store->putExecution(execution({.id = str("d"), .start = ts(4)}));
        store->whenDurable([&] { order << 2; });
        store->flush();
        QCOMPARE(order, (QList<int> {1, 2}));
        QCOMPARE(committed.size(), 2);
    }

    void callbackMayWriteAgain()
    {
        const QString path = freshPath();
        Error err;
        auto store = openSqliteStore(path, &err);
        QVERIFY(store);
        bool second = false;
        store->putExecution(execution({.id = str("a"), .start = ts(1)}));
        store->whenDurable([&] {
            store->putExecution(execution({.id = str("b"), .start = ts(2)}));
            store->whenDurable([&] { second = true; });
        });
        QTRY_VERIFY(second);
        QCOMPARE(committedRows(path, str("executions")), 2);
    }

    void survivesReopen()
    {
        const QString path = freshPath();
        Error err;
        {
            auto store = openSqliteStore(path, &err);
            QVERIFY(store);
            store->putExecution(execution({.id = str("keep"), .start = ts(1), .result = parse(R"({"x": [1, 2]})")}));
            store->putKey(parse(R"({"name": "k", "value": "v", "scope": "system"})"));
            store->putDefinition(str("rule"), str("p.r"), parse(R"({"name": "r"})"));
            // Destroyed with the write still pending: the destructor commits it.
        }
        auto store = openSqliteStore(path, &err);
        QVERIFY2(store, qPrintable(err.message));
        QCOMPARE((*store->execution(str("keep")))[u"result"][u"x"][1].toInt(), 2);
        QVERIFY(store->key(str("system"), QString(), str("k")));
        QCOMPARE(store->definitions(str("rule")).size(), 1);
    }

    void storesCoexist()
    {
        const QString path = freshPath();
        Error err;
        auto writer = openSqliteStore(path, &err);
        auto reader = openSqliteStore(path, &err);
        auto other = openSqliteStore(freshPath(), &err);
        QVERIFY(writer && reader && other);
        writer->putExecution(execution({.id = str("a"), .start = ts(1)}));
        QVERIFY(!reader->execution(str("a")));  // not committed yet
        writer->flush();
        QVERIFY(reader->execution(str("a")));
        QVERIFY(!other->execution(str("a")));
    }

    void schemaVersionRecorded()
    {
        const QString path = freshPath();
        Error err;
        QVERIFY(openSqliteStore(path, &err));
        QCOMPARE(committedRows(path, str("schema_version")), sqliteSchemaVersion());
    }

    void newerSchemaIsRefused()
    {
        const QString path = freshPath();
        Error err;
        QVERIFY(openSqliteStore(path, &err));
        CHECKED(rawExec(path, QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (%1, 'future')")
                          .arg(sqliteSchemaVersion() + 1)));
        auto store = openSqliteStore(path, &err);
        QVERIFY(!store);
        QVERIFY2(err.message.contains(str("newer")), qPrintable(err.message));
        QVERIFY(err.message.contains(path));
        QCOMPARE(err.kind, str("store"));
    }

    void badFilesGiveErrors_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("message");
        QTest::newRow("garbage") << QByteArray(8192, 'x') << str("not a database");
        QTest::newRow("truncated header") << QByteArray("SQLite format 3\0\x10\x00", 19) << str("cannot open");
    }
    void badFilesGiveErrors()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, message);
        const QString path = m_dir.filePath(QStringLiteral("bad%1.db").arg(++m_n));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(contents);
        f.close();
        Error err;
        auto store = openSqliteStore(path, &err);
        QVERIFY(!store);
        QVERIFY2(err.message.contains(message), qPrintable(err.message));
        QVERIFY2(err.message.contains(path), qPrintable(err.message));
    }

    void foreignDatabaseIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("foreign.db"));
        CHECKED(rawExec(path, QStringLiteral("CREATE TABLE photos (id INTEGER)")));
        Error err;
        QVERIFY(!openSqliteStore(path, &err));
        QVERIFY2(err.message.contains(str("not a Squall store")), qPrintable(err.message));
    }

    void unusablePaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("empty") << QString();
        QTest::newRow("directory") << m_dir.path();
        QTest::newRow("under /proc") << str("/proc/squall-no/such/store.db");
        QTest::newRow("under a file") << m_dir.filePath(QStringLiteral("afile/store.db"));
    }
    void unusablePaths()
    {
        QFETCH(QString, path);
        QFile blocker(m_dir.filePath(QStringLiteral("afile")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        Error err;
        auto store = openSqliteStore(path, &err);
        QVERIFY(!store);
        QVERIFY(!err.message.isEmpty());
        QCOMPARE(err.kind, str("store"));
    }

    void inMemory()
    {
        Error err;
        auto store = openSqliteStore(str(":memory:"), &err);
        QVERIFY2(store, qPrintable(err.message));
        store->putExecution(execution({.id = str("m"), .start = ts(1)}));
        QVERIFY(store->execution(str("m")));
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
