#pragma once

#include "base/Error.h"
#include "base/Value.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace squall::store {

// One page of a list query; `total` counts every match, ignoring limit/offset
// (it becomes the API's X-Total-Count header).
struct Page
{
    ValueList items;
    qint64 total = 0;
};

// The common list query shared by executions, trigger instances and rule
// enforcements. Filter names are documented on each list method.
// A workflow execution's conductor state as stored: the last snapshot and the
// journal entries appended since, oldest first.
struct WorkflowState
{
    Value snapshot;
    ValueList journal;
};

// One row of the event log, as written.
struct StoredEvent
{
    qint64 id = 0;
    QString kind;
    QByteArray json;
};

struct Query
{
    QHash<QString, QString> filters;   // equality filters on indexed fields
    QString timestampGt, timestampLt;  // ISO timestamps, optional, exclusive
    int limit = 50;                    // <= 0 -> no limit
    int offset = 0;
    bool ascending = false;            // default newest first
    bool excludeResult = false;        // executions: drop the "result" field (history lists)
    bool countTotal = true;            // false skips the COUNT (total stays -1)
};

// Persistence behind one interface (SQLite today, PostgreSQL later). It is
// used synchronously from one thread; writes are grouped into transactions
// that commit when a batch fills or shortly after, on the event loop.
class Store : public QObject
{
    Q_OBJECT
public:
    explicit Store(QObject *parent = nullptr) : QObject(parent) { }
    ~Store() override = default;
    Q_DISABLE_COPY_MOVE(Store)

    // ---- executions -------------------------------------------------------
    // A doc has "id", "action":{"ref"}, "status", "start_timestamp",
    // "end_timestamp", "parent", "context":{"user", "rule", "trigger_instance"},
    // "runner":{"name"}, "result", ... (StackStorm's ActionExecutionAPI shape).
    virtual void putExecution(const Value &doc) = 0;  // insert or replace by id
    virtual std::optional<Value> execution(const QString &id) = 0;
    // Filters: action, status, parent, rule, trigger_instance, trigger,
    // trigger_type, user, runner, trace_tag (context.trace_context.trace_tag),
    // search (a case-insensitive substring of action, id, rule or user).
    // Sorted by start_timestamp, then id.
    virtual Page executions(const Query &q) = 0;
    virtual ValueList executionsWithStatus(const QStringList &statuses) = 0;  // oldest first
    virtual ValueList children(const QString &parentId) = 0;                  // oldest first
    virtual void appendOutput(const QString &executionId, const QString &stream, const QString &data) = 0;
    // stream: "all" | "stdout" | "stderr" (or any other stream name used when appending)
    virtual QString output(const QString &executionId, const QString &stream) = 0;

    // ---- trigger instances {id, trigger, occurrence_time, payload, status} --
    virtual void putTriggerInstance(const Value &doc) = 0;
    virtual std::optional<Value> triggerInstance(const QString &id) = 0;
    virtual Page triggerInstances(const Query &q) = 0;  // filters: trigger, status, trace_tag

    // ---- rule enforcements {id, rule{ref,id,uid}, trigger_instance_id,
    //      execution_id, status, failure_reason, enforced_at} ----------------
    virtual void putRuleEnforcement(const Value &doc) = 0;
    virtual std::optional<Value> ruleEnforcement(const QString &id) = 0;
    // filters: rule (= rule_ref), rule_id, execution, trigger_instance, status
    virtual Page ruleEnforcements(const Query &q) = 0;

    // ---- traces {id, trace_tag, start_timestamp} ------------------------------
    // One per trace tag, recorded when a trigger instance or an execution that
    // carries the tag is first stored; what belongs to a trace is found by tag
    // (executions and trigger instances filtered by trace_tag).
    // filters: trace_tag, execution, trigger_instance (the trace holding that
    // object), rule (id or ref: traces in which the rule was enforced).
    virtual Page traces(const Query &q) = 0;
    virtual std::optional<Value> trace(const QString &id) = 0;

    // ---- definitions created through the API ("rule"|"action"|"trigger"...) -
    virtual void putDefinition(const QString &kind, const QString &key, const Value &doc) = 0;
    virtual void removeDefinition(const QString &kind, const QString &key) = 0;
    virtual std::optional<Value> definition(const QString &kind, const QString &key) = 0;
    virtual ValueList definitions(const QString &kind) = 0;  // ordered by key

