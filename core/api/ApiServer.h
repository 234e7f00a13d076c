#pragma once

#include "api/ApiConfig.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

namespace squall::engine {
class EngineApi;
}

namespace squall::api {

class ApiService;
class HttpServer;
class StreamHub;

// The REST API as the daemon uses it: construct with the engine, listen on the
// address the daemon chose (loopback by default), log requestFinished.
class ApiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)
public:
    explicit ApiServer(engine::EngineApi *engine, const ApiConfig &config = {}, QObject *parent = nullptr);
    ~ApiServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error = nullptr);
    quint16 port() const;
    const ApiService &service() const { return *m_service; }
    const StreamHub &streams() const { return *m_hub; }

Q_SIGNALS:
    // One per request: method, path without the query, status, microseconds to answer.
    void requestFinished(const QString &method, const QString &path, int status, qint64 micros);

private:
    StreamHub *m_hub;
    std::unique_ptr<ApiService> m_service;
    HttpServer *m_http;
};

} // namespace squall::api
