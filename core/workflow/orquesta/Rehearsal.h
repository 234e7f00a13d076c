#pragma once

#include "base/Value.h"
#include "base/Yaml.h"
#include "expr/FunctionHost.h"
#include "workflow/orquesta/WorkflowFunctions.h"

#include <QHash>

#include <QString>
#include <QStringList>

#include <memory>

// Orquesta's rehearsal (orquesta/rehearsing.py): runs a workflow with mocked
// action executions and compares what happened with a test spec (task
// sequence, routes, status, errors, output, terminal tasks, inspection errors).
namespace squall::orquesta {

class Conductor;

// The mocked action executions of a rehearsal spec
// (`mock_action_executions`): picked per task id, optionally pinned to a
// sequence position (seq_id) or an item (item_id), each usable num_iter times.
class MockExecutions
{
public:
    struct Mock
    {
        QString taskId;
        int seqId = -1;
        int itemId = -1;
        int iterId = 0;
        int numIter = 1;
        int iterPos = -1;
        QString status;
        Value result;
    };

    // Throws SquallException for malformed entries. `basePath` resolves
    // relative `result_path`s.
    static MockExecutions fromValue(const Value &list, const QString &basePath = {});
    // The mock for the next run of `taskId`, or null.
    Mock *take(const QString &taskId, int seqId);
    QList<Mock> &mocks() { return m_mocks; }

private:
    Mock *find(const QString &taskId, int seqId, bool bySeq);
    QList<Mock> m_mocks;
};

// What a simulated run lends expressions in place of an engine: st2kv()
// over a fixed dict (keys as st2kv() takes them: "system.x" for the system
// scope, plain names for the user's; empty by default, so defaults apply),
// decrypt_kv() that finds no secret, and task() records of the mocked runs
// (a with-items task's result is {"items": [{"status", "result"}, ...]}).
class SimulatedFunctions final : public expr::FunctionHost, public Datastore
{
public:
    explicit SimulatedFunctions(Value datastore = {});
    // The scope to build the conductor with.
    const expr::Scope *scope() const { return &m_scope; }

    // conductWithMocks() records each mocked run as it ends, before the
    // conductor sees it (so the task's own transitions see its record).
    void recordRun(const QString &taskId, int route, const Value &result);
    void recordItem(const QString &taskId, int route, int itemId, int itemsCount, const QString &status,
                    const Value &result);

    const expr::Function *hostedFunction(QStringView name) const override;
    bool find(bool system, const QString &user, const QString &name, Value *value, bool *secret) const override;
    bool decrypt(const QString &cipher, QString *plain) const override;

private:
    Value m_datastore;
    QHash<QString, Value> m_records;  // "task__rN" -> {result}
    expr::HostScope m_scope;
    expr::Function m_st2kv, m_decryptKv, m_taskRecord;
};

// Drives a started (or rerun) conductor the rehearsal way until no task is
// ready: every ready task is set running and completed with its mock in
// turn; with-items tasks complete one item per round. The conductor is
// snapshotted and restored between rounds, as Orquesta does. `records`
// (optional) learns every mocked run. With `maxTaskRuns` >= 0 it stops after
// that many task runs (items count) and returns false: a workflow that loops
// for ever with these mocks must not hang its caller. Without `roundTrip` the
// conductor stays in memory between rounds, as the engine keeps it: the
// snapshot per round makes a long run quadratic.
bool conductWithMocks(std::unique_ptr<Conductor> &conductor, MockExecutions &mocks,
                      SimulatedFunctions *records = nullptr, int maxTaskRuns = -1, int *taskRuns = nullptr,
                      bool roundTrip = true);

// One offline run of a workflow with mocked results: `squall workflow
// simulate` and the designer's simulation.
struct Simulation
{
    struct Task
    {
        QString id;
        int route = 0;
        QString status;
    };
    QString status;
    Value output;
    ValueList errors;
    QList<Task> tasks;  // the task sequence, in order
    // Each task entry's incoming transitions (from task, to task), in sequence order.
    QList<std::pair<QString, QString>> transitions;
    int taskRuns = 0;
    bool stopped = false;  // maxTaskRuns was reached
};
// `doc` should have passed inspection; throws SquallException when the
// workflow cannot be compiled.
Simulation simulate(const yaml::Document &doc, const Value &inputs, MockExecutions &mocks,
                    const Value &datastore = {}, int maxTaskRuns = -1, bool roundTrip = true);

struct RehearsalResult
{
    bool passed = false;
    QStringList differences;  // one sentence per mismatch (or the load error)
};

// Runs one rehearsal spec file. `basePath` defaults to the parent of the
// spec's folder (where `workflow:` paths are relative to).
RehearsalResult rehearseFile(const QString &specFile, const QString &basePath = {});
RehearsalResult rehearse(const Value &spec, const QString &basePath);

} // namespace squall::orquesta
