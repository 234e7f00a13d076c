#pragma once

#include "api/HttpReply.h"
#include "api/StreamFilter.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocket;

namespace squall::engine {
class EngineEvents;
}

namespace squall::api {

// Fans engine events out to stream clients: WebSocket text messages
// {"id": N, "event": "<type>", "data": {...}} and Server-Sent Events
// "id: N\nevent: <type>\ndata: <json>\n\n" with bare "\n" heartbeats.
// Each event is serialized once, whatever the number of clients.
class StreamHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamHub)
public:
    StreamHub(engine::EngineEvents *events, int heartbeatMs, QObject *parent = nullptr);
    ~StreamHub() override;

    void addWebSocket(std::unique_ptr<QWebSocket> socket, const StreamFilter &filter);
    void addEventStream(const HttpReply &reply, const StreamFilter &filter);
    qsizetype webSocketCount() const { return m_webSockets.size(); }
    qsizetype eventStreamCount() const { return m_eventStreams.size(); }

private:
    void broadcast(qint64 id, const QString &type, const Value &doc);
    void heartbeat();

    struct WebSocketClient { QWebSocket *socket; StreamFilter filter; };
    struct EventStreamClient { HttpReply reply; StreamFilter filter; quint64 id; };
    QList<WebSocketClient> m_webSockets;
    QList<EventStreamClient> m_eventStreams;
    QTimer m_heartbeat;
    quint64 m_nextStreamId = 1;
};

} // namespace squall::api
