#include "workflow/chain/ChainConductor.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "workflow/chain/ChainSpec.h"
#include "workflow/chain/RenderValues.h"

namespace squall::actionchain {

namespace {

const QString kRequested = QStringLiteral("requested");
const QString kRunning = QStringLiteral("running");
const QString kPausing = QStringLiteral("pausing");
const QString kPaused = QStringLiteral("paused");
const QString kPending = QStringLiteral("pending");
const QString kCanceling = QStringLiteral("canceling");
const QString kCanceled = QStringLiteral("canceled");
const QString kSucceeded = QStringLiteral("succeeded");
const QString kFailed = QStringLiteral("failed");
const QString kTimeout = QStringLiteral("timeout");
const QString kAbandoned = QStringLiteral("abandoned");

constexpr qint64 kStateVersion = 1;

[[noreturn]] void stateError(const QString &message)
{
    throw SquallException(QStringLiteral("ChainStateError"), message);
}

Value nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? Value() : Value(s);
}

bool isFinal(const QString &status)
{
    return status == kSucceeded || status == kFailed || status == kTimeout || status == kCanceled;
}

QString renderFailureText(const RenderFailure &f)
{
    return QStringLiteral("\"%1\" (template string=%2): %3").arg(f.key, f.templateText, f.message);
}

} // namespace

ChainConductor::ChainConductor(std::shared_ptr<const ChainSpec> spec, ChainInputs inputs, ChainEnvironment env)
    : m_spec(std::move(spec)), m_inputs(std::move(inputs)), m_env(std::move(env)), m_status(kRequested)
{
    if (!m_spec)
        stateError(QStringLiteral("a chain conductor needs a loaded chain spec"));
    if (!m_inputs.parameters.isDict())
        m_inputs.parameters = Value(ValueDict());
    if (!m_inputs.context.isDict())
        m_inputs.context = Value(ValueDict());
}

bool ChainConductor::isFinished() const
{
    return isFinal(m_status);
}

QString ChainConductor::currentNode() const
{
    return m_current.active ? m_current.node : QString();
}

QString ChainConductor::currentExecutionId() const
{
    return m_current.active ? m_current.executionId : QString();
}

Value ChainConductor::result() const
{
    ValueDict r;
    r.insert(QStringLiteral("tasks"), Value(m_tasks));
    if (m_inputs.displayPublished)
        r.insert(QStringLiteral("published"), Value(m_published));
    if (!m_error.isEmpty())
        r.insert(QStringLiteral("error"), m_error);
    return Value(std::move(r));
}

Value ChainConductor::datastoreScope(const QString &scope) const
{
    const Value &root = m_env.datastore;
    if (root.isObject())
        return root.toObject()->attribute(scope);
    return root[scope];
}

Value ChainConductor::parentContext() const
{
    ValueDict parent;
    parent.insert(QStringLiteral("execution_id"), nullIfEmpty(m_inputs.executionId));
    for (const auto &[key, v] : m_inputs.context.toDict())
        parent.insert(key, v);
    return Value(std::move(parent));
}

// Node parameters and publish templates see, later entries winning: the chain
// parameters, node results by node name, chain vars (published ones too),
// `__results`, and the system datastore scope as `system` and `st2kv.system`.
ValueDict ChainConductor::baseContext() const
{
    ValueDict ctx;
    for (const auto &[key, v] : m_inputs.parameters.toDict())
        ctx.insert(key, v);
    for (const auto &[key, v] : m_results)
        ctx.insert(key, v);
    for (const auto &[key, v] : m_vars)
        ctx.insert(key, v);
    ctx.insert(QStringLiteral("__results"), Value(m_results));
    const Value system = datastoreScope(QStringLiteral("system"));
    ctx.insert(QStringLiteral("system"), system);
    ctx.insert(QStringLiteral("st2kv"), makeDict({{QStringLiteral("system"), system}}));
    return ctx;
}

Value ChainConductor::notifyFor(const ChainNode &node) const
{
    if (m_inputs.skipNotify.contains(node.name))
        return {};
    if (node.notify.isDict() && !node.notify.toDict().isEmpty())
        return node.notify;
    if (m_inputs.notify.isDict() && !m_inputs.notify.toDict().isEmpty())
        return m_inputs.notify;
    return {};
}

