#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <array>
#include <optional>

namespace squall {
class Value;
}

namespace squall::sensors {

// A schedule with APScheduler's CronTrigger semantics (what core.st2.CronTimer
// uses): fields year, month, day, week, day_of_week, hour, minute, second, each
// an int or an expression string: "*", "*/n", "a", "a-b", "a-b/n", "a/n",
// comma lists, month names (jan-dec), weekday names (mon-sun; 0 = Monday),
// and for `day` also "last" and "1st mon".."5th fri"/"last sun".
// Fields more significant than the least significant given field default to
// "*", less significant ones to their minimum (week and day_of_week stay "*").
//
// Time zones: fields are matched against wall-clock time in the schedule's zone.
// Across DST changes: a wall time skipped by a spring-forward gap fires at the
// UTC offset in force before the gap, i.e. shifted forward by the gap's length
// (02:30 -> 03:30), as APScheduler 3 does. Wall times repeated by a fall-back
// fire again during the repeat only when the hour field is "every hour"
// (so "*/30 minutes" keeps its pace, while a daily 01:30 job runs once, at
// the first 01:30, like Vixie cron; APScheduler 3 picks the second one).
class CronSchedule
{
public:
    enum FieldIndex { Year, Month, Day, Week, DayOfWeek, Hour, Minute, Second, FieldCount };

    // `params` is the CronTimer parameter dict; its `timezone` (an IANA name)
    // overrides `defaultZone`. On failure returns nullopt and sets *error to a
    // message naming the field.
    static std::optional<CronSchedule> fromParameters(const Value &params, QString *error,
                                                      const QTimeZone &defaultZone = QTimeZone("America/Los_Angeles"));

    // The first fire time strictly after `after` (whole seconds), in the
    // schedule's zone; an invalid QDateTime when the schedule never fires again.
    QDateTime nextFireTime(const QDateTime &after) const;
    // The same on epoch seconds; -1 when none. Not thread-safe (caches the
    // zone's current UTC offset window).
    qint64 nextFireSecs(qint64 afterSecs) const;

    QTimeZone timeZone() const { return m_zone; }

private:
    struct Range
    {
        int first = 0;
        int last = 0;
        int step = 1;
    };
    // Day-of-month specials resolved per month.
    struct DaySpecial
    {
        int weekday = -1;  // -1: "last" day of month; else 0-6 with `nth`
        int nth = 0;       // 1-5, or -1 for "last <weekday>"
    };
    struct ZoneWindow
    {
        qint64 from = 1;  // empty window until first use
        qint64 to = 0;
        int offset = 0;
        int previousOffset = 0;  // before `from`; larger after a fall-back
    };

    CronSchedule() = default;
    bool parseField(int index, const Value &value, QString *error);
    bool parseDayToken(QStringView token, QString *error);
    quint64 dayMask(int year, int month) const;
    bool nextYear(int &year) const;
    std::optional<qint64> searchWall(qint64 localSecs) const;
    const ZoneWindow &windowAt(qint64 utcSecs) const;

    QTimeZone m_zone;
    QList<Range> m_years;           // empty = every year
    std::array<quint64, FieldCount> m_masks {};  // bit n set = value n allowed (not Year)
    bool m_everyHour = true;
    bool m_anyWeek = true;
    bool m_anyWeekday = true;
    bool m_anyDayOfMonth = true;
    QList<DaySpecial> m_daySpecials;
    mutable ZoneWindow m_window;
    mutable int m_cachedYear = 0;
    mutable int m_cachedMonth = 0;
    mutable quint64 m_cachedDayMask = 0;
};

} // namespace squall::sensors
