#pragma once

#include "client/ClientResult.h"
#include "client/Operation.h"
#include "engine/EngineEvent.h"

#include <QObject>

#include <functional>

namespace squall::engine {
class EventFilter;
}

namespace squall::client {

// A live feed of engine events, owned by whoever subscribed (delete it to stop).
// Batches arrive on the thread that subscribed, in id order, each event once,
// including events missed across disconnects and restarts while the engine
// still keeps them; otherwise resyncRequired() says the views must reload.
class Subscription : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // The id of the last event received: what to pass as `sinceId` to resume.
    qint64 lastEventId() const { return m_lastId; }
    bool isConnected() const { return m_connected; }

Q_SIGNALS:
    void eventsReceived(const squall::engine::EventBatch &batch);
    void resyncRequired(qint64 lastEventId);
    void connectedChanged(bool connected);
    // A failure that retrying will not mend (refused credentials, bad filter).
    void failed(const QString &message);

protected:
    // Splits off Resync markers and keeps the cursor; backends call this.
    void deliver(const engine::EventBatch &batch);
    void setConnected(bool connected);

    qint64 m_lastId = -1;

private:
    bool m_connected = false;
};

using ResultCallback = std::function<void(const ClientResult &result)>;

// The one interface the CLI and the studio use to reach an engine, whether it
// runs in this process (on its own thread) or behind a `squall serve` URL.
// Every call returns at once; `callback` runs later on the caller's thread,
// unless `context` has been destroyed by then (then it never runs).
class Client : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void call(const Request &request, QObject *context, ResultCallback callback) = 0;
    // Events after `sinceId` (-1: from now on) that pass `filter`.
    virtual Subscription *subscribe(const engine::EventFilter &filter, qint64 sinceId, QObject *parent) = 0;
    // Where the engine is, for status bars and logs.
    virtual QString endpoint() const = 0;

    void call(Op op, const QString &id, QObject *context, ResultCallback callback)
    {
        call(Request::of(op, id), context, std::move(callback));
    }
};

} // namespace squall::client
