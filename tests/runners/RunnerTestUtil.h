#pragma once

#include "runners/ActionRun.h"
#include "runners/RunnerRegistry.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace squall::runners::test {

inline RunRequest shellRequest(const QString &cmd, const Value &extraRunnerParams = {})
{
    RunRequest r;
    r.executionId = QStringLiteral("5f0000000000000000000001");
    r.actionRef = QStringLiteral("core.local");
    r.actionName = QStringLiteral("local");
    r.packName = QStringLiteral("core");
    r.runnerType = QStringLiteral("local-shell-cmd");
    r.apiUrl = QStringLiteral("http://127.0.0.1:9101/v1");
    r.authToken = QStringLiteral("token-123");
    r.user = QStringLiteral("stanley");
    ValueDict rp {{QStringLiteral("cmd"), cmd}};
    for (const auto &[k, v] : extraRunnerParams.toDict())
        rp.insert(k, v);
    r.runnerParameters = Value(std::move(rp));
    r.actionParameters = Value(ValueDict());
    return r;
}

// Runs one request to completion and returns what finished() carried.
struct Outcome
{
    RunResult result;
    int startedCount = 0;
    int finishedCount = 0;
    QList<QPair<QString, QString>> output;
};

inline Outcome runToEnd(const RunRequest &request, int timeoutMs = 20000,
                        const RunnerRegistry &registry = RunnerRegistry())
{
    Outcome o;
    std::unique_ptr<ActionRun> run(registry.create(request, nullptr));
    if (!run)
        return o;
    QSignalSpy finishedSpy(run.get(), &ActionRun::finished);
    QSignalSpy startedSpy(run.get(), &ActionRun::started);
    QObject::connect(run.get(), &ActionRun::output, run.get(),
                     [&o](const QString &stream, const QString &data) { o.output.append({stream, data}); });
    run->start();
    if (finishedSpy.isEmpty())
        finishedSpy.wait(timeoutMs);
    // Give a duplicate finished() a chance to show up.
    QCoreApplication::processEvents();
    o.startedCount = int(startedSpy.count());
    o.finishedCount = int(finishedSpy.count());
    if (!finishedSpy.isEmpty())
        o.result = finishedSpy.first().first().value<RunResult>();
    return o;
}

} // namespace squall::runners::test
