#include "client/InProcessClient.h"

#include "client/EngineThread.h"
#include "client/InProcessCalls.h"
#include "engine/EventFilter.h"

#include <QMutex>
#include <QPointer>

namespace squall::client {

// Lets the engine's thread post to an object of the caller's thread without
// racing that object's destruction: the poster holds the mutex while posting,
// the owner clears `target` under the same mutex before going away.
struct CallerGuard
{
    QMutex mutex;
    QObject *target = nullptr;

    template<typename F>
    void post(F &&fn)
    {
        QMutexLocker lock(&mutex);
        if (target)
            QMetaObject::invokeMethod(target, std::forward<F>(fn), Qt::QueuedConnection);
    }
    void clear()
    {
        QMutexLocker lock(&mutex);
        target = nullptr;
    }
};

namespace {

// The caller-side end of one engine subscription. Batches the engine thread
// hands over pile up in `pending`; one queued drain per pile, so a GUI thread
// that was busy gets everything in one signal instead of a backlog of them.
class InProcessSubscription final : public Subscription
{
public:
    InProcessSubscription(EngineThread *engine, const engine::EventFilter &filter, qint64 sinceId, QObject *parent)
        : Subscription(parent)
        , m_engine(engine)
        , m_shared(std::make_shared<Shared>())
    {
        m_lastId = sinceId;
        m_shared->guard.target = this;
        std::shared_ptr<Shared> shared = m_shared;
        QMetaObject::invokeMethod(engine->context(), [engine, filter, sinceId, shared] {
            engine::Engine *e = engine->engine();
            if (!e)
                return;
            const qint64 handle = e->subscribe(filter, sinceId, [shared](const engine::EventBatch &batch) {
                bool first = false;
                {
                    QMutexLocker lock(&shared->queueMutex);
                    first = shared->pending.isEmpty();
                    shared->pending += batch;
                }
                if (first) {
                    shared->guard.post([shared] {
                        if (auto *self = static_cast<InProcessSubscription *>(shared->guard.target))
                            self->drain();
                    });
                }
            });
            QMutexLocker lock(&shared->queueMutex);
            shared->handle = handle;
            if (shared->closed)
                e->unsubscribe(handle);
        }, Qt::QueuedConnection);
        setConnected(true);
    }

    ~InProcessSubscription() override
    {
        m_shared->guard.clear();
        std::shared_ptr<Shared> shared = m_shared;
        QMutexLocker lock(&shared->queueMutex);
        shared->closed = true;
        if (shared->handle && m_engine->context()) {
            const qint64 handle = shared->handle;
            EngineThread *engine = m_engine;
            QMetaObject::invokeMethod(engine->context(), [engine, handle] {
                engine->engine()->unsubscribe(handle);
            }, Qt::QueuedConnection);
        }
    }

    void drain()
    {
        engine::EventBatch batch;
        {
            QMutexLocker lock(&m_shared->queueMutex);
            batch.swap(m_shared->pending);
        }
        if (!batch.isEmpty())
            deliver(batch);
    }

private:
    struct Shared
    {
        CallerGuard guard;
        QMutex queueMutex;
        engine::EventBatch pending;
        qint64 handle = 0;
        bool closed = false;
    };

    EngineThread *m_engine;
    std::shared_ptr<Shared> m_shared;
};

} // namespace

InProcessClient::InProcessClient(EngineThread *engine, engine::Principal principal, QObject *parent)
    : Client(parent)
    , m_engine(engine)
    , m_principal(std::move(principal))
    , m_guard(std::make_shared<CallerGuard>())
{
    m_guard->target = this;
}

InProcessClient::~InProcessClient()
{
    m_guard->clear();
}

engine::Principal InProcessClient::localAdmin()
{
    return engine::Principal{QStringLiteral("st2admin"), true, QStringLiteral("api_key")};
}

void InProcessClient::call(const Request &request, QObject *context, ResultCallback callback)
{
    QPointer<QObject> ctx = context;
    auto deliver = [guard = m_guard, ctx, callback = std::move(callback)](const ClientResult &result) {
        guard->post([ctx, callback, result] {
            if (ctx)
                callback(result);
        });
    };
    if (!m_engine->isRunning()) {
        ClientResult r;
        r.error = Error{QStringLiteral("the engine is not running"), {}, {}, QStringLiteral("Unavailable")};
        r.status = 503;
        deliver(r);
        return;
    }
    EngineThread *engine = m_engine;
    const engine::Principal by = m_principal;
    QMetaObject::invokeMethod(engine->context(), [engine, request, by, deliver] {
        invokeOnEngine(*engine->engine(), request, by, deliver);
    }, Qt::QueuedConnection);
}

Subscription *InProcessClient::subscribe(const engine::EventFilter &filter, qint64 sinceId, QObject *parent)
{
    return new InProcessSubscription(m_engine, filter, sinceId, parent);
}

QString InProcessClient::endpoint() const
{
    return QStringLiteral("in-process");
}

} // namespace squall::client
