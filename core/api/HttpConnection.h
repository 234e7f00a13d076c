#pragma once

#include "api/HttpResponse.h"

#include <QHttpServerResponder>
#include <QObject>

#include <deque>
#include <memory>
#include <optional>

class QTcpSocket;

namespace squall::api {

// Per-socket state, a child of the socket (so it dies with it):
// - replies leave in request order even when an earlier one is deferred
//   (HTTP/1.1 pipelining: QtHttpServer 6.4 parses the next request at once);
// - a guard that peeks at each request head before QtHttpServer buffers the
//   body, and refuses oversized requests (413) or heads (431).
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)
public:
    HttpConnection(QTcpSocket *socket, qint64 maxBodyBytes, qint64 maxHeaderBytes);
    ~HttpConnection() override;

    static HttpConnection *of(QTcpSocket *socket);

    // Reserves the next place in the reply order for a request Qt has parsed.
    quint64 enqueue(QHttpServerResponder &&responder, const QByteArray &method, const QString &path,
                    qint64 receivedAtMicros, bool closeAfter);
    void complete(quint64 slot, HttpResponse response);
    void beginStream(quint64 slot, int status, const QList<QPair<QByteArray, QByteArray>> &headers);
    bool writeStream(quint64 slot, const QByteArray &data);
    void endStream(quint64 slot);
    bool isOpen() const;

Q_SIGNALS:
    // For the access log: no query string, no body.
    void replied(const QByteArray &method, const QString &path, int status, qint64 micros);

private:
    struct Slot;
    Slot *find(quint64 slot);
    void flush();
    void writeHead(Slot &s);
    void writeRaw(const QByteArray &bytes);
    void inspect();
    void reject(int status, const QString &reason);
    void discardInput();
    void noteRequestLine();

    QTcpSocket *m_socket;
    std::deque<std::unique_ptr<Slot>> m_slots;
    quint64 m_nextSlot = 1;
    qint64 m_maxBody;
    qint64 m_maxHeader;
    // Guard state for the request currently arriving.
    bool m_guardActive = true;
    bool m_atBoundary = true;
    bool m_rejected = false;
    bool m_chunked = false;
    QByteArray m_head;
    QByteArray m_headMethod;  // of the request being guarded, for the access log
    QString m_headPath;
    qint64 m_bodySeen = 0;
};

} // namespace squall::api
