#include "sensors/CivilTime.h"

#include <QRegularExpression>

namespace squall::sensors::civil {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
qint64 daysFromCivil(int year, int month, int day)
{
    const qint64 y = qint64(year) - (month <= 2 ? 1 : 0);
    const qint64 era = floorDiv(y, 400);
    const qint64 yoe = y - era * 400;
    const qint64 mp = (month + 9) % 12;
    const qint64 doy = (153 * mp + 2) / 5 + day - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date civilFromDays(qint64 days)
{
    const qint64 z = days + 719468;
    const qint64 era = floorDiv(z, 146097);
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int d = int(doy - (153 * mp + 2) / 5 + 1);
    const int m = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return Date { int(y), m, d };
}

int daysInMonth(int year, int month)
{
    static constexpr int lengths[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (month == 2) {
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
    }
    return lengths[month - 1];
}

int weekday(qint64 days)
{
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    return int(((days % 7) + 7 + 3) % 7);
}

int isoWeek(int year, int month, int day)
{
    const qint64 days = daysFromCivil(year, month, day);
    const qint64 thursday = days - weekday(days) + 3;
    const Date t = civilFromDays(thursday);
    return int((thursday - daysFromCivil(t.year, 1, 1)) / 7 + 1);
}

std::optional<QTimeZone> zoneFromName(const QString &name)
{
    const QByteArray id = name.trimmed().toUtf8();
    if (id.isEmpty())
        return std::nullopt;
    const QTimeZone zone(id);
    if (!zone.isValid())
        return std::nullopt;
    if (!QTimeZone::isTimeZoneIdAvailable(id) && id != "UTC")
        return std::nullopt;
    return zone;
}

static void appendPadded(QString &out, qint64 value, int width)
{
    char buf[16];
    for (int i = width - 1; i >= 0; --i) {
        buf[i] = char('0' + value % 10);
        value /= 10;
    }
    out.append(QLatin1StringView(buf, width));
}

QString pythonUtcString(qint64 epochMicros)
{
    const qint64 secs = floorDiv(epochMicros, 1000000);
    const qint64 micros = epochMicros - secs * 1000000;
    const qint64 days = floorDiv(secs, 86400);
    const qint64 sod = secs - days * 86400;
    const Date d = civilFromDays(days);
    QString out;
    out.reserve(32);
    appendPadded(out, d.year, 4);
    out.append(u'-');
    appendPadded(out, d.month, 2);
    out.append(u'-');
    appendPadded(out, d.day, 2);
    out.append(u' ');
    appendPadded(out, sod / 3600, 2);
    out.append(u':');
    appendPadded(out, (sod / 60) % 60, 2);
    out.append(u':');
    appendPadded(out, sod % 60, 2);
    if (micros != 0) {
        out.append(u'.');
        appendPadded(out, micros, 6);
    }
    out.append(u"+00:00");
    return out;
}

std::optional<qint64> parseDateTimeMSecs(const QString &text, const QTimeZone &zone)
{
    static const QRegularExpression re(QStringLiteral(
        "^\\s*(\\d{4})-(\\d{1,2})-(\\d{1,2})"
        "(?:[Tt ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?"
        "\\s*(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?\\s*$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const int year = m.capturedView(1).toInt();
    const int month = m.capturedView(2).toInt();
    const int day = m.capturedView(3).toInt();
    const int hour = m.capturedView(4).isEmpty() ? 0 : m.capturedView(4).toInt();
    const int minute = m.capturedView(5).isEmpty() ? 0 : m.capturedView(5).toInt();
    const int second = m.capturedView(6).isEmpty() ? 0 : m.capturedView(6).toInt();
    int millis = 0;
    if (!m.capturedView(7).isEmpty()) {
        const QString frac = QString(m.captured(7) + QStringLiteral("000")).left(3);
        millis = frac.toInt();
    }
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23
        || minute > 59 || second > 59)
        return std::nullopt;

    const QStringView offset = m.capturedView(8);
    if (offset.isEmpty()) {
        const QDateTime local(QDate(year, month, day), QTime(hour, minute, second, millis), zone);
        if (!local.isValid())
            return std::nullopt;
        return local.toMSecsSinceEpoch();
    }
    int offsetSecs = 0;
    if (offset.front() == u'+' || offset.front() == u'-') {
        const int oh = offset.mid(1, 2).toInt();
        const QStringView rest = offset.mid(3);
        const int om = rest.isEmpty() ? 0 : rest.right(2).toInt();
        if (oh > 23 || om > 59)
            return std::nullopt;
        offsetSecs = (oh * 3600 + om * 60) * (offset.front() == u'-' ? -1 : 1);
    }
    const qint64 localSecs = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    return (localSecs - offsetSecs) * 1000 + millis;
}

} // namespace squall::sensors::civil
