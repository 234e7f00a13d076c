// Engine: traces in EngineApi, read from what the store records under a trace
// tag (trigger instances, their rule enforcements, executions), and enabling
// or disabling sensor types.
#include "engine/Engine.h"

#include "base/Error.h"
#include "engine/ApiQuery.h"
#include "engine/ContentRegistry.h"
#include "store/Store.h"

namespace squall::engine {

namespace {

Value component(const Value &objectId, const Value &ref, const Value &updatedAt, const Value &causedBy)
{
    return makeDict({{QStringLiteral("object_id"), objectId},
                     {QStringLiteral("ref"), ref.isNull() ? Value(QString()) : ref},
                     {QStringLiteral("updated_at"), updatedAt},
                     {QStringLiteral("caused_by"), causedBy.isNull() ? Value(ValueDict()) : causedBy}});
}

Value causedBy(const QString &type, const Value &id)
{
    return makeDict({{QStringLiteral("type"), type}, {QStringLiteral("id"), id}});
}

// The first non-null of a top-level field and its copy in the context.
Value either(const Value &doc, QStringView field, QStringView contextField)
{
    const Value top = doc[field];
    return top.isNull() ? doc[u"context"][contextField] : top;
}

} // namespace

Value Engine::traceDocument(const Value &row)
{
    const QString tag = row[u"trace_tag"].toString();
    store::Query q;
    q.filters.insert(QStringLiteral("trace_tag"), tag);
    q.limit = 0;
    q.ascending = true;
    q.excludeResult = true;
    q.countTotal = false;

    // caused_by follows StackStorm's links: an instance of the action trigger was
    // caused by the execution named in its payload, a rule by the instance it
    // matched, an execution by its parent or else by rule:instance.
    ValueList instances;
    ValueList rules;
    for (const Value &ti : m_store->triggerInstances(q).items) {
        const QString trigger = ti[u"trigger"].toString();
        const bool fromExecution = trigger == u"core.st2.generic.actiontrigger"
            || trigger == u"core.st2.generic.notifytrigger";
        instances.append(component(ti[u"id"], ti[u"trigger"], ti[u"occurrence_time"],
                                   fromExecution ? causedBy(QStringLiteral("action_execution"),
                                                            ti[u"payload"][u"execution_id"])
                                                 : Value()));
        store::Query eq;
        eq.filters.insert(QStringLiteral("trigger_instance"), ti[u"id"].toString());
        eq.limit = 0;
        eq.ascending = true;
        eq.countTotal = false;
        for (const Value &e : m_store->ruleEnforcements(eq).items)
            rules.append(component(e[u"rule"][u"id"], e[u"rule"][u"ref"], e[u"enforced_at"],
                                   causedBy(QStringLiteral("trigger_instance"), ti[u"id"])));
    }
    ValueList executions;
    for (const Value &ex : m_store->executions(q).items) {
        Value cause;
        const Value parent = ex[u"parent"].isNull() ? ex[u"context"][u"parent"][u"execution_id"] : ex[u"parent"];
        const Value rule = either(ex, u"rule", u"rule");
        const Value instance = either(ex, u"trigger_instance", u"trigger_instance");
        if (!parent.isNull())
            cause = causedBy(QStringLiteral("action_execution"), parent);
        else if (!rule[u"id"].isNull() && !instance[u"id"].isNull())
            cause = causedBy(QStringLiteral("rule"), rule[u"id"].toString() + u':' + instance[u"id"].toString());
        executions.append(component(ex[u"id"], ex[u"action"][u"ref"], ex[u"start_timestamp"], cause));
    }
    return makeDict({{QStringLiteral("id"), row[u"id"]},
                     {QStringLiteral("uid"), QStringLiteral("trace:") + tag},
                     {QStringLiteral("trace_tag"), tag},
                     {QStringLiteral("start_timestamp"), row[u"start_timestamp"]},
                     {QStringLiteral("trigger_instances"), Value(std::move(instances))},
                     {QStringLiteral("rules"), Value(std::move(rules))},
                     {QStringLiteral("action_executions"), Value(std::move(executions))}});
}

ListResult Engine::listTraces(const Params &p)
{
    store::Query q = apiquery::toStoreQuery(
        p, {QStringLiteral("trace_tag"), QStringLiteral("execution"), QStringLiteral("rule"),
            QStringLiteral("trigger_instance")});
    // st2 lists the newest first unless sort_asc; sort_desc says the default.
    if (apiquery::isTrue(p.value(QStringLiteral("sort_desc"))))
        q.ascending = false;
    const store::Page page = m_store->traces(q);
    if (!m_store->lastError().isEmpty() && page.items.isEmpty() && page.total == 0)
        qWarning("traces: %s", qPrintable(m_store->lastError()));
    ValueList items;
    items.reserve(page.items.size());
    for (const Value &row : page.items)
        items.append(traceDocument(row));
    return ListResult{apiquery::project(items, p), page.total, q.limit, q.offset};
}

Value Engine::getTrace(const QString &id)
{
    const auto row = m_store->trace(id);
    if (!row)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("trace %1 not found").arg(id));
    return traceDocument(*row);
}

Value Engine::updateSensorType(const QString &refOrId, const Value &doc, const Principal &by)
{
    Q_UNUSED(by);
    if (!m_content->sensor(refOrId))
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("sensor \"%1\" not found").arg(refOrId));
    const Value enabled = doc[u"enabled"];
    if (!enabled.isBool())
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("\"enabled\" is required and must be true or false"));
    return m_content->setSensorEnabled(refOrId, enabled.toBool()).toApi();
}

} // namespace squall::engine
