#include "api/HttpServer.h"

#include "api/ApiErrors.h"
#include "api/HttpConnection.h"
#include "api/HttpListener.h"
#include "api/RequestHandler.h"
#include "base/Ids.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

namespace squall::api {

namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Connect: return "CONNECT";
    case QHttpServerRequest::Method::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

} // namespace

HttpServer::HttpServer(RequestHandler *handler, const ApiConfig &config, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(handler)
    , m_config(config)
{
    // QtHttpServer only accepts WebSocket upgrades when this signal is connected.
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &HttpServer::takeWebSockets);
}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    auto *listener = new HttpListener([this](QTcpSocket *socket) { attach(socket); }, this);
    if (!listener->listen(address, port)) {
        if (error)
            *error = listener->errorString();
        delete listener;
        return false;
    }
    m_port = listener->serverPort();
    bind(listener);
    return true;
}

void HttpServer::attach(QTcpSocket *socket)
{
    auto *connection = new HttpConnection(socket, m_config.maxBodyBytes, m_config.maxHeaderBytes);
    connect(connection, &HttpConnection::replied, this,
            [this](const QByteArray &method, const QString &path, int status, qint64 micros) {
                Q_EMIT requestFinished(QString::fromLatin1(method), path, status, micros);
            });
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpConnection *connection = HttpConnection::of(socket);
    if (!connection) {
        // A socket bound through another QTcpServer: give it the same state late.
        attach(socket);
        connection = HttpConnection::of(socket);
    }

    // Copy everything now: Qt reuses its request object for the next request.
    HttpRequest req;
    req.method = methodName(request.method());
    const QUrl url = request.url();
    req.path = url.path(QUrl::FullyEncoded);
    req.rawQuery = url.query(QUrl::FullyEncoded);
    req.headers = request.headers();
    req.body = request.body();
    req.remoteAddress = request.remoteAddress();
    req.receivedAtMicros = nowMicros();
    const bool closeAfter = req.header("Connection").toLower().contains("close");

    // QtHttpServer 6.4 asks handleRequest() before upgrading: returning true
    // without answering accepts the WebSocket; false makes Qt drop the socket.
    if (req.header("Connection").toLower().contains("upgrade")
        && req.header("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0) {
        HttpResponse refusal;
        if (m_handler->acceptWebSocket(req, &refusal))
            return true;
        const quint64 slot = connection->enqueue(makeResponder(request, socket), req.method, req.path,
                                                 req.receivedAtMicros, true);
        connection->complete(slot, std::move(refusal));
        return false;
    }

    const quint64 slot = connection->enqueue(makeResponder(request, socket), req.method, req.path,
                                             req.receivedAtMicros, closeAfter);
    const HttpReply reply(connection, slot);
    try {
        m_handler->handleRequest(req, reply);
    } catch (const std::exception &e) {
        reply.send(errorResponse(e));
    } catch (...) {
        reply.send(errorResponse(500, QStringLiteral("Internal server error.")));
    }

    // QtHttpServer 6.4 parses one request per readyRead; a pipelined request
    // already buffered would otherwise wait for the client's next packet.
    if (socket->bytesAvailable() > 0) {
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(0, socket, [guard] {
            if (guard && guard->bytesAvailable() > 0)
                Q_EMIT guard->readyRead();
        });
    }
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() answers everything but refused upgrades, which are answered
    // and closing already.
    if (socket->state() != QAbstractSocket::ConnectedState)
        return;
    QHttpServerResponder responder = makeResponder(request, socket);
    const HttpResponse r = errorResponse(404, QStringLiteral("No handler for this request."));
    responder.write(r.body, r.header("Content-Type"), QHttpServerResponder::StatusCode::NotFound);
}

void HttpServer::takeWebSockets()
{
    while (hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = nextPendingWebSocketConnection();
        if (socket)
            m_handler->handleWebSocket(std::move(socket));
    }
}

} // namespace squall::api
