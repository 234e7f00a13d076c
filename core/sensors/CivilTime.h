#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <optional>

// Calendar arithmetic on plain integers. The timer hot path computes wall
// clock fields and formats timestamps thousands of times per second, where
// QDateTime conversions would dominate the cost.
namespace squall::sensors::civil {

struct Date
{
    int year = 1970;
    int month = 1;  // 1-12
    int day = 1;    // 1-31
};

qint64 daysFromCivil(int year, int month, int day);  // days since 1970-01-01
Date civilFromDays(qint64 days);
int daysInMonth(int year, int month);
int weekday(qint64 days);  // 0 = Monday, as Python's date.weekday()
int isoWeek(int year, int month, int day);

inline qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// An IANA zone name ("Europe/Paris", "UTC"); nullopt when unknown. Stricter
// than QTimeZone's constructor, which also accepts POSIX TZ strings like "Foo".
std::optional<QTimeZone> zoneFromName(const QString &name);

// str() of a timezone-aware UTC Python datetime, as StackStorm puts it in
// timer payloads: "2026-11-25 20:18:13.123456+00:00" (no fraction when the
// microseconds are zero).
QString pythonUtcString(qint64 epochMicros);

// Parses the date-time strings a DateTimer accepts (ISO 8601 with 'T' or a
// space, optional fraction and offset, or a bare date). A string without an
// offset is wall-clock time in `zone`. Returns nullopt when unparseable.
std::optional<qint64> parseDateTimeMSecs(const QString &text, const QTimeZone &zone);

} // namespace squall::sensors::civil
