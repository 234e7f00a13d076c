#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace squall::client {

// Incremental parser of a text/event-stream (the WHATWG rules Squall's server
// and StackStorm's use): fields `id`, `event`, `data` (joined by newlines),
// comments and blank heartbeats ignored, CR/LF/CRLF line ends. A message with
// only an `id` is passed on too: it moves the reader's cursor.
class SseParser
{
public:
    struct Message
    {
        QString id;
        QString event;
        QByteArray data;
    };
    using Handler = std::function<void(const Message &)>;

    void feed(const QByteArray &chunk, const Handler &onMessage);
    void reset();

private:
    void line(QByteArray text, const Handler &onMessage);

    QByteArray m_buffer;
    Message m_current;
    bool m_hasData = false;
};

} // namespace squall::client
