#include "store/SqliteStore.h"

#include "store/Checkpointer.h"
#include "store/DocFields.h"
#include "store/Schema.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QStringBuilder>
#include <QThread>
#include <QVariant>

#include <QLoggingCategory>

#include <atomic>
#include <cstring>

Q_LOGGING_CATEGORY(lcStore, "squall.store")

namespace squall::store {

using namespace fields;

namespace {

std::atomic<int> g_connections {0};

const QString kBegin = QStringLiteral("BEGIN IMMEDIATE");
const QString kCommit = QStringLiteral("COMMIT");
const QString kRollback = QStringLiteral("ROLLBACK");

const QString kUpsertExecution = QStringLiteral(
    "INSERT INTO executions (id, action_ref, status, start_ts, end_ts, parent, rule_ref, trigger_instance,"
    " trigger_ref, trigger_type, username, runner, doc, trace_tag)"
    " VALUES (?, ?, ?, coalesce(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET action_ref = excluded.action_ref, status = excluded.status,"
    " start_ts = excluded.start_ts, end_ts = excluded.end_ts, parent = excluded.parent,"
    " rule_ref = excluded.rule_ref, trigger_instance = excluded.trigger_instance,"
    " trigger_ref = excluded.trigger_ref, trigger_type = excluded.trigger_type,"
    " username = excluded.username, runner = excluded.runner, doc = excluded.doc, trace_tag = excluded.trace_tag"
    " RETURNING rid");
const QString kUpsertResult = QStringLiteral(
    "INSERT INTO execution_results (rid, result) VALUES (?, ?)"
    " ON CONFLICT (rid) DO UPDATE SET result = excluded.result");
const QString kDeleteResult = QStringLiteral("DELETE FROM execution_results WHERE rid = ?");
const QString kSelectExecution = QStringLiteral(
    "SELECT e.doc, r.result FROM executions e LEFT JOIN execution_results r ON r.rid = e.rid WHERE e.id = ?");
const QString kSelectChildren = QStringLiteral(
    "SELECT e.doc, r.result FROM executions e LEFT JOIN execution_results r ON r.rid = e.rid"
    " WHERE e.parent = ? ORDER BY e.start_ts, e.id");
const QString kAppendOutput = QStringLiteral(
    "INSERT INTO execution_output (execution_id, stream, data) VALUES (?, ?, ?)");
const QString kOutputAll = QStringLiteral(
    "SELECT data FROM execution_output WHERE execution_id = ? ORDER BY seq");
const QString kOutputStream = QStringLiteral(
    "SELECT data FROM execution_output WHERE execution_id = ? AND stream = ? ORDER BY seq");

// Bytes written between background checkpoint requests.
constexpr qint64 kCheckpointBytes = 4 * 1024 * 1024;
// Under sustained writes the background checkpoints never catch up with the
// end of the WAL, so SQLite cannot restart it and it grows without bound.
// After this much, the writer finishes the checkpoint itself between two
// transactions (most frames are already copied by then) so the WAL restarts.
constexpr qint64 kWalResetBytes = 64 * 1024 * 1024;

// Statuses after which an execution never changes again; only those are purged.
const QString kCompletedList = QStringLiteral("'succeeded', 'failed', 'timeout', 'canceled', 'abandoned'");

} // namespace

SqliteStore::SqliteStore(const SqliteOptions &options, QObject *parent)
    : Store(parent)
    , m_options(options)
    , m_connectionName(QStringLiteral("squall_store_%1").arg(++g_connections))
{
    m_commitTimer.setSingleShot(true);
    m_commitTimer.setTimerType(Qt::PreciseTimer);
    m_commitTimer.setInterval(std::max(0, options.commitDelayMs));
    connect(&m_commitTimer, &QTimer::timeout, this, &SqliteStore::commit);
}

SqliteStore::~SqliteStore()
{
    if (m_db.isOpen()) {
        flush();
        // Lets SQLite refresh planner statistics it found worth refreshing.
        QSqlQuery(m_db).exec(QStringLiteral("PRAGMA optimize"));
    }
    stopCheckpointer();
    m_statements.clear();
    const bool added = m_db.isValid();
    m_db.close();
    m_db = QSqlDatabase();
    if (added)
        QSqlDatabase::removeDatabase(m_connectionName);
}

bool SqliteStore::open(const QString &path, Error *error)
{
    auto fail = [&](const QString &message) {
        m_lastError = message;
        if (error) {
            error->kind = QStringLiteral("store");
            error->message = message;
        }
        return false;
    };
    if (path.isEmpty())
        return fail(QStringLiteral("no store path given"));
    const bool memory = path == u":memory:";
    if (!memory) {
        const QFileInfo info(path);
        if (info.isDir())
            return fail(QStringLiteral("%1 is a directory, not a store file").arg(path));
        if (!QDir().mkpath(info.absolutePath()))
            return fail(QStringLiteral("cannot create the directory %1").arg(info.absolutePath()));
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(QStringLiteral("the Qt SQLite driver (QSQLITE) is not available"));

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_db.open())
        return fail(QStringLiteral("cannot open %1: %2").arg(path, m_db.lastError().text()));

    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next())
        return fail(QStringLiteral("cannot open %1: %2").arg(path, q.lastError().text()));
    if (!memory && q.value(0).toString() != u"wal")
        return fail(QStringLiteral("cannot open %1: the WAL journal mode is not available (%2)")
                        .arg(path, q.value(0).toString()));
    const QStringList pragmas = {
        m_options.fullSync ? QStringLiteral("PRAGMA synchronous = FULL") : QStringLiteral("PRAGMA synchronous = NORMAL"),
        QStringLiteral("PRAGMA foreign_keys = ON"),
        QStringLiteral("PRAGMA temp_store = MEMORY"),
        QStringLiteral("PRAGMA cache_size = -%1").arg(std::max(1024, m_options.cacheSizeKiB)),
        // Keeps the WAL file from staying large after a burst.
        QStringLiteral("PRAGMA journal_size_limit = 67108864"),
    };
    for (const QString &pragma : pragmas) {
        if (!q.exec(pragma))
            return fail(QStringLiteral("cannot open %1: %2").arg(path, q.lastError().text()));
    }
    q.finish();

