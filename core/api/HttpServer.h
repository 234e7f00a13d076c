#pragma once

#include "api/ApiConfig.h"

#include <QAbstractHttpServer>

namespace squall::api {

class RequestHandler;

// The HTTP transport: turns QtHttpServer requests into HttpRequest values,
// hands them to a RequestHandler, keeps replies in order per connection, and
// passes upgraded WebSockets on.
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)
public:
    HttpServer(RequestHandler *handler, const ApiConfig &config, QObject *parent = nullptr);
    ~HttpServer() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error = nullptr);
    quint16 port() const { return m_port; }

Q_SIGNALS:
    // One per answered request, for the access log: method, path (never the query:
    // it may carry an API key), status, microseconds from arrival to answer.
    void requestFinished(const QString &method, const QString &path, int status, qint64 micros);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void attach(QTcpSocket *socket);
    void takeWebSockets();

    RequestHandler *m_handler;
    ApiConfig m_config;
    quint16 m_port = 0;
};

} // namespace squall::api
