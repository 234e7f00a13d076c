#include "sensors/CronSchedule.h"

#include "base/Value.h"
#include "sensors/CivilTime.h"

#include <QRegularExpression>

#include <bit>
#include <limits>

namespace squall::sensors {

namespace {

constexpr int kMin[] = { 1970, 1, 1, 1, 0, 0, 0, 0 };
constexpr int kMax[] = { 9999, 12, 31, 53, 6, 23, 59, 59 };
// What an unspecified field means once a less significant field was given.
constexpr const char16_t *kDefaults[] = { u"*", u"1", u"1", u"*", u"*", u"0", u"0", u"0" };
constexpr const char16_t *kNames[] = { u"year", u"month", u"day", u"week", u"day_of_week", u"hour", u"minute", u"second" };

constexpr const char16_t *kWeekdays[] = { u"mon", u"tue", u"wed", u"thu", u"fri", u"sat", u"sun" };
constexpr const char16_t *kMonths[] = { u"jan", u"feb", u"mar", u"apr", u"may", u"jun",
                                        u"jul", u"aug", u"sep", u"oct", u"nov", u"dec" };

int indexOfName(QStringView name, const char16_t *const *names, int count)
{
    for (int i = 0; i < count; ++i) {
        if (name == QStringView(names[i]))
            return i;
    }
    return -1;
}

int nextBit(quint64 mask, int from)
{
    if (from > 63)
        return -1;
    const quint64 rest = mask >> from;
    return rest == 0 ? -1 : from + std::countr_zero(rest);
}

quint64 rangeBits(int first, int last, int step)
{
    quint64 bits = 0;
    for (int v = first; v <= last; v += step)
        bits |= quint64(1) << v;
    return bits;
}

} // namespace

std::optional<CronSchedule> CronSchedule::fromParameters(const Value &params, QString *error, const QTimeZone &defaultZone)
{
    auto fail = [error](const QString &message) -> std::optional<CronSchedule> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!params.isNull() && !params.isDict())
        return fail(QStringLiteral("parameters must be an object, not %1").arg(QLatin1StringView(params.typeName())));

    CronSchedule schedule;
    schedule.m_zone = defaultZone;
    const ValueDict empty;
    const ValueDict &dict = params.isDict() ? params.toDict() : empty;

    for (const auto &[key, value] : dict) {
        if (key == u"timezone")
            continue;
        bool known = false;
        for (const char16_t *name : kNames)
            known = known || key == QStringView(name);
        if (!known)
            return fail(QStringLiteral("%1: unknown field (expected year, month, day, week, day_of_week, hour, "
                                       "minute, second or timezone)")
                            .arg(key));
    }
    if (const Value *tz = dict.find(u"timezone"); tz && !tz->isNull()) {
        if (!tz->isString())
            return fail(QStringLiteral("timezone: must be a string, not %1").arg(QLatin1StringView(tz->typeName())));
        const std::optional<QTimeZone> zone = civil::zoneFromName(tz->toString());
        if (!zone)
            return fail(QStringLiteral("timezone: unknown time zone '%1'").arg(tz->toString()));
        schedule.m_zone = *zone;
    }
    if (!schedule.m_zone.isValid())
        return fail(QStringLiteral("timezone: the default time zone is not valid"));

    int remaining = 0;
    for (const char16_t *name : kNames) {
        const Value *v = dict.find(QStringView(name));
        remaining += (v && !v->isNull()) ? 1 : 0;
    }
    bool assignDefaults = false;
    for (int i = 0; i < FieldCount; ++i) {
        const Value *v = dict.find(QStringView(kNames[i]));
        QString fieldError;
        bool ok = true;
        if (v && !v->isNull()) {
            --remaining;
            ok = schedule.parseField(i, *v, &fieldError);
            assignDefaults = remaining == 0;
        } else {
            const Value expr = assignDefaults ? Value(kDefaults[i]) : Value(u"*");
            ok = schedule.parseField(i, expr, &fieldError);
        }
        if (!ok)
            return fail(QStringLiteral("%1: %2").arg(QStringView(kNames[i]), fieldError));
    }
    return schedule;
}

