#include "store/Schema.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <vector>

namespace squall::store::schema {

namespace {

// Migration N holds the statements that take a database from version N-1 to
// N. Never edit a released migration: append a new one.
const std::vector<std::vector<const char *>> &migrations()
{
    static const std::vector<std::vector<const char *>> list = {
        // 1: initial schema
        {
            // Executions: indexed columns for filtering/sorting, the API-shaped
            // document without its result, and results in their own table so
            // history pages never read (or page in) large results.
            "CREATE TABLE executions ("
            " rid INTEGER PRIMARY KEY,"
            " id TEXT NOT NULL UNIQUE,"
            " action_ref TEXT, status TEXT,"
            " start_ts TEXT NOT NULL DEFAULT '', end_ts TEXT,"
            " parent TEXT, rule_ref TEXT, trigger_instance TEXT, trigger_ref TEXT, trigger_type TEXT,"
            " username TEXT, runner TEXT,"
            " doc BLOB NOT NULL)",
            "CREATE INDEX ix_exec_start ON executions(start_ts, id)",
            "CREATE INDEX ix_exec_status_action ON executions(status, action_ref, start_ts, id)",
            "CREATE INDEX ix_exec_action ON executions(action_ref, start_ts, id)",
            "CREATE INDEX ix_exec_parent ON executions(parent, start_ts) WHERE parent IS NOT NULL",
            "CREATE INDEX ix_exec_rule ON executions(rule_ref, start_ts) WHERE rule_ref IS NOT NULL",
            "CREATE INDEX ix_exec_ti ON executions(trigger_instance) WHERE trigger_instance IS NOT NULL",
            "CREATE TABLE execution_results (rid INTEGER PRIMARY KEY, result BLOB NOT NULL)",
            "CREATE TABLE execution_output ("
            " seq INTEGER PRIMARY KEY, execution_id TEXT NOT NULL, stream TEXT NOT NULL, data TEXT NOT NULL)",
            "CREATE INDEX ix_output_exec ON execution_output(execution_id, seq)",

            "CREATE TABLE trigger_instances ("
            " rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, trigger_ref TEXT, status TEXT,"
            " occurrence_time TEXT NOT NULL DEFAULT '', doc BLOB NOT NULL)",
            "CREATE INDEX ix_ti_time ON trigger_instances(occurrence_time, id)",
            "CREATE INDEX ix_ti_trigger ON trigger_instances(trigger_ref, occurrence_time, id)",

            "CREATE TABLE rule_enforcements ("
            " rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, rule_ref TEXT, rule_id TEXT,"
            " trigger_instance_id TEXT, execution_id TEXT, status TEXT,"
            " enforced_at TEXT NOT NULL DEFAULT '', doc BLOB NOT NULL)",
            "CREATE INDEX ix_re_time ON rule_enforcements(enforced_at, id)",
            "CREATE INDEX ix_re_rule ON rule_enforcements(rule_ref, enforced_at, id)",
            "CREATE INDEX ix_re_ti ON rule_enforcements(trigger_instance_id)",
            "CREATE INDEX ix_re_exec ON rule_enforcements(execution_id) WHERE execution_id IS NOT NULL",

            "CREATE TABLE definitions (kind TEXT NOT NULL, dkey TEXT NOT NULL, doc BLOB NOT NULL,"
            " PRIMARY KEY (kind, dkey)) WITHOUT ROWID",

            "CREATE TABLE kv (scope TEXT NOT NULL, username TEXT NOT NULL, name TEXT NOT NULL,"
            " expire_ts TEXT, doc BLOB NOT NULL, PRIMARY KEY (scope, username, name)) WITHOUT ROWID",
            "CREATE INDEX ix_kv_expire ON kv(expire_ts) WHERE expire_ts IS NOT NULL",

            "CREATE TABLE api_keys (id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, username TEXT,"
            " doc BLOB NOT NULL)",
            "CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, username TEXT, expiry TEXT, doc BLOB NOT NULL)",
            "CREATE INDEX ix_tokens_expiry ON tokens(expiry)",

            // Row counts kept by triggers: an unfiltered history total
            // (X-Total-Count) stays O(1) at 10M rows instead of a full scan.
            // Upserts that take the UPDATE path fire no INSERT trigger.
            "CREATE TABLE row_counts (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
            "INSERT INTO row_counts (tbl, n) VALUES ('executions', 0), ('trigger_instances', 0), ('rule_enforcements', 0)",
            "CREATE TRIGGER count_exec_ins AFTER INSERT ON executions"
            " BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'executions'; END",
            "CREATE TRIGGER count_exec_del AFTER DELETE ON executions"
            " BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'executions'; END",
            "CREATE TRIGGER count_ti_ins AFTER INSERT ON trigger_instances"
            " BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'trigger_instances'; END",
            "CREATE TRIGGER count_ti_del AFTER DELETE ON trigger_instances"
            " BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'trigger_instances'; END",
            "CREATE TRIGGER count_re_ins AFTER INSERT ON rule_enforcements"
            " BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'rule_enforcements'; END",
            "CREATE TRIGGER count_re_del AFTER DELETE ON rule_enforcements"
            " BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'rule_enforcements'; END",
        },
        // 2: workflow conductor state (snapshot + journal per workflow execution)
        {
            "CREATE TABLE workflow_snapshots (execution_id TEXT PRIMARY KEY, snapshot BLOB NOT NULL) WITHOUT ROWID",
            "CREATE TABLE workflow_journal (seq INTEGER PRIMARY KEY, execution_id TEXT NOT NULL, entry BLOB NOT NULL)",
            "CREATE INDEX ix_wfj_exec ON workflow_journal(execution_id, seq)",
        },
        // 3: traces. The trace tag of trigger instances and executions becomes a
        // column; a trace is one row per tag, made the first time the tag is stored.
        // Documents are JSON held as BLOBs: SQLite's JSON functions want text.
        {
            "ALTER TABLE executions ADD COLUMN trace_tag TEXT",
            "ALTER TABLE trigger_instances ADD COLUMN trace_tag TEXT",
            "UPDATE executions SET trace_tag = json_extract(CAST(doc AS TEXT), '$.context.trace_context.trace_tag')"
            " WHERE json_valid(CAST(doc AS TEXT))",
            "UPDATE trigger_instances SET trace_tag = json_extract(CAST(doc AS TEXT), '$.trace_tag')"
            " WHERE json_valid(CAST(doc AS TEXT))",
            "UPDATE executions SET trace_tag = NULL WHERE typeof(trace_tag) != 'text' OR trace_tag = ''",
            "UPDATE trigger_instances SET trace_tag = NULL WHERE typeof(trace_tag) != 'text' OR trace_tag = ''",
            "CREATE INDEX ix_exec_trace ON executions(trace_tag, start_ts) WHERE trace_tag IS NOT NULL",
            "CREATE INDEX ix_ti_trace ON trigger_instances(trace_tag, occurrence_time) WHERE trace_tag IS NOT NULL",
            "CREATE TABLE traces (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, trace_tag TEXT NOT NULL UNIQUE,"
            " start_ts TEXT NOT NULL, doc BLOB NOT NULL)",
            "CREATE INDEX ix_traces_start ON traces(start_ts, id)",
            "INSERT INTO traces (id, trace_tag, start_ts, doc)"
            " SELECT lower(hex(randomblob(12))), tag, min(ts), '' FROM ("
            "  SELECT trace_tag AS tag, occurrence_time AS ts FROM trigger_instances WHERE trace_tag IS NOT NULL"
            "  UNION ALL SELECT trace_tag, start_ts FROM executions WHERE trace_tag IS NOT NULL)"
            " GROUP BY tag",
            "UPDATE traces SET doc = CAST(json_object('id', id, 'trace_tag', trace_tag, 'start_timestamp', start_ts) AS BLOB)",
            "INSERT INTO row_counts (tbl, n) SELECT 'traces', count(*) FROM traces",
            "CREATE TRIGGER count_traces_ins AFTER INSERT ON traces"
            " BEGIN UPDATE row_counts SET n = n + 1 WHERE tbl = 'traces'; END",
            "CREATE TRIGGER count_traces_del AFTER DELETE ON traces"
            " BEGIN UPDATE row_counts SET n = n - 1 WHERE tbl = 'traces'; END",
        },
        // 4: the event log stream clients resume from. Ids are assigned by the
        // engine (not AUTOINCREMENT) so they stay monotonic across purges.
        {
            "CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, data BLOB NOT NULL)",
        },
        // 5: executions by user: the `user` filter, and the History search
        // reading the distinct user names without a scan.
        {
            "CREATE INDEX ix_exec_user ON executions(username, start_ts) WHERE username IS NOT NULL",
        },
    };
    return list;
}

bool fail(Error *error, const QString &message)
{
    if (error) {
        error->kind = QStringLiteral("store");
        error->message = message;
    }
    return false;
}

bool exec(QSqlDatabase &db, const QString &sql, Error *error, QVariant *firstValue = nullptr)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return fail(error, db.databaseName() + QStringLiteral(": ") + q.lastError().text());
    if (firstValue)
        *firstValue = q.next() ? q.value(0) : QVariant();
    return true;
}

} // namespace

