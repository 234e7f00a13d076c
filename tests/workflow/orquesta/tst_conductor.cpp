// Conductor behaviour per construct, on small workflows under data/workflows.

#include "base/Error.h"
#include "base/Yaml.h"
#include "base/Json.h"
#include "workflow/orquesta/Conductor.h"
#include "workflow/orquesta/Rehearsal.h"
#include "workflow/orquesta/Statuses.h"
#include "workflow/orquesta/WorkflowFunctions.h"
#include "expr/Functions.h"

#include <QTest>

using namespace squall;
using namespace squall::orquesta;

namespace {

QString dataFile(const QString &name)
{
    return QStringLiteral(SQUALL_SOURCE_DIR "/tests/workflow/orquesta/data/workflows/") + name;
}

std::shared_ptr<const WorkflowPlan> load(const QString &name) { return WorkflowPlan::compileFile(dataFile(name)); }

std::unique_ptr<Conductor> start(const QString &name, const Value &inputs = {})
{
    auto c = std::make_unique<Conductor>(load(name), inputs);
    c->requestWorkflowStatus(status::Running);
    return c;
}

QStringList ids(const QList<NextTask> &tasks)
{
    QStringList out;
    for (const NextTask &t : tasks)
        out.append(t.id);
    return out;
}

void complete(Conductor &c, const QString &id, const QString &st = status::Succeeded, const Value &result = {})
{
    c.updateTaskState(id, 0, ActionEvent::of(status::Running));
    c.updateTaskState(id, 0, ActionEvent::of(st, result));
}

Value parse(const char *yamlText) { return yaml::load(QByteArray(yamlText)).value; }

bool holdsObject(const Value &v)
{
    if (v.isObject())
        return true;
    for (const Value &x : v.toList())
        if (holdsObject(x))
            return true;
    for (const auto &[k, x] : v.toDict())
        if (holdsObject(x))
            return true;
    return false;
}

// Runs `yamlText` with the rehearsal's mocks and the simulator's functions.
std::unique_ptr<Conductor> simulate(const char *yamlText, SimulatedFunctions &functions, const char *mocks = "[]")
{
    auto c = std::make_unique<Conductor>(WorkflowPlan::compile(parse(yamlText)), Value(), Value(), functions.scope());
    c->requestWorkflowStatus(status::Running);
    MockExecutions m = MockExecutions::fromValue(parse(mocks));
    conductWithMocks(c, m, &functions);
    return c;
}

} // namespace