ChainStep ChainConductor::start()
{
    if (m_status != kRequested)
        stateError(QStringLiteral("the chain was already started (status %1)").arg(m_status));
    m_status = kRunning;

    // Vars see the chain parameters and both datastore scopes, nothing else.
    ValueDict ctx;
    ctx.insert(QStringLiteral("st2kv"), makeDict({{QStringLiteral("system"), datastoreScope(QStringLiteral("system"))},
                                                  {QStringLiteral("user"), datastoreScope(QStringLiteral("user"))}}));
    for (const auto &[key, v] : m_inputs.parameters.toDict())
        ctx.insert(key, v);
    RenderFailure failure;
    const Value rendered = renderValues(m_spec->vars(), ctx, &failure, m_env.functions);
    if (rendered.isNull())
        return failChain(QStringLiteral("Failed initializing vars in chain: could not render var ")
                         + renderFailureText(failure));
    m_vars = rendered.toDict();

    // A `default` holding Jinja names no node; StackStorm then runs nothing.
    if (!m_spec->node(m_spec->defaultNode()))
        return finish(kSucceeded);
    return advance(m_spec->defaultNode());
}

ChainStep ChainConductor::advance(const QString &nodeName)
{
    const ChainNode *node = m_spec->node(nodeName);
    if (!node)
        return failChain(QStringLiteral("Unable to find node with name \"%1\".").arg(nodeName));
    if (m_env.actionExists && !m_env.actionExists(node->ref))
        return failChain(QStringLiteral("Failed to run task \"%1\". Action with reference \"%2\" doesn't exist.")
                             .arg(node->name, node->ref));

    ValueDict ctx = baseContext();
    ctx.insert(QStringLiteral("action_context"), makeDict({{QStringLiteral("parent"), parentContext()}}));
    ctx.insert(QStringLiteral("config_context"), m_env.configContext);
    RenderFailure failure;
    Value params = renderValues(node->parameters, ctx, &failure, m_env.functions);
    if (params.isNull())
        return failChain(QStringLiteral("Failed to run task \"%1\". Parameter rendering failed: could not render "
                                        "action parameter %2")
                             .arg(node->name, renderFailureText(failure)));

    m_current = Current{true, node->name, QString(), QString(), nowTimestamp(), kRunning};
    m_decided = false;
    m_next.clear();

    ChainStep step;
    step.action = ChainStep::Action::RunNode;
    step.request.node = node->name;
    step.request.ref = node->ref;
    step.request.parameters = std::move(params);
    step.request.context = makeDict({{QStringLiteral("parent"), parentContext()},
                                     {QStringLiteral("chain"), node->attributes}});
    step.request.notify = notifyFor(*node);
    return step;
}

void ChainConductor::nodeScheduled(const QString &executionId, const QString &liveactionId, const QString &createdAt)
{
    if (!m_current.active)
        stateError(QStringLiteral("no chain node is waiting for its execution"));
    m_current.executionId = executionId;
    m_current.liveactionId = liveactionId.isEmpty() ? executionId : liveactionId;
    if (!createdAt.isEmpty())
        m_current.createdAt = createdAt;
}

ChainStep ChainConductor::nodeCompleted(const QString &status, const Value &result, const QString &updatedAt)
{
    if (!m_current.active)
        stateError(QStringLiteral("no chain node is running (chain status %1)").arg(m_status));
    static const QStringList accepted = {kSucceeded, kFailed, kTimeout, kAbandoned, kCanceled, kPaused, kPending};
    if (!accepted.contains(status))
        stateError(QStringLiteral("\"%1\" is not a completion status of a chain node (expected one of %2)")
                       .arg(status, accepted.join(QStringLiteral(", "))));
    return processCompletion(status, result, updatedAt, QString());
}

ChainStep ChainConductor::nodeRequestFailed(const QString &message, const QString &updatedAt)
{
    if (!m_current.active || m_current.state != kRunning)
        stateError(QStringLiteral("no chain node is being started (chain status %1)").arg(m_status));
    return processCompletion(kFailed, Value(), updatedAt,
                             QStringLiteral("Failed running task \"%1\". %2").arg(m_current.node, message));
}

void ChainConductor::dropOutstandingTaskEntry()
{
    if (m_tasks.isEmpty())
        return;
    const Value &last = m_tasks.constLast();
    const QString state = last[u"state"].toString();
    if (last[u"name"].toString() == m_current.node && (state == kPaused || state == kPending)
        && last[u"execution_id"].toString() == m_current.executionId)
        m_tasks.removeLast();
}

void ChainConductor::appendTask(const QString &state, const Value &result, const QString &updatedAt)
{
    ValueDict t;
    t.insert(QStringLiteral("id"), m_current.node);
    t.insert(QStringLiteral("name"), m_current.node);
    t.insert(QStringLiteral("execution_id"), nullIfEmpty(m_current.executionId));
    t.insert(QStringLiteral("liveaction_id"), nullIfEmpty(m_current.liveactionId));
    t.insert(QStringLiteral("workflow"), Value());
    t.insert(QStringLiteral("created_at"), m_current.createdAt);
    t.insert(QStringLiteral("updated_at"), updatedAt.isEmpty() ? nowTimestamp() : updatedAt);
    t.insert(QStringLiteral("state"), state);
    t.insert(QStringLiteral("result"), result);
    m_tasks.append(Value(std::move(t)));
}

