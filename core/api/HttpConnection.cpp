#include "api/HttpConnection.h"

#include "api/ApiErrors.h"
#include "base/Ids.h"

#include <QTcpSocket>

namespace squall::api {

struct HttpConnection::Slot
{
    quint64 id = 0;
    std::optional<QHttpServerResponder> responder;  // absent for replies the guard makes itself
    QByteArray method;
    QString path;
    qint64 receivedAt = 0;
    bool closeAfter = false;
    bool ready = false;
    bool streaming = false;
    bool ended = false;
    bool headWritten = false;
    HttpResponse response;
    QByteArray pendingStream;  // chunk-framed stream data waiting for earlier replies
};

HttpConnection::HttpConnection(QTcpSocket *socket, qint64 maxBodyBytes, qint64 maxHeaderBytes)
    : QObject(socket)
    , m_socket(socket)
    , m_maxBody(maxBodyBytes)
    , m_maxHeader(maxHeaderBytes)
{
    // Connected before QtHttpServer's own readyRead slot, so it runs first.
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::inspect);
}

HttpConnection::~HttpConnection() = default;

HttpConnection *HttpConnection::of(QTcpSocket *socket)
{
    return socket->findChild<HttpConnection *>(QString(), Qt::FindDirectChildrenOnly);
}

quint64 HttpConnection::enqueue(QHttpServerResponder &&responder, const QByteArray &method,
                                const QString &path, qint64 receivedAtMicros, bool closeAfter)
{
    // Qt has consumed this request: whatever follows starts a new one.
    m_atBoundary = true;
    m_head.clear();
    m_bodySeen = 0;

    auto slot = std::make_unique<Slot>();
    slot->id = m_nextSlot++;
    slot->responder.emplace(std::move(responder));
    slot->method = method;
    slot->path = path;
    slot->receivedAt = receivedAtMicros;
    slot->closeAfter = closeAfter;
    m_slots.push_back(std::move(slot));
    return m_slots.back()->id;
}

HttpConnection::Slot *HttpConnection::find(quint64 slot)
{
    for (auto &s : m_slots) {
        if (s->id == slot)
            return s.get();
    }
    return nullptr;
}

void HttpConnection::complete(quint64 slot, HttpResponse response)
{
    Slot *s = find(slot);
    if (!s || s->ready)
        return;
    s->ready = true;
    s->response = std::move(response);
    Q_EMIT replied(s->method, s->path, s->response.status, nowMicros() - s->receivedAt);
    flush();
}

void HttpConnection::beginStream(quint64 slot, int status, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    Slot *s = find(slot);
    if (!s || s->ready)
        return;
    s->ready = true;
    s->streaming = true;
    s->response = HttpResponse{status, headers, {}};
    s->response.headers.append(Header{"Transfer-Encoding", "chunked"});
    Q_EMIT replied(s->method, s->path, status, nowMicros() - s->receivedAt);
    flush();
}

bool HttpConnection::writeStream(quint64 slot, const QByteArray &data)
{
    Slot *s = find(slot);
    if (!s || !s->streaming || s->ended || !isOpen())
        return false;
    if (data.isEmpty())
        return true;  // a zero-length chunk would end the stream
    s->pendingStream += QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
    flush();
    return true;
}

void HttpConnection::endStream(quint64 slot)
{
    Slot *s = find(slot);
    if (!s || !s->streaming || s->ended)
        return;
    s->ended = true;
    s->pendingStream += "0\r\n\r\n";
    flush();
}

bool HttpConnection::isOpen() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpConnection::writeHead(Slot &s)
{
    const HttpResponse &r = s.response;
    QByteArray length;
    if (!s.streaming && r.status != 204 && r.status != 304)
        length = QByteArray::number(r.body.size());
    if (!s.responder) {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonPhrase(r.status) + "\r\n";
        for (const auto &[k, v] : r.headers)
            out += k + ": " + v + "\r\n";
        if (!length.isEmpty())
            out += "Content-Length: " + length + "\r\n";
        if (s.closeAfter)
            out += "Connection: close\r\n";
        out += "\r\n" + r.body;
        writeRaw(out);
        return;
    }
    QHttpServerResponder &responder = *s.responder;
    responder.writeStatusLine(QHttpServerResponder::StatusCode(r.status));
    for (const auto &[k, v] : r.headers)
        responder.writeHeader(k, v);
    if (!length.isEmpty())
        responder.writeHeader("Content-Length", length);
    if (s.closeAfter)
        responder.writeHeader("Connection", "close");
    responder.writeBody(r.body);  // also ends the head, even when the body is empty
}

