// Snapshot + journal: replaying the deltas over the first snapshot must give
// exactly the state of the conductor that produced them.

#include "base/Error.h"
#include "base/Json.h"
#include "base/Yaml.h"
#include "workflow/orquesta/Conductor.h"
#include "workflow/orquesta/Rehearsal.h"
#include "workflow/orquesta/Statuses.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QQueue>
#include <QTest>

using namespace squall;
using namespace squall::orquesta;

class TestPersistence final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replayMatches_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(SQUALL_SHARED_DIR "/conformance/orquesta/specs"));
        if (!dir.exists())
            qInfo("the shared Orquesta conformance specs are not beside this checkout: replaying the project's own specs only");
        for (const QString &f : dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
        const QDir own(QStringLiteral(SQUALL_SOURCE_DIR "/tests/workflow/orquesta/data/specs"));
        for (const QString &f : own.entryList({QStringLiteral("*_ok.yaml")}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(QStringLiteral("own ") + f)) << own.filePath(f);
    }

    void replayMatches()
    {
        QFETCH(QString, file);
        const Value spec = yaml::loadFile(file).value;
        const QString base = QFileInfo(QFileInfo(file).absolutePath()).absolutePath();
        const auto plan = WorkflowPlan::compileFile(base + QLatin1Char('/') + spec[u"workflow"].toString());
        MockExecutions mocks = MockExecutions::fromValue(spec[u"mock_action_executions"], base);

        Conductor c(plan, spec[u"inputs"]);
        const Value first = c.snapshot();
        ValueList journal;
        auto record = [&] {
            const Value delta = c.takeDelta();
            if (!delta.isNull()) {
                // Every delta must survive a JSON round trip (it goes to a store).
                journal.append(json::parse(json::serialize(delta)));
            }
        };
        if (c.workflowStatus() != status::Failed)
            c.requestWorkflowStatus(status::Running);
        record();
        QQueue<NextTask> queue;
        for (const NextTask &t : c.nextTasks())
            queue.enqueue(t);
        record();
        QHash<QString, ValueList> acc;
        while (!queue.isEmpty()) {
            while (!queue.isEmpty()) {
                const NextTask t = queue.dequeue();
                c.updateTaskState(t.id, t.route, ActionEvent::of(status::Running));
                record();
                MockExecutions::Mock fallback;
                fallback.status = status::Succeeded;
                MockExecutions::Mock *m = mocks.take(t.id, c.sequenceSize() - 1);
                if (!m)
                    m = &fallback;
                if (plan->task(t.id)->hasItems) {
                    ValueList &a = acc[t.id];
                    if (m->itemId < 0)
                        m->itemId = int(a.size());
                    while (a.size() <= m->itemId)
                        a.append(Value());
                    a[m->itemId] = m->result;
                    c.updateTaskState(t.id, t.route, ActionEvent::item(m->itemId, m->status, m->result, Value(a)));
                } else {
                    c.updateTaskState(t.id, t.route, ActionEvent::of(m->status, m->result));
                }
                record();
            }
            for (const NextTask &t : c.nextTasks())
                queue.enqueue(t);
            record();
        }
        c.renderWorkflowOutput();
        record();
        QCOMPARE(journal.isEmpty(), c.sequenceSize() == 0);

        auto rebuilt = Conductor::restore(plan, json::parse(json::serialize(first)));
        for (const Value &delta : std::as_const(journal))
            rebuilt->applyDelta(delta);
        const Value expected = c.snapshot();
        const Value actual = rebuilt->snapshot();
        QCOMPARE(json::toString(actual), json::toString(expected));
        // And the rebuilt conductor keeps working like the original.
        QCOMPARE(rebuilt->nextTasks().size(), c.nextTasks().size());
        QCOMPARE(rebuilt->workflowStatus(), c.workflowStatus());
    }

    void badSnapshotIsRefused()
    {
        const auto plan = WorkflowPlan::compile(yaml::load("tasks:\n  a:\n    action: core.noop\n").value);
        QVERIFY_THROWS_EXCEPTION(SquallException, Conductor::restore(plan, Value(42)));
        QVERIFY_THROWS_EXCEPTION(SquallException, Conductor::restore(nullptr, Value(ValueDict())));
        Conductor c(plan);
        QVERIFY_THROWS_EXCEPTION(SquallException,
                                 c.applyDelta(makeDict({{QStringLiteral("sequence"),
                                                         makeList({makeList({99, Value(ValueDict())})})}})));
    }

    void snapshotIsOrquestaShaped()
    {
        const auto plan = WorkflowPlan::compile(yaml::load("tasks:\n  a:\n    action: core.noop\n").value);
        Conductor c(plan, makeDict({{QStringLiteral("x"), 1}}));
        c.requestWorkflowStatus(status::Running);
        c.nextTasks();
        c.updateTaskState(QStringLiteral("a"), 0, ActionEvent::of(status::Running));
        const Value snap = c.snapshot();
        QCOMPARE(snap[u"state"][u"status"], Value(status::Running));
        QCOMPARE(snap[u"state"][u"tasks"][u"a__r0"], Value(0));
        QCOMPARE(snap[u"state"][u"sequence"][0][u"status"], Value(status::Running));
        QCOMPARE(snap[u"state"][u"routes"], makeList({Value(ValueList())}));
        QCOMPARE(snap[u"input"], makeDict({{QStringLiteral("x"), 1}}));
        QVERIFY(c.takeDelta().isNull());  // nothing changed since the snapshot
    }
};

QTEST_GUILESS_MAIN(TestPersistence)
#include "tst_conductor_persistence.moc"