ChainStep ChainConductor::processCompletion(const QString &status, const Value &result, const QString &updatedAt,
                                            const QString &requestError)
{
    const ChainNode *node = m_spec->node(m_current.node);
    if (!node)
        stateError(QStringLiteral("node \"%1\" is not in the chain").arg(m_current.node));

    dropOutstandingTaskEntry();
    const Value taskResult = requestError.isEmpty() ? result : makeDict({{QStringLiteral("error"), requestError}});
    m_results.insert(node->name, taskResult);
    appendTask(requestError.isEmpty() ? status : kFailed, taskResult, updatedAt);

    // As in StackStorm, publish runs for every child that ran, whatever its status.
    QString publishError;
    if (requestError.isEmpty() && node->publish.isDict() && !node->publish.toDict().isEmpty()) {
        RenderFailure failure;
        const Value published = renderValues(node->publish, baseContext(), &failure, m_env.functions);
        if (published.isNull()) {
            publishError = QStringLiteral("Failed rendering value for publish parameter \"%1\" in task \"%2\" "
                                          "(template string=%3): %4")
                               .arg(failure.key, node->name, failure.templateText, failure.message);
        } else {
            for (const auto &[key, v] : published.toDict()) {
                m_vars.insert(key, v);
                if (m_inputs.displayPublished)
                    m_published.insert(key, v);
            }
        }
    }
    if (!publishError.isEmpty())
        return failChain(publishError);

    if (status == kPaused || status == kPending) {
        // The child stays outstanding; resume() picks it up again.
        m_current.state = status;
        if (m_status == kCanceling)
            return finish(kCanceled);
        m_status = kPaused;
        return {};
    }

    m_current.active = false;
    QString next;
    if (!requestError.isEmpty() || status == kFailed || status == kAbandoned) {
        m_outcome = kFailed;
        next = node->onFailure;
    } else if (status == kTimeout) {
        m_outcome = kTimeout;
        next = node->onFailure;
    } else if (status == kSucceeded) {
        m_outcome = kSucceeded;
        next = node->onSuccess;
    } else {
        m_outcome = kCanceled;
        return finish(kCanceled);
    }
    // Names holding Jinja are never rendered (StackStorm does not either), so
    // they fail here like any unknown name.
    if (!next.isEmpty() && !m_spec->node(next))
        return failChain(QStringLiteral("Failed to get next node \"%1\". Unable to find node with name \"%2\".")
                             .arg(node->name, next));
    if (m_status == kCanceling)
        return finish(kCanceled);
    m_decided = true;
    m_next = next;
    if (m_status == kPausing || m_status == kPaused) {
        m_status = kPaused;
        return {};
    }
    return proceed();
}

ChainStep ChainConductor::proceed()
{
    m_decided = false;
    const QString next = std::exchange(m_next, QString());
    if (next.isEmpty())
        return finish(m_outcome.isEmpty() ? kSucceeded : m_outcome);
    return advance(next);
}

ChainStep ChainConductor::finish(const QString &status)
{
    m_status = status;
    m_current.active = false;
    m_decided = false;
    m_next.clear();
    return {};
}

ChainStep ChainConductor::failChain(const QString &error)
{
    m_error = error;
    m_outcome = kFailed;
    return finish(kFailed);
}

bool ChainConductor::requestPause()
{
    if (m_status != kRunning || !m_current.active)
        return false;
    m_status = kPausing;
    return true;
}

bool ChainConductor::requestCancel()
{
    if (isFinished() || m_status == kCanceling)
        return false;
    if (m_status == kRequested || m_status == kPaused) {
        finish(kCanceled);
        return true;
    }
    m_status = kCanceling;
    return true;
}

ChainStep ChainConductor::resume()
{
    if (m_status != kPaused)
        return {};
    m_status = kRunning;
    if (m_current.active) {
        if (m_current.state != kPaused)
            return {};  // a pending child (an inquiry): wait for its completion
        dropOutstandingTaskEntry();
        m_current.state = kRunning;
        ChainStep step;
        step.action = ChainStep::Action::ResumeNode;
        step.request.node = m_current.node;
        if (const ChainNode *node = m_spec->node(m_current.node))
            step.request.ref = node->ref;
        step.request.executionId = m_current.executionId;
        return step;
    }
    if (m_decided)
        return proceed();
    return finish(m_outcome.isEmpty() ? kSucceeded : m_outcome);
}

