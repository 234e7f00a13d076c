// Engine: the executions part of EngineApi.
#include "engine/Engine.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "engine/ApiQuery.h"
#include "engine/ContentRegistry.h"
#include "engine/ExecutionService.h"
#include "engine/WorkflowService.h"
#include "engine/Statuses.h"
#include "store/Store.h"

namespace squall::engine {

namespace {
[[noreturn]] void notFound(const QString &id)
{
    throw SquallException(QStringLiteral("NotFound"), QStringLiteral("execution %1 not found").arg(id));
}

Value traceContext(const QString &tag, const QString &traceId)
{
    ValueDict d;
    if (!tag.isEmpty())
        d.insert(QStringLiteral("trace_tag"), tag);
    if (!traceId.isEmpty())
        d.insert(QStringLiteral("id_"), traceId);
    return Value(std::move(d));
}
} // namespace

ListResult Engine::listExecutions(const Params &p)
{
    store::Query q = apiquery::toStoreQuery(p, {QStringLiteral("action"), QStringLiteral("status"),
                                                 QStringLiteral("parent"), QStringLiteral("rule"),
                                                 QStringLiteral("runner"), QStringLiteral("trigger_instance"),
                                                 QStringLiteral("trigger"), QStringLiteral("trigger_type"),
                                                 QStringLiteral("user"), QStringLiteral("search")});
    // A pager that never shows a total (the studio's History) spares the
    // count, which at a million rows costs more than the page itself.
    q.countTotal = p.value(QStringLiteral("include_total")) != u"false";
    // "parent=null" (top-level executions only) is understood by the store itself.
    const store::Page page = m_store->executions(q);
    ListResult r;
    r.total = page.total;
    r.limit = q.limit;
    r.offset = q.offset;
    for (const Value &doc : page.items)
        r.items.append(apiquery::project(ExecutionService::toApi(doc), p));
    return r;
}

Value Engine::getExecution(const QString &id, const Params &p)
{
    const auto doc = m_store->execution(id);
    if (!doc)
        notFound(id);
    return apiquery::project(ExecutionService::toApi(*doc), p);
}

Value Engine::createExecution(const Value &body, const Principal &by)
{
    if (!body.isDict())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("the request body must be a JSON object"));
    const QString actionRef = body[u"action"].toString();
    if (actionRef.isEmpty())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("\"action\" is required"));
    if (!body[u"parameters"].isNull() && !body[u"parameters"].isDict())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("\"parameters\" must be an object"));
    QString user = by.user;
    if (!body[u"user"].toString().isEmpty() && body[u"user"].toString() != by.user) {
        if (!by.isAdmin)
            throw SquallException(QStringLiteral("Forbidden"),
                                  QStringLiteral("only an administrator can run an action as another user"));
        user = body[u"user"].toString();
    }
    const model::ActionDef *action = m_content->action(actionRef);
    if (!action)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("action \"%1\" not found").arg(actionRef));
    ValueDict ctx = body[u"context"].toDict();
    ctx.insert(QStringLiteral("user"), user);
    ctx.insert(QStringLiteral("pack"), action->pack);
    const QString tag = body[u"trace_tag"].toString();
    const QString traceId = body[u"trace_id"].toString();
    if (!tag.isEmpty() || !traceId.isEmpty())
        ctx.insert(QStringLiteral("trace_context"), traceContext(tag, traceId));
    ExecutionRequest req;
    req.actionRef = action->ref();
    req.parameters = body[u"parameters"].isDict() ? body[u"parameters"] : Value(ValueDict());
    req.context = Value(std::move(ctx));
    req.delayMs = int(body[u"delay"].toInt());
    return ExecutionService::toApi(m_executions->request(req));
}

