#pragma once

#include "client/Client.h"

#include <QNetworkReply>
#include <QUrlQuery>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkRequest;

namespace squall::client {

struct RemoteOptions
{
    QString baseUrl;  // e.g. http://127.0.0.1:9101, without /api/v1
    QString apiKey;
    QString token;
    int timeoutMs = 120'000;
    // Reconnect delays of event subscriptions: doubling from the first to the last.
    int reconnectFirstMs = 250;
    int reconnectMaxMs = 10'000;
    // Sees every request about to go out (the CLI's --debug prints it as curl).
    std::function<void(const QByteArray &method, const QNetworkRequest &request, const QByteArray &body)> onRequest;
};

// One HTTP exchange as it happened.
struct RawReply
{
    int status = 0;  // 0: no HTTP answer (see transportError)
    QByteArray body;
    QString reasonPhrase;
    qint64 total = -1;  // X-Total-Count
    int limit = 0;      // X-Limit
    QString transportError;  // why the daemon could not be reached, when it could not
};

// A `squall serve` (or StackStorm-compatible API) over HTTP: REST for calls,
// Server-Sent Events for subscriptions (reconnecting with back-off and
// resuming from the last event id). Lives on the thread that uses it.
class RemoteClient final : public Client
{
    Q_OBJECT
public:
    explicit RemoteClient(RemoteOptions options, QObject *parent = nullptr);
    ~RemoteClient() override;

    void call(const Request &request, QObject *context, ResultCallback callback) override;
    Subscription *subscribe(const engine::EventFilter &filter, qint64 sinceId, QObject *parent) override;
    QString endpoint() const override { return m_options.baseUrl; }

    // Any route by path (relative to the base URL), for callers that speak REST.
    void send(const QByteArray &method, const QString &path, const QUrlQuery &query,
              const std::optional<Value> &body, QObject *context, std::function<void(const RawReply &)> callback,
              const QList<QPair<QByteArray, QByteArray>> &headers = {});

    static ClientResult toResult(const RawReply &reply, bool text);

    // For subscriptions.
    QNetworkRequest makeRequest(const QString &path, const QUrlQuery &query) const;
    QNetworkAccessManager *network() const { return m_nam; }
    const RemoteOptions &options() const { return m_options; }

private:
    RemoteOptions m_options;
    QNetworkAccessManager *m_nam;
};

} // namespace squall::client
