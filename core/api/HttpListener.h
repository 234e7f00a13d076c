#pragma once

#include <QTcpServer>

#include <functional>

namespace squall::api {

// A QTcpServer that lets the transport attach its per-connection state to each
// socket before QtHttpServer connects its own parser, so that our request-size
// guard sees every chunk of data first.
class HttpListener final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpListener)
public:
    using SocketHook = std::function<void(QTcpSocket *)>;
    explicit HttpListener(SocketHook hook, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    SocketHook m_hook;
};

} // namespace squall::api
