#pragma once

#include "base/Value.h"

#include <QList>
#include <QString>

#include <utility>

namespace squall::ui {

// An offline run of an Orquesta workflow with mocked task results (no engine,
// no widgets): the designer's "simulate", on the rehearsal runner that
// `squall workflow simulate` and `test` use.
class WorkflowSimulation
{
public:
    struct Mock
    {
        QString task;
        QString status = QStringLiteral("succeeded");
        Value result;
        // The run of the task it stands for, from 0 (with-items: each item is a
        // run); -1 for every run without a mock of its own.
        int iteration = -1;
    };
    struct Step
    {
        QString task;
        QString status;
        int route = 0;
    };
    struct Outcome
    {
        QString status;
        QList<Step> steps;
        QList<std::pair<QString, QString>> transitions;
        Value output;
        Value errors;
        QString error;  // set when the workflow could not be simulated
    };

    // Runs at most this many tasks (items count): a loop stops with an error.
    static constexpr int MaxTaskRuns = 10000;

    // Tasks without a mock succeed with a null result. `datastore` feeds
    // st2kv() ("system.key" for system keys, plain names for the user's).
    static Outcome run(const QString &workflowYaml, const Value &input, const QList<Mock> &mocks,
                       const Value &datastore = {});
};

} // namespace squall::ui