bool CronSchedule::parseField(int index, const Value &value, QString *error)
{
    QString text;
    if (value.isInt()) {
        text = QString::number(value.toInt());
    } else if (value.isString()) {
        text = value.toString().trimmed().toLower();
    } else {
        *error = QStringLiteral("must be an integer or a string, not %1").arg(QLatin1StringView(value.typeName()));
        return false;
    }
    if (text.isEmpty()) {
        *error = QStringLiteral("empty expression");
        return false;
    }

    static const QRegularExpression allRe(QStringLiteral("^\\*(?:/(\\d+))?$"));
    static const QRegularExpression rangeRe(QStringLiteral("^(\\d+)(?:-(\\d+))?(?:/(\\d+))?$"));
    static const QRegularExpression namesRe(QStringLiteral("^([a-z]+)(?:-([a-z]+))?$"));

    const int lo = kMin[index];
    const int hi = kMax[index];
    quint64 bits = 0;
    const QStringList tokens = text.split(u',');
    for (const QString &rawToken : tokens) {
        const QString token = rawToken.trimmed();
        Range range { lo, hi, 1 };
        bool isRange = false;
        QRegularExpressionMatch m;
        if ((m = allRe.match(token)).hasMatch()) {
            if (m.hasCaptured(1)) {
                bool ok = false;
                range.step = m.capturedView(1).toInt(&ok);
                if (!ok || range.step <= 0) {
                    *error = QStringLiteral("'%1': the step must be higher than 0").arg(token);
                    return false;
                }
                if (range.step > hi - lo) {
                    *error = QStringLiteral("'%1': the step value (%2) is higher than the total range of the "
                                            "expression (%3)")
                                 .arg(token)
                                 .arg(range.step)
                                 .arg(hi - lo);
                    return false;
                }
            }
            isRange = true;
        } else if ((m = rangeRe.match(token)).hasMatch()) {
            bool ok1 = false, ok2 = true, ok3 = true;
            range.first = m.capturedView(1).toInt(&ok1);
            const bool hasLast = m.hasCaptured(2);
            const bool hasStep = m.hasCaptured(3);
            if (hasLast)
                range.last = m.capturedView(2).toInt(&ok2);
            else
                range.last = hasStep ? hi : range.first;
            if (hasStep)
                range.step = m.capturedView(3).toInt(&ok3);
            if (!ok1 || !ok2 || !ok3) {
                *error = QStringLiteral("'%1': number out of range").arg(token);
                return false;
            }
            if (hasStep && range.step <= 0) {
                *error = QStringLiteral("'%1': the step must be higher than 0").arg(token);
                return false;
            }
            if (range.first > range.last) {
                *error = QStringLiteral("'%1': the minimum value in a range must not be higher than the maximum")
                             .arg(token);
                return false;
            }
            if (range.first < lo || range.last > hi) {
                *error = QStringLiteral("'%1': values must be between %2 and %3").arg(token).arg(lo).arg(hi);
                return false;
            }
            if (hasStep && range.step > range.last - range.first) {
                *error = QStringLiteral("'%1': the step value (%2) is higher than the total range of the "
                                        "expression (%3)")
                             .arg(token)
                             .arg(range.step)
                             .arg(range.last - range.first);
                return false;
            }
            isRange = true;
        } else if ((index == Month || index == DayOfWeek) && (m = namesRe.match(token)).hasMatch()) {
            const char16_t *const *names = index == Month ? kMonths : kWeekdays;
            const int count = index == Month ? 12 : 7;
            const int base = index == Month ? 1 : 0;
            const int first = indexOfName(m.capturedView(1), names, count);
            const int last = m.hasCaptured(2) ? indexOfName(m.capturedView(2), names, count) : first;
            if (first < 0 || last < 0) {
                *error = QStringLiteral("'%1': unknown %2 name").arg(token, index == Month ? QStringLiteral("month")
                                                                                          : QStringLiteral("weekday"));
                return false;
            }
            if (first > last) {
                *error = QStringLiteral("'%1': the minimum value in a range must not be higher than the maximum")
                             .arg(token);
                return false;
            }
            range = Range { first + base, last + base, 1 };
            isRange = true;
        } else if (index == Day && parseDayToken(token, error)) {
            continue;
        } else {
            if (error->isEmpty())
                *error = QStringLiteral("unrecognised expression '%1'").arg(token);
            return false;
        }
        if (!isRange)
            continue;
        if (index == Year) {
            m_years.append(range);
            continue;
        }
        bits |= rangeBits(range.first, range.last, range.step);
    }
    if (index == Year) {
        // A lone "*" means every year: keep the list empty for the fast path.
        if (m_years.size() == 1 && m_years.front().first == lo && m_years.front().last == hi
            && m_years.front().step == 1)
            m_years.clear();
        return true;
    }
    m_masks[size_t(index)] = bits;
    const quint64 all = rangeBits(lo, hi, 1);
    if (index == Hour)
        m_everyHour = bits == all;
    if (index == Week)
        m_anyWeek = bits == all;
    else if (index == DayOfWeek)
        m_anyWeekday = bits == all;
    else if (index == Day)
        m_anyDayOfMonth = bits == all && m_daySpecials.isEmpty();
    return true;
}

