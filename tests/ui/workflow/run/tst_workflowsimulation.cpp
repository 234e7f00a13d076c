// WorkflowSimulation: offline runs with mocked results on the rehearsal runner.
#include "ui/workflow/run/WorkflowSimulation.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace squall;
using namespace Qt::StringLiterals;
using Sim = ui::WorkflowSimulation;
using Path = QList<std::pair<QString, QString>>;

namespace {
QString bundled(const QString &name)
{
    QFile f(QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/actions/workflows/") + name);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QStringList tasksOf(const Sim::Outcome &o)
{
    QStringList out;
    for (const Sim::Step &s : o.steps)
        out.append(s.task + u':' + s.status);
    return out;
}

const QString kBranching = uR"(version: 1.0
input:
  - who
output:
  - said: <% ctx().said %>
vars:
  - said: nobody
tasks:
  check:
    action: core.local cmd="test -n <% ctx(who) %>"
    next:
      - when: <% succeeded() %>
        publish: said=<% result() %>
        do: greet
      - when: <% failed() %>
        do: complain
  greet:
    action: core.echo message="hi"
  complain:
    action: core.echo message="nobody there"
    next:
      - do: fail
)"_s;
} // namespace

class TestWorkflowSimulation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unmockedTasksSucceed()
    {
        const Sim::Outcome o = Sim::run(kBranching, makeDict({{u"who"_s, u"ann"_s}}), {});
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.status, u"succeeded"_s);
        QCOMPARE(tasksOf(o), (QStringList{u"check:succeeded"_s, u"greet:succeeded"_s}));
        QCOMPARE(o.transitions, (Path{{u"check"_s, u"greet"_s}}));
        QVERIFY(o.output[u"said"].isNull());  // the null result of an unmocked task
    }

    void mockedResultIsPublished()
    {
        const Sim::Outcome o = Sim::run(kBranching, makeDict({{u"who"_s, u"ann"_s}}),
                                        {Sim::Mock{u"check"_s, u"succeeded"_s, makeDict({{u"stdout"_s, u"yes"_s}})}});
        QCOMPARE(o.status, u"succeeded"_s);
        QCOMPARE(o.output[u"said"][u"stdout"].toString(), u"yes"_s);
    }

    void mockedFailureTakesTheFailureBranch()
    {
        const Sim::Outcome o = Sim::run(kBranching, makeDict({{u"who"_s, u""_s}}),
                                        {Sim::Mock{u"check"_s, u"failed"_s, makeDict({{u"return_code"_s, 1}})}});
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.status, u"failed"_s);
        QCOMPARE(tasksOf(o), (QStringList{u"check:failed"_s, u"complain:succeeded"_s}));
        QCOMPARE(o.transitions, (Path{{u"check"_s, u"complain"_s}}));
        QVERIFY(!o.errors.toList().isEmpty());
    }

    void bundledSequential()
    {
        const QString yaml = bundled(u"orquesta-sequential.yaml"_s);
        QVERIFY(!yaml.isEmpty());
        const Sim::Outcome o = Sim::run(yaml, makeDict({{u"name"_s, u"Lakshmi"_s}}),
                                        {Sim::Mock{u"task1"_s, u"succeeded"_s, makeDict({{u"stdout"_s, u"Lakshmi"_s}})},
                                         Sim::Mock{u"task2"_s, u"succeeded"_s, makeDict({{u"stdout"_s, u"base"_s}})},
                                         Sim::Mock{u"task3"_s, u"succeeded"_s, makeDict({{u"stdout"_s, u"done"_s}})}});
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.status, u"succeeded"_s);
        QCOMPARE(tasksOf(o), (QStringList{u"task1:succeeded"_s, u"task2:succeeded"_s, u"task3:succeeded"_s}));
        QCOMPARE(o.transitions, (Path{{u"task1"_s, u"task2"_s}, {u"task2"_s, u"task3"_s}}));
        QCOMPARE(o.output[u"greeting"].toString(), u"done"_s);
    }

    void bundledJoinAndErrorHandling()
    {
        const Sim::Outcome join = Sim::run(bundled(u"orquesta-join.yaml"_s), makeDict({{u"host"_s, u"h"_s}}),
                                           {Sim::Mock{u"uptime"_s, u"succeeded"_s, makeDict({{u"stdout"_s, u"up"_s}})},
                                            Sim::Mock{u"disk"_s, u"succeeded"_s, makeDict({{u"stdout"_s, u"full"_s}})}});
        QVERIFY2(join.error.isEmpty(), qPrintable(join.error));
        QCOMPARE(join.status, u"succeeded"_s);
        QCOMPARE(join.steps.size(), 4);
        QVERIFY(join.transitions.contains(std::pair{u"uptime"_s, u"report"_s}));
        QVERIFY(join.transitions.contains(std::pair{u"disk"_s, u"report"_s}));
        QVERIFY(join.transitions.contains(std::pair{u"start"_s, u"uptime"_s}));
        QCOMPARE(join.output[u"report"].toString(), u"up / full"_s);

        const Sim::Outcome handled = Sim::run(bundled(u"orquesta-error-handling.yaml"_s), makeDict({{u"path"_s, u"/x"_s}}),
                                              {Sim::Mock{u"read"_s, u"failed"_s, makeDict({{u"stderr"_s, u"no"_s}})}});
        QCOMPARE(handled.status, u"succeeded"_s);
        QCOMPARE(handled.transitions, (Path{{u"read"_s, u"remedy"_s}}));
        QCOMPARE(handled.output[u"remedied"].toBool(), true);
    }

    void withItemsAndIterations()
    {
        // The third item fails: the task and the workflow fail.
        const Sim::Outcome o = Sim::run(bundled(u"orquesta-with-items.yaml"_s),
                                        makeDict({{u"names"_s, makeList({u"a"_s, u"b"_s, u"c"_s})}, {u"concurrency"_s, 3}}),
                                        {Sim::Mock{u"greet"_s, u"failed"_s, Value(), 2}});
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.status, u"failed"_s);
        QCOMPARE(tasksOf(o), (QStringList{u"greet:failed"_s}));
    }

    void retriesUseTheMockOfEachRun()
    {
        // Fails twice, then the default (success) of the third run.
        const QString yaml = bundled(u"orquesta-retry.yaml"_s);
        const Sim::Outcome o = Sim::run(yaml, makeDict({{u"attempts"_s, 3}}),
                                        {Sim::Mock{u"flaky"_s, u"failed"_s, Value(), 0},
                                         Sim::Mock{u"flaky"_s, u"failed"_s, Value(), 1},
                                         Sim::Mock{u"flaky"_s, u"succeeded"_s, makeDict({{u"stdout"_s, u"200"_s}}), 2}});
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.status, u"succeeded"_s);
        QCOMPARE(o.output[u"roll"].toString(), u"200"_s);
        const Sim::Outcome never = Sim::run(yaml, makeDict({{u"attempts"_s, 2}}), {Sim::Mock{u"flaky"_s, u"failed"_s}});
        QCOMPARE(never.status, u"failed"_s);
    }

    void endlessLoopStops()
    {
        const QString loop = uR"(version: 1.0
tasks:
  start:
    action: core.noop
    next:
      - do: ping
  ping:
    action: core.noop
    next:
      - do: pong
  pong:
    action: core.noop
    next:
      - do: ping
)"_s;
        QElapsedTimer t;
        t.start();
        const Sim::Outcome o = Sim::run(loop, {}, {});
        QVERIFY2(o.error.contains(u"stopped after 10000 task runs (loop?)"), qPrintable(o.error));
        // The last task set running is not completed.
        QVERIFY(o.steps.size() >= Sim::MaxTaskRuns && o.steps.size() <= Sim::MaxTaskRuns + 1);
        QVERIFY2(t.elapsed() < 10000, "the cap must bound the time");
    }

    void badWorkflowsSayWhy()
    {
        QVERIFY(Sim::run(u"version: 1.0\ntasks:\n  a:\n    action: core.noop\n    next:\n      - do: nowhere\n"_s, {}, {})
                    .error.contains(u"nowhere"));
        QVERIFY(!Sim::run(u"tasks: [unclosed"_s, {}, {}).error.isEmpty());
        QVERIFY(!Sim::run(u"chain:\n  - name: a\n    ref: core.noop\n"_s, {}, {}).error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWorkflowSimulation)
#include "tst_workflowsimulation.moc"