int latestVersion()
{
    return int(migrations().size());
}

bool migrate(QSqlDatabase &db, Error *error)
{
    const QString file = db.databaseName();
    QVariant v;
    // The first read also tells a non-database file apart ("file is not a database").
    if (!exec(db, QStringLiteral("PRAGMA application_id"), error, &v))
        return false;
    const int appId = v.toInt();
    if (!exec(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"),
              error, &v))
        return false;
    const bool hasVersionTable = v.toInt() > 0;
    if (!exec(db, QStringLiteral("SELECT count(*) FROM sqlite_master"), error, &v))
        return false;
    const bool empty = v.toInt() == 0;
    if ((appId != 0 && appId != kApplicationId) || (!empty && !hasVersionTable))
        return fail(error, QStringLiteral("%1 is an SQLite database but not a Squall store").arg(file));

    int current = 0;
    if (hasVersionTable) {
        if (!exec(db, QStringLiteral("SELECT coalesce(max(version), 0) FROM schema_version"), error, &v))
            return false;
        current = v.toInt();
    }
    const int latest = latestVersion();
    if (current > latest) {
        return fail(error, QStringLiteral("%1 has schema version %2, newer than this build of Squall supports (%3); "
                                          "upgrade Squall or use another store")
                               .arg(file)
                               .arg(current)
                               .arg(latest));
    }
    for (int version = current + 1; version <= latest; ++version) {
        if (!exec(db, QStringLiteral("BEGIN IMMEDIATE"), error))
            return false;
        QStringList statements;
        if (version == 1) {
            statements << QStringLiteral("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
                       << QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId);
        }
        for (const char *sql : migrations().at(size_t(version - 1)))
            statements << QString::fromLatin1(sql);
        statements << QStringLiteral("INSERT INTO schema_version (version, applied_at) "
                                     "VALUES (%1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
                          .arg(version);
        for (const QString &sql : std::as_const(statements)) {
            Error stepError;
            if (!exec(db, sql, &stepError)) {
                exec(db, QStringLiteral("ROLLBACK"), nullptr);
                return fail(error, QStringLiteral("migration to schema version %1 failed: %2")
                                       .arg(version)
                                       .arg(stepError.message));
            }
        }
        if (!exec(db, QStringLiteral("COMMIT"), error)) {
            exec(db, QStringLiteral("ROLLBACK"), nullptr);
            return false;
        }
    }
    return true;
}

} // namespace squall::store::schema
