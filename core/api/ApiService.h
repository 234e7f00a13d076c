#pragma once

#include "api/ApiConfig.h"
#include "api/RequestHandler.h"
#include "api/Router.h"

#include <memory>
#include <vector>

namespace squall::engine {
class EngineApi;
struct Principal;
}

namespace squall::api {

class Controller;
class StreamHub;
struct HttpResponse;

// The application behind the transport: CORS, routing (404/405),
// authentication on every route (401), the controllers, and the single
// exception-to-status mapping (through ApiErrors).
class ApiService final : public RequestHandler
{
public:
    ApiService(engine::EngineApi *engine, const ApiConfig &config, StreamHub *hub);
    ~ApiService() override;
    Q_DISABLE_COPY_MOVE(ApiService)

    void handleRequest(const HttpRequest &request, const HttpReply &reply) override;
    bool acceptWebSocket(const HttpRequest &request, HttpResponse *refusal) override;
    void handleWebSocket(std::unique_ptr<QWebSocket> socket) override;

    const Router &router() const { return m_router; }

private:
    struct Credentials
    {
        QString apiKey;
        QString apiKeyLocation;  // "header" | "query"
        QString token;
        QString tokenLocation;   // "header" | "query" | "cookie"
    };
    static Credentials credentials(const HttpRequest &request);
    std::optional<engine::Principal> authenticate(const Credentials &c) const;
    HttpResponse dispatch(const HttpRequest &request, const HttpReply &reply);
    QList<QPair<QByteArray, QByteArray>> corsHeaders(const HttpRequest &request, bool preflight) const;

    engine::EngineApi *m_engine;
    ApiConfig m_config;
    StreamHub *m_hub;
    std::vector<std::unique_ptr<Controller>> m_controllers;
    Router m_router;
};

} // namespace squall::api
