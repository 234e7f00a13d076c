#include "api/StreamHub.h"

#include "engine/EngineApi.h"

#include <QWebSocket>

namespace squall::api {

bool resumeIdFrom(const QString &since, const QByteArray &lastEventId, qint64 *id, QString *error)
{
    *id = -1;
    const bool fromHeader = !lastEventId.trimmed().isEmpty();
    const QString text = fromHeader ? QString::fromUtf8(lastEventId.trimmed()) : since.trimmed();
    if (text.isEmpty())
        return true;
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < 0) {
        *error = QStringLiteral("%1 must be a non-negative event id, got \"%2\"")
                     .arg(fromHeader ? QStringLiteral("Last-Event-ID") : QStringLiteral("since"), text);
        return false;
    }
    *id = v;
    return true;
}

StreamHub::StreamHub(engine::EngineApi *engine, int heartbeatMs, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    m_heartbeat.setInterval(qMax(heartbeatMs, 10));
    connect(&m_heartbeat, &QTimer::timeout, this, &StreamHub::heartbeat);
}

StreamHub::~StreamHub()
{
    for (const Client &client : std::as_const(m_clients)) {
        m_engine->unsubscribe(client.subscription);
        if (client.socket)
            client.socket->disconnect(this);
    }
}

qsizetype StreamHub::webSocketCount() const
{
    return std::count_if(m_clients.cbegin(), m_clients.cend(), [](const Client &c) { return c.socket; });
}

qsizetype StreamHub::eventStreamCount() const
{
    return m_clients.size() - webSocketCount();
}

quint64 StreamHub::addClient(Client client, const engine::EventFilter &filter, qint64 sinceId)
{
    const quint64 id = m_nextClientId++;
    client.subscription = m_engine->subscribe(filter, sinceId, [this, id](const engine::EventBatch &batch) {
        send(id, batch);
    });
    m_clients.insert(id, client);
    return id;
}

void StreamHub::addWebSocket(std::unique_ptr<QWebSocket> socket, const engine::EventFilter &filter, qint64 sinceId)
{
    QWebSocket *ws = socket.release();
    ws->setParent(this);
    Client client;
    client.socket = ws;
    const quint64 id = addClient(client, filter, sinceId);
    connect(ws, &QWebSocket::disconnected, this, [this, id] { drop(id); });
}

void StreamHub::addEventStream(const HttpReply &reply, const engine::EventFilter &filter, qint64 sinceId)
{
    reply.beginStream(200, {{"Content-Type", "text/event-stream; charset=utf-8"},
                            {"Cache-Control", "no-cache"}});
    // An id-only message: the client's cursor (WHATWG's lastEventId) from the
    // start, so a reconnect before any event arrives still resumes without a gap.
    const qint64 cursor = sinceId >= 0 ? sinceId : m_engine->lastEventId();
    reply.write("id: " + QByteArray::number(cursor) + "\n\n");
    Client client;
    client.reply = reply;
    const quint64 id = addClient(client, filter, sinceId);
    if (QObject *lifetime = reply.lifetime())
        connect(lifetime, &QObject::destroyed, this, [this, id] { drop(id); });
    if (!m_heartbeat.isActive())
        m_heartbeat.start();
}

void StreamHub::send(quint64 clientId, const engine::EventBatch &batch)
{
    const auto it = m_clients.constFind(clientId);
    if (it == m_clients.cend())
        return;
    if (QWebSocket *ws = it->socket) {
        for (const engine::Event &e : batch) {
            const QByteArray message = "{\"id\":" + QByteArray::number(e.id) + ",\"event\":\""
                                     + e.name().toUtf8() + "\",\"data\":" + e.json + '}';
            ws->sendTextMessage(QString::fromUtf8(message));
        }
        return;
    }
    // One write per batch: a burst of updates costs one syscall, not thousands.
    QByteArray out;
    for (const engine::Event &e : batch) {
        out += "id: " + QByteArray::number(e.id) + "\nevent: " + e.name().toUtf8() + "\ndata: " + e.json + "\n\n";
    }
    if (!it->reply.write(out))
        drop(clientId);
}

void StreamHub::drop(quint64 clientId)
{
    const auto it = m_clients.find(clientId);
    if (it == m_clients.end())
        return;
    m_engine->unsubscribe(it->subscription);
    if (it->socket)
        it->socket->deleteLater();
    m_clients.erase(it);
}

void StreamHub::heartbeat()
{
    QList<quint64> gone;
    for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it) {
        if (!it->socket && !it->reply.write("\n"))
            gone.append(it.key());
    }
    for (quint64 id : gone)
        drop(id);
    if (eventStreamCount() == 0)
        m_heartbeat.stop();
}

} // namespace squall::api
