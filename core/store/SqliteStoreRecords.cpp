// Trigger instances, rule enforcements, definitions and the key-value store.
#include "store/SqliteStore.h"

#include "store/DocFields.h"

#include "base/Ids.h"

#include <QSqlQuery>
#include <QStringBuilder>
#include <QVariant>

namespace squall::store {

using namespace fields;

int SqliteStore::write(const QString &sql, std::initializer_list<QVariant> binds)
{
    if (!beginWrite())
        return -1;
    QSqlQuery *q = statement(sql);
    if (!q)
        return -1;
    int i = 0;
    qint64 bytes = 256;
    for (const QVariant &b : binds) {
        if (b.typeId() == QMetaType::QByteArray)
            bytes += static_cast<const QByteArray *>(b.constData())->size();
        q->bindValue(i++, b);
    }
    if (!run(q))
        return -1;
    const int n = q->numRowsAffected();
    noteWrites(1, bytes);
    return n;
}

QSqlQuery *SqliteStore::select(const QString &sql, std::initializer_list<QVariant> binds)
{
    QSqlQuery *q = statement(sql);
    if (!q)
        return nullptr;
    int i = 0;
    for (const QVariant &b : binds)
        q->bindValue(i++, b);
    return run(q) ? q : nullptr;
}

// ---- trigger instances --------------------------------------------------------

void SqliteStore::putTriggerInstance(const Value &doc)
{
    const QString id = text(doc[u"id"]);
    if (id.isEmpty()) {
        setError(QStringLiteral("putTriggerInstance: the document has no \"id\""));
        return;
    }
    QString trigger = text(doc[u"trigger"]);
    if (trigger.isNull())
        trigger = textAt(doc, {u"trigger", u"ref"});
    static const QString sql = QStringLiteral(
        "INSERT INTO trigger_instances (id, trigger_ref, status, occurrence_time, doc, trace_tag)"
        " VALUES (?, ?, ?, coalesce(?, ''), ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET trigger_ref = excluded.trigger_ref, status = excluded.status,"
        " occurrence_time = excluded.occurrence_time, doc = excluded.doc, trace_tag = excluded.trace_tag");
    const QString traceTag = text(doc[u"trace_tag"]);
    const QString occurred = timestamp(doc[u"occurrence_time"]);
    if (write(sql, {id, trigger, text(doc[u"status"]), occurred, toJson(doc), traceTag}) >= 0 && !traceTag.isNull())
        noteTrace(traceTag, occurred);
}

std::optional<Value> SqliteStore::triggerInstance(const QString &id)
{
    return oneDoc(QStringLiteral("SELECT doc FROM trigger_instances WHERE id = ?"), id);
}

Page SqliteStore::triggerInstances(const Query &q)
{
    static const ListSpec spec {
        "trigger_instances", "occurrence_time",
        {{"trigger", "trigger_ref"}, {"status", "status"}, {"id", "id"}, {"trace_tag", "trace_tag"},
         // Every trigger of one type (the studio's Triggers page); read from the
         // document, as the type has no column of its own.
         {"trigger_type", "json_extract(CAST(e.doc AS TEXT), '$.trigger_type') = ?"}}};
    return listPage(spec, q, false);
}

int SqliteStore::purgeTriggerInstances(const QString &olderThanIso, int batchSize)
{
    if (batchSize <= 0 || !beginWrite())
        return 0;
    QSqlQuery *pick = statement(QStringLiteral(
        "INSERT INTO temp.purge_batch (rid, id) SELECT rid, id FROM trigger_instances INDEXED BY ix_ti_time"
        " WHERE occurrence_time < ? ORDER BY occurrence_time LIMIT ?"));
    if (!pick)
        return 0;
    pick->bindValue(0, timestamp(olderThanIso));
    pick->bindValue(1, batchSize);
    if (!run(pick))
        return 0;
    const int n = pick->numRowsAffected();
    if (n <= 0)
        return 0;
    static const QStringList steps = {
        QStringLiteral("DELETE FROM rule_enforcements WHERE trigger_instance_id IN (SELECT id FROM temp.purge_batch)"),
        QStringLiteral("DELETE FROM trigger_instances WHERE rid IN (SELECT rid FROM temp.purge_batch)"),
        QStringLiteral("DELETE FROM temp.purge_batch"),
    };
    for (const QString &sql : steps) {
        if (!run(statement(sql))) {
            if (QSqlQuery *clear = statement(steps.last()))
                clear->exec();
            return 0;
        }
    }
    noteWrites(n, qint64(n) * 8192);  // deletes dirty pages in every index
    return n;
}

// ---- rule enforcements ------------------------------------------------------

void SqliteStore::putRuleEnforcement(const Value &doc)
{
    const QString id = text(doc[u"id"]);
    if (id.isEmpty()) {
        setError(QStringLiteral("putRuleEnforcement: the document has no \"id\""));
        return;
    }
    static const QString sql = QStringLiteral(
        "INSERT INTO rule_enforcements (id, rule_ref, rule_id, trigger_instance_id, execution_id, status,"
        " enforced_at, doc) VALUES (?, ?, ?, ?, ?, ?, coalesce(?, ''), ?)"
        " ON CONFLICT (id) DO UPDATE SET rule_ref = excluded.rule_ref, rule_id = excluded.rule_id,"
        " trigger_instance_id = excluded.trigger_instance_id, execution_id = excluded.execution_id,"
        " status = excluded.status, enforced_at = excluded.enforced_at, doc = excluded.doc");
    write(sql, {id, textAt(doc, {u"rule", u"ref"}), textAt(doc, {u"rule", u"id"}), text(doc[u"trigger_instance_id"]),
                text(doc[u"execution_id"]), text(doc[u"status"]), timestamp(doc[u"enforced_at"]), toJson(doc)});
}

std::optional<Value> SqliteStore::ruleEnforcement(const QString &id)
{
    return oneDoc(QStringLiteral("SELECT doc FROM rule_enforcements WHERE id = ?"), id);
}

Page SqliteStore::ruleEnforcements(const Query &q)
{
    static const ListSpec spec {"rule_enforcements", "enforced_at",
                                {{"rule", "rule_ref"}, {"rule_ref", "rule_ref"}, {"rule_id", "rule_id"},
                                 {"execution", "execution_id"}, {"trigger_instance", "trigger_instance_id"},
                                 {"status", "status"}, {"id", "id"}}};
    return listPage(spec, q, false);
}

// ---- traces -----------------------------------------------------------------------

void SqliteStore::noteTrace(const QString &traceTag, const QString &timestamp)
{
    // Ignored when the tag already has its trace: the first record starts it.
    static const QString sql = QStringLiteral(
        "INSERT INTO traces (id, trace_tag, start_ts, doc) VALUES (?, ?, coalesce(?, ''), ?)"
        " ON CONFLICT DO NOTHING");
    const QString id = newId();
    const QString start = timestamp.isNull() ? QString() : timestamp;
    write(sql, {id, traceTag, start,
                toJson(makeDict({{QStringLiteral("id"), id},
                                 {QStringLiteral("trace_tag"), traceTag},
                                 {QStringLiteral("start_timestamp"), start}}))});
}

std::optional<Value> SqliteStore::trace(const QString &id)
{
    return oneDoc(QStringLiteral("SELECT doc FROM traces WHERE id = ?"), id);
}

Page SqliteStore::traces(const Query &q)
{
    static const ListSpec spec {
        "traces", "start_ts",
        {{"trace_tag", "trace_tag"},
         {"id", "id"},
         {"execution", "e.trace_tag = (SELECT x.trace_tag FROM executions x WHERE x.id = ?)"},
         {"trigger_instance", "e.trace_tag = (SELECT x.trace_tag FROM trigger_instances x WHERE x.id = ?)"},
         {"rule", "e.trace_tag IN (SELECT ti.trace_tag FROM rule_enforcements re"
                  " JOIN trigger_instances ti ON ti.id = re.trigger_instance_id"
                  " WHERE ? IN (re.rule_id, re.rule_ref) AND ti.trace_tag IS NOT NULL)"}}};
    return listPage(spec, q, false);
}

// ---- definitions -----------------------------------------------------------------

void SqliteStore::putDefinition(const QString &kind, const QString &key, const Value &doc)
{
    if (kind.isEmpty() || key.isEmpty()) {
        setError(QStringLiteral("putDefinition: kind and key are required"));
        return;
    }
    write(QStringLiteral("INSERT INTO definitions (kind, dkey, doc) VALUES (?, ?, ?)"
                         " ON CONFLICT (kind, dkey) DO UPDATE SET doc = excluded.doc"),
          {kind, key, toJson(doc)});
}

void SqliteStore::removeDefinition(const QString &kind, const QString &key)
{
    write(QStringLiteral("DELETE FROM definitions WHERE kind = ? AND dkey = ?"), {kind, key});
}

std::optional<Value> SqliteStore::definition(const QString &kind, const QString &key)
{
    QSqlQuery *q = select(QStringLiteral("SELECT doc FROM definitions WHERE kind = ? AND dkey = ?"), {kind, key});
    if (!q)
        return std::nullopt;
    const ValueList found = docs(q);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

ValueList SqliteStore::definitions(const QString &kind)
{
    QSqlQuery *q = select(QStringLiteral("SELECT doc FROM definitions WHERE kind = ? ORDER BY dkey"), {kind});
    return q ? docs(q) : ValueList();
}

// ---- workflow state -------------------------------------------------------------

void SqliteStore::putWorkflowSnapshot(const QString &executionId, const Value &snapshot)
{
    if (executionId.isEmpty()) {
        setError(QStringLiteral("putWorkflowSnapshot: the execution id is required"));
        return;
    }
    // One batch holds both, so a reader never sees the new snapshot with the
    // old journal replayed on top of it.
    write(QStringLiteral("INSERT INTO workflow_snapshots (execution_id, snapshot) VALUES (?, ?)"
                         " ON CONFLICT (execution_id) DO UPDATE SET snapshot = excluded.snapshot"),
          {executionId, toJson(snapshot)});
    write(QStringLiteral("DELETE FROM workflow_journal WHERE execution_id = ?"), {executionId});
}

void SqliteStore::appendWorkflowJournal(const QString &executionId, const Value &entry)
{
    if (executionId.isEmpty()) {
        setError(QStringLiteral("appendWorkflowJournal: the execution id is required"));
        return;
    }
    write(QStringLiteral("INSERT INTO workflow_journal (execution_id, entry) VALUES (?, ?)"), {executionId, toJson(entry)});
}

std::optional<WorkflowState> SqliteStore::workflowState(const QString &executionId)
{
    QSqlQuery *q = select(QStringLiteral("SELECT snapshot FROM workflow_snapshots WHERE execution_id = ?"), {executionId});
    if (!q || !q->next())
        return std::nullopt;
    WorkflowState state;
    state.snapshot = fromJson(q->value(0).toByteArray());
    q->finish();
    QSqlQuery *j = select(QStringLiteral("SELECT entry FROM workflow_journal WHERE execution_id = ? ORDER BY seq"),
                          {executionId});
    if (j)
        state.journal = docs(j);
    return state;
}

void SqliteStore::removeWorkflowState(const QString &executionId)
{
    write(QStringLiteral("DELETE FROM workflow_journal WHERE execution_id = ?"), {executionId});
    write(QStringLiteral("DELETE FROM workflow_snapshots WHERE execution_id = ?"), {executionId});
}

// ---- event log ----------------------------------------------------------------

void SqliteStore::appendEvent(qint64 id, const QString &kind, const QByteArray &json)
{
    write(QStringLiteral("INSERT INTO events (id, kind, data) VALUES (?, ?, ?)"), {id, kind, json});
}

QList<StoredEvent> SqliteStore::eventsAfter(qint64 afterId, int limit)
{
    QList<StoredEvent> out;
    QSqlQuery *q = select(QStringLiteral("SELECT id, kind, data FROM events WHERE id > ? ORDER BY id LIMIT ?"),
                          {afterId, limit});
    if (!q)
        return out;
    while (q->next())
        out.append(StoredEvent{q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toByteArray()});
    q->finish();
    return out;
}

qint64 SqliteStore::firstEventId()
{
    QSqlQuery *q = select(QStringLiteral("SELECT min(id) FROM events"), {});
    const qint64 id = q && q->next() ? q->value(0).toLongLong() : 0;
    if (q)
        q->finish();
    return id;
}

qint64 SqliteStore::lastEventId()
{
    QSqlQuery *q = select(QStringLiteral("SELECT max(id) FROM events"), {});
    const qint64 id = q && q->next() ? q->value(0).toLongLong() : 0;
    if (q)
        q->finish();
    return id;
}

void SqliteStore::purgeEventsUpTo(qint64 id)
{
    write(QStringLiteral("DELETE FROM events WHERE id <= ?"), {id});
}

// ---- key-value datastore ------------------------------------------------------

void SqliteStore::putKey(const Value &doc)
{
    const QString name = doc[u"name"].toString();
    if (name.isEmpty()) {
        setError(QStringLiteral("putKey: the document has no \"name\""));
        return;
    }
    const QString keyScope = scope(doc[u"scope"].toString());
    if (keyScope != u"system" && keyScope != u"user") {
        setError(QStringLiteral("putKey: unknown scope \"%1\" for key %2").arg(doc[u"scope"].toString(), name));
        return;
    }
    const QString user = keyScope == u"user" ? doc[u"user"].toString() : QString();
    if (keyScope == u"user" && user.isEmpty()) {
        setError(QStringLiteral("putKey: user-scope key %1 has no \"user\"").arg(name));
        return;
    }
    write(QStringLiteral("INSERT INTO kv (scope, username, name, expire_ts, doc) VALUES (?, coalesce(?, ''), ?, ?, ?)"
                         " ON CONFLICT (scope, username, name) DO UPDATE SET expire_ts = excluded.expire_ts,"
                         " doc = excluded.doc"),
          {keyScope, user, name, timestamp(doc[u"expire_timestamp"]), toJson(doc)});
}

std::optional<Value> SqliteStore::key(const QString &keyScope, const QString &user, const QString &name)
{
    const QString s = scope(keyScope);
    QSqlQuery *q = select(QStringLiteral("SELECT doc FROM kv WHERE scope = ? AND username = coalesce(?, '') AND name = ?"
                                         " AND (expire_ts IS NULL OR expire_ts > ?)"),
                          {s, s == u"user" ? user : QString(), name, nowTimestamp()});
    if (!q)
        return std::nullopt;
    const ValueList found = docs(q);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

ValueList SqliteStore::keys(const QString &keyScope, const QString &user, const QString &prefix)
{
    const QString s = keyScope == u"all" ? keyScope : scope(keyScope);
    QString where;
    QVariantList binds;
    const QString userClause = user.isEmpty() ? QStringLiteral("scope = 'user'")
                                              : QStringLiteral("(scope = 'user' AND username = ?)");
    if (s == u"system") {
        where = QStringLiteral("scope = 'system'");
    } else if (s == u"user") {
        where = userClause;
    } else if (s == u"all") {
        where = QStringLiteral("(scope = 'system' OR ") % userClause % QLatin1Char(')');
    } else {
        setError(QStringLiteral("keys: unknown scope \"%1\"").arg(keyScope));
        return {};
    }
    if (s != u"system" && !user.isEmpty())
        binds << user;
    if (!prefix.isEmpty()) {
        // A range instead of LIKE: no wildcard escaping, and it can use the key.
        where += QStringLiteral(" AND name >= ? AND name < ?");
        binds << prefix << QString(prefix + QChar(0xDBFF) + QChar(0xDFFF));
    }
    where += QStringLiteral(" AND (expire_ts IS NULL OR expire_ts > ?)");
    binds << nowTimestamp();
    QSqlQuery *q = statement(QStringLiteral("SELECT doc FROM kv WHERE ") % where
                             % QStringLiteral(" ORDER BY scope, username, name"));
    if (!q)
        return {};
    int i = 0;
    for (const QVariant &b : std::as_const(binds))
        q->bindValue(i++, b);
    if (!run(q))
        return {};
    return docs(q);
}

bool SqliteStore::removeKey(const QString &keyScope, const QString &user, const QString &name)
{
    const QString s = scope(keyScope);
    return write(QStringLiteral("DELETE FROM kv WHERE scope = ? AND username = coalesce(?, '') AND name = ?"),
                 {s, s == u"user" ? user : QString(), name})
        > 0;
}

int SqliteStore::purgeExpiredKeys(const QString &nowIso)
{
    return std::max(0, write(QStringLiteral("DELETE FROM kv WHERE expire_ts IS NOT NULL AND expire_ts <= ?"),
                             {timestamp(nowIso)}));
}

} // namespace squall::store
