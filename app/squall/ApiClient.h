#pragma once

#include "ClientConfig.h"
#include "base/Value.h"

#include <QByteArray>
#include <QString>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>

namespace squall::client { class RemoteClient; }

namespace squall::cli {

// A failure the CLI reports and exits with (1 for remote/IO errors, 2 for usage).
struct CliError
{
    QString message;
    int exitCode = 1;
};

struct ApiReply
{
    int status = 0;
    QByteArray body;
    Value json;         // parsed body when it is JSON, null otherwise
    qint64 totalCount = -1;  // X-Total-Count, -1 when absent
};

// Blocking calls to the Squall daemon's st2-compatible REST API: a thin adapter
// over the asynchronous RemoteClient (core/client) that waits for each reply;
// a CLI does one thing at a time.
class ApiClient
{
public:
    explicit ApiClient(ClientConfig config);
    ~ApiClient();
    Q_DISABLE_COPY_MOVE(ApiClient)

    const ClientConfig &config() const { return m_config; }

    // `path` is relative to the base URL ("/api/v1/actions"). Throws CliError on a
    // connection failure and, unless allowHttpErrors, on an HTTP status >= 400.
    ApiReply request(const QByteArray &method, const QString &path, const QUrlQuery &query = {},
                     const std::optional<Value> &body = std::nullopt, bool allowHttpErrors = false);
    ApiReply get(const QString &path, const QUrlQuery &query = {}) { return request("GET", path, query); }
    ApiReply post(const QString &path, const Value &body) { return request("POST", path, {}, body); }
    ApiReply put(const QString &path, const Value &body) { return request("PUT", path, {}, body); }
    ApiReply del(const QString &path, const QUrlQuery &query = {}) { return request("DELETE", path, query); }

    // The asynchronous client underneath, for event subscriptions.
    client::RemoteClient &remote() { return *m_remote; }

    // "ERROR: 404 Not Found\nMESSAGE: ..." from an HTTP error reply.
    static QString httpErrorMessage(int status, const QString &reason, const QByteArray &body);

private:
    QString unreachable(const QString &why) const;

    ClientConfig m_config;
    std::unique_ptr<client::RemoteClient> m_remote;
};

} // namespace squall::cli
