#include "engine/ExecutionService.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "base/Json.h"
#include "engine/ContentRegistry.h"
#include "engine/KeyValueService.h"
#include "engine/Statuses.h"
#include "expr/Jinja.h"
#include "model/ParameterSchema.h"
#include "rules/ParameterRenderer.h"
#include "runners/ActionRun.h"
#include "runners/RunnerRegistry.h"
#include "schema/Secrets.h"
#include "store/SecretBox.h"
#include "store/Store.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>

namespace squall::engine {

namespace {

double elapsedSeconds(const QString &start, const QString &end)
{
    const QDateTime a = parseTimestamp(start);
    const QDateTime b = parseTimestamp(end);
    if (!a.isValid() || !b.isValid())
        return 0;
    return double(a.msecsTo(b)) / 1000.0;
}

// Secret values never reach the stored record in clear: they are kept apart,
// encrypted, so a re-run can still use them.
Value secretValues(const Value &params, const Value &schema)
{
    ValueDict out;
    for (const auto &[name, value] : params.toDict()) {
        if (schema[name][u"secret"].toBool())
            out.insert(name, value);
    }
    return Value(std::move(out));
}

// The execution record carries a summary of its action and runner, not their
// whole definitions: the record is rewritten at every status change, and the
// parameter schemas would multiply its size for nothing the history shows.
Value summary(const Value &doc, std::initializer_list<const char16_t *> keys)
{
    ValueDict out;
    for (const char16_t *k : keys) {
        const QString key = QString::fromUtf16(k);
        if (const Value *v = doc.toDict().find(key))
            out.insert(key, *v);
    }
    return Value(std::move(out));
}

} // namespace

ExecutionService::ExecutionService(store::Store *store, const store::SecretBox *box, ContentRegistry *content,
                                   KeyValueService *kv, runners::RunnerRegistry *runners,
                                   QObject *parent)
    : QObject(parent), m_store(store), m_box(box), m_content(content), m_kv(kv), m_runners(runners)
{
}

ExecutionService::~ExecutionService() = default;

Value ExecutionService::renderParameters(const ExecutionRequest &req, const Value &schema, const Value &actionDoc) const
{
    const QString user = req.context[u"user"].toString();
    ValueDict ctx;
    ctx.insert(QStringLiteral("action_context"), req.context);
    ctx.insert(QStringLiteral("config_context"), m_content->packConfig(actionDoc[u"pack"].toString()));
    if (!req.trigger.isNull())
        ctx.insert(QStringLiteral("trigger"), req.trigger);
    ValueDict extra;
    extra.insert(QStringLiteral("st2kv"), m_kv->templateVariable(user));
    const expr::DictScope extraScope{Value(std::move(extra)), m_functionScope};
    return rules::renderActionParameters(req.parameters.isDict() ? req.parameters : Value(ValueDict()), schema,
                                         Value(std::move(ctx)), &extraScope);
}

Value ExecutionService::request(const ExecutionRequest &req)
{
    const model::ActionDef *action = m_content->action(req.actionRef);
    if (!action)
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("action \"%1\" is not registered").arg(req.actionRef));
    const model::RunnerType *runner = m_content->runner(action->runnerType);
    if (!runner)
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("runner \"%1\" of action %2 is not available")
                                  .arg(action->runnerType, action->ref()));
    const Value schema = m_content->parameterSchema(*action);
    const Value actionDoc = action->toApi();

    const QString now = nowTimestamp();
    Value doc = makeDict({{QStringLiteral("id"), newId()},
                          {QStringLiteral("action"),
                           summary(actionDoc, {u"id", u"uid", u"ref", u"name", u"pack", u"description", u"enabled",
                                               u"runner_type", u"entry_point", u"metadata_file"})},
                          {QStringLiteral("runner"),
                           summary(runner->toApi(), {u"name", u"description", u"enabled", u"runner_module",
                                                     u"output_key"})},
                          {QStringLiteral("status"), QString::fromLatin1(status::Requested)},
                          {QStringLiteral("start_timestamp"), now},
                          {QStringLiteral("context"), req.context},
                          {QStringLiteral("result"), ValueDict()},
                          {QStringLiteral("log"), ValueList()},
                          {QStringLiteral("children"), ValueList()}});
    ValueDict &d = doc.dictRef();
    for (const auto &[k, v] : req.ruleInfo.toDict())
        d.insert(k, v);
    if (req.delayMs > 0)
        d.insert(QStringLiteral("delay"), req.delayMs);
    if (!req.context[u"parent"].isNull()) {
        const Value parentId = req.context[u"parent"][u"execution_id"];
        d.insert(QStringLiteral("parent"), parentId);
        // The parent lists its children; the list is stored with the parent's next write.
        if (auto p = m_live.find(parentId.toString()); p != m_live.end())
            (*p).dictRef()[QStringLiteral("children")].listRef().append(d.value(u"id"));
    }

    QString renderError;
    Value params;
    try {
        if (!action->enabled)
            throw SquallException(QStringLiteral("BadRequest"),
                                  QStringLiteral("action %1 is disabled and cannot be run").arg(action->ref()));
        params = renderParameters(req, schema, actionDoc);
    } catch (const SquallException &e) {
        if (!req.failOnRenderError)
            throw SquallException(Error{e.error().message, {}, e.error().field,
                                        e.error().kind == u"BadRequest" ? e.error().kind : QStringLiteral("ParameterError")});
        renderError = e.error().message;
        params = req.parameters;
    }
    d.insert(QStringLiteral("parameters"), schema::maskSecrets(params, schema));
    // The record shows the effective parameters (defaults included); a re-run
    // must start again from what the caller gave, not from the defaults.
    ValueList given;
    for (const auto &[name, value] : req.parameters.toDict())
        given.append(Value(name));
    d.insert(QStringLiteral("_given"), Value(std::move(given)));
    const Value secrets = secretValues(params, schema);
    if (!secrets.toDict().isEmpty() && m_box)
        d.insert(QStringLiteral("_secrets"), m_box->encrypt(json::toString(secrets)));
    d.insert(QStringLiteral("liveaction"),
             makeDict({{QStringLiteral("id"), d.value(u"id")},
                       {QStringLiteral("action"), action->ref()},
                       {QStringLiteral("parameters"), d.value(u"parameters")},
                       {QStringLiteral("runner_info"), ValueDict()}}));
    setStatus(doc, QString::fromLatin1(status::Requested));

    if (!renderError.isEmpty()) {
        // StackStorm records the enforcement's execution and fails it at once.
        doc.dictRef().insert(QStringLiteral("result"),
                             makeDict({{QStringLiteral("error"), renderError},
                                       {QStringLiteral("traceback"), renderError}}));
        setStatus(doc, QString::fromLatin1(status::Failed));
        doc.dictRef().insert(QStringLiteral("end_timestamp"), nowTimestamp());
        save(doc, true);
        Q_EMIT completed(doc);
        return doc;
    }

    const QString id = doc[u"id"].toString();
    m_live.insert(id, doc);
    save(doc, true);
    // Persist first, then act: nothing starts before the record is on disk.
    // The engine flushes its store after its services are gone (shutdown with
    // a run just requested): then there is nothing left to schedule it on, and
    // the next start recovers it from the store.
    m_store->whenDurable([self = QPointer<ExecutionService>(this), id, delay = req.delayMs] {
        if (!self)
            return;
        self->startWhenDurable(id, delay);
    });
    return doc;
}

