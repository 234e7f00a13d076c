#include "api/HttpListener.h"

#include <QTcpSocket>

namespace squall::api {

HttpListener::HttpListener(SocketHook hook, QObject *parent)
    : QTcpServer(parent)
    , m_hook(std::move(hook))
{
}

void HttpListener::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    if (m_hook)
        m_hook(socket);
    addPendingConnection(socket);
}

} // namespace squall::api