    // ---- key-value datastore ---------------------------------------------
    // doc: {name, value (string), secret, scope, user, description, expire_timestamp}.
    // scope "system" | "user" ("st2kv.system"/"st2kv.user" accepted); system keys
    // ignore `user`. Expired keys are invisible even before they are purged.
    virtual void putKey(const Value &doc) = 0;
    virtual std::optional<Value> key(const QString &scope, const QString &user, const QString &name) = 0;
    // scope "all": system keys plus the user's keys. An empty `user` with scope
    // "user"/"all" means every user's keys. Ordered by scope, user, name.
    virtual ValueList keys(const QString &scope, const QString &user, const QString &prefix) = 0;
    virtual bool removeKey(const QString &scope, const QString &user, const QString &name) = 0;
    virtual int purgeExpiredKeys(const QString &nowIso) = 0;

    // ---- auth: API keys (hashed, SHA-256) and tokens -----------------------
    virtual void putApiKey(const Value &doc /*{id, key_hash, user, enabled, created_at, metadata}*/) = 0;
    virtual ValueList apiKeys() = 0;
    virtual std::optional<Value> apiKey(const QString &id) = 0;
    virtual std::optional<Value> apiKeyByHash(const QString &hash) = 0;
    virtual bool removeApiKey(const QString &id) = 0;
    virtual void putToken(const Value &doc /*{token_hash, user, expiry}*/) = 0;
    virtual std::optional<Value> tokenByHash(const QString &hash) = 0;
    virtual bool removeToken(const QString &hash) = 0;
    virtual int purgeExpiredTokens(const QString &nowIso) = 0;

    // ---- workflow state ---------------------------------------------------
    // Conductors persist a small journal entry per transition and, now and
    // then, a snapshot that replaces the entries before it; a restart replays
    // the journal over the snapshot. Rows go when their execution is purged.
    virtual void putWorkflowSnapshot(const QString &executionId, const Value &snapshot) = 0;
    virtual void appendWorkflowJournal(const QString &executionId, const Value &entry) = 0;
    virtual std::optional<WorkflowState> workflowState(const QString &executionId) = 0;
    virtual void removeWorkflowState(const QString &executionId) = 0;

    // ---- durability (group commit) ------------------------------------------
    // Runs `fn` once every write made before the call is committed; at once if
    // nothing is pending. If the commit fails, `fn` is dropped and
    // commitFailed() is emitted (use whenCommitted to hear about failures).
    // --- event log (what stream clients resume from) -----------------------
    virtual void appendEvent(qint64 id, const QString &kind, const QByteArray &json) = 0;
    virtual QList<StoredEvent> eventsAfter(qint64 afterId, int limit) = 0;  // ascending ids
    virtual qint64 firstEventId() = 0;  // 0 when empty
    virtual qint64 lastEventId() = 0;   // 0 when empty
    virtual void purgeEventsUpTo(qint64 id) = 0;

    virtual void whenDurable(std::function<void()> fn) = 0;
    // Same, but always called: ok = false when the commit failed.
    virtual void whenCommitted(std::function<void(bool ok)> fn) = 0;
    virtual void flush() = 0;  // commits now
    virtual bool hasPendingWrites() const = 0;

    // Deletes at most `batchSize` completed executions (with their results and
    // output) that started and ended before `olderThanIso`; returns how many.
    // Call it repeatedly (e.g. from a timer) until it returns 0 so ingest keeps
    // flowing between batches.
    virtual int purgeExecutions(const QString &olderThanIso, int batchSize) = 0;
    // Deletes trigger instances (and their enforcements) older than the date, at most batchSize.
    virtual int purgeTriggerInstances(const QString &olderThanIso, int batchSize) = 0;

    virtual QString lastError() const = 0;

Q_SIGNALS:
    void committed(int writes);
    void commitFailed(const QString &message);
};

struct SqliteOptions
{
    int maxBatch = 2000;        // a transaction commits once it holds this many writes
    int commitDelayMs = 2;      // ... or this long after its first write
    int cacheSizeKiB = 16384;   // SQLite page cache
    // WAL checkpoints on a helper thread with its own connection, instead of
    // inside whichever commit crosses SQLite's threshold.
    bool backgroundCheckpoints = true;
    // synchronous=FULL: a commit survives power loss, not only a process
    // crash, at the price of an fsync per commit.
    bool fullSync = false;
};

// Opens (creating and migrating as needed) an SQLite store at `path`.
// Returns null and fills `error` when the file cannot be opened, is not a
// database, or was written by a newer Squall.
std::unique_ptr<Store> openSqliteStore(const QString &path, Error *error);
std::unique_ptr<Store> openSqliteStore(const QString &path, const SqliteOptions &options, Error *error);

// The schema version this build writes.
int sqliteSchemaVersion();

} // namespace squall::store
