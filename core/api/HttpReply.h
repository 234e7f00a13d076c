#pragma once

#include "api/HttpResponse.h"

#include <memory>

class QObject;

namespace squall::api {

class HttpConnection;

// A copyable handle to the answer of one request. It may be used after the
// handler returned (deferred replies, streams); if the client has gone away,
// the calls do nothing and isOpen() is false.
class HttpReply
{
public:
    HttpReply() = default;
    HttpReply(HttpConnection *connection, quint64 slot);

    void send(HttpResponse response) const;           // the first call wins
    void beginStream(int status, const QList<QPair<QByteArray, QByteArray>> &headers) const;
    bool write(const QByteArray &data) const;         // false once the client is gone
    void endStream() const;
    bool isOpen() const;
    // The object that lives as long as the connection (null once it is gone):
    // connect to its destroyed() signal to learn that the client left.
    QObject *lifetime() const;
    // Headers added to whatever is sent later (CORS, for instance).
    void addHeaders(const QList<QPair<QByteArray, QByteArray>> &headers) const;

private:
    struct State;
    std::shared_ptr<State> d;
};

} // namespace squall::api
