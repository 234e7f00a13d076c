#include "api/HttpReply.h"

#include "api/HttpConnection.h"

#include <QPointer>

namespace squall::api {

struct HttpReply::State
{
    QPointer<HttpConnection> connection;  // null once the socket is destroyed
    quint64 slot = 0;
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
};

HttpReply::HttpReply(HttpConnection *connection, quint64 slot)
    : d(std::make_shared<State>(State{connection, slot, {}}))
{
}

void HttpReply::send(HttpResponse response) const
{
    if (d && d->connection) {
        response.headers += d->extraHeaders;
        d->connection->complete(d->slot, std::move(response));
    }
}

void HttpReply::beginStream(int status, const QList<QPair<QByteArray, QByteArray>> &headers) const
{
    if (d && d->connection)
        d->connection->beginStream(d->slot, status, headers + d->extraHeaders);
}

bool HttpReply::write(const QByteArray &data) const
{
    return d && d->connection && d->connection->writeStream(d->slot, data);
}

void HttpReply::endStream() const
{
    if (d && d->connection)
        d->connection->endStream(d->slot);
}

void HttpReply::addHeaders(const QList<QPair<QByteArray, QByteArray>> &headers) const
{
    if (d)
        d->extraHeaders += headers;
}

bool HttpReply::isOpen() const
{
    return d && d->connection && d->connection->isOpen();
}

} // namespace squall::api

namespace squall::api {

QObject *HttpReply::lifetime() const
{
    return d ? d->connection.data() : nullptr;
}

} // namespace squall::api