void ExecutionService::startWhenDurable(const QString &id, int delay)
{
    if (delay <= 0) {
        schedule(id);
        return;
    }
    auto it = m_live.find(id);
    if (it == m_live.end())
        return;
    setStatus(*it, QString::fromLatin1(status::Delayed));
    save(*it);
    QTimer::singleShot(delay, this, [this, id] { schedule(id); });
}

void ExecutionService::schedule(const QString &id)
{
    auto it = m_live.find(id);
    if (it == m_live.end())
        return;
    const QString st = (*it)[u"status"].toString();
    if (st != QLatin1StringView(status::Requested) && st != QLatin1StringView(status::Delayed))
        return;
    setStatus(*it, QString::fromLatin1(status::Scheduled));
    if (m_queue.isEmpty() && m_runs.size() < m_maxRunning) {
        // A free slot: the record is written once more when the child runs, with
        // "scheduled" in its log; one whole-document write per execution saved.
        launch(*it);
        return;
    }
    save(*it);
    m_queue.enqueue(id);
    pump();
}

void ExecutionService::pump()
{
    while (!m_queue.isEmpty() && m_runs.size() < m_maxRunning) {
        const QString id = m_queue.dequeue();
        auto it = m_live.find(id);
        if (it == m_live.end() || (*it)[u"status"].toString() != QLatin1StringView(status::Scheduled))
            continue;
        launch(*it);
    }
}