bool CronSchedule::parseDayToken(QStringView token, QString *error)
{
    if (token == u"last") {
        m_daySpecials.append(DaySpecial { -1, 0 });
        return true;
    }
    static const QRegularExpression positionRe(QStringLiteral("^(1st|2nd|3rd|4th|5th|last) +([a-z]+)$"));
    const QRegularExpressionMatch m = positionRe.match(token);
    if (!m.hasMatch())
        return false;
    const int weekday = indexOfName(m.capturedView(2), kWeekdays, 7);
    if (weekday < 0) {
        *error = QStringLiteral("'%1': unknown weekday name").arg(token);
        return false;
    }
    const QStringView position = m.capturedView(1);
    const int nth = position == u"last" ? -1 : position.left(1).toInt();
    m_daySpecials.append(DaySpecial { weekday, nth });
    return true;
}

quint64 CronSchedule::dayMask(int year, int month) const
{
    if (year == m_cachedYear && month == m_cachedMonth)
        return m_cachedDayMask;
    const int length = civil::daysInMonth(year, month);
    quint64 mask = m_masks[Day];
    const qint64 firstDay = civil::daysFromCivil(year, month, 1);
    const int firstWeekday = civil::weekday(firstDay);
    for (const DaySpecial &special : m_daySpecials) {
        if (special.weekday < 0) {
            mask |= quint64(1) << length;
        } else if (special.nth > 0) {
            const int day = 1 + (special.weekday - firstWeekday + 7) % 7 + 7 * (special.nth - 1);
            if (day <= length)
                mask |= quint64(1) << day;
        } else {
            const int lastWeekday = (firstWeekday + length - 1) % 7;
            mask |= quint64(1) << (length - (lastWeekday - special.weekday + 7) % 7);
        }
    }
    mask &= (quint64(1) << (length + 1)) - 2;
    if (!m_anyWeekday || !m_anyWeek) {
        quint64 filtered = 0;
        for (int day = 1; day <= length; ++day) {
            if (!(mask & (quint64(1) << day)))
                continue;
            if (!m_anyWeekday && !(m_masks[DayOfWeek] & (quint64(1) << ((firstWeekday + day - 1) % 7))))
                continue;
            if (!m_anyWeek && !(m_masks[Week] & (quint64(1) << civil::isoWeek(year, month, day))))
                continue;
            filtered |= quint64(1) << day;
        }
        mask = filtered;
    }
    m_cachedYear = year;
    m_cachedMonth = month;
    m_cachedDayMask = mask;
    return mask;
}

bool CronSchedule::nextYear(int &year) const
{
    if (year > kMax[Year])
        return false;
    if (m_years.isEmpty())
        return true;
    int best = std::numeric_limits<int>::max();
    for (const Range &r : m_years) {
        int candidate = r.first;
        if (year > r.first)
            candidate = year + (r.step - (year - r.first) % r.step) % r.step;
        if (candidate <= r.last && candidate < best)
            best = candidate;
    }
    if (best == std::numeric_limits<int>::max())
        return false;
    year = best;
    return true;
}