Value ChainConductor::toValue() const
{
    ValueDict inputs;
    inputs.insert(QStringLiteral("parameters"), m_inputs.parameters);
    inputs.insert(QStringLiteral("context"), m_inputs.context);
    inputs.insert(QStringLiteral("execution_id"), m_inputs.executionId);
    inputs.insert(QStringLiteral("notify"), m_inputs.notify);
    inputs.insert(QStringLiteral("display_published"), m_inputs.displayPublished);
    ValueList skip;
    for (const QString &name : m_inputs.skipNotify)
        skip.append(name);
    inputs.insert(QStringLiteral("skip_notify"), Value(std::move(skip)));

    Value current;
    if (m_current.active)
        current = makeDict({{QStringLiteral("node"), m_current.node},
                            {QStringLiteral("execution_id"), m_current.executionId},
                            {QStringLiteral("liveaction_id"), m_current.liveactionId},
                            {QStringLiteral("created_at"), m_current.createdAt},
                            {QStringLiteral("state"), m_current.state}});

    ValueDict state;
    state.insert(QStringLiteral("version"), kStateVersion);
    state.insert(QStringLiteral("status"), m_status);
    state.insert(QStringLiteral("outcome"), m_outcome);
    state.insert(QStringLiteral("inputs"), Value(std::move(inputs)));
    state.insert(QStringLiteral("vars"), Value(m_vars));
    state.insert(QStringLiteral("tasks"), Value(m_tasks));
    state.insert(QStringLiteral("published"), Value(m_published));
    state.insert(QStringLiteral("error"), m_error);
    state.insert(QStringLiteral("current"), current);
    state.insert(QStringLiteral("next"), m_decided ? Value(m_next) : Value());
    return Value(std::move(state));
}

ChainConductor ChainConductor::restore(std::shared_ptr<const ChainSpec> spec, const Value &state, ChainEnvironment env)
{
    if (!state.isDict())
        stateError(QStringLiteral("a saved chain state must be a mapping, not %1")
                       .arg(QString::fromLatin1(state.typeName())));
    if (!state[u"version"].isInt() || state[u"version"].toInt() != kStateVersion)
        stateError(QStringLiteral("unsupported chain state version %1 (expected %2)")
                       .arg(state[u"version"].isInt() ? QString::number(state[u"version"].toInt())
                                                      : QStringLiteral("(missing)"))
                       .arg(kStateVersion));
    const Value inputsValue = state[u"inputs"];
    if (!inputsValue.isDict() || !state[u"tasks"].isList() || !state[u"vars"].isDict()
        || !state[u"published"].isDict())
        stateError(QStringLiteral("a saved chain state needs inputs, vars, tasks and published"));
    static const QStringList statuses = {kRequested, kRunning, kPausing, kPaused, kCanceling,
                                         kCanceled,  kSucceeded, kFailed, kTimeout};
    const QString status = state[u"status"].toString();
    if (!statuses.contains(status))
        stateError(QStringLiteral("unknown chain status \"%1\" in a saved chain state").arg(status));

    ChainInputs inputs;
    inputs.parameters = inputsValue[u"parameters"];
    inputs.context = inputsValue[u"context"];
    inputs.executionId = inputsValue[u"execution_id"].toString();
    inputs.notify = inputsValue[u"notify"];
    inputs.displayPublished = !inputsValue[u"display_published"].isBool() || inputsValue[u"display_published"].toBool();
    for (const Value &name : inputsValue[u"skip_notify"].toList())
        inputs.skipNotify.append(name.toString());

    ChainConductor c(std::move(spec), std::move(inputs), std::move(env));
    c.m_status = status;
    c.m_outcome = state[u"outcome"].toString();
    c.m_vars = state[u"vars"].toDict();
    c.m_tasks = state[u"tasks"].toList();
    c.m_published = state[u"published"].toDict();
    c.m_error = state[u"error"].toString();
    // Results by node name come back from the task entries, as StackStorm
    // rebuilds them on resume.
    for (const Value &task : std::as_const(c.m_tasks)) {
        if (!task.isDict() || !task[u"name"].isString())
            stateError(QStringLiteral("a saved chain task entry has no name"));
        c.m_results.insert(task[u"name"].toString(), task[u"result"]);
    }
    const Value current = state[u"current"];
    if (current.isDict()) {
        c.m_current = Current{true,
                              current[u"node"].toString(),
                              current[u"execution_id"].toString(),
                              current[u"liveaction_id"].toString(),
                              current[u"created_at"].toString(),
                              current[u"state"].toString()};
        if (!c.m_spec->node(c.m_current.node))
            stateError(QStringLiteral("the saved chain state runs node \"%1\", which the chain no longer defines")
                           .arg(c.m_current.node));
    }
    const Value next = state[u"next"];
    if (next.isString()) {
        c.m_decided = true;
        c.m_next = next.toString();
    }
    return c;
}

} // namespace squall::actionchain