Value ExecutionService::originalParameters(const Value &execution) const
{
    Value params = execution[u"parameters"];
    const QString cipher = execution[u"_secrets"].toString();
    if (!cipher.isEmpty() && m_box) {
        if (const auto plain = m_box->decrypt(cipher)) {
            for (const auto &[k, v] : json::parse(QStringView(*plain)).toDict())
                params.dictRef().insert(k, v);
        }
    }
    return params;
}

void ExecutionService::launch(Value doc)
{
    const QString id = doc[u"id"].toString();
    const model::ActionDef *action = m_content->action(doc[u"action"][u"ref"].toString());
    const model::RunnerType *runner = action ? m_content->runner(action->runnerType) : nullptr;
    if (!action || !runner) {
        onFinished(id, runners::RunResult{QString::fromLatin1(status::Failed),
                                          makeDict({{QStringLiteral("error"),
                                                     QStringLiteral("the action is no longer registered")}})});
        return;
    }
    const Value params = originalParameters(doc);
    const model::SplitParameters split = model::splitParameters(*runner, params);
    runners::RunRequest rr;
    rr.executionId = id;
    rr.actionRef = action->ref();
    rr.actionName = action->name;
    rr.packName = action->pack;
    rr.packPath = action->packPath;
    rr.entryPoint = action->entryPointPath;
    rr.runnerType = runner->name;
    rr.runnerParameters = split.runnerParameters;
    rr.actionParameters = split.actionParameters;
    rr.parameterSchema = m_content->parameterSchema(*action);
    rr.apiUrl = m_apiUrl;
    rr.user = doc[u"context"][u"user"].toString();
    // Only scripts get an API token: a row per execution is not worth it for
    // commands and HTTP calls, which rarely call back into the API.
    if (m_tokens && (runner->name == u"python-script" || runner->name == u"local-shell-script"))
        rr.authToken = m_tokens(rr.user);
    rr.packConfig = m_content->packConfig(action->pack);

    runners::ActionRun *run = m_runners->create(rr, this);
    if (!run) {
        onFinished(id, runners::RunResult{QString::fromLatin1(status::Failed),
                                          makeDict({{QStringLiteral("error"),
                                                     QStringLiteral("no runner can run \"%1\"").arg(runner->name)}})});
        return;
    }
    m_runs.insert(id, run);
    connect(run, &runners::ActionRun::started, this, [this, id, run] {
        auto it = m_live.find(id);
        if (it == m_live.end() || run->isFinished())
            return;
        if ((*it)[u"status"].toString() == QLatin1StringView(status::Scheduled)) {
            setStatus(*it, QString::fromLatin1(status::Running));
            (*it).dictRef()[QStringLiteral("liveaction")].dictRef().insert(QStringLiteral("runner_info"),
                                                           makeDict({{QStringLiteral("pid"), run->pid()}}));
            save(*it);
        }
    });
    // `offset`: how much output this execution had before the chunk (in UTF-16
    // units, as ExecutionOutput answers it), so a viewer that fetched the output
    // while chunks were on their way can tell what it already has.
    connect(run, &runners::ActionRun::output, this, [this, id, ref = action->ref(), rn = runner->name, written = qint64(0)](
                                                        const QString &stream, const QString &data) mutable {
        m_store->appendOutput(id, stream, data);
        const qint64 offset = std::exchange(written, written + data.size());
        if (m_emit) {
            m_emit(EventKind::ExecutionOutput,
                   makeDict({{QStringLiteral("execution_id"), id},
                             {QStringLiteral("action_ref"), ref},
                             {QStringLiteral("runner_ref"), rn},
                             {QStringLiteral("timestamp"), nowTimestamp()},
                             {QStringLiteral("output_type"), stream},
                             {QStringLiteral("data"), data},
                             {QStringLiteral("offset"), offset}}));
        }
    });
    connect(run, &runners::ActionRun::finished, this, [this, id](const runners::RunResult &result) {
        onFinished(id, result);
    });
    connect(run, &runners::ActionRun::statusChanged, this, [this, id](const QString &st) {
        auto it = m_live.find(id);
        if (it == m_live.end() || (*it)[u"status"].toString() == st)
            return;
        setStatus(*it, st);
        save(*it);
    });
    run->start();
}

