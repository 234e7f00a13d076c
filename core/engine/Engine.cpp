#include "engine/Engine.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "engine/ApiQuery.h"
#include "engine/AuthService.h"
#include "engine/ContentRegistry.h"
#include "engine/CrashGuard.h"
#include "engine/EngineFunctions.h"
#include "engine/ExecutionService.h"
#include "engine/InquiryService.h"
#include "engine/WorkflowService.h"
#include "engine/KeyValueService.h"
#include "engine/RuleService.h"
#include "engine/StoreEventLog.h"
#include "engine/Statuses.h"
#include "engine/TriggerRegistry.h"
#include "runners/RunnerRegistry.h"
#include "sensors/TimerService.h"
#include "store/SecretBox.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QDir>
#include <QTimer>

namespace squall::engine {

namespace {

[[noreturn]] void forbidden(const QString &what)
{
    throw SquallException(QStringLiteral("Forbidden"), what);
}
} // namespace

Engine::Engine(QObject *parent) : QObject(parent), m_bus(new EventBus(this)) { }

Engine::~Engine()
{
    // Children go in reverse order of creation: what was attached later (an API
    // server, its stream clients) may still talk to what came first (the event
    // bus, the services) while it goes away.
    const QObjectList kids = children();
    for (auto it = kids.crbegin(); it != kids.crend(); ++it)
        delete *it;
    if (m_store)
        m_store->flush();
}

QString Engine::adminKeyFile() const
{
    return QDir(m_options.dataDir).filePath(QStringLiteral("admin.key"));
}

bool Engine::start(const EngineOptions &options, QString *error)
{
    m_options = options;
    if (!QDir().mkpath(options.dataDir)) {
        *error = QStringLiteral("cannot create the data directory %1").arg(options.dataDir);
        return false;
    }
    QFile::setPermissions(options.dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    Error err;
    store::SqliteOptions so;
    // Commit on the next event-loop turn: everything written in one turn still
    // shares a transaction, and a lone event waits for no timer.
    so.commitDelayMs = 0;
    m_store = store::openSqliteStore(QDir(options.dataDir).filePath(QStringLiteral("squall.db")), so, &err);
    if (!m_store) {
        *error = err.toString();
        return false;
    }
    auto box = store::SecretBox::loadOrCreate(QDir(options.dataDir).filePath(QStringLiteral("datastore.key")), &err);
    if (!box) {
        *error = err.toString();
        return false;
    }
    m_box = std::make_unique<store::SecretBox>(std::move(*box));

    m_eventLog = std::make_unique<StoreEventLog>(m_store.get());
    m_bus->setLog(m_eventLog.get(), options.eventRetention);

    m_content = std::make_unique<ContentRegistry>(m_store.get());
    m_loadErrors = m_content->load(options.packRoots);
    m_kv = std::make_unique<KeyValueService>(m_store.get(), m_box.get());
    m_auth = std::make_unique<AuthService>(m_store.get());
    m_functions = std::make_unique<EngineFunctions>(m_store.get(), m_kv.get(), options.systemUser);
    m_runners = std::make_unique<runners::RunnerRegistry>(
        [this](const QString &trigger, const Value &payload, const QString &traceTag) {
            dispatch(trigger, payload, traceTag);
        });
    m_timers = new sensors::TimerService(options.timerZone, this);
    m_triggers = new TriggerRegistry(m_store.get(), m_content.get(), m_timers, this);
    m_triggers->load();
    m_executions = new ExecutionService(m_store.get(), m_box.get(), m_content.get(), m_kv.get(), m_runners.get(),
                                        this);
    m_executions->setApiUrl(options.apiUrl);
    m_executions->setMaxRunning(options.maxRunning);
    m_executions->setEventSink([this](EventKind kind, const Value &doc) { emitEvent(kind, doc); });
    m_executions->setTokenFactory([this](const QString &user) {
        return m_auth->createToken(user, 86400)[u"token"].toString();
    });
    m_workflows = new WorkflowService(m_store.get(), m_executions, m_content.get(), m_kv.get(), this);
    m_workflows->setApiUrl(options.apiUrl);
    m_workflows->setFunctionScope(m_functions->scope());
    m_crashGuard = std::make_unique<CrashGuard>(options.dataDir);
    // A named execution that already ended is nothing to quarantine.
    for (const QString &id : m_crashGuard->quarantined()) {
        const auto doc = m_store->execution(id);
        if (!doc || status::isCompleted((*doc)[u"status"].toString()))
            m_crashGuard->release(id);
    }
    m_workflows->setCrashGuard(m_crashGuard.get());
    m_executions->setFunctionScope(m_functions->scope());
    for (const QString &type : WorkflowService::runnerTypes()) {
        m_runners->addFactory(type, [this](const runners::RunRequest &r, QObject *parent) {
            return m_workflows->createRun(r, parent);
        });
    }
    m_executions->setResumableRunners(WorkflowService::runnerTypes());
    connect(m_executions, &ExecutionService::completed, this, &Engine::onExecutionCompleted);
    m_inquiries = new InquiryService(m_store.get(), m_executions, this);
    m_inquiries->setMinuteMs(options.inquiryMinuteMs);
    m_inquiries->setEventSink([this](EventKind kind, const Value &doc) { emitEvent(kind, doc); });
    m_rules = new RuleService(m_store.get(), m_content.get(), m_triggers, m_executions, m_kv.get(),
                              options.systemUser, this);
    m_rules->setFunctionScope(m_functions->scope());
    m_rules->setEventSink([this](EventKind kind, const Value &doc) { emitEvent(kind, doc); });
    m_loadErrors += m_rules->load(m_content->packRules());

    m_kv->setChangeHook([this](const QString &ref, const Value &payload) {
        // The datastore's changes are both triggers (for rules) and events (for views).
        if (ref.endsWith(u".create"))
            emitEvent(EventKind::KeyValueCreate, payload[u"object"]);
        else if (ref.endsWith(u".update"))
            emitEvent(EventKind::KeyValueUpdate, payload[u"object"]);
        else if (ref.endsWith(u".delete"))
            emitEvent(EventKind::KeyValueDelete, payload[u"object"]);
        dispatch(ref, payload, QString());
    });
    connect(m_timers, &sensors::TimerService::fired, this,
            [this](const QString &ref, const QString &type, const Value &payload) {
                const Value t = m_triggers->trigger(ref);
                const QString typeName = type.mid(type.lastIndexOf(u'.') + 1);
                dispatch(ref, payload, typeName + u'-' + t[u"name"].toString());
            });

    QString keyError;
    m_createdAdminKey = m_auth->ensureAdminKey(adminKeyFile(), &keyError);
    if (!keyError.isEmpty()) {
        *error = keyError;
        return false;
    }

    m_executions->recover();
    m_inquiries->start();
    m_rules->reprocessPending();

    auto *purge = new QTimer(this);
    purge->setInterval(30'000);
    connect(purge, &QTimer::timeout, this, [this] {
        m_kv->purgeExpired();
        m_bus->purge();
    });
    purge->start();
    m_store->flush();
    return true;
}

void Engine::setApiUrl(const QString &url)
{
    m_options.apiUrl = url;
    if (m_executions)
        m_executions->setApiUrl(url);
    if (m_workflows)
        m_workflows->setApiUrl(url);
}

void Engine::shutdown()
{
    if (m_executions)
        m_executions->abandonRunning(QStringLiteral("the daemon stopped while this execution was running"));
    if (m_store)
        m_store->flush();
}

void Engine::emitEvent(EventKind kind, const Value &doc)
{
    m_bus->publish(kind, doc);
}

qint64 Engine::subscribe(const EventFilter &filter, qint64 sinceId, EventSink sink)
{
    return m_bus->subscribe(filter, sinceId, std::move(sink));
}

void Engine::unsubscribe(qint64 handle)
{
    m_bus->unsubscribe(handle);
}

qint64 Engine::lastEventId()
{
    return m_bus->lastId();
}

Value Engine::fire(const QString &triggerRef, const Value &payload, const QString &traceTag)
{
    return m_rules->dispatch(triggerRef, payload, traceTag);
}

void Engine::dispatch(const QString &triggerRef, const Value &payload, const QString &traceTag,
                      std::function<void(const Value &)> done)
{
    Value instance;
    try {
        instance = fire(triggerRef, payload, traceTag);
    } catch (const SquallException &e) {
        qWarning("trigger %s dropped: %s", qPrintable(triggerRef), e.what());
        return;
    }
    if (done)
        m_store->whenDurable([done, instance] { done(instance); });
}

void Engine::onExecutionCompleted(const Value &execution)
{
    if (!m_options.actionTrigger)
        return;
    // core.st2.generic.actiontrigger: exactly the keys StackStorm sends (§1).
    const Value payload = makeDict({{QStringLiteral("execution_id"), execution[u"id"]},
                                    {QStringLiteral("status"), execution[u"status"]},
                                    {QStringLiteral("start_timestamp"), execution[u"start_timestamp"]},
                                    {QStringLiteral("action_name"), execution[u"action"][u"ref"]},
                                    {QStringLiteral("action_ref"), execution[u"action"][u"ref"]},
                                    {QStringLiteral("runner_ref"), execution[u"runner"][u"name"]},
                                    {QStringLiteral("parameters"), execution[u"parameters"]},
                                    {QStringLiteral("result"), execution[u"result"]}});
    // Skip the instance entirely when no rule listens: every execution would
    // otherwise write one more row.
    if (m_rules->hasRulesFor(QStringLiteral("core.st2.generic.actiontrigger")))
        dispatch(QStringLiteral("core.st2.generic.actiontrigger"), payload, QString());
}

Value Engine::apiInfo()
{
    // The API's version and changelog are the REST layer's (api/ApiVersion); the
    // engine reports only facts about itself.
    return makeDict({{QStringLiteral("version"), QCoreApplication::applicationVersion()},
                     {QStringLiteral("product"), QStringLiteral("squall")},
                     {QStringLiteral("docs_url"), QStringLiteral("docs/API.md")}});
}

// ---- auth ------------------------------------------------------------------

std::optional<Principal> Engine::authenticate(const QString &apiKey, const QString &token)
{
    return m_auth->authenticate(apiKey, token);
}

Value Engine::createToken(const Principal &by, const QString &user, int ttlSeconds)
{
    const QString who = user.isEmpty() ? by.user : user;
    if (who != by.user && !by.isAdmin)
        forbidden(QStringLiteral("only an administrator can issue tokens for another user"));
    return m_auth->createToken(who, ttlSeconds);
}

ListResult Engine::listApiKeys(const Params &p, const Principal &by)
{
    if (!by.isAdmin)
        forbidden(QStringLiteral("listing API keys needs an administrator"));
    ValueList keys;
    for (const Value &k : m_auth->apiKeys())
        if (!k[u"deleted"].toBool())
            keys.append(k);
    return apiquery::page(keys, p, {{QStringLiteral("user"), QStringLiteral("user")}});
}

Value Engine::createApiKey(const Value &body, const Principal &by)
{
    const QString user = body[u"user"].toString().isEmpty() ? by.user : body[u"user"].toString();
    if (user != by.user && !by.isAdmin)
        forbidden(QStringLiteral("only an administrator can create API keys for another user"));
    return m_auth->createApiKey(user, body[u"metadata"]);
}

void Engine::deleteApiKey(const QString &idOrKey, const Principal &by)
{
    if (!by.isAdmin)
        forbidden(QStringLiteral("deleting API keys needs an administrator"));
    if (!m_auth->deleteApiKey(idOrKey))
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("API key %1 not found").arg(idOrKey));
}

// ---- key-value ---------------------------------------------------------------

namespace {
QString keyUser(const Params &p, const Principal &by)
{
    const QString user = p.value(QStringLiteral("user"));
    if (!user.isEmpty() && user != by.user && !by.isAdmin)
        throw SquallException(QStringLiteral("Forbidden"),
                              QStringLiteral("only an administrator can read another user's keys"));
    return user.isEmpty() ? by.user : user;
}
} // namespace

ListResult Engine::listKeys(const Params &p, const Principal &by)
{
    const QString scope = KeyValueService::normalizeScope(p.value(QStringLiteral("scope"), QStringLiteral("system")));
    const QString user = keyUser(p, by);
    const bool decrypt = apiquery::isTrue(p.value(QStringLiteral("decrypt")));
    ValueList out;
    for (const Value &doc : m_kv->list(scope, user, p.value(QStringLiteral("prefix")))) {
        const bool mayDecrypt = decrypt && (by.isAdmin || doc[u"scope"].toString() == u"user");
        out.append(m_kv->toApi(doc, mayDecrypt));
    }
    Params pp = p;
    pp.remove(QStringLiteral("user"));
    pp.remove(QStringLiteral("scope"));
    return apiquery::page(out, pp, {});
}

Value Engine::getKey(const QString &name, const Params &p, const Principal &by)
{
    const QString scope = KeyValueService::normalizeScope(p.value(QStringLiteral("scope"), QStringLiteral("system")));
    const QString user = keyUser(p, by);
    std::optional<Value> doc;
    if (scope == u"all") {
        doc = m_kv->find(QStringLiteral("user"), user, name);
        if (!doc)
            doc = m_kv->find(QStringLiteral("system"), user, name);
    } else {
        doc = m_kv->find(scope, user, name);
    }
    if (!doc)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("key \"%1\" not found in scope %2").arg(name, scope));
    const bool decrypt = apiquery::isTrue(p.value(QStringLiteral("decrypt")));
    if (decrypt && (*doc)[u"secret"].toBool() && (*doc)[u"scope"].toString() == u"system" && !by.isAdmin)
        forbidden(QStringLiteral("decrypting system keys needs an administrator"));
    return m_kv->toApi(*doc, decrypt);
}

Value Engine::setKey(const QString &name, const Value &body, const Principal &by)
{
    const QString user = body[u"user"].toString();
    if (!user.isEmpty() && user != by.user && !by.isAdmin)
        forbidden(QStringLiteral("only an administrator can write another user's keys"));
    const Value stored = m_kv->set(name.isEmpty() ? body[u"name"].toString() : name, body, by.user);
    return m_kv->toApi(stored, false);
}

void Engine::deleteKey(const QString &name, const Params &p, const Principal &by)
{
    const QString scope = KeyValueService::normalizeScope(p.value(QStringLiteral("scope"), QStringLiteral("system")));
    if (!m_kv->remove(scope, keyUser(p, by), name))
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("key \"%1\" not found").arg(name));
}

} // namespace squall::engine
