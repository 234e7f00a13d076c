#pragma once

#include "store/StatementCache.h"
#include "store/Store.h"

#include <QSqlDatabase>
#include <QTimer>

#include <vector>

class QSqlQuery;
class QThread;
class QVariant;

namespace squall::store {

class Checkpointer;

// The embedded store: one named QSqlDatabase connection (so several stores
// can coexist in a process), WAL journal, prepared statements cached per
// operation, and group commit driven by the event loop.
class SqliteStore final : public Store
{
    Q_OBJECT
public:
    explicit SqliteStore(const SqliteOptions &options, QObject *parent = nullptr);
    ~SqliteStore() override;
    Q_DISABLE_COPY_MOVE(SqliteStore)

    bool open(const QString &path, Error *error);

    void putExecution(const Value &doc) override;
    std::optional<Value> execution(const QString &id) override;
    Page executions(const Query &q) override;
    ValueList executionsWithStatus(const QStringList &statuses) override;
    ValueList children(const QString &parentId) override;
    void appendOutput(const QString &executionId, const QString &stream, const QString &data) override;
    QString output(const QString &executionId, const QString &stream) override;

    void putTriggerInstance(const Value &doc) override;
    std::optional<Value> triggerInstance(const QString &id) override;
    Page triggerInstances(const Query &q) override;

    void putRuleEnforcement(const Value &doc) override;
    std::optional<Value> ruleEnforcement(const QString &id) override;
    Page ruleEnforcements(const Query &q) override;
    Page traces(const Query &q) override;
    std::optional<Value> trace(const QString &id) override;

    void putDefinition(const QString &kind, const QString &key, const Value &doc) override;
    void removeDefinition(const QString &kind, const QString &key) override;
    std::optional<Value> definition(const QString &kind, const QString &key) override;
    ValueList definitions(const QString &kind) override;

    void putKey(const Value &doc) override;
    std::optional<Value> key(const QString &scope, const QString &user, const QString &name) override;
    ValueList keys(const QString &scope, const QString &user, const QString &prefix) override;
    bool removeKey(const QString &scope, const QString &user, const QString &name) override;
    int purgeExpiredKeys(const QString &nowIso) override;

    void putApiKey(const Value &doc) override;
    ValueList apiKeys() override;
    std::optional<Value> apiKey(const QString &id) override;
    std::optional<Value> apiKeyByHash(const QString &hash) override;
    bool removeApiKey(const QString &id) override;
    void putToken(const Value &doc) override;
    std::optional<Value> tokenByHash(const QString &hash) override;
    bool removeToken(const QString &hash) override;
    int purgeExpiredTokens(const QString &nowIso) override;

    void putWorkflowSnapshot(const QString &executionId, const Value &snapshot) override;
    void appendWorkflowJournal(const QString &executionId, const Value &entry) override;
    std::optional<WorkflowState> workflowState(const QString &executionId) override;
    void removeWorkflowState(const QString &executionId) override;

    void appendEvent(qint64 id, const QString &kind, const QByteArray &json) override;
    QList<StoredEvent> eventsAfter(qint64 afterId, int limit) override;
    qint64 firstEventId() override;
    qint64 lastEventId() override;
    void purgeEventsUpTo(qint64 id) override;
    void whenDurable(std::function<void()> fn) override;
    void whenCommitted(std::function<void(bool ok)> fn) override;
    void flush() override;
    bool hasPendingWrites() const override { return m_inTransaction; }

    int purgeExecutions(const QString &olderThanIso, int batchSize) override;
    int purgeTriggerInstances(const QString &olderThanIso, int batchSize) override;

    QString lastError() const override { return m_lastError; }

private:
    // Fields a list query may filter on: API name -> SQL column, or a condition
    // with one `?` for the filter's value when it holds a `?`.
    struct ListSpec
    {
        const char *table;
        const char *timeColumn;
        std::vector<std::pair<const char *, const char *>> filters;
    };

    QSqlQuery *statement(const QString &sql);
    bool run(QSqlQuery *q);
    // Runs a write inside the open batch; rows affected, or -1 on error.
    int write(const QString &sql, std::initializer_list<QVariant> binds);
    // Runs a read; the statement is positioned before its first row, or null on error.
    QSqlQuery *select(const QString &sql, std::initializer_list<QVariant> binds);
    bool beginWrite();
    void noteWrites(int count, qint64 bytes = 512);
    void startCheckpointer(const QString &path);
    void stopCheckpointer();
    void commit();
    void setError(const QString &message);

    // `extraWhere` (with its `extraBinds`) narrows the query further: a clause
    // built per call, such as the History search's lists of matching names.
    Page listPage(const ListSpec &spec, const Query &q, bool executions, const QString &extraWhere = {},
                  const QVariantList &extraBinds = {});
    // The distinct values of an indexed column that contain `text` (any case),
    // read by hopping through the index: one lookup per distinct value.
    QStringList distinctContaining(const char *column, const QString &text);
    std::optional<Value> oneDoc(const QString &sql, const QString &arg);
    // Records the trace of `traceTag` (first seen at `timestamp`) unless it exists.
    void noteTrace(const QString &traceTag, const QString &timestamp);
    ValueList docs(QSqlQuery *q);
    Value executionFromRow(const QByteArray &doc, const QVariant &result, bool excludeResult) const;
    ValueList executionRows(QSqlQuery *q, bool excludeResult);

    SqliteOptions m_options;
    QString m_connectionName;
    QSqlDatabase m_db;
    StatementCache m_statements;
    QTimer m_commitTimer;
    bool m_inTransaction = false;
    int m_pendingWrites = 0;
    qint64 m_walBytes = 0;       // written since the last checkpoint request
    qint64 m_walSinceReset = 0;  // written since the WAL last restarted (approximately)
    QThread *m_checkpointThread = nullptr;
    Checkpointer *m_checkpointer = nullptr;
    std::vector<std::function<void(bool)>> m_callbacks;
    QString m_lastError;
};

} // namespace squall::store
