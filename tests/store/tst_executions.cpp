#include "StoreTestUtil.h"

#include "base/Json.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace squall;
using namespace squall::store;
using namespace squall::store::testutil;

class TestExecutions : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    int m_n = 0;

    std::unique_ptr<Store> open()
    {
        Error err;
        auto s = openSqliteStore(m_dir.filePath(QStringLiteral("exec%1.db").arg(++m_n)), &err);
        if (!s)
            qWarning("%s", qPrintable(err.message));
        return s;
    }

    // A fixed population: 12 executions over 3 actions and 3 statuses.
    void populate(Store &s)
    {
        const QString actions[] = {QStringLiteral("core.local"), QStringLiteral("core.http"), QStringLiteral("pack.a")};
        const QString statuses[] = {QStringLiteral("succeeded"), QStringLiteral("failed"), QStringLiteral("running")};
        for (int i = 0; i < 12; ++i) {
            ExecSpec e;
            e.id = QStringLiteral("e%1").arg(i, 2, 10, QLatin1Char('0'));
            e.action = actions[i % 3];
            e.status = statuses[(i / 3) % 3];
            e.start = ts(i);
            e.user = i < 6 ? QStringLiteral("stanley") : QStringLiteral("alice");
            e.rule = i % 2 ? QStringLiteral("pack.rule1") : QString();
            e.triggerInstance = i % 2 ? QStringLiteral("ti%1").arg(i) : QString();
            e.result = makeDict({{QStringLiteral("stdout"), QStringLiteral("out %1").arg(i)}});
            s.putExecution(execution(e));
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void init()
    {
        m_store = open();
        QVERIFY(m_store);
        populate(*m_store);
        QVERIFY(m_store->lastError().isEmpty());
    }
    void cleanup() { m_store.reset(); }

    void roundTrip()
    {
        const Value doc = execution({.id = QStringLiteral("x1"), .start = ts(30),
                                     .result = parse(R"({"stdout": "a\nb", "return_code": 0, "nested": [1, 2.5, null]})")});
        m_store->putExecution(doc);
        const auto back = m_store->execution(QStringLiteral("x1"));
        QVERIFY(back);
        QCOMPARE(json::serialize(*back), json::serialize(doc));  // same keys, same order
        QVERIFY(!m_store->execution(QStringLiteral("missing")));
    }

    void replaceById()
    {
        Value doc = *m_store->execution(QStringLiteral("e00"));
        doc.dictRef().insert(QStringLiteral("status"), QStringLiteral("canceled"));
        doc.dictRef().insert(QStringLiteral("result"), Value());
        m_store->putExecution(doc);
        const auto back = m_store->execution(QStringLiteral("e00"));
        QCOMPARE((*back)[u"status"].toString(), QStringLiteral("canceled"));
        QVERIFY((*back)[u"result"].isNull());
        Query q;
        q.filters.insert(QStringLiteral("status"), QStringLiteral("canceled"));
        QCOMPARE(ids(m_store->executions(q).items), words("e00"));
        Query page;
        page.limit = 5;  // a full page: the total comes from the kept row count
        QCOMPARE(m_store->executions(page).total, 12);
    }

    void filters_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QStringList>("expected");  // newest first
        QTest::newRow("action") << str("action") << str("core.http") << words("e10 e07 e04 e01");
        QTest::newRow("status") << str("status") << str("running") << words("e08 e07 e06");
        QTest::newRow("user") << str("user") << str("stanley") << words("e05 e04 e03 e02 e01 e00");
        QTest::newRow("rule") << str("rule") << str("pack.rule1") << words("e11 e09 e07 e05 e03 e01");
        QTest::newRow("trigger_instance") << str("trigger_instance") << str("ti7") << words("e07");
        QTest::newRow("runner") << str("runner") << str("local-shell-cmd") << words("e11 e10 e09 e08 e07 e06 e05 e04 e03 e02 e01 e00");
        QTest::newRow("no match") << str("action") << str("nope") << words("");
    }
    void filters()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QStringList, expected);
        Query q;
        q.filters.insert(name, value);
        const Page page = m_store->executions(q);
        QCOMPARE(ids(page.items), expected);
        QCOMPARE(page.total, expected.size());
    }

    void combinedFiltersAndTimestamps()
    {
        Query q;
        q.filters.insert(QStringLiteral("status"), QStringLiteral("succeeded"));
        q.filters.insert(QStringLiteral("action"), QStringLiteral("core.local"));
        QCOMPARE(ids(m_store->executions(q).items), words("e09 e00"));
        q.filters.clear();
        q.timestampGt = ts(3);
        q.timestampLt = QStringLiteral("2026-01-02T03:04:06+00:00");  // another spelling of ts(6)
        QCOMPARE(ids(m_store->executions(q).items), words("e05 e04"));
    }

    void unknownFilterIsAnError()
    {
        Query q;
        q.filters.insert(QStringLiteral("colour"), QStringLiteral("red"));
        const Page page = m_store->executions(q);
        QVERIFY(page.items.isEmpty());
        QVERIFY(m_store->lastError().contains(QStringLiteral("colour")));
    }

    void parentNullMeansTopLevel()
    {
        m_store->putExecution(execution({.id = QStringLiteral("child"), .start = ts(40), .parent = QStringLiteral("e00")}));
        Query q;
        q.filters.insert(QStringLiteral("parent"), QStringLiteral("null"));
        QCOMPARE(m_store->executions(q).total, 12);
        q.filters.insert(QStringLiteral("parent"), QStringLiteral("e00"));
        QCOMPARE(ids(m_store->executions(q).items), words("child"));
    }

    void paging_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("offset");
        QTest::addColumn<bool>("ascending");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("first page") << 5 << 0 << false << words("e11 e10 e09 e08 e07");
        QTest::newRow("second page") << 5 << 5 << false << words("e06 e05 e04 e03 e02");
        QTest::newRow("last page") << 5 << 10 << false << words("e01 e00");
        QTest::newRow("past the end") << 5 << 20 << false << words("");
        QTest::newRow("ascending") << 3 << 1 << true << words("e01 e02 e03");
        QTest::newRow("no limit") << 0 << 9 << false << words("e02 e01 e00");
    }
    void paging()
    {
        QFETCH(int, limit);
        QFETCH(int, offset);
        QFETCH(bool, ascending);
        QFETCH(QStringList, expected);
        Query q;
        q.limit = limit;
        q.offset = offset;
        q.ascending = ascending;
        const Page page = m_store->executions(q);
        QCOMPARE(ids(page.items), expected);
        QCOMPARE(page.total, 12);
    }

    void sameStartSortsById()
    {
        for (const char *id : {"s2", "s1", "s3"})
            m_store->putExecution(execution({.id = QString::fromLatin1(id), .start = ts(50)}));
        Query q;
        q.limit = 3;
        QCOMPARE(ids(m_store->executions(q).items), words("s3 s2 s1"));
        q.ascending = true;
        q.timestampGt = ts(49);
        QCOMPARE(ids(m_store->executions(q).items), words("s1 s2 s3"));
    }

    void excludeResult()
    {
        Query q;
        q.limit = 1;
        Page page = m_store->executions(q);
        QCOMPARE(page.items.first()[u"result"][u"stdout"].toString(), QStringLiteral("out 11"));
        q.excludeResult = true;
        page = m_store->executions(q);
        QCOMPARE(page.items.size(), 1);
        QVERIFY(!page.items.first().contains(u"result"));
        QCOMPARE(page.items.first()[u"id"].toString(), QStringLiteral("e11"));
        q.countTotal = false;
        QCOMPARE(m_store->executions(q).total, -1);
    }

    void withStatus()
    {
        QCOMPARE(ids(m_store->executionsWithStatus({QStringLiteral("running")})), words("e06 e07 e08"));
        QCOMPARE(m_store->executionsWithStatus({QStringLiteral("running"), QStringLiteral("failed")}).size(), 6);
        QVERIFY(m_store->executionsWithStatus({}).isEmpty());
        const ValueList running = m_store->executionsWithStatus({QStringLiteral("running")});
        QCOMPARE(running.first()[u"result"][u"stdout"].toString(), QStringLiteral("out 6"));
    }

    void childrenInStartOrder()
    {
        m_store->putExecution(execution({.id = QStringLiteral("c2"), .start = ts(42), .parent = QStringLiteral("e03")}));
        m_store->putExecution(execution({.id = QStringLiteral("c1"), .start = ts(41), .parent = QStringLiteral("e03")}));
        Value viaContext = execution({.id = QStringLiteral("c3"), .start = ts(43)});
        viaContext.dictRef()[QStringLiteral("context")].dictRef().insert(
            QStringLiteral("parent"), makeDict({{QStringLiteral("execution_id"), QStringLiteral("e03")}}));
        m_store->putExecution(viaContext);
        QCOMPARE(ids(m_store->children(QStringLiteral("e03"))), words("c1 c2 c3"));
        QVERIFY(m_store->children(QStringLiteral("e04")).isEmpty());
    }

    void output()
    {
        m_store->appendOutput(QStringLiteral("e01"), QStringLiteral("stdout"), QStringLiteral("line 1\n"));
        m_store->appendOutput(QStringLiteral("e01"), QStringLiteral("stderr"), QStringLiteral("oops\n"));
        m_store->appendOutput(QStringLiteral("e01"), QStringLiteral("stdout"), QStringLiteral("line 2\n"));
        m_store->appendOutput(QStringLiteral("e02"), QStringLiteral("stdout"), QStringLiteral("other\n"));
        QCOMPARE(m_store->output(QStringLiteral("e01"), QStringLiteral("all")), QStringLiteral("line 1\noops\nline 2\n"));
        QCOMPARE(m_store->output(QStringLiteral("e01"), QStringLiteral("stdout")), QStringLiteral("line 1\nline 2\n"));
        QCOMPARE(m_store->output(QStringLiteral("e01"), QStringLiteral("stderr")), QStringLiteral("oops\n"));
        QCOMPARE(m_store->output(QStringLiteral("e03"), QStringLiteral("all")), QString());
    }

    void largeResult()
    {
        ValueList lines;
        QString chunk(1000, QLatin1Char('x'));
        for (int i = 0; i < 8000; ++i)
            lines.append(makeDict({{QStringLiteral("n"), i}, {QStringLiteral("text"), chunk}}));
        const Value doc = execution({.id = QStringLiteral("big"), .start = ts(59), .result = Value(lines)});
        m_store->putExecution(doc);
        m_store->flush();
        const auto back = m_store->execution(QStringLiteral("big"));
        QVERIFY(back);
        QCOMPARE((*back)[u"result"].toList().size(), 8000);
        QCOMPARE((*back)[u"result"][7999][u"n"].toInt(), 7999);
        QVERIFY(json::serialize((*back)[u"result"]).size() > 8'000'000);
    }

    void purge()
    {
        // Completed executions started before ts(6): e00-e05 (succeeded/failed). e06+ are newer or running.
        m_store->appendOutput(QStringLiteral("e01"), QStringLiteral("stdout"), QStringLiteral("gone\n"));
        m_store->putExecution(execution({.id = QStringLiteral("old-running"), .status = QStringLiteral("running"), .start = ts(0)}));
        QCOMPARE(m_store->purgeExecutions(ts(6), 4), 4);
        QCOMPARE(m_store->purgeExecutions(ts(6), 4), 2);
        QCOMPARE(m_store->purgeExecutions(ts(6), 4), 0);
        QVERIFY(!m_store->execution(QStringLiteral("e05")));
        QVERIFY(m_store->execution(QStringLiteral("old-running")));
        QVERIFY(m_store->execution(QStringLiteral("e06")));
        QCOMPARE(m_store->output(QStringLiteral("e01"), QStringLiteral("all")), QString());
        Query page;
        page.limit = 2;
        QCOMPARE(m_store->executions(page).total, 7);
        page.filters.insert(QStringLiteral("status"), QStringLiteral("running"));
        QCOMPARE(m_store->executions(page).total, 4);
    }

    void workflowStateJournalAndSnapshot()
    {
        const QString id = QStringLiteral("e01");
        QVERIFY(!m_store->workflowState(id));
        m_store->putWorkflowSnapshot(id, parse(R"({"v": 1})"));
        m_store->appendWorkflowJournal(id, parse(R"({"n": 1})"));
        m_store->appendWorkflowJournal(id, parse(R"({"n": 2})"));
        m_store->appendWorkflowJournal(QStringLiteral("e02"), parse(R"({"other": true})"));
        std::optional<WorkflowState> state = m_store->workflowState(id);
        QVERIFY(state);
        QCOMPARE(state->snapshot, parse(R"({"v": 1})"));
        QCOMPARE(state->journal, (ValueList{parse(R"({"n": 1})"), parse(R"({"n": 2})")}));
        // A new snapshot supersedes the journal written before it.
        m_store->putWorkflowSnapshot(id, parse(R"({"v": 2})"));
        m_store->appendWorkflowJournal(id, parse(R"({"n": 3})"));
        state = m_store->workflowState(id);
        QCOMPARE(state->snapshot, parse(R"({"v": 2})"));
        QCOMPARE(state->journal, (ValueList{parse(R"({"n": 3})")}));
        // A journal without a snapshot is not a state.
        QVERIFY(!m_store->workflowState(QStringLiteral("e02")));
        m_store->removeWorkflowState(id);
        QVERIFY(!m_store->workflowState(id));
        QVERIFY(m_store->lastError().isEmpty());
        m_store->appendWorkflowJournal(QString(), parse(R"({"n": 1})"));
        QVERIFY(m_store->lastError().contains(QStringLiteral("execution id")));
    }

    void purgeRemovesWorkflowState()
    {
        m_store->putWorkflowSnapshot(QStringLiteral("e01"), parse(R"({"v": 1})"));
        m_store->appendWorkflowJournal(QStringLiteral("e01"), parse(R"({"n": 1})"));
        m_store->putWorkflowSnapshot(QStringLiteral("e07"), parse(R"({"v": 7})"));
        while (m_store->purgeExecutions(ts(6), 100) > 0) { }
        QVERIFY(!m_store->workflowState(QStringLiteral("e01")));
        QVERIFY(m_store->workflowState(QStringLiteral("e07")));
    }

    void missingIdIsRejected()
    {
        m_store->putExecution(parse(R"({"status": "running"})"));
        QVERIFY(m_store->lastError().contains(QStringLiteral("id")));
        QCOMPARE(m_store->executions({}).total, 12);
    }
};

QTEST_GUILESS_MAIN(TestExecutions)
#include "tst_executions.moc"
