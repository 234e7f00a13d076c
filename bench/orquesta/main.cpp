// B4-B6: Orquesta conductor throughput (BENCHMARKS.md), one JSON line per workload.
#include "BenchUtil.h"

#include "base/Json.h"
#include "workflow/inspect/Inspector.h"
#include "workflow/orquesta/Conductor.h"
#include "workflow/orquesta/Statuses.h"

#include <QCoreApplication>
#include <QJsonObject>

using namespace squall;
using namespace squall::orquesta;

namespace {

Value transition(const QString &next, bool publish)
{
    ValueDict t;
    t.insert(QStringLiteral("when"), QStringLiteral("<% succeeded() %>"));
    if (publish)
        t.insert(QStringLiteral("publish"),
                 makeList({makeDict({{QStringLiteral("last"), QStringLiteral("<% result() %>")}})}));
    t.insert(QStringLiteral("do"), next);
    return Value(std::move(t));
}

// task0 -> task1 -> ... each core.noop with `when` + `publish`.
Value chainDoc(int n)
{
    ValueDict tasks;
    for (int i = 0; i < n; ++i) {
        ValueDict t;
        t.insert(QStringLiteral("action"), QStringLiteral("core.noop"));
        if (i + 1 < n)
            t.insert(QStringLiteral("next"), makeList({transition(QStringLiteral("task%1").arg(i + 1), true)}));
        tasks.insert(QStringLiteral("task%1").arg(i), Value(std::move(t)));
    }
    return makeDict({{QStringLiteral("version"), QStringLiteral("1.0")},
                     {QStringLiteral("vars"), makeList({makeDict({{QStringLiteral("last"), Value()}})})},
                     {QStringLiteral("tasks"), Value(std::move(tasks))},
                     {QStringLiteral("output"), makeList({makeDict({{QStringLiteral("last"),
                                                                     QStringLiteral("<% ctx(last) %>")}})})}});
}

void benchChain(int n)
{
    const Value doc = chainDoc(n);
    auto t0 = bench::Clock::now();
    const auto plan = WorkflowPlan::compile(doc);
    const double compileS = bench::secondsSince(t0);
    Conductor c(plan);
    c.snapshot();
    qint64 deltaBytes = 0;
    int transitions = 0;
    t0 = bench::Clock::now();
    c.requestWorkflowStatus(status::Running);
    for (;;) {
        const QList<NextTask> next = c.nextTasks();
        if (next.isEmpty())
            break;
        for (const NextTask &t : next) {
            c.updateTaskState(t.id, t.route, ActionEvent::of(status::Running));
            deltaBytes += json::serialize(c.takeDelta()).size();
            c.updateTaskState(t.id, t.route, ActionEvent::of(status::Succeeded, transitions));
            deltaBytes += json::serialize(c.takeDelta()).size();
            ++transitions;
        }
    }
    c.renderWorkflowOutput();
    const double s = bench::secondsSince(t0);
    bench::report(QJsonObject{{QStringLiteral("bench"), QStringLiteral("B4_chain")},
                              {QStringLiteral("tasks"), n},
                              {QStringLiteral("status"), c.workflowStatus()},
                              {QStringLiteral("compile_ms"), compileS * 1e3},
                              {QStringLiteral("total_s"), s},
                              {QStringLiteral("us_per_transition"), s * 1e6 / std::max(1, transitions)},
                              {QStringLiteral("journal_bytes_per_transition"), double(deltaBytes) / std::max(1, transitions)}});
}

void benchItems(int n, int concurrency)
{
    ValueList xs;
    for (int i = 0; i < n; ++i)
        xs.append(i);
    ValueDict task;
    task.insert(QStringLiteral("action"), QStringLiteral("core.echo"));
    task.insert(QStringLiteral("with"), makeDict({{QStringLiteral("items"), QStringLiteral("x in <% ctx(xs) %>")},
                                                  {QStringLiteral("concurrency"), concurrency}}));
    task.insert(QStringLiteral("input"), makeDict({{QStringLiteral("message"), QStringLiteral("<% item(x) %>")}}));
    const Value doc = makeDict({{QStringLiteral("input"), makeList({QStringLiteral("xs")})},
                                {QStringLiteral("tasks"), makeDict({{QStringLiteral("each"), Value(std::move(task))}})}});
    const auto plan = WorkflowPlan::compile(doc);
    Conductor c(plan, makeDict({{QStringLiteral("xs"), Value(xs)}}));
    c.snapshot();
    const auto t0 = bench::Clock::now();
    c.requestWorkflowStatus(status::Running);
    int done = 0;
    bool first = true;
    qint64 deltaBytes = 0;
    for (;;) {
        const QList<NextTask> next = c.nextTasks();
        if (next.isEmpty())
            break;
        if (first) {
            c.updateTaskState(QStringLiteral("each"), 0, ActionEvent::of(status::Running));
            first = false;
        }
        for (const ActionSpec &a : next.first().actions) {
            ++done;
            // The accumulated results matter only on the last item.
            c.updateTaskState(QStringLiteral("each"), 0,
                              ActionEvent::item(a.itemId, status::Succeeded, a.itemId,
                                                done == n ? Value(xs) : Value()));
            deltaBytes += json::serialize(c.takeDelta()).size();
        }
    }
    const double s = bench::secondsSince(t0);
    bench::report(QJsonObject{{QStringLiteral("bench"), QStringLiteral("B5_with_items")},
                              {QStringLiteral("items"), n},
                              {QStringLiteral("concurrency"), concurrency},
                              {QStringLiteral("status"), c.workflowStatus()},
                              {QStringLiteral("total_s"), s},
                              {QStringLiteral("us_per_item"), s * 1e6 / std::max(1, done)},
                              {QStringLiteral("journal_bytes_per_item"), double(deltaBytes) / std::max(1, done)}});
}

void benchJoin(int branches)
{
    ValueDict tasks;
    ValueList names;
    for (int i = 0; i < branches; ++i)
        names.append(QStringLiteral("b%1").arg(i));
    tasks.insert(QStringLiteral("start"),
                 makeDict({{QStringLiteral("action"), QStringLiteral("core.noop")},
                           {QStringLiteral("next"), makeList({makeDict({{QStringLiteral("do"), Value(names)}})})}}));
    for (int i = 0; i < branches; ++i)
        tasks.insert(QStringLiteral("b%1").arg(i),
                     makeDict({{QStringLiteral("action"), QStringLiteral("core.noop")},
                               {QStringLiteral("next"), makeList({transition(QStringLiteral("meet"), true)})}}));
    tasks.insert(QStringLiteral("meet"), makeDict({{QStringLiteral("action"), QStringLiteral("core.noop")},
                                                   {QStringLiteral("join"), QStringLiteral("all")}}));
    const auto plan = WorkflowPlan::compile(makeDict({{QStringLiteral("tasks"), Value(std::move(tasks))}}));
    Conductor c(plan);
    c.snapshot();
    const auto t0 = bench::Clock::now();
    c.requestWorkflowStatus(status::Running);
    int transitions = 0;
    for (;;) {
        const QList<NextTask> next = c.nextTasks();
        if (next.isEmpty())
            break;
        for (const NextTask &t : next)
            c.updateTaskState(t.id, t.route, ActionEvent::of(status::Running));
        for (const NextTask &t : next) {
            c.updateTaskState(t.id, t.route, ActionEvent::of(status::Succeeded, transitions));
            c.takeDelta();
            ++transitions;
        }
    }
    const double s = bench::secondsSince(t0);
    bench::report(QJsonObject{{QStringLiteral("bench"), QStringLiteral("B6_join")},
                              {QStringLiteral("branches"), branches},
                              {QStringLiteral("status"), c.workflowStatus()},
                              {QStringLiteral("total_s"), s},
                              {QStringLiteral("us_per_transition"), s * 1e6 / std::max(1, transitions)}});
}

void benchInspect(int n)
{
    const Value doc = chainDoc(n);
    const auto t0 = bench::Clock::now();
    const auto errors = workflow::inspectWorkflow(doc);
    const double s = bench::secondsSince(t0);
    bench::report(QJsonObject{{QStringLiteral("bench"), QStringLiteral("B6_inspect")},
                              {QStringLiteral("tasks"), n},
                              {QStringLiteral("errors"), int(errors.size())},
                              {QStringLiteral("ms"), s * 1e3}});
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    for (int n : {40, 1000, 10000})
        benchChain(n);
    benchItems(10000, 50);
    benchJoin(1000);
    benchInspect(1000);
    return 0;
}
