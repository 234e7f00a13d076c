#include "client/RemoteSubscription.h"

#include "base/Json.h"
#include "client/RemoteClient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace squall::client {

RemoteSubscription::RemoteSubscription(RemoteClient *client, const engine::EventFilter &filter, qint64 sinceId,
                                       QObject *parent)
    : Subscription(parent)
    , m_client(client)
    , m_filter(filter)
{
    m_lastId = sinceId;
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &RemoteSubscription::open);
    open();
}

RemoteSubscription::~RemoteSubscription()
{
    m_closing = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void RemoteSubscription::open()
{
    if (!m_client || m_closing)
        return;
    QUrlQuery query;
    const QHash<QString, QString> params = m_filter.toParams();
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        query.addQueryItem(it.key(), it.value());
    if (m_lastId >= 0)
        query.addQueryItem(QStringLiteral("since"), QString::number(m_lastId));
    QNetworkRequest req = m_client->makeRequest(QStringLiteral("/api/v1/stream"), query);
    req.setRawHeader("Accept", "text/event-stream");
    // A stream has no end: no transfer timeout.
    req.setTransferTimeout(0);
    if (m_client->options().onRequest)
        m_client->options().onRequest("GET", req, {});
    m_parser.reset();
    m_reply = m_client->network()->get(req);
    connect(m_reply, &QNetworkReply::readyRead, this, &RemoteSubscription::onData);
    connect(m_reply, &QNetworkReply::finished, this, &RemoteSubscription::onFinished);
}

void RemoteSubscription::onData()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return;  // the error body is read when the reply finishes
    if (!isConnected()) {
        m_delayMs = 0;
        setConnected(true);
    }
    engine::EventBatch batch;
    m_parser.feed(m_reply->readAll(), [&](const SseParser::Message &m) {
        bool ok = false;
        const qint64 id = m.id.toLongLong(&ok);
        if (m.event.isEmpty() && m.data.isEmpty()) {
            // The server's cursor: where this stream starts.
            if (ok && id > m_lastId && batch.isEmpty())
                m_lastId = id;
            return;
        }
        const std::optional<engine::EventKind> kind = engine::eventKindFromName(m.event);
        if (!kind || !ok)
            return;  // an event this client does not know: skipped, not fatal
        engine::Event e;
        e.id = id;
        e.kind = *kind;
        e.json = m.data;
        json::ParseError pe;
        e.doc = json::parse(m.data, &pe);
        batch.append(std::move(e));
    });
    // Everything that arrived in one read is one batch.
    if (!batch.isEmpty())
        deliver(batch);
}

void RemoteSubscription::onFinished()
{
    QNetworkReply *reply = std::exchange(m_reply, nullptr);
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    setConnected(false);
    if (m_closing)
        return;
    if (status == 400 || status == 401 || status == 403 || status == 404) {
        const ClientResult r = RemoteClient::toResult(RawReply{status, reply->readAll(), {}, -1, 0, {}}, false);
        Q_EMIT failed(r.errorText());
        return;
    }
    scheduleReconnect();
}

void RemoteSubscription::scheduleReconnect()
{
    const RemoteOptions &o = m_client ? m_client->options() : RemoteOptions{};
    m_delayMs = m_delayMs == 0 ? o.reconnectFirstMs : qMin(m_delayMs * 2, o.reconnectMaxMs);
    ++m_reconnects;
    m_retry.start(m_delayMs);
}

} // namespace squall::client
