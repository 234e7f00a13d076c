// Every Orquesta rehearsal spec of the shared conformance suite, one row per file,
// and the project's own specs (tests/workflow/orquesta/data/specs: loops, error
// remediation and `fail`, count joins, splits, with-items failures), which a
// clone without ../shared still runs.

#include "base/Yaml.h"
#include "workflow/orquesta/Conductor.h"
#include "workflow/orquesta/Rehearsal.h"
#include "workflow/orquesta/Statuses.h"

#include <QDir>
#include <QTest>

using namespace squall;
using namespace squall::orquesta;

class TestConformance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void specs_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(SQUALL_SHARED_DIR "/conformance/orquesta/specs"));
        if (!dir.exists())
            QSKIP("the shared Orquesta conformance specs (../shared/conformance) are not beside this checkout; "
                  "ownSpecs covers the same kinds of case");
        const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
        QVERIFY2(!files.isEmpty(), "no conformance specs found");
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void specs()
    {
        QFETCH(QString, file);
        const RehearsalResult r = rehearseFile(file);
        QVERIFY2(r.passed, qPrintable(r.differences.join(QLatin1Char('\n'))));
    }

    void ownSpecs_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(SQUALL_SOURCE_DIR "/tests/workflow/orquesta/data/specs"));
        for (const QString &f : dir.entryList({QStringLiteral("*_ok.yaml")}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void ownSpecs()
    {
        QFETCH(QString, file);
        const RehearsalResult r = rehearseFile(file);
        QVERIFY2(r.passed, qPrintable(r.differences.join(QLatin1Char('\n'))));
    }

    // The rerun form: `workflow_state` holds a serialized conductor (its
    // `spec` carries the definition) and `rerun_tasks` what to run again.
    void rerunSpecFromSerializedState()
    {
        const QString wf = QStringLiteral(SQUALL_SOURCE_DIR "/tests/workflow/orquesta/data/workflows/sequential.yaml");
        const Value doc = yaml::loadFile(wf).value;
        const auto plan = WorkflowPlan::compile(doc);
        std::unique_ptr<Conductor> c =
            std::make_unique<Conductor>(plan, makeDict({{QStringLiteral("who"), QStringLiteral("x")}}));
        c->requestWorkflowStatus(status::Running);
        MockExecutions mocks = MockExecutions::fromValue(
            yaml::load("- task_id: second\n  status: failed\n").value);
        conductWithMocks(c, mocks);
        QCOMPARE(c->workflowStatus(), status::Failed);
        Value state = c->snapshot();
        state.dictRef().insert(QStringLiteral("spec"),
                               makeDict({{QStringLiteral("catalog"), QStringLiteral("native")},
                                         {QStringLiteral("spec"), doc}}));
        ValueDict spec;
        spec.insert(QStringLiteral("workflow_state"), state);
        spec.insert(QStringLiteral("rerun_tasks"), makeList({makeDict({{QStringLiteral("task_id"), QStringLiteral("second")}})}));
        spec.insert(QStringLiteral("expected_task_sequence"),
                    makeList({QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("second"),
                              QStringLiteral("third")}));
        spec.insert(QStringLiteral("mock_action_executions"),
                    makeList({makeDict({{QStringLiteral("task_id"), QStringLiteral("second")},
                                        {QStringLiteral("result"), QStringLiteral("again")}})}));
        spec.insert(QStringLiteral("expected_output"), makeDict({{QStringLiteral("msg"), QStringLiteral("again")}}));
        const RehearsalResult r = rehearse(Value(spec), QString());
        QVERIFY2(r.passed, qPrintable(r.differences.join(QLatin1Char('\n'))));
    }

    // A spec with a wrong expectation must fail and say why (orquesta's own
    // sequential_failure.yaml idea).
    void wrongExpectationFails()
    {
        const RehearsalResult r = rehearseFile(QStringLiteral(SQUALL_SOURCE_DIR "/tests/workflow/orquesta/data/specs/"
                                                              "sequential_wrong_order.yaml"));
        QVERIFY(!r.passed);
        QVERIFY2(r.differences.join(QLatin1Char('\n')).contains(QLatin1String("task sequence")),
                 qPrintable(r.differences.join(QLatin1Char('\n'))));
    }

    void badSpecs_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        const QString dir = QStringLiteral(SQUALL_SOURCE_DIR "/tests/workflow/orquesta/data/specs/");
        QTest::newRow("missing workflow") << dir + QStringLiteral("bad_missing_workflow.yaml")
                                          << QStringLiteral("Unable to open");
        QTest::newRow("unknown mock task") << dir + QStringLiteral("bad_mock_task.yaml")
                                           << QStringLiteral("does not exist");
        QTest::newRow("not yaml") << dir + QStringLiteral("bad_yaml.yaml") << QStringLiteral("bad_yaml.yaml:");
        QTest::newRow("no file") << dir + QStringLiteral("nope.yaml") << QStringLiteral("nope.yaml");
    }

    void badSpecs()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        const RehearsalResult r = rehearseFile(file);
        QVERIFY(!r.passed);
        QVERIFY2(r.differences.join(QLatin1Char('\n')).contains(message), qPrintable(r.differences.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
