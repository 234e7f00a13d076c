#include "api/ApiServer.h"

#include "api/ApiService.h"
#include "api/HttpServer.h"
#include "api/StreamHub.h"
#include "engine/EngineApi.h"

namespace squall::api {

ApiServer::ApiServer(engine::EngineApi *engine, const ApiConfig &config, QObject *parent)
    : QObject(parent)
    , m_hub(new StreamHub(engine, config.sseHeartbeatMs, this))
    , m_service(std::make_unique<ApiService>(engine, config, m_hub))
    , m_http(new HttpServer(m_service.get(), config, this))
{
    connect(m_http, &HttpServer::requestFinished, this, &ApiServer::requestFinished);
}

ApiServer::~ApiServer()
{
    // Connections (and their deferred replies) go before the service they call.
    delete m_http;
    m_http = nullptr;
}

bool ApiServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    return m_http->listen(address, port, error);
}

quint16 ApiServer::port() const
{
    return m_http->port();
}

} // namespace squall::api
