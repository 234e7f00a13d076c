#pragma once

#include "client/Client.h"
#include "client/SseParser.h"
#include "engine/EventFilter.h"

#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace squall::client {

class RemoteClient;

// An event subscription over Server-Sent Events. When the stream drops (the
// daemon restarts, the network blinks) it reconnects with doubling delays and
// asks for everything after the last id it saw, so nothing is lost or repeated.
class RemoteSubscription final : public Subscription
{
    Q_OBJECT
public:
    RemoteSubscription(RemoteClient *client, const engine::EventFilter &filter, qint64 sinceId, QObject *parent);
    ~RemoteSubscription() override;

    int reconnects() const { return m_reconnects; }

private:
    void open();
    void onData();
    void onFinished();
    void scheduleReconnect();

    QPointer<RemoteClient> m_client;
    engine::EventFilter m_filter;
    QNetworkReply *m_reply = nullptr;
    SseParser m_parser;
    QTimer m_retry;
    int m_delayMs = 0;
    int m_reconnects = 0;
    bool m_closing = false;
};

} // namespace squall::client
