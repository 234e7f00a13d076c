#include "engine/EngineFunctions.h"

#include "base/Error.h"
#include "engine/KeyValueService.h"
#include "store/Store.h"

#include <QSet>

namespace squall::engine {

namespace {

// Python's str() of a datetime, which is what st2 puts in task() timestamps
// ("2024-05-01 10:00:00.123456+00:00"); str(None) for a task still running.
Value pyTimestamp(const Value &iso)
{
    if (!iso.isString() || iso.toString().isEmpty())
        return QStringLiteral("None");
    QString s = iso.toString();
    s.replace(u'T', u' ');
    if (s.endsWith(u'Z'))
        s = s.left(s.size() - 1) + QStringLiteral("+00:00");
    return s;
}

} // namespace

EngineFunctions::EngineFunctions(store::Store *store, const KeyValueService *kv, QString systemUser)
    : m_store(store), m_kv(kv), m_systemUser(std::move(systemUser)), m_scope(this)
{
    m_st2kv = [this](const ValueList &args, const ValueDict &kwargs, const expr::CallContext &cc) {
        return orquesta::st2kv(*this, m_systemUser, args, kwargs, cc);
    };
    m_decryptKv = [this](const ValueList &args, const ValueDict &kwargs, const expr::CallContext &) -> Value {
        const expr::ArgBinder a("decrypt_kv", args, kwargs, {"value"}, 1);
        QString plain;
        if (decrypt(a.at(0).toString(), &plain))
            return plain;
        throw SquallException(QStringLiteral("ValueError"),
                              QStringLiteral("Referenced datastore item is not a secret or cannot be decrypted."));
    };
    m_taskRecord = [this](const ValueList &args, const ValueDict &, const expr::CallContext &cc) -> Value {
        const QString workflow = orquesta::workflowData(cc)[u"st2"][u"workflow_execution_id"].toString();
        if (workflow.isEmpty() || args.size() < 2)
            return {};
        return taskRecord(workflow, args.at(0).toString(), int(args.at(1).toInt()));
    };
}

EngineFunctions::~EngineFunctions() = default;

const expr::Function *EngineFunctions::hostedFunction(QStringView name) const
{
    if (name == u"st2kv")
        return &m_st2kv;
    if (name == u"decrypt_kv")
        return &m_decryptKv;
    if (name == orquesta::kTaskRecordFunction)
        return &m_taskRecord;
    return nullptr;
}

bool EngineFunctions::find(bool system, const QString &user, const QString &name, Value *value, bool *secret) const
{
    const auto doc = m_kv->find(system ? QStringLiteral("system") : QStringLiteral("user"), user, name);
    if (!doc)
        return false;
    *value = (*doc)[u"value"];
    *secret = (*doc)[u"secret"].toBool();
    return true;
}

bool EngineFunctions::decrypt(const QString &cipher, QString *plain) const
{
    const auto clear = m_kv->decrypt(cipher);
    if (!clear)
        return false;
    *plain = *clear;
    return true;
}

// What st2 keeps in a task execution record, from the task's child
// executions: the latest run of (task, route); a with-items task's result
// is {"items": [{"status", "result"} or null per item]}.
Value EngineFunctions::taskRecord(const QString &workflowId, const QString &task, int route) const
{
    ValueList run;  // the children of the latest run, oldest first
    bool items = false;
    QSet<qint64> seenItems;
    for (const Value &c : m_store->children(workflowId)) {
        const Value orq = c[u"context"][u"orquesta"];
        if (orq[u"task_name"].toString() != task || orq[u"task_route"].toInt() != route)
            continue;
        const Value item = orq[u"item_id"];
        // A task that runs again (a cycle, a retry) starts a new run.
        if (item.isNull() || !items || seenItems.contains(item.toInt())) {
            run.clear();
            seenItems.clear();
        }
        items = !item.isNull();
        if (items)
            seenItems.insert(item.toInt());
        run.append(c);
    }
    if (run.isEmpty())
        return {};
    ValueDict out;
    const Value &last = run.last();
    out.insert(QStringLiteral("task_execution_id"), last[u"id"]);
    out.insert(QStringLiteral("workflow_execution_id"), workflowId);
    if (!items) {
        out.insert(QStringLiteral("result"), last[u"result"]);
        out.insert(QStringLiteral("start_timestamp"), pyTimestamp(last[u"start_timestamp"]));
        out.insert(QStringLiteral("end_timestamp"), pyTimestamp(last[u"end_timestamp"]));
        return Value(std::move(out));
    }
    ValueList list;
    Value start = run.first()[u"start_timestamp"];
    Value end;
    bool allDone = true;
    for (const Value &c : std::as_const(run)) {
        const qint64 i = c[u"context"][u"orquesta"][u"item_id"].toInt();
        while (list.size() <= i)
            list.append(Value());
        list[i] = makeDict({{QStringLiteral("status"), c[u"status"]}, {QStringLiteral("result"), c[u"result"]}});
        if (c[u"start_timestamp"].toString() < start.toString())
            start = c[u"start_timestamp"];
        if (c[u"end_timestamp"].isNull())
            allDone = false;
        else if (c[u"end_timestamp"].toString() > end.toString())
            end = c[u"end_timestamp"];
    }
    out.insert(QStringLiteral("result"), makeDict({{QStringLiteral("items"), Value(std::move(list))}}));
    out.insert(QStringLiteral("start_timestamp"), pyTimestamp(start));
    out.insert(QStringLiteral("end_timestamp"), allDone ? pyTimestamp(end) : Value(QStringLiteral("None")));
    return Value(std::move(out));
}

} // namespace squall::engine
