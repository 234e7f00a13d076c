#include "client/SseParser.h"

namespace squall::client {

void SseParser::feed(const QByteArray &chunk, const Handler &onMessage)
{
    m_buffer += chunk;
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = m_buffer.indexOf('\n', start);
        if (nl < 0)
            break;
        QByteArray text = m_buffer.mid(start, nl - start);
        if (text.endsWith('\r'))
            text.chop(1);
        start = nl + 1;
        line(std::move(text), onMessage);
    }
    m_buffer.remove(0, start);
}

void SseParser::reset()
{
    m_buffer.clear();
    m_current = {};
    m_hasData = false;
}

void SseParser::line(QByteArray text, const Handler &onMessage)
{
    if (text.isEmpty()) {
        if (m_hasData || !m_current.event.isEmpty() || !m_current.id.isEmpty())
            onMessage(m_current);
        m_current = {};
        m_hasData = false;
        return;
    }
    if (text.startsWith(':'))
        return;
    const qsizetype colon = text.indexOf(':');
    const QByteArray field = colon < 0 ? text : text.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : text.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        if (m_hasData)
            m_current.data += '\n';
        m_current.data += value;
        m_hasData = true;
    } else if (field == "event") {
        m_current.event = QString::fromUtf8(value);
    } else if (field == "id") {
        m_current.id = QString::fromUtf8(value);
    }
}

} // namespace squall::client
