#pragma once

#include "client/RemoteClient.h"

namespace squall::client {

// Waits for a client's answers, for programs that do one thing at a time (the
// CLI): each call runs a local event loop until its result arrives.
class BlockingClient
{
public:
    explicit BlockingClient(Client *client) : m_client(client) { }

    ClientResult call(const Request &request);
    ClientResult call(Op op, const QString &id = {}, const Value &body = {}, const QHash<QString, QString> &params = {})
    {
        return call(Request::of(op, id, body, params));
    }
    // Raw REST, when the client is remote.
    RawReply send(const QByteArray &method, const QString &path, const QUrlQuery &query = {},
                  const std::optional<Value> &body = std::nullopt);

    Client *client() const { return m_client; }

private:
    Client *m_client;
};

} // namespace squall::client
