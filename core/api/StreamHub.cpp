#include "api/StreamHub.h"

#include "base/Json.h"
#include "engine/EngineApi.h"

#include <QWebSocket>

namespace squall::api {

StreamHub::StreamHub(engine::EngineEvents *events, int heartbeatMs, QObject *parent)
    : QObject(parent)
{
    if (events)
        connect(events, &engine::EngineEvents::event, this, &StreamHub::broadcast);
    m_heartbeat.setInterval(qMax(heartbeatMs, 10));
    connect(&m_heartbeat, &QTimer::timeout, this, &StreamHub::heartbeat);
}

StreamHub::~StreamHub()
{
    for (const WebSocketClient &client : std::as_const(m_webSockets))
        client.socket->disconnect(this);
}

void StreamHub::addWebSocket(std::unique_ptr<QWebSocket> socket, const StreamFilter &filter)
{
    QWebSocket *ws = socket.release();
    ws->setParent(this);
    m_webSockets.append(WebSocketClient{ws, filter});
    connect(ws, &QWebSocket::disconnected, this, [this, ws] {
        m_webSockets.removeIf([ws](const WebSocketClient &c) { return c.socket == ws; });
        ws->deleteLater();
    });
}

void StreamHub::addEventStream(const HttpReply &reply, const StreamFilter &filter)
{
    reply.beginStream(200, {{"Content-Type", "text/event-stream; charset=utf-8"},
                            {"Cache-Control", "no-cache"}});
    reply.write("\n");  // lets the client see the head at once
    const quint64 id = m_nextStreamId++;
    m_eventStreams.append(EventStreamClient{reply, filter, id});
    if (QObject *lifetime = reply.lifetime()) {
        connect(lifetime, &QObject::destroyed, this, [this, id] {
            m_eventStreams.removeIf([id](const EventStreamClient &c) { return c.id == id; });
        });
    }
    if (!m_heartbeat.isActive())
        m_heartbeat.start();
}

void StreamHub::broadcast(qint64 id, const QString &type, const Value &doc)
{
    QByteArray data;
    QString wsMessage;
    if (!m_eventStreams.isEmpty())
        data = json::serialize(doc);

    for (const WebSocketClient &client : std::as_const(m_webSockets)) {
        if (!client.filter.accepts(type, doc))
            continue;
        if (wsMessage.isEmpty()) {
            wsMessage = json::toString(makeDict({{QStringLiteral("id"), id},
                                                 {QStringLiteral("event"), type},
                                                 {QStringLiteral("data"), doc}}));
        }
        client.socket->sendTextMessage(wsMessage);
    }

    if (m_eventStreams.isEmpty())
        return;
    const QByteArray message = "id: " + QByteArray::number(id) + "\nevent: " + type.toUtf8()
                             + "\ndata: " + data + "\n\n";
    m_eventStreams.removeIf([&](const EventStreamClient &client) {
        if (!client.filter.accepts(type, doc))
            return !client.reply.isOpen();
        return !client.reply.write(message);
    });
}

void StreamHub::heartbeat()
{
    m_eventStreams.removeIf([](const EventStreamClient &client) { return !client.reply.write("\n"); });
    if (m_eventStreams.isEmpty())
        m_heartbeat.stop();
}

} // namespace squall::api