Value Engine::reRunExecution(const QString &id, const Value &body, const Params &p, const Principal &by)
{
    const auto original = m_store->execution(id);
    if (!original)
        notFound(id);
    const ValueList tasks = body[u"tasks"].toList();
    const ValueList reset = body[u"reset"].toList();
    const bool fromTasks = !tasks.isEmpty() || !reset.isEmpty();
    if (fromTasks) {
        if ((*original)[u"runner"][u"name"].toString() != u"orquesta")
            throw SquallException(QStringLiteral("BadRequest"),
                                  QStringLiteral("re-running from tasks applies to Orquesta workflow executions only"));
        if (!status::isCompleted((*original)[u"status"].toString()))
            throw SquallException(QStringLiteral("BadRequest"),
                                  QStringLiteral("execution %1 is still %2: only a completed workflow can be re-run "
                                                 "from tasks").arg(id, (*original)[u"status"].toString()));
        if (!body[u"parameters"].toDict().isEmpty())
            throw SquallException(QStringLiteral("BadRequest"),
                                  QStringLiteral("parameters cannot be overridden when re-running from tasks"));
        if (!m_store->workflowState(id))
            throw SquallException(QStringLiteral("BadRequest"),
                                  QStringLiteral("execution %1 has no workflow state to re-run from").arg(id));
        for (const Value &r : reset)
            if (!tasks.contains(r))
                throw SquallException(QStringLiteral("BadRequest"),
                                      QStringLiteral("task \"%1\" is reset but not re-run").arg(r.toString()));
        QStringList names;
        for (const Value &t : tasks)
            names << t.toString();
        m_workflows->checkRerun(*original, names);
    }
    Value params = m_executions->givenParameters(*original);
    const bool noMerge = apiquery::isTrue(p.value(QStringLiteral("no_merge")));
    if (noMerge)
        params = Value(ValueDict());
    for (const auto &[k, v] : body[u"parameters"].toDict())
        params.dictRef().insert(k, v);
    ValueDict ctx;
    ctx.insert(QStringLiteral("user"), by.user);
    ctx.insert(QStringLiteral("pack"), (*original)[u"action"][u"pack"]);
    ValueDict rerun{{QStringLiteral("ref"), id}};
    if (fromTasks) {
        rerun.insert(QStringLiteral("tasks"), Value(tasks));
        rerun.insert(QStringLiteral("reset"), Value(reset));
    }
    ctx.insert(QStringLiteral("re-run"), Value(std::move(rerun)));
    if (const Value tc = (*original)[u"context"][u"trace_context"]; !tc.isNull())
        ctx.insert(QStringLiteral("trace_context"), tc);
    ExecutionRequest req;
    req.actionRef = (*original)[u"action"][u"ref"].toString();
    req.parameters = params;
    req.context = Value(std::move(ctx));
    req.delayMs = int(body[u"delay"].toInt());
    return ExecutionService::toApi(m_executions->request(req));
}

Value Engine::cancelExecution(const QString &id, const Principal &by)
{
    Q_UNUSED(by);
    return m_executions->cancel(id);
}

Value Engine::updateExecution(const QString &id, const Value &body, const Principal &by)
{
    const auto doc = m_store->execution(id);
    if (!doc)
        notFound(id);
    const QString wanted = body[u"status"].toString();
    if (wanted == QLatin1StringView(status::Canceling) || wanted == QLatin1StringView(status::Canceled))
        return cancelExecution(id, by);
    if (wanted == QLatin1StringView(status::Pausing) || wanted == QLatin1StringView(status::Resuming)
        || wanted == QLatin1StringView(status::Paused) || wanted == QLatin1StringView(status::Running)) {
        if (!WorkflowService::isWorkflowRunner((*doc)[u"runner"][u"name"].toString()))
            throw SquallException(QStringLiteral("BadRequest"),
                                  QStringLiteral("only workflow executions can be paused or resumed; %1 runs with %2")
                                      .arg((*doc)[u"action"][u"ref"].toString(), (*doc)[u"runner"][u"name"].toString()));
        const bool pausing = wanted == QLatin1StringView(status::Pausing) || wanted == QLatin1StringView(status::Paused);
        return pausing ? m_executions->pause(id) : m_executions->resume(id);
    }
    throw SquallException(QStringLiteral("BadRequest"),
                          QStringLiteral("unsupported status change to \"%1\"").arg(wanted));
}

QString Engine::executionOutput(const QString &id, const QString &outputType)
{
    if (!m_store->execution(id))
        notFound(id);
    const QString type = outputType.isEmpty() ? QStringLiteral("all") : outputType;
    return m_store->output(id, type);
}

Value Engine::executionWorkflow(const QString &id)
{
    const Value execution = m_workflows->executionRecord(id);
    if (execution.isNull())
        notFound(id);
    return m_workflows->workflowView(execution);
}

ValueList Engine::executionChildren(const QString &id, const Params &p)
{
    if (!m_store->execution(id))
        notFound(id);
    ValueList out;
    for (const Value &c : m_store->children(id))
        out.append(apiquery::project(ExecutionService::toApi(c), p));
    return out;
}

} // namespace squall::engine