void ExecutionService::onFinished(const QString &id, const runners::RunResult &result)
{
    if (runners::ActionRun *run = m_runs.take(id))
        run->deleteLater();
    auto it = m_live.find(id);
    if (it != m_live.end()) {
        Value doc = *it;
        m_live.erase(it);
        const model::ActionDef *action = m_content->action(doc[u"action"][u"ref"].toString());
        const model::RunnerType *runner = action ? m_content->runner(action->runnerType) : nullptr;
        Value res = result.result;
        if (action && !action->outputSchema.isNull())
            res = schema::maskSecretsInResult(res, action->outputSchema, runner ? runner->outputKey : QString());
        if (result.status == QLatin1StringView(status::Pending)) {
            // Not an end: the record stays live until completePending().
            doc.dictRef().insert(QStringLiteral("result"), res);
            setStatus(doc, result.status);
            m_live.insert(id, doc);
            save(doc);
            Q_EMIT waiting(doc);
            pump();
            return;
        }
        const QString end = nowTimestamp();
        ValueDict &d = doc.dictRef();
        d.insert(QStringLiteral("result"), res);
        d.insert(QStringLiteral("end_timestamp"), end);
        d.insert(QStringLiteral("elapsed_seconds"), elapsedSeconds(d.value(u"start_timestamp").toString(), end));
        setStatus(doc, result.status);
        save(doc);
        Q_EMIT completed(doc);
    }
    pump();
}

Value ExecutionService::cancel(const QString &id)
{
    auto it = m_live.find(id);
    if (it == m_live.end()) {
        const auto stored = m_store->execution(id);
        if (!stored)
            throw SquallException(QStringLiteral("NotFound"), QStringLiteral("execution %1 not found").arg(id));
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("execution %1 cannot be canceled: it is already %2")
                                  .arg(id, (*stored)[u"status"].toString()));
    }
    const QString st = (*it)[u"status"].toString();
    if (st == QLatin1StringView(status::Pending))
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("execution %1 is waiting for a response and cannot be canceled").arg(id));
    if (runners::ActionRun *run = m_runs.value(id)) {
        setStatus(*it, QString::fromLatin1(status::Canceling));
        save(*it);
        const Value doc = *it;
        run->cancel();
        return toApi(doc);
    }
    // Not started yet: it never ran, so it is canceled at once.
    Value doc = *it;
    m_live.erase(it);
    m_queue.removeAll(id);
    setStatus(doc, QString::fromLatin1(status::Canceled));
    doc.dictRef().insert(QStringLiteral("end_timestamp"), nowTimestamp());
    save(doc);
    Q_EMIT completed(doc);
    return toApi(doc);
}

