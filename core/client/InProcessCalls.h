#pragma once

#include "client/ClientResult.h"
#include "client/Operation.h"

#include <functional>

namespace squall::engine {
class EngineApi;
struct Principal;
}

namespace squall::client {

// Runs one request against an engine, on the engine's thread. `done` gets the
// result (at once, or later for webhooks, which answer once durable); every
// exception the engine throws becomes the result's error.
void invokeOnEngine(engine::EngineApi &engine, const Request &request, const engine::Principal &by,
                    std::function<void(ClientResult)> done);

} // namespace squall::client
