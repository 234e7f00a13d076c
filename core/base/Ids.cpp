#include "base/Ids.h"

#include <QCryptographicHash>

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimeZone>

#include <atomic>

namespace squall {

namespace {
struct ProcessUnique
{
    quint8 bytes[5];
    std::atomic<quint32> counter;
    ProcessUnique()
    {
        auto *gen = QRandomGenerator::system();
        for (quint8 &b : bytes)
            b = quint8(gen->bounded(256));
        counter = gen->generate() & 0xFFFFFF;
    }
};
ProcessUnique &unique()
{
    static ProcessUnique u;
    return u;
}
} // namespace

QString newId()
{
    static const char hex[] = "0123456789abcdef";
    quint8 raw[12];
    const quint32 secs = quint32(QDateTime::currentSecsSinceEpoch());
    raw[0] = quint8(secs >> 24);
    raw[1] = quint8(secs >> 16);
    raw[2] = quint8(secs >> 8);
    raw[3] = quint8(secs);
    ProcessUnique &u = unique();
    for (int i = 0; i < 5; ++i)
        raw[4 + i] = u.bytes[i];
    const quint32 c = u.counter.fetch_add(1, std::memory_order_relaxed);
    raw[9] = quint8(c >> 16);
    raw[10] = quint8(c >> 8);
    raw[11] = quint8(c);
    char out[24];
    for (int i = 0; i < 12; ++i) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 0xF];
    }
    return QString::fromLatin1(out, 24);
}

bool isId(QStringView s)
{
    if (s.size() != 24)
        return false;
    for (QChar c : s) {
        const char16_t u = c.unicode();
        if (!((u >= '0' && u <= '9') || (u >= 'a' && u <= 'f')))
            return false;
    }
    return true;
}

QString stableId(QStringView key)
{
    return QString::fromLatin1(QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex().left(24));
}

QString randomHex(int bytes)
{
    static const char hex[] = "0123456789abcdef";
    QString out;
    out.reserve(bytes * 2);
    auto *gen = QRandomGenerator::system();
    for (int i = 0; i < bytes; ++i) {
        const quint32 b = gen->bounded(256);
        out += QLatin1Char(hex[b >> 4]);
        out += QLatin1Char(hex[b & 0xF]);
    }
    return out;
}

qint64 nowMicros()
{
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::microseconds>(now).count();
}

QString isoFromMicros(qint64 us)
{
    const qint64 ms = us / 1000;
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    const int micro = int(((us % 1000000) + 1000000) % 1000000);
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + u'.'
        + QString::number(micro).rightJustified(6, u'0') + u'Z';
}

QString isoTimestamp(const QDateTime &t)
{
    return isoFromMicros(t.toMSecsSinceEpoch() * 1000);
}

QString nowTimestamp()
{
    return isoFromMicros(nowMicros());
}

QDateTime parseTimestamp(QStringView s0)
{
    QString s = s0.trimmed().toString();
    static const QRegularExpression re(QStringLiteral(
        "^(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*(Z|z|[+-]\\d{2}:?\\d{2}|UTC)?$"));
    const auto m = re.match(s);
    if (!m.hasMatch())
        return {};
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    int msec = 0;
    if (m.hasCaptured(7))
        msec = m.captured(7).leftJustified(3, u'0').left(3).toInt();
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), msec);
    if (!date.isValid() || !time.isValid())
        return {};
    int offset = 0;
    const QString zone = m.captured(8);
    if (!zone.isEmpty() && zone != u"Z" && zone != u"z" && zone != u"UTC") {
        QString z = zone;
        z.remove(u':');
        const int sign = z.startsWith(u'-') ? -1 : 1;
        offset = sign * (z.mid(1, 2).toInt() * 3600 + z.mid(3, 2).toInt() * 60);
    }
    QDateTime dt(date, time, QTimeZone(offset));
    return dt.toUTC();
}

} // namespace squall