Value ExecutionService::completePending(const QString &id, const QString &st, const Value &result)
{
    auto it = m_live.find(id);
    if (it == m_live.end() || (*it)[u"status"].toString() != QLatin1StringView(status::Pending)) {
        const auto stored = it == m_live.end() ? m_store->execution(id) : std::optional<Value>(*it);
        if (!stored)
            throw SquallException(QStringLiteral("NotFound"), QStringLiteral("execution %1 not found").arg(id));
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("execution %1 is not pending: it is %2")
                                  .arg(id, (*stored)[u"status"].toString()));
    }
    Value doc = *it;
    m_live.erase(it);
    const QString end = nowTimestamp();
    ValueDict &d = doc.dictRef();
    d.insert(QStringLiteral("result"), result);
    d.insert(QStringLiteral("end_timestamp"), end);
    d.insert(QStringLiteral("elapsed_seconds"), elapsedSeconds(d.value(u"start_timestamp").toString(), end));
    setStatus(doc, st);
    save(doc);
    Q_EMIT completed(doc);
    return doc;
}

void ExecutionService::recover()
{
    const QStringList interrupted = {QString::fromLatin1(status::Running), QString::fromLatin1(status::Canceling),
                                     QString::fromLatin1(status::Pausing), QString::fromLatin1(status::Resuming),
                                     QString::fromLatin1(status::Paused)};
    QList<Value> resumable;
    for (Value doc : m_store->executionsWithStatus(interrupted)) {
        // Workflows carry on from their journal: their conductor is rebuilt
        // once the children interrupted with them are recorded as abandoned.
        if (m_resumable.contains(doc[u"runner"][u"name"].toString())) {
            resumable.append(doc);
            continue;
        }
        if (doc[u"status"].toString() == QLatin1StringView(status::Paused))
            continue;
        setStatus(doc, QString::fromLatin1(status::Abandoned));
        doc.dictRef().insert(QStringLiteral("end_timestamp"), nowTimestamp());
        ValueDict res = doc[u"result"].toDict();
        res.insert(QStringLiteral("error"), QStringLiteral("the daemon stopped while this execution was running"));
        doc.dictRef().insert(QStringLiteral("result"), Value(std::move(res)));
        save(doc);
        Q_EMIT completed(doc);
    }
    const QStringList queued = {QString::fromLatin1(status::Requested), QString::fromLatin1(status::Scheduled),
                                QString::fromLatin1(status::Delayed)};
    for (Value doc : m_store->executionsWithStatus(queued)) {
        const QString id = doc[u"id"].toString();
        setStatus(doc, QString::fromLatin1(status::Requested));
        m_live.insert(id, doc);
        save(doc);
        QTimer::singleShot(0, this, [this, id] { schedule(id); });
    }
    // Waiting on a person is not interrupted by a restart.
    for (const Value &doc : m_store->executionsWithStatus({QString::fromLatin1(status::Pending)}))
        m_live.insert(doc[u"id"].toString(), doc);
    for (const Value &doc : std::as_const(resumable)) {
        const QString id = doc[u"id"].toString();
        m_live.insert(id, doc);
        QTimer::singleShot(0, this, [this, id] {
            if (m_live.contains(id) && !m_runs.contains(id))
                launch(m_live.value(id));
        });
    }
}

void ExecutionService::abandonRunning(const QString &reason)
{
    const QStringList ids = m_live.keys();
    for (const QString &id : ids) {
        Value doc = m_live.take(id);
        if (runners::ActionRun *run = m_runs.take(id)) {
            run->disconnect(this);
            run->cancel();
            run->deleteLater();
        }
        const QString st = doc[u"status"].toString();
        if (st == QLatin1StringView(status::Requested) || st == QLatin1StringView(status::Scheduled)
            || st == QLatin1StringView(status::Delayed))
            continue;  // never started: recover() schedules it again at the next start
        if (st == QLatin1StringView(status::Pending))
            continue;  // nothing runs; recover() keeps it waiting
        if (m_resumable.contains(doc[u"runner"][u"name"].toString()))
            continue;  // a workflow: its journal lets the next start carry on
        ValueDict res = doc[u"result"].toDict();
        res.insert(QStringLiteral("error"), reason);
        doc.dictRef().insert(QStringLiteral("result"), Value(std::move(res)));
        doc.dictRef().insert(QStringLiteral("end_timestamp"), nowTimestamp());
        setStatus(doc, QString::fromLatin1(status::Abandoned));
        save(doc);
    }
    m_queue.clear();
}

