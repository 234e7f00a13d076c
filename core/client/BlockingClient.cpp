#include "client/BlockingClient.h"

#include <QEventLoop>

namespace squall::client {

ClientResult BlockingClient::call(const Request &request)
{
    QEventLoop loop;
    ClientResult out;
    bool done = false;
    m_client->call(request, &loop, [&](const ClientResult &r) {
        out = r;
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
    return out;
}

RawReply BlockingClient::send(const QByteArray &method, const QString &path, const QUrlQuery &query,
                              const std::optional<Value> &body)
{
    auto *remote = qobject_cast<RemoteClient *>(m_client);
    Q_ASSERT(remote);
    QEventLoop loop;
    RawReply out;
    bool done = false;
    remote->send(method, path, query, body, &loop, [&](const RawReply &r) {
        out = r;
        done = true;
        loop.quit();
    });
    if (!done)
        loop.exec();
    return out;
}

} // namespace squall::client