// Smallest matching wall-clock time (as local seconds since the epoch) at or
// after `localSecs`, ignoring time zone transitions.
std::optional<qint64> CronSchedule::searchWall(qint64 localSecs) const
{
    const qint64 days = civil::floorDiv(localSecs, 86400);
    const qint64 sod = localSecs - days * 86400;
    const civil::Date date = civil::civilFromDays(days);
    int y = date.year, mo = date.month, d = date.day;
    int h = int(sod / 3600), mi = int(sod / 60 % 60), s = int(sod % 60);

    auto nextDay = [&] {
        h = mi = s = 0;
        if (++d > civil::daysInMonth(y, mo)) {
            d = 1;
            if (++mo > 12) {
                mo = 1;
                ++y;
            }
        }
    };
    auto nextMonth = [&] {
        d = 1;
        h = mi = s = 0;
        if (++mo > 12) {
            mo = 1;
            ++y;
        }
    };

    // Bounded by the year range: each pass moves forward at least one unit.
    for (;;) {
        int ny = y;
        if (!nextYear(ny))
            return std::nullopt;
        if (ny != y) {
            y = ny;
            mo = d = 1;
            h = mi = s = 0;
        }
        const int nm = nextBit(m_masks[Month], mo);
        if (nm < 0) {
            ++y;
            mo = d = 1;
            h = mi = s = 0;
            continue;
        }
        if (nm != mo) {
            mo = nm;
            d = 1;
            h = mi = s = 0;
        }
        const int nd = nextBit(dayMask(y, mo), d);
        if (nd < 0) {
            nextMonth();
            continue;
        }
        if (nd != d) {
            d = nd;
            h = mi = s = 0;
        }
        const int nh = nextBit(m_masks[Hour], h);
        if (nh < 0) {
            nextDay();
            continue;
        }
        if (nh != h) {
            h = nh;
            mi = s = 0;
        }
        const int nmi = nextBit(m_masks[Minute], mi);
        if (nmi < 0) {
            mi = s = 0;
            if (++h > 23)
                nextDay();
            continue;
        }
        if (nmi != mi) {
            mi = nmi;
            s = 0;
        }
        const int ns = nextBit(m_masks[Second], s);
        if (ns < 0) {
            s = 0;
            if (++mi > 59) {
                mi = 0;
                if (++h > 23)
                    nextDay();
            }
            continue;
        }
        s = ns;
        return civil::daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    }
}

const CronSchedule::ZoneWindow &CronSchedule::windowAt(qint64 utcSecs) const
{
    if (utcSecs >= m_window.from && utcSecs < m_window.to)
        return m_window;
    const QDateTime at = QDateTime::fromSecsSinceEpoch(utcSecs, Qt::UTC);
    m_window.offset = m_zone.offsetFromUtc(at);
    m_window.previousOffset = m_window.offset;
    m_window.from = std::numeric_limits<qint64>::min();
    m_window.to = std::numeric_limits<qint64>::max();
    if (m_zone.hasTransitions()) {
        const QTimeZone::OffsetData next = m_zone.nextTransition(at);
        if (next.atUtc.isValid())
            m_window.to = next.atUtc.toSecsSinceEpoch();
        const QTimeZone::OffsetData previous = m_zone.previousTransition(at.addSecs(1));
        if (previous.atUtc.isValid()) {
            m_window.from = previous.atUtc.toSecsSinceEpoch();
            m_window.previousOffset = m_zone.offsetFromUtc(previous.atUtc.addSecs(-1));
        }
        if (m_window.to <= utcSecs || m_window.from > utcSecs) {
            // Inconsistent zone data: fall back to a one-second window.
            m_window.from = utcSecs;
            m_window.to = utcSecs + 1;
            m_window.previousOffset = m_window.offset;
        }
    }
    return m_window;
}

qint64 CronSchedule::nextFireSecs(qint64 afterSecs) const
{
    constexpr qint64 none = std::numeric_limits<qint64>::max();
    qint64 t = afterSecs + 1;
    qint64 best = none;
    // Each pass either answers or moves t past one zone transition.
    for (int guard = 0; guard < 100000; ++guard) {
        if (t >= best)
            return best;
        const ZoneWindow window = windowAt(t);
        const std::optional<qint64> wall = searchWall(t + window.offset);
        if (!wall)
            return best == none ? -1 : best;
        const qint64 candidate = *wall - window.offset;
        if (candidate < window.to) {
            // After a fall-back the first (previousOffset - offset) seconds
            // repeat wall times already seen; only every-hour schedules fire again.
            const qint64 repeatEnd = window.from + (window.previousOffset - window.offset);
            if (candidate < repeatEnd && !m_everyHour) {
                t = repeatEnd;
                continue;
            }
            return std::min(best, candidate);
        }
        // The offset changes before the candidate: a spring-forward gap skips
        // the wall times [transition + old offset, transition + new offset).
        const qint64 transition = window.to;
        const int newOffset = windowAt(transition).offset;
        if (newOffset > window.offset) {
            const std::optional<qint64> skipped = searchWall(transition + window.offset);
            if (skipped && *skipped < transition + newOffset)
                best = std::min(best, *skipped - window.offset);
        }
        t = transition;
    }
    return best == none ? -1 : best;
}

QDateTime CronSchedule::nextFireTime(const QDateTime &after) const
{
    if (!after.isValid())
        return {};
    const qint64 next = nextFireSecs(civil::floorDiv(after.toMSecsSinceEpoch(), 1000));
    if (next < 0)
        return {};
    return QDateTime::fromSecsSinceEpoch(next, m_zone);
}

} // namespace squall::sensors