const Value *ExecutionService::live(const QString &id) const
{
    const auto it = m_live.constFind(id);
    return it == m_live.cend() ? nullptr : &*it;
}

Value ExecutionService::pause(const QString &id)
{
    return changeRun(id, true);
}

Value ExecutionService::resume(const QString &id)
{
    return changeRun(id, false);
}

Value ExecutionService::changeRun(const QString &id, bool pausing)
{
    auto it = m_live.find(id);
    if (it == m_live.end()) {
        if (!m_store->execution(id))
            throw SquallException(QStringLiteral("NotFound"), QStringLiteral("execution %1 not found").arg(id));
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("execution %1 has ended and cannot be %2")
                                                                .arg(id, pausing ? QStringLiteral("paused") : QStringLiteral("resumed")));
    }
    runners::ActionRun *run = m_runs.value(id);
    if (!run || !(pausing ? run->pause() : run->resume())) {
        const QString st = (*it)[u"status"].toString();
        throw SquallException(QStringLiteral("BadRequest"),
                              pausing ? QStringLiteral("execution %1 cannot be paused: only running workflows can (it is %2)").arg(id, st)
                                      : QStringLiteral("execution %1 cannot be resumed: it is %2, not paused").arg(id, st));
    }
    // The run may have finished (and left m_live) while changing state.
    it = m_live.find(id);
    return it == m_live.end() ? toApi(m_store->execution(id).value_or(Value())) : toApi(*it);
}

bool ExecutionService::pauseChild(const QString &id)
{
    runners::ActionRun *run = m_runs.value(id);
    return run && run->pause();
}

bool ExecutionService::resumeChild(const QString &id)
{
    runners::ActionRun *run = m_runs.value(id);
    return run && run->resume();
}

bool ExecutionService::cancelChild(const QString &id)
{
    try {
        cancel(id);
        return true;
    } catch (const SquallException &) {
        return false;  // ended already, or an inquiry (not cancelable, as in StackStorm)
    }
}

void ExecutionService::setStatus(Value &doc, const QString &st)
{
    ValueDict &d = doc.dictRef();
    d.insert(QStringLiteral("status"), st);
    d[QStringLiteral("log")].listRef().append(makeDict({{QStringLiteral("timestamp"), nowTimestamp()},
                                        {QStringLiteral("status"), st}}));
    d[QStringLiteral("liveaction")].dictRef().insert(QStringLiteral("status"), st);
}

void ExecutionService::save(const Value &doc, bool created)
{
    m_store->putExecution(doc);
    if (m_emit)
        m_emit(created ? EventKind::ExecutionCreate : EventKind::ExecutionUpdate, toApi(doc));
}

Value ExecutionService::givenParameters(const Value &execution) const
{
    const Value all = originalParameters(execution);
    if (!execution.contains(u"_given"))
        return all;
    ValueDict out;
    for (const Value &name : execution[u"_given"].toList()) {
        if (const Value *v = all.toDict().find(name.toString()))
            out.insert(name.toString(), *v);
    }
    return Value(std::move(out));
}

Value ExecutionService::toApi(const Value &stored)
{
    if (!stored.contains(u"_secrets") && !stored.contains(u"_given"))
        return stored;
    Value out = stored;
    out.dictRef().remove(u"_secrets");
    out.dictRef().remove(u"_given");
    return out;
}

} // namespace squall::engine