    if (!schema::migrate(m_db, error)) {
        m_lastError = error ? error->message : QStringLiteral("schema migration failed");
        return false;
    }
    if (!q.exec(QStringLiteral("CREATE TEMP TABLE purge_batch (rid INTEGER PRIMARY KEY, id TEXT NOT NULL)")))
        return fail(QStringLiteral("cannot open %1: %2").arg(path, q.lastError().text()));
    if (!memory && m_options.backgroundCheckpoints) {
        if (!q.exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0")))
            return fail(QStringLiteral("cannot open %1: %2").arg(path, q.lastError().text()));
        startCheckpointer(path);
    }
    q = QSqlQuery();
    m_statements.setDatabase(m_db);
    return true;
}

void SqliteStore::startCheckpointer(const QString &path)
{
    m_checkpointThread = new QThread(this);
    m_checkpointThread->setObjectName(QStringLiteral("squall-checkpoint"));
    m_checkpointer = new Checkpointer(path, m_connectionName + QStringLiteral("_checkpoint"));
    m_checkpointer->moveToThread(m_checkpointThread);
    m_checkpointThread->start(QThread::LowPriority);
    QMetaObject::invokeMethod(m_checkpointer, &Checkpointer::open, Qt::QueuedConnection);
}

void SqliteStore::stopCheckpointer()
{
    if (!m_checkpointThread)
        return;
    QMetaObject::invokeMethod(m_checkpointer, &Checkpointer::close, Qt::BlockingQueuedConnection);
    m_checkpointThread->quit();
    m_checkpointThread->wait();
    delete m_checkpointer;
    m_checkpointer = nullptr;
    delete m_checkpointThread;
    m_checkpointThread = nullptr;
}

// ---- plumbing ---------------------------------------------------------------

void SqliteStore::setError(const QString &message)
{
    m_lastError = message;
    qCWarning(lcStore, "%s", qUtf8Printable(message));
}

QSqlQuery *SqliteStore::statement(const QString &sql)
{
    QSqlQuery *q = m_statements.get(sql);
    if (!q)
        setError(m_statements.lastError());
    return q;
}

bool SqliteStore::run(QSqlQuery *q)
{
    if (!q)
        return false;
    if (!q->exec()) {
        setError(q->lastError().text());
        q->finish();
        return false;
    }
    return true;
}

bool SqliteStore::beginWrite()
{
    if (m_inTransaction)
        return true;
    if (!m_db.isOpen()) {
        setError(QStringLiteral("the store is not open"));
        return false;
    }
    if (!run(statement(kBegin)))
        return false;
    m_inTransaction = true;
    m_commitTimer.start();
    return true;
}

void SqliteStore::noteWrites(int count, qint64 bytes)
{
    m_pendingWrites += count;
    m_walBytes += bytes;
    if (m_pendingWrites >= m_options.maxBatch)
        commit();
}

void SqliteStore::commit()
{
    m_commitTimer.stop();
    if (!m_inTransaction)
        return;
    const bool ok = run(statement(kCommit));
    if (!ok) {
        // SQLite may already have rolled back; a failing ROLLBACK is harmless here.
        if (QSqlQuery *rollback = statement(kRollback))
            rollback->exec();
    }
    m_inTransaction = false;
    const int writes = std::exchange(m_pendingWrites, 0);
    if (ok && m_checkpointer && m_walBytes >= kCheckpointBytes) {
        m_walSinceReset += std::exchange(m_walBytes, 0);
        if (m_walSinceReset >= kWalResetBytes) {
            QSqlQuery *checkpoint = statement(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
            // Busy (the helper is mid-checkpoint) or partial: try again after the next batch.
            if (checkpoint && checkpoint->exec() && checkpoint->next() && checkpoint->value(0).toInt() == 0
                && checkpoint->value(1).toInt() == checkpoint->value(2).toInt())
                m_walSinceReset = 0;
            if (checkpoint)
                checkpoint->finish();
        } else {
            QMetaObject::invokeMethod(m_checkpointer, &Checkpointer::checkpoint, Qt::QueuedConnection);
        }
    }
    // Callbacks may write again, which opens the next transaction.
    const auto callbacks = std::exchange(m_callbacks, {});
    if (ok)
        Q_EMIT committed(writes);
    else
        Q_EMIT commitFailed(m_lastError);
    for (const auto &fn : callbacks)
        fn(ok);
}

void SqliteStore::whenDurable(std::function<void()> fn)
{
    if (!m_inTransaction) {
        fn();
        return;
    }
    m_callbacks.push_back([fn = std::move(fn)](bool ok) {
        if (ok)
            fn();
    });
}

void SqliteStore::whenCommitted(std::function<void(bool)> fn)
{
    if (!m_inTransaction) {
        fn(true);
        return;
    }
    m_callbacks.push_back(std::move(fn));
}

void SqliteStore::flush()
{
    commit();
}

std::optional<Value> SqliteStore::oneDoc(const QString &sql, const QString &arg)
{
    QSqlQuery *q = statement(sql);
    if (!q)
        return std::nullopt;
    q->bindValue(0, arg);
    if (!run(q))
        return std::nullopt;
    std::optional<Value> out;
    if (q->next())
        out = fromJson(q->value(0).toByteArray());
    q->finish();
    return out;
}

ValueList SqliteStore::docs(QSqlQuery *q)
{
    ValueList out;
    while (q->next())
        out.append(fromJson(q->value(0).toByteArray()));
    q->finish();
    return out;
}

// ---- executions ---------------------------------------------------------------

void SqliteStore::putExecution(const Value &doc)
{
    const QString id = text(doc[u"id"]);
    if (id.isEmpty()) {
        setError(QStringLiteral("putExecution: the document has no \"id\""));
        return;
    }
    if (!beginWrite())
        return;
    // The result lives in its own table; the document keeps a null in its
    // place so the key order survives a round trip.
    Value stored = doc;
    const Value *result = doc.isDict() ? doc.toDict().find(u"result") : nullptr;
    if (result)
        stored.dictRef().insert(QStringLiteral("result"), Value());

    QSqlQuery *q = statement(kUpsertExecution);
    if (!q)
        return;
    QString parent = text(doc[u"parent"]);
    if (parent.isNull())
        parent = textAt(doc, {u"context", u"parent", u"execution_id"});
    QString rule = textAt(doc, {u"rule", u"ref"});
    if (rule.isNull())
        rule = textAt(doc, {u"context", u"rule", u"ref"});
    if (rule.isNull())
        rule = textAt(doc, {u"rule", u"name"});
    if (rule.isNull())
        rule = textAt(doc, {u"context", u"rule", u"name"});
    QString triggerInstance = textAt(doc, {u"trigger_instance", u"id"});
    if (triggerInstance.isNull())
        triggerInstance = textAt(doc, {u"context", u"trigger_instance", u"id"});
    QString trigger = textAt(doc, {u"trigger", u"ref"});
    if (trigger.isNull())
        trigger = textAt(doc, {u"trigger", u"name"});
    QString triggerType = textAt(doc, {u"trigger_type", u"ref"});
    if (triggerType.isNull())
        triggerType = textAt(doc, {u"trigger_type", u"name"});

    q->bindValue(0, id);
    q->bindValue(1, textAt(doc, {u"action", u"ref"}));
    q->bindValue(2, text(doc[u"status"]));
    q->bindValue(3, timestamp(doc[u"start_timestamp"]));
    q->bindValue(4, timestamp(doc[u"end_timestamp"]));
    q->bindValue(5, parent);
    q->bindValue(6, rule);
    q->bindValue(7, triggerInstance);
    q->bindValue(8, trigger);
    q->bindValue(9, triggerType);
    q->bindValue(10, textAt(doc, {u"context", u"user"}));
    q->bindValue(11, textAt(doc, {u"runner", u"name"}));
    const QByteArray docJson = toJson(stored);
    qint64 bytes = docJson.size() + 256;  // + index entries
    q->bindValue(12, docJson);
    const QString traceTag = textAt(doc, {u"context", u"trace_context", u"trace_tag"});
    q->bindValue(13, traceTag);
    if (!run(q))
        return;
    const qint64 rid = q->next() ? q->value(0).toLongLong() : -1;
    q->finish();
    if (rid < 0) {
        setError(QStringLiteral("putExecution: no row id returned for %1").arg(id));
        return;
    }

    if (result && !result->isNull()) {
        QSqlQuery *r = statement(kUpsertResult);
        if (!r)
            return;
        const QByteArray resultJson = toJson(*result);
        bytes += resultJson.size();
        r->bindValue(0, rid);
        r->bindValue(1, resultJson);
        if (!run(r))
            return;
    } else {
        QSqlQuery *r = statement(kDeleteResult);
        if (!r)
            return;
        r->bindValue(0, rid);
        if (!run(r))
            return;
    }
    if (!traceTag.isNull())
        noteTrace(traceTag, timestamp(doc[u"start_timestamp"]));
    noteWrites(1, bytes);
}

Value SqliteStore::executionFromRow(const QByteArray &doc, const QVariant &result, bool excludeResult) const
{
    Value v = fromJson(doc);
    if (!v.isDict() || !v.toDict().contains(u"result"))
        return v;
    if (excludeResult)
        v.dictRef().remove(u"result");
    else if (!result.isNull())
        v.dictRef().insert(QStringLiteral("result"), fromJson(result.toByteArray()));
    return v;
}

ValueList SqliteStore::executionRows(QSqlQuery *q, bool excludeResult)
{
    ValueList out;
    while (q->next())
        out.append(executionFromRow(q->value(0).toByteArray(), excludeResult ? QVariant() : q->value(1), excludeResult));
    q->finish();
    return out;
}

std::optional<Value> SqliteStore::execution(const QString &id)
{
    QSqlQuery *q = statement(kSelectExecution);
    if (!q)
        return std::nullopt;
    q->bindValue(0, id);
    if (!run(q))
        return std::nullopt;
    std::optional<Value> out;
    if (q->next())
        out = executionFromRow(q->value(0).toByteArray(), q->value(1), false);
    q->finish();
    return out;
}

Page SqliteStore::executions(const Query &q)
{
    static const ListSpec spec {
        "executions", "start_ts",
        {{"action", "action_ref"}, {"status", "status"}, {"parent", "parent"}, {"rule", "rule_ref"},
         {"trigger_instance", "trigger_instance"}, {"trigger", "trigger_ref"}, {"trigger_type", "trigger_type"},
         {"user", "username"}, {"runner", "runner"}, {"id", "id"}, {"trace_tag", "trace_tag"}}};
    const auto search = q.filters.constFind(QStringLiteral("search"));
    if (search == q.filters.cend())
        return listPage(spec, q, true);

    // Free text (the studio's History search): executions whose action, rule or
    // user contains the text (any case), or whose id starts with it. Scanning a
    // million documents for a word takes seconds; the names are few, so they
    // are matched first (through their indexes) and the list query then asks
    // for those names, through the same indexes.
    const QString text = search.value().trimmed();
    Query rest = q;
    rest.filters.remove(QStringLiteral("search"));
    QStringList terms;
    QVariantList binds;
    auto in = [&](const char *column, const QStringList &values) {
        if (values.isEmpty())
            return;
        QString marks = QStringLiteral("?");
        for (qsizetype i = 1; i < values.size(); ++i)
            marks += QStringLiteral(", ?");
        terms << QStringLiteral("e.") % QLatin1String(column) % QStringLiteral(" IN (") % marks % u')';
        for (const QString &v : values)
            binds << v;
    };
    in("action_ref", distinctContaining("action_ref", text));
    in("rule_ref", distinctContaining("rule_ref", text));
    in("username", distinctContaining("username", text));
    static const QRegularExpression idPrefix(QStringLiteral("^[0-9a-fA-F-]+$"));
    if (idPrefix.match(text).hasMatch()) {
        terms << QStringLiteral("(e.id >= ? AND e.id < ?)");
        binds << text.toLower() << QString(text.toLower() + QChar(0xFFFF));
    }
    if (terms.isEmpty()) {
        Page none;
        none.total = q.countTotal ? 0 : -1;
        return none;
    }
    return listPage(spec, rest, true, u'(' + terms.join(QStringLiteral(" OR ")) + u')', binds);
}

QStringList SqliteStore::distinctContaining(const char *column, const QString &text)
{
    const QString c = QLatin1String(column);
    QSqlQuery *q = statement(
        QStringLiteral("WITH RECURSIVE d(v) AS (SELECT min(") % c % QStringLiteral(") FROM executions WHERE ") % c
        % QStringLiteral(" IS NOT NULL UNION ALL SELECT (SELECT min(")
        % c % QStringLiteral(") FROM executions WHERE ") % c
        % QStringLiteral(" > d.v) FROM d WHERE d.v IS NOT NULL)"
                         " SELECT v FROM d WHERE v IS NOT NULL AND instr(lower(v), lower(?)) > 0"));
    if (!q)
        return {};
    q->bindValue(0, text);
    if (!run(q))
        return {};
    QStringList values;
    while (q->next())
        values << q->value(0).toString();
    q->finish();
    return values;
}

ValueList SqliteStore::executionsWithStatus(const QStringList &statuses)
{
    if (statuses.isEmpty())
        return {};
    QString marks = QStringLiteral("?");
    for (qsizetype i = 1; i < statuses.size(); ++i)
        marks += QStringLiteral(", ?");
    QSqlQuery *q = statement(
        QStringLiteral("SELECT e.doc, r.result FROM executions e LEFT JOIN execution_results r ON r.rid = e.rid"
                       " WHERE e.status IN (") % marks % QStringLiteral(") ORDER BY e.start_ts, e.id"));
    if (!q)
        return {};
    for (qsizetype i = 0; i < statuses.size(); ++i)
        q->bindValue(int(i), statuses.at(i));
    if (!run(q))
        return {};
    return executionRows(q, false);
}

ValueList SqliteStore::children(const QString &parentId)
{
    QSqlQuery *q = statement(kSelectChildren);
    if (!q)
        return {};
    q->bindValue(0, parentId);
    if (!run(q))
        return {};
    return executionRows(q, false);
}

void SqliteStore::appendOutput(const QString &executionId, const QString &stream, const QString &data)
{
    if (!beginWrite())
        return;
    QSqlQuery *q = statement(kAppendOutput);
    if (!q)
        return;
    q->bindValue(0, executionId);
    q->bindValue(1, stream);
    q->bindValue(2, data);
    if (run(q))
        noteWrites(1, data.size() * 2 + 64);
}

QString SqliteStore::output(const QString &executionId, const QString &stream)
{
    const bool all = stream.isEmpty() || stream == u"all";
    QSqlQuery *q = statement(all ? kOutputAll : kOutputStream);
    if (!q)
        return {};
    q->bindValue(0, executionId);
    if (!all)
        q->bindValue(1, stream);
    if (!run(q))
        return {};
    QString out;
    while (q->next())
        out += q->value(0).toString();
    q->finish();
    return out;
}

// ---- list queries -----------------------------------------------------------

Page SqliteStore::listPage(const ListSpec &spec, const Query &q, bool executions, const QString &extraWhere,
                          const QVariantList &extraBinds)
{
    Page page;
    const QString table = QString::fromLatin1(spec.table);
    const QString time = QLatin1String("e.") + QLatin1String(spec.timeColumn);
    QString where = QStringLiteral(" WHERE 1 = 1");
    QVariantList binds;
    int known = 0;
    // Fixed column order, so one filter combination always yields the same
    // SQL text and hits the same cached statement.
    for (const auto &[name, column] : spec.filters) {
        const auto it = q.filters.constFind(QLatin1String(name));
        if (it == q.filters.cend())
            continue;
        ++known;
        if (strchr(column, '?')) {
            where += QStringLiteral(" AND ") % QLatin1String(column);
            binds << it.value();
        } else if (it.value() == u"null") {
            where += QStringLiteral(" AND e.") % QLatin1String(column) % QStringLiteral(" IS NULL");
        } else {
            where += QStringLiteral(" AND e.") % QLatin1String(column) % QStringLiteral(" = ?");
            binds << it.value();
        }
    }
    if (known != q.filters.size()) {
        for (auto it = q.filters.cbegin(); it != q.filters.cend(); ++it) {
            bool found = false;
            for (const auto &f : spec.filters)
                found = found || it.key() == QLatin1String(f.first);
            if (!found) {
                setError(QStringLiteral("unknown filter \"%1\" for %2").arg(it.key(), table));
                return page;
            }
        }
    }
    if (!extraWhere.isEmpty()) {
        where += QStringLiteral(" AND ") % extraWhere;
        binds += extraBinds;
    }
    if (!q.timestampGt.isEmpty()) {
        where += QStringLiteral(" AND ") % time % QStringLiteral(" > ?");
        binds << timestamp(q.timestampGt);
    }
    if (!q.timestampLt.isEmpty()) {
        where += QStringLiteral(" AND ") % time % QStringLiteral(" < ?");
        binds << timestamp(q.timestampLt);
    }

    const bool withResult = executions && !q.excludeResult;
    const QString dir = q.ascending ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    const QString sql = QStringLiteral("SELECT e.doc") % (withResult ? QStringLiteral(", r.result") : QString())
        % QStringLiteral(" FROM ") % table % QStringLiteral(" e")
        % (withResult ? QStringLiteral(" LEFT JOIN execution_results r ON r.rid = e.rid") : QString()) % where
        % QStringLiteral(" ORDER BY ") % time % dir % QStringLiteral(", e.id") % dir
        % QStringLiteral(" LIMIT ? OFFSET ?");
    QSqlQuery *rows = statement(sql);
    if (!rows)
        return page;
    int i = 0;
    for (const QVariant &b : std::as_const(binds))
        rows->bindValue(i++, b);
    rows->bindValue(i++, q.limit > 0 ? q.limit : -1);
    rows->bindValue(i++, std::max(0, q.offset));
    if (!run(rows))
        return page;
    page.items = executions ? executionRows(rows, q.excludeResult) : docs(rows);

    if (!q.countTotal) {
        page.total = -1;
        return page;
    }
    // A short first page is its own count.
    if (q.offset <= 0 && (q.limit <= 0 || page.items.size() < q.limit)) {
        page.total = page.items.size();
        return page;
    }
    const bool unfiltered = binds.isEmpty() && q.filters.isEmpty();
    QSqlQuery *count = statement(unfiltered
                                     ? QString(QStringLiteral("SELECT n FROM row_counts WHERE tbl = '") % table % QLatin1Char('\''))
                                     : QString(QStringLiteral("SELECT count(*) FROM ") % table % QStringLiteral(" e") % where));
    if (!count)
        return page;
    i = 0;
    for (const QVariant &b : std::as_const(binds))
        count->bindValue(i++, b);
    if (run(count) && count->next())
        page.total = count->value(0).toLongLong();
    count->finish();
    return page;
}

// ---- purge ------------------------------------------------------------------

int SqliteStore::purgeExecutions(const QString &olderThanIso, int batchSize)
{
    if (batchSize <= 0 || !beginWrite())
        return 0;
    const QString before = timestamp(olderThanIso);
    QSqlQuery *pick = statement(QStringLiteral(
        // INDEXED BY: left alone, the planner may pick the status index and
        // then sort every completed row to find the oldest few hundred.
        "INSERT INTO temp.purge_batch (rid, id) SELECT rid, id FROM executions INDEXED BY ix_exec_start"
        " WHERE start_ts < ? AND end_ts < ? AND status IN (") % kCompletedList % QStringLiteral(")"
        " ORDER BY start_ts LIMIT ?"));
    if (!pick)
        return 0;
    pick->bindValue(0, before);
    pick->bindValue(1, before);
    pick->bindValue(2, batchSize);
    if (!run(pick))
        return 0;
    const int n = pick->numRowsAffected();
    if (n <= 0)
        return 0;
    static const QStringList steps = {
        QStringLiteral("DELETE FROM execution_results WHERE rid IN (SELECT rid FROM temp.purge_batch)"),
        QStringLiteral("DELETE FROM execution_output WHERE execution_id IN (SELECT id FROM temp.purge_batch)"),
        QStringLiteral("DELETE FROM workflow_journal WHERE execution_id IN (SELECT id FROM temp.purge_batch)"),
        QStringLiteral("DELETE FROM workflow_snapshots WHERE execution_id IN (SELECT id FROM temp.purge_batch)"),
        QStringLiteral("DELETE FROM executions WHERE rid IN (SELECT rid FROM temp.purge_batch)"),
        QStringLiteral("DELETE FROM temp.purge_batch"),
    };
    for (const QString &sql : steps) {
        if (!run(statement(sql))) {
            // Leave no stale rows behind for the next batch.
            if (QSqlQuery *clear = statement(steps.last()))
                clear->exec();
            return 0;
        }
    }
    noteWrites(n, qint64(n) * 8192);  // deletes dirty pages in every index
    return n;
}

} // namespace squall::store
