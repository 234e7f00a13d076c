#pragma once

#include "client/Client.h"
#include "engine/EngineApi.h"

#include <memory>

namespace squall::client {

class EngineThread;
struct CallerGuard;

// The engine in this process, on its EngineThread. Calls are queued to the
// engine's thread and their results come back queued to this object's thread:
// the caller never blocks and never touches an engine object. Everything is
// done as `principal` (the studio's local user is the data dir's admin).
class InProcessClient final : public Client
{
    Q_OBJECT
public:
    InProcessClient(EngineThread *engine, engine::Principal principal, QObject *parent = nullptr);
    ~InProcessClient() override;

    void call(const Request &request, QObject *context, ResultCallback callback) override;
    Subscription *subscribe(const engine::EventFilter &filter, qint64 sinceId, QObject *parent) override;
    QString endpoint() const override;

    static engine::Principal localAdmin();

private:
    EngineThread *m_engine;
    engine::Principal m_principal;
    std::shared_ptr<CallerGuard> m_guard;
};

} // namespace squall::client
