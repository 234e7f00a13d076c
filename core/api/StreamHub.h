#pragma once

#include "api/HttpReply.h"
#include "engine/EventFilter.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocket;

namespace squall::engine {
class EngineApi;
}

namespace squall::api {

// Where a stream client resumes: SSE's Last-Event-ID header wins over the
// `since` query parameter; neither means live events only (-1). False, with a
// reason, when the value is not a non-negative integer.
bool resumeIdFrom(const QString &since, const QByteArray &lastEventId, qint64 *id, QString *error);

// Streams engine events to clients: WebSocket text messages
// {"id": N, "event": "<type>", "data": {...}} and Server-Sent Events
// "id: N\nevent: <type>\ndata: <json>\n\n" with bare "\n" heartbeats.
// Each client is one engine subscription (filtered in the engine); a client
// that gives the last id it saw (`since`, or SSE's Last-Event-ID) first
// receives what it missed. Events arrive serialized once, whatever the number
// of clients.
class StreamHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamHub)
public:
    StreamHub(engine::EngineApi *engine, int heartbeatMs, QObject *parent = nullptr);
    ~StreamHub() override;

    // `sinceId` < 0: live events only.
    void addWebSocket(std::unique_ptr<QWebSocket> socket, const engine::EventFilter &filter, qint64 sinceId);
    void addEventStream(const HttpReply &reply, const engine::EventFilter &filter, qint64 sinceId);
    qsizetype webSocketCount() const;
    qsizetype eventStreamCount() const;

private:
    struct Client
    {
        qint64 subscription = 0;
        QWebSocket *socket = nullptr;  // null for an event stream
        HttpReply reply;
    };

    quint64 addClient(Client client, const engine::EventFilter &filter, qint64 sinceId);
    void send(quint64 clientId, const engine::EventBatch &batch);
    void drop(quint64 clientId);
    void heartbeat();

    engine::EngineApi *m_engine;
    QHash<quint64, Client> m_clients;
    QTimer m_heartbeat;
    quint64 m_nextClientId = 1;
};

} // namespace squall::api