void HttpConnection::writeRaw(const QByteArray &bytes)
{
    m_socket->write(bytes);
}

void HttpConnection::flush()
{
    while (!m_slots.empty() && isOpen()) {
        Slot &s = *m_slots.front();
        if (!s.ready)
            return;
        if (!s.headWritten) {
            writeHead(s);
            s.headWritten = true;
        }
        if (!s.pendingStream.isEmpty()) {
            if (s.responder)
                s.responder->writeBody(s.pendingStream);
            else
                writeRaw(s.pendingStream);
            s.pendingStream.clear();
        }
        if (s.streaming && !s.ended)
            return;  // a live stream holds the connection until it ends
        const bool close = s.closeAfter || s.streaming;
        m_slots.pop_front();
        if (close) {
            m_slots.clear();
            m_socket->disconnectFromHost();
            return;
        }
    }
}

// --- request guard ----------------------------------------------------------

void HttpConnection::noteRequestLine()
{
    const qsizetype eol = m_head.indexOf('\n');
    if (eol < 0)
        return;
    const QList<QByteArray> parts = m_head.left(eol).trimmed().split(' ');
    m_headMethod = parts.value(0).left(16);
    QByteArray target = parts.value(1);
    if (const qsizetype q = target.indexOf('?'); q >= 0)
        target.truncate(q);  // the query may hold credentials: never logged
    m_headPath = QString::fromLatin1(target.left(2048));
}

void HttpConnection::discardInput()
{
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
    m_socket->readAll();
}

void HttpConnection::reject(int status, const QString &reason)
{
    m_rejected = true;
    discardInput();
    auto slot = std::make_unique<Slot>();
    slot->id = m_nextSlot++;
    slot->closeAfter = true;
    slot->ready = true;
    slot->method = m_headMethod.isEmpty() ? QByteArray("?") : m_headMethod;
    slot->path = m_headPath;
    slot->receivedAt = nowMicros();
    slot->response = errorResponse(status, reason);
    Q_EMIT replied(slot->method, slot->path, status, 0);  // refused before any work: no duration
    m_slots.push_back(std::move(slot));
    flush();
}

void HttpConnection::inspect()
{
    if (!m_guardActive)
        return;
    if (m_rejected) {
        discardInput();
        return;
    }
    const qint64 available = m_socket->bytesAvailable();
    if (!m_atBoundary) {
        // Content-Length was checked with the head; only chunked bodies grow unannounced.
        if (m_chunked) {
            m_bodySeen += available;
            if (m_bodySeen > m_maxBody)
                reject(413, QStringLiteral("Request body exceeds the limit of %1 bytes.").arg(m_maxBody));
        }
        return;
    }
    m_head += m_socket->peek(qMin<qint64>(available, m_maxHeader + 4));
    noteRequestLine();
    const qsizetype end = m_head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_head.size() > m_maxHeader)
            reject(431, QStringLiteral("Request head exceeds the limit of %1 bytes.").arg(m_maxHeader));
        return;
    }
    qint64 contentLength = 0;
    bool upgrade = false;
    m_chunked = false;
    const QList<QByteArray> lines = m_head.left(end).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed().toLower();
        if (name == "content-length")
            contentLength = value.toLongLong();
        else if (name == "transfer-encoding")
            m_chunked = value.contains("chunked");
        else if (name == "upgrade")
            upgrade = true;
    }
    if (upgrade) {
        // A WebSocket takes the socket over; frames are not HTTP requests.
        m_guardActive = false;
        return;
    }
    if (contentLength > m_maxBody) {
        reject(413, QStringLiteral("Request body of %1 bytes exceeds the limit of %2 bytes.")
                        .arg(contentLength).arg(m_maxBody));
        return;
    }
    m_atBoundary = false;
    m_bodySeen = m_head.size() - (end + 4);
    m_head.clear();
    if (m_chunked && m_bodySeen > m_maxBody)
        reject(413, QStringLiteral("Request body exceeds the limit of %1 bytes.").arg(m_maxBody));
}

} // namespace squall::api
