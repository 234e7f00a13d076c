#pragma once

#include "api/controllers/Controller.h"

namespace squall::api {

class StreamHub;

// The Server-Sent Events stream StackStorm clients read (WebSocket upgrades of
// the same path are taken by the transport before routing).
class StreamController final : public Controller
{
public:
    StreamController(engine::EngineApi *engine, StreamHub *hub);
    void addRoutes(Router &router) override;

private:
    StreamHub *m_hub;
};

} // namespace squall::api