class TestConductor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sequentialRendersInputsAndOutput()
    {
        auto c = start(QStringLiteral("sequential.yaml"), makeDict({{QStringLiteral("who"), QStringLiteral("you")}}));
        QList<NextTask> next = c->nextTasks();
        QCOMPARE(ids(next), QStringList{QStringLiteral("first")});
        QCOMPARE(next.first().actions.size(), 1);
        QCOMPARE(next.first().actions.first().action, Value(QStringLiteral("core.echo")));
        QCOMPARE(next.first().actions.first().input, makeDict({{QStringLiteral("message"), QStringLiteral("hello you")}}));
        complete(*c, QStringLiteral("first"), status::Succeeded, QStringLiteral("hello you"));
        next = c->nextTasks();
        QCOMPARE(ids(next), QStringList{QStringLiteral("second")});
        QCOMPARE(next.first().actions.first().input[u"message"], Value(QStringLiteral("hello you!")));
        complete(*c, QStringLiteral("second"), status::Succeeded, QStringLiteral("done"));
        complete(*c, QStringLiteral("third"));
        QVERIFY(c->nextTasks().isEmpty());
        QCOMPARE(c->workflowStatus(), status::Succeeded);
        c->renderWorkflowOutput();
        QCOMPARE(c->workflowOutput(), makeDict({{QStringLiteral("msg"), QStringLiteral("done")}}));
        QCOMPARE(c->taskSequence(),
                 (QStringList{QStringLiteral("first__r0"), QStringLiteral("second__r0"), QStringLiteral("third__r0")}));
        QCOMPARE(c->terminalTasks(), QStringList{QStringLiteral("third__r0")});
    }

    // Runtime inputs are data: text that looks like an expression stays text.
    void runtimeInputIsNeverEvaluated()
    {
        auto c = start(QStringLiteral("sequential.yaml"),
                       makeDict({{QStringLiteral("who"), QStringLiteral("<% ctx(punct) %>")}}));
        const QList<NextTask> next = c->nextTasks();
        QCOMPARE(next.first().actions.first().input[u"message"], Value(QStringLiteral("hello <% ctx(punct) %>")));
    }

    void failureWithoutRemediationFailsTheWorkflow_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expectedStatus");
        QTest::addColumn<QStringList>("expectedSequence");
        QTest::addColumn<int>("errorCount");
        QTest::newRow("continue") << QStringLiteral("plain") << status::Failed << QStringList{QStringLiteral("work__r0")}
                                  << 1;
        QTest::newRow("noop") << QStringLiteral("noop") << status::Succeeded
                              << QStringList{QStringLiteral("work__r0"), QStringLiteral("noop__r0")} << 1;
        QTest::newRow("fail") << QStringLiteral("fail") << status::Failed
                              << QStringList{QStringLiteral("work__r0"), QStringLiteral("fail__r0"),
                                             QStringLiteral("cleanup__r0")}
                              << 2;
    }

    void failureWithoutRemediationFailsTheWorkflow()
    {
        QFETCH(QString, mode);
        QFETCH(QString, expectedStatus);
        QFETCH(QStringList, expectedSequence);
        QFETCH(int, errorCount);
        auto c = start(QStringLiteral("errors.yaml"), makeDict({{QStringLiteral("mode"), mode}}));
        QCOMPARE(ids(c->nextTasks()), QStringList{QStringLiteral("work")});
        complete(*c, QStringLiteral("work"), status::Failed, makeDict({{QStringLiteral("stderr"), QStringLiteral("x")}}));
        // The cleanup of `do: [cleanup, fail]` still runs although the workflow failed.
        const QList<NextTask> next = c->nextTasks();
        if (mode == u"fail") {
            QCOMPARE(c->workflowStatus(), status::Failed);
            QCOMPARE(ids(next), QStringList{QStringLiteral("cleanup")});
            complete(*c, QStringLiteral("cleanup"));
        } else {
            QVERIFY(next.isEmpty());
        }
        QCOMPARE(c->workflowStatus(), expectedStatus);
        QCOMPARE(c->taskSequence(), expectedSequence);
        QCOMPARE(c->errors().size(), errorCount);
        const Value first = c->errors().first();
        QCOMPARE(first[u"message"], Value(QStringLiteral("Execution failed. See result for details.")));
        QCOMPARE(first[u"task_id"], Value(QStringLiteral("work")));
        QCOMPARE(first[u"result"], makeDict({{QStringLiteral("stderr"), QStringLiteral("x")}}));
        QVERIFY(!first.contains(u"route"));
        if (mode == u"fail")
            QCOMPARE(c->errors().at(1)[u"task_id"], Value(QStringLiteral("fail")));
        c->renderWorkflowOutput();
        QCOMPARE(c->workflowOutput(), makeDict({{QStringLiteral("mode"), mode}}));  // rendered on failure too
    }

    void transitionExpressionErrorNamesTheTransition()
    {
        auto c = start(QStringLiteral("errors.yaml"));
        complete(*c, QStringLiteral("work"), status::Succeeded, Value(ValueDict()));
        QCOMPARE(c->workflowStatus(), status::Failed);
        QCOMPARE(c->errors().size(), 1);
        const Value e = c->errors().first();
        QCOMPARE(e[u"type"], Value(QStringLiteral("error")));
        QCOMPARE(e[u"task_id"], Value(QStringLiteral("work")));
        QCOMPARE(e[u"route"], Value(0));
        QCOMPARE(e[u"task_transition_id"], Value(QStringLiteral("after__t0")));
        QVERIFY2(e[u"message"].toString().startsWith(QLatin1String("YaqlEvaluationException: ")),
                 qPrintable(e[u"message"].toString()));
    }

    void retryUntilSuccess()
    {
        auto c = start(QStringLiteral("retry.yaml"));
        QList<NextTask> next = c->nextTasks();
        QCOMPARE(ids(next), QStringList{QStringLiteral("flaky")});
        QVERIFY(!next.first().hasDelay);
        complete(*c, QStringLiteral("flaky"), status::Failed);
        QCOMPARE(c->workflowStatus(), status::Running);
        QCOMPARE(c->taskStatus(QStringLiteral("flaky"), 0), status::Retrying);
        next = c->nextTasks();
        QCOMPARE(ids(next), QStringList{QStringLiteral("flaky")});
        QVERIFY(next.first().hasDelay);
        QCOMPARE(next.first().delay, 5);
        complete(*c, QStringLiteral("flaky"), status::Succeeded);
        QCOMPARE(ids(c->nextTasks()), QStringList{QStringLiteral("done")});
        QCOMPARE(c->sequenceEntry(0)[u"retry"][u"tally"], Value(1));
        QCOMPARE(c->taskSequence(), QStringList{QStringLiteral("flaky__r0")});
    }

    void retryGivesUpAfterCount()
    {
        auto c = start(QStringLiteral("retry.yaml"));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(ids(c->nextTasks()), QStringList{QStringLiteral("flaky")});
            complete(*c, QStringLiteral("flaky"), status::Failed);
        }
        QVERIFY(c->nextTasks().isEmpty());
        QCOMPARE(c->workflowStatus(), status::Failed);
    }

    void withItemsZipConcurrencyAndResult()
    {
        auto c = start(QStringLiteral("items.yaml"));
        QList<NextTask> next = c->nextTasks();
        QCOMPARE(next.size(), 1);
        const NextTask &t = next.first();
        QVERIFY(t.hasItems);
        QCOMPARE(t.itemsCount, 3);
        QCOMPARE(t.concurrency, Value(2));
        QCOMPARE(t.actions.size(), 2);
        QCOMPARE(t.actions.at(0).input[u"message"], Value(QStringLiteral("a:1")));
        QCOMPARE(t.actions.at(1).itemId, 1);
        c->updateTaskState(QStringLiteral("each"), 0, ActionEvent::of(status::Running));
        ValueList acc{QStringLiteral("r0")};
        c->updateTaskState(QStringLiteral("each"), 0,
                           ActionEvent::item(0, status::Succeeded, QStringLiteral("r0"), Value(acc)));
        next = c->nextTasks();
        QCOMPARE(next.size(), 1);
        QCOMPARE(next.first().actions.size(), 2);  // item 1 was never started here, so 1 and 2 may go
        QCOMPARE(next.first().actions.at(1).input[u"message"], Value(QStringLiteral("c:0")));
        acc.append(QStringLiteral("r1"));
        c->updateTaskState(QStringLiteral("each"), 0,
                           ActionEvent::item(1, status::Succeeded, QStringLiteral("r1"), Value(acc)));
        QCOMPARE(c->taskStatus(QStringLiteral("each"), 0), status::Running);
        acc.append(QStringLiteral("r2"));
        c->updateTaskState(QStringLiteral("each"), 0,
                           ActionEvent::item(2, status::Succeeded, QStringLiteral("r2"), Value(acc)));
        QCOMPARE(c->taskStatus(QStringLiteral("each"), 0), status::Succeeded);
        next = c->nextTasks();
        QCOMPARE(ids(next), QStringList{QStringLiteral("single")});
        QCOMPARE(next.first().actions.size(), 3);  // no concurrency limit
        QCOMPARE(next.first().actions.at(2).input[u"message"], Value(QStringLiteral("c")));
        c->updateTaskState(QStringLiteral("single"), 0, ActionEvent::of(status::Running));
        for (int i = 0; i < 3; ++i)
            c->updateTaskState(QStringLiteral("single"), 0, ActionEvent::item(i, status::Succeeded, {}, {}));
        QCOMPARE(c->workflowStatus(), status::Succeeded);
        c->renderWorkflowOutput();
        QCOMPARE(c->workflowOutput()[u"results"], Value(acc));
    }

    void joinMergesBranchContexts()
    {
        auto c = start(QStringLiteral("join.yaml"));
        complete(*c, QStringLiteral("start"));
        QCOMPARE(ids(c->nextTasks()), (QStringList{QStringLiteral("left"), QStringLiteral("right")}));
        c->updateTaskState(QStringLiteral("right"), 0, ActionEvent::of(status::Running));
        complete(*c, QStringLiteral("left"));
        QVERIFY(c->nextTasks().isEmpty());  // the join waits for `right`
        c->updateTaskState(QStringLiteral("right"), 0, ActionEvent::of(status::Succeeded));
        const QList<NextTask> next = c->nextTasks();
        QCOMPARE(ids(next), QStringList{QStringLiteral("meet")});
        QCOMPARE(next.first().actions.first().input[u"message"], Value(QStringLiteral("right")));
        complete(*c, QStringLiteral("meet"));
        QCOMPARE(c->workflowStatus(), status::Succeeded);
        c->renderWorkflowOutput();
        QCOMPARE(c->workflowOutput()[u"right_only"], Value(true));
    }

    void joinUnreachableWhenABranchFails()
    {
        auto c = start(QStringLiteral("join.yaml"));
        complete(*c, QStringLiteral("start"));
        QCOMPARE(c->nextTasks().size(), 2);
        complete(*c, QStringLiteral("left"));
        complete(*c, QStringLiteral("right"), status::Failed);
        QCOMPARE(c->workflowStatus(), status::Failed);
        QVERIFY(c->nextTasks().isEmpty());
    }

    void pauseResumeCancel()
    {
        auto c = start(QStringLiteral("sequential.yaml"), makeDict({{QStringLiteral("who"), QStringLiteral("x")}}));
        c->nextTasks();
        c->updateTaskState(QStringLiteral("first"), 0, ActionEvent::of(status::Running));
        c->requestWorkflowStatus(status::Pausing);
        QCOMPARE(c->workflowStatus(), status::Pausing);
        c->updateTaskState(QStringLiteral("first"), 0, ActionEvent::of(status::Succeeded, QStringLiteral("r")));
        QCOMPARE(c->workflowStatus(), status::Paused);
        QVERIFY(c->nextTasks().isEmpty());
        c->requestWorkflowStatus(status::Resuming);
        QCOMPARE(c->workflowStatus(), status::Resuming);
        QCOMPARE(ids(c->nextTasks()), QStringList{QStringLiteral("second")});
        c->updateTaskState(QStringLiteral("second"), 0, ActionEvent::of(status::Running));
        QCOMPARE(c->workflowStatus(), status::Running);
        c->requestWorkflowStatus(status::Canceling);
        QCOMPARE(c->workflowStatus(), status::Canceling);
        c->updateTaskState(QStringLiteral("second"), 0, ActionEvent::of(status::Succeeded));
        QCOMPARE(c->workflowStatus(), status::Canceled);
        QVERIFY(c->nextTasks().isEmpty());
        QVERIFY_THROWS_EXCEPTION(SquallException, c->requestWorkflowStatus(status::Pausing));
    }

    void pendingTaskPausesOnceOthersAreDone()
    {
        auto c = start(QStringLiteral("inquiry.yaml"));
        QCOMPARE(ids(c->nextTasks()), (QStringList{QStringLiteral("ask"), QStringLiteral("other")}));
        c->updateTaskState(QStringLiteral("ask"), 0, ActionEvent::of(status::Running));
        c->updateTaskState(QStringLiteral("other"), 0, ActionEvent::of(status::Running));
        c->updateTaskState(QStringLiteral("ask"), 0, ActionEvent::of(status::Pending));
        QCOMPARE(c->workflowStatus(), status::Pausing);
        c->updateTaskState(QStringLiteral("other"), 0, ActionEvent::of(status::Succeeded));
        QCOMPARE(c->workflowStatus(), status::Paused);
        c->requestWorkflowStatus(status::Resuming);
        const Value answer = makeDict({{QStringLiteral("response"), makeDict({{QStringLiteral("ok"), true}})}});
        c->updateTaskState(QStringLiteral("ask"), 0, ActionEvent::of(status::Succeeded, answer));
        QCOMPARE(c->workflowStatus(), status::Running);
        const QList<NextTask> next = c->nextTasks();
        QCOMPARE(ids(next), QStringList{QStringLiteral("after")});
        QCOMPARE(next.first().actions.first().input[u"message"], Value(true));
    }

    void rerunFailedTask()
    {
        auto c = start(QStringLiteral("retry.yaml"));
        for (int i = 0; i < 3; ++i) {
            c->nextTasks();
            complete(*c, QStringLiteral("flaky"), status::Failed);
        }
        QCOMPARE(c->workflowStatus(), status::Failed);
        QVERIFY_THROWS_EXCEPTION(SquallException, c->requestWorkflowRerun({{QStringLiteral("nope"), 0, false}}));
        c->requestWorkflowRerun({{QStringLiteral("flaky"), 0, false}});
        QCOMPARE(c->workflowStatus(), status::Resuming);
        QVERIFY(c->errors().isEmpty());
        QCOMPARE(ids(c->nextTasks()), QStringList{QStringLiteral("flaky")});
        complete(*c, QStringLiteral("flaky"));
        complete(*c, QStringLiteral("done"));
        QCOMPARE(c->workflowStatus(), status::Succeeded);
        QCOMPARE(c->taskSequence(),
                 (QStringList{QStringLiteral("flaky__r0"), QStringLiteral("flaky__r0"), QStringLiteral("done__r0")}));
    }

    void rerunOfActiveWorkflowIsRefused()
    {
        auto c = start(QStringLiteral("retry.yaml"));
        QVERIFY_THROWS_EXCEPTION(SquallException, c->requestWorkflowRerun());
    }

    void taskStatusFunctionInTransitions()
    {
        const auto plan = WorkflowPlan::compile(parse("tasks:\n"
                                                      "  a:\n"
                                                      "    action: core.noop\n"
                                                      "    next:\n"
                                                      "      - when: <% task_status(a) = 'succeeded' %>\n"
                                                      "        publish: st=<% task_status(b) %>\n"
                                                      "        do: b\n"
                                                      "  b:\n"
                                                      "    action: core.echo message=<% ctx(st) %>\n"));
        Conductor c(plan);
        c.requestWorkflowStatus(status::Running);
        c.nextTasks();
        complete(c, QStringLiteral("a"));
        const QList<NextTask> next = c.nextTasks();
        QCOMPARE(ids(next), QStringList{QStringLiteral("b")});
        QCOMPARE(next.first().actions.first().input[u"message"], Value(QStringLiteral("null")));
    }

    void badInputFailsBeforeAnyTask()
    {
        const auto plan = WorkflowPlan::compile(parse("input:\n  - x: <% ctx(nope) %>\ntasks:\n  a:\n    action: core.noop\n"));
        Conductor c(plan);
        QCOMPARE(c.workflowStatus(), status::Failed);
        QCOMPARE(c.errors().size(), 1);
        QVERIFY(!c.errors().first().contains(u"task_id"));
        QCOMPARE(c.errors().first()[u"message"].toString(),
                 QStringLiteral("YaqlEvaluationException: Unable to evaluate expression '<% ctx(nope) %>'. "
                                "VariableUndefinedError: The variable \"nope\" is undefined."));
        QVERIFY(c.nextTasks().isEmpty());
    }

    void badDefinitions_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("line");
        QTest::newRow("not a mapping") << QByteArray("- a\n- b\n") << QStringLiteral("mapping") << 1;
        QTest::newRow("no tasks") << QByteArray("version: 1.0\ninput: []\n") << QStringLiteral("tasks") << 0;
        QTest::newRow("undefined next") << QByteArray("tasks:\n  a:\n    next:\n      - do: b\n")
                                        << QStringLiteral("The task \"b\" is not defined.") << 4;
        QTest::newRow("bad join") << QByteArray("tasks:\n  a:\n    join: some\n") << QStringLiteral("join") << 3;
        QTest::newRow("no start task") << QByteArray("tasks:\n  a:\n    next: [{do: b}]\n  b:\n    next: [{do: a}]\n")
                                       << QStringLiteral("entry point") << 0;
    }

    void badDefinitions()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        QFETCH(int, line);
        const yaml::Document doc = yaml::load(text, QStringLiteral("wf.yaml"));
        try {
            WorkflowPlan::compile(doc.value, doc.locations);
            QFAIL("no error");
        } catch (const SquallException &e) {
            QVERIFY2(e.error().toString().contains(message), qPrintable(e.error().toString()));
            if (line > 0)
                QCOMPARE(e.error().location.line, line);
            QCOMPARE(e.error().location.file, QStringLiteral("wf.yaml"));
        }
    }

    void jinjaExpressionsAndDelay()
    {
        const auto plan = WorkflowPlan::compile(parse("input:\n"
                                                      "  - names: [x, y]\n"
                                                      "  - wait: 7\n"
                                                      "tasks:\n"
                                                      "  a:\n"
                                                      "    delay: '{{ ctx(\"wait\") }}'\n"
                                                      "    with: n in {{ ctx('names') }}\n"
                                                      "    action: core.echo\n"
                                                      "    input:\n"
                                                      "      message: '{{ item(\"n\") }}-{{ ctx().wait }}'\n"));
        Conductor c(plan);
        c.requestWorkflowStatus(status::Running);
        const QList<NextTask> next = c.nextTasks();
        QCOMPARE(next.size(), 1);
        QVERIFY(next.first().hasDelay);
        QCOMPARE(next.first().delay, 7);
        QCOMPARE(next.first().actions.size(), 2);
        QCOMPARE(next.first().actions.at(1).input[u"message"], Value(QStringLiteral("y-7")));
        QCOMPARE(next.first().toValue()[u"items_count"], Value(2));
    }

    // Functions registered outside this library reach the workflow context
    // (ctx().st2.user) through workflowData().
    void externalFunctionsSeeTheWorkflowContext()
    {
        expr::FunctionRegistry::instance().add(
            QStringLiteral("test_whoami"), [](const ValueList &, const ValueDict &, const expr::CallContext &cc) {
                return Value(workflowData(cc)[u"st2"][u"user"].toString() + QLatin1Char('/')
                             + workflowTaskStatus(cc, QStringLiteral("a")));
            });
        const auto plan = WorkflowPlan::compile(parse("tasks:\n"
                                                      "  a:\n"
                                                      "    action: core.echo message=<% test_whoami() %>\n"));
        Conductor c(plan, {}, makeDict({{QStringLiteral("st2"), makeDict({{QStringLiteral("user"), QStringLiteral("stanley")}})}}));
        c.requestWorkflowStatus(status::Running);
        QCOMPARE(c.nextTasks().first().actions.first().input[u"message"], Value(QStringLiteral("stanley/null")));
        expr::FunctionRegistry::instance().remove(QStringLiteral("test_whoami"));
    }

    void rerunResetsItems()
    {
        const auto plan = WorkflowPlan::compile(parse("tasks:\n"
                                                      "  a:\n"
                                                      "    with: <% [1, 2] %>\n"
                                                      "    action: core.echo message=<% item() %>\n"));
        Conductor c(plan);
        c.requestWorkflowStatus(status::Running);
        QCOMPARE(c.nextTasks().first().actions.size(), 2);
        c.updateTaskState(QStringLiteral("a"), 0, ActionEvent::of(status::Running));
        QVERIFY_THROWS_EXCEPTION(SquallException,
                                 c.updateTaskState(QStringLiteral("a"), 0, ActionEvent::item(5, status::Succeeded, {}, {})));
        c.updateTaskState(QStringLiteral("a"), 0, ActionEvent::item(0, status::Succeeded, 1, makeList({1})));
        c.updateTaskState(QStringLiteral("a"), 0, ActionEvent::item(1, status::Failed, {}, makeList({1, Value()})));
        QCOMPARE(c.workflowStatus(), status::Failed);
        c.snapshot();
        c.requestWorkflowRerun({{QStringLiteral("a"), 0, false}});
        const Value delta = c.takeDelta();
        QVERIFY(delta.contains(u"errors_all"));
        QCOMPARE(delta[u"status"], Value(status::Resuming));
        // Without reset only the failed item runs again.
        const QList<NextTask> next = c.nextTasks();
        QCOMPARE(next.size(), 1);
        QCOMPARE(next.first().actions.size(), 1);
        QCOMPARE(next.first().actions.first().itemId, 1);
    }

    // `<% $ %>` used to hand the conductor's live state out into a published
    // variable: it dangled once the conductor was rebuilt and recursed into
    // itself when saved (a segfault in simulate and, through the journal, on
    // every daemon start).
    void liveStateIsNeverKept()
    {
        SimulatedFunctions functions;
        auto c = simulate("tasks:\n"
                          "  a:\n"
                          "    action: core.noop\n"
                          "    next:\n"
                          "      - publish:\n"
                          "          - whole: <% $ %>\n"
                          "          - vars: <% $__vars %>\n"
                          "          - nested: <% [$__state, 1] %>\n"
                          "          - jstate: '{{ __state }}'\n"
                          "        do: b\n"
                          "  b:\n"
                          "    action: core.echo message=<% ctx(vars).keys().len() %>\n"
                          "output:\n"
                          "  - whole: <% ctx(whole) %>\n"
                          "  - state: <% $__state %>\n",
                          functions);
        QCOMPARE(c->workflowStatus(), status::Succeeded);
        const Value snap = c->snapshot();
        QVERIFY(!holdsObject(snap));
        QVERIFY(!holdsObject(c->workflowOutput()));
        QCOMPARE(c->workflowOutput()[u"whole"], Value());
        QVERIFY(c->workflowOutput()[u"state"][u"sequence"].isList());
        // Saved and rebuilt, the state still serialises.
        const auto again = Conductor::restore(c->plan(), snap);
        QVERIFY(!json::toString(again->snapshot()).isEmpty());
    }

    // st2's task(): the current task, another (earlier) task, with-items,
    // the route argument and the route before a split.
    void taskFunction()
    {
        SimulatedFunctions functions;
        auto c = simulate("tasks:\n"
                          "  a:\n"
                          "    action: core.echo message=A\n"
                          "    next:\n"
                          "      - publish:\n"
                          "          - own: <% task().result %>\n"
                          "          - own_id: <% task().task_id %>\n"
                          "          - own_status: '{{ task(\"a\").status }}'\n"
                          "        do: [b, c]\n"
                          "  b:\n"
                          "    with: <% [1, 2] %>\n"
                          "    action: core.echo message=<% item() %>\n"
                          "    next:\n"
                          "      - publish:\n"
                          "          - items: <% task().result %>\n"
                          "          - earlier: <% task(a).result %>\n"
                          "          - earlier_route: <% task(a).route %>\n"
                          "          - b_route: <% task().route %>\n"
                          "        do: d\n"
                          "  c:\n"
                          "    action: core.noop\n"
                          "    next:\n"
                          "      - do: d\n"
                          "  d:\n"
                          "    action: core.noop\n"
                          "    next:\n"
                          "      - do: e\n"
                          "  e:\n"
                          "    next:\n"
                          "      - publish: actionless=<% task().status %>\n"
                          "output:\n"
                          "  - actionless: <% ctx(actionless) %>\n"
                          "  - own: <% ctx(own) %>\n"
                          "  - own_id: <% ctx(own_id) %>\n"
                          "  - own_status: <% ctx(own_status) %>\n"
                          "  - items: <% ctx(items) %>\n"
                          "  - earlier: <% ctx(earlier) %>\n"
                          "  - earlier_route: <% ctx(earlier_route) %>\n"
                          "  - b_route: <% ctx(b_route) %>\n"
                          "  - d1: <% task(d, route => 1).route %>\n"
                          "  - d2: <% task(d, route => 2).status %>\n"
                          "  - a_by_route: <% task(a, route => 2).result %>\n",
                          functions,
                          "- task_id: a\n  result: {out: A}\n"
                          "- task_id: b\n  item_id: 0\n  result: one\n"
                          "- task_id: b\n  item_id: 1\n  status: succeeded\n  result: two\n");
        QCOMPARE(c->workflowStatus(), status::Succeeded);
        const Value out = c->workflowOutput();
        QCOMPARE(out[u"own"], makeDict({{QStringLiteral("out"), QStringLiteral("A")}}));
        QCOMPARE(out[u"own_id"], Value(QStringLiteral("a")));
        QCOMPARE(out[u"own_status"], Value(QStringLiteral("succeeded")));
        QCOMPARE(json::toString(out[u"items"]),
                 QStringLiteral("{\"items\":[{\"status\":\"succeeded\",\"result\":\"one\"},"
                                "{\"status\":\"succeeded\",\"result\":\"two\"}]}"));
        QCOMPARE(out[u"earlier"], makeDict({{QStringLiteral("out"), QStringLiteral("A")}}));
        // d runs once per inbound branch (routes 1 and 2); a ran before the split, on route 0.
        QCOMPARE(out[u"b_route"], Value(0));
        QCOMPARE(out[u"earlier_route"], Value(0));
        QCOMPARE(out[u"d1"], Value(1));
        QCOMPARE(out[u"d2"], Value(QStringLiteral("succeeded")));
        QCOMPARE(out[u"a_by_route"], makeDict({{QStringLiteral("out"), QStringLiteral("A")}}));
        // A task without an action has a record too.
        QCOMPARE(out[u"actionless"], Value(QStringLiteral("succeeded")));
    }

    void taskFunctionErrors_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("message");
        QTest::newRow("not run") << QStringLiteral("<% task(never).result %>")
                                 << QStringLiteral("YaqlEvaluationException: Unable to evaluate expression '<% "
                                                   "task(never).result %>'. ExpressionEvaluationException: Unable to "
                                                   "find task execution for \"never\".");
        QTest::newRow("unknown route") << QStringLiteral("<% task(a, route => 3) %>")
                                       << QStringLiteral("Unable to find task execution for \"a\".");
        QTest::newRow("jinja") << QStringLiteral("{{ task('never') }}")
                               << QStringLiteral("Unable to find task execution for \"never\".");
        QTest::newRow("no current task") << QStringLiteral("<% task() %>")
                                         << QStringLiteral("Unable to resolve key 'id' in expression '<% task() %>'");
        QTest::newRow("bad route") << QStringLiteral("<% task(a, route => 'x') %>")
                                   << QStringLiteral("TypeError: The route of task() is not an integer.");
    }

    void taskFunctionErrors()
    {
        QFETCH(QString, expression);
        QFETCH(QString, message);
        SimulatedFunctions functions;
        const QByteArray doc = QByteArrayLiteral("tasks:\n  a:\n    action: core.noop\n    next:\n      - when: <% false %>\n        do: never\n"
                                                 "  never:\n    action: core.noop\n"
                                                 "output:\n  - x: \"")
                               + expression.toUtf8() + QByteArrayLiteral("\"\n");
        auto c = simulate(doc.constData(), functions);
        QCOMPARE(c->workflowStatus(), status::Failed);
        QCOMPARE(c->errors().size(), 1);
        const QString got = c->errors().first()[u"message"].toString();
        QVERIFY2(got.contains(message), qPrintable(got));
    }

    void st2kvReadsTheLentDatastore()
    {
        SimulatedFunctions functions(makeDict({{QStringLiteral("system.color"), QStringLiteral("red")},
                                               {QStringLiteral("mine"), 7}}));
        auto c = simulate("vars:\n"
                          "  - color: <% st2kv('system.color') %>\n"
                          "  - mine: '{{ st2kv(\"mine\") }}'\n"
                          "  - other: <% st2kv('system.other', default => 'fallback') %>\n"
                          "tasks:\n"
                          "  a:\n"
                          "    action: core.noop\n"
                          "output:\n"
                          "  - all: <% [ctx(color), ctx(mine), ctx(other)] %>\n"
                          "  - missing: <% st2kv('system.nope') %>\n",
                          functions);
        QCOMPARE(c->workflowStatus(), status::Failed);
        QCOMPARE(c->workflowOutput()[u"all"], makeList({QStringLiteral("red"), 7, QStringLiteral("fallback")}));
        QVERIFY2(c->errors().first()[u"message"].toString().contains(
                     QStringLiteral("ExpressionEvaluationException: The key \"nope\" does not exist in the StackStorm "
                                    "datastore.")),
                 qPrintable(c->errors().first()[u"message"].toString()));
        // Without a host there is no datastore at all.
        Conductor bare(WorkflowPlan::compile(parse("vars:\n  - x: <% st2kv('system.color') %>\ntasks:\n  a:\n    action: core.noop\n")));
        QCOMPARE(bare.workflowStatus(), status::Failed);
        QVERIFY(bare.errors().first()[u"message"].toString().contains(QStringLiteral("st2kv is not available")));
    }

    void unknownTaskEventIsAnError()
    {
        auto c = start(QStringLiteral("retry.yaml"));
        QVERIFY_THROWS_EXCEPTION(SquallException, c->updateTaskState(QStringLiteral("nope"), 0, ActionEvent::of(status::Running)));
        QVERIFY_THROWS_EXCEPTION(SquallException, c->updateTaskState(QStringLiteral("done"), 0, ActionEvent::of(status::Running)));
        QVERIFY_THROWS_EXCEPTION(SquallException, c->updateTaskState(QStringLiteral("flaky"), 0, ActionEvent::of(QStringLiteral("bogus"))));
    }
};

QTEST_GUILESS_MAIN(TestConductor)
#include "tst_conductor.moc"
