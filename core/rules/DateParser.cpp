#include "rules/DateParser.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QStringList>
#include <QTimeZone>

#include <cmath>

namespace squall::rules {

namespace {

constexpr qint64 kMicrosPerDay = 86400LL * 1000000LL;
const qint64 kEpochJulianDay = QDate(1970, 1, 1).toJulianDay();

qint64 toMicros(const QDate &date, int hour, int minute, int second, int micro, int offsetSeconds)
{
    return (date.toJulianDay() - kEpochJulianDay) * kMicrosPerDay
        + ((qint64(hour) * 3600 + minute * 60 + second - offsetSeconds) * 1000000LL) + micro;
}

// ---------------------------------------------------------------- ciso8601

// ciso8601.parse_datetime: calendar, ordinal and week dates (extended or
// basic), an optional time after T/t/space (hh, hhmm, hh:mm, seconds,
// fraction after '.' or ','), an optional Z/z or +-hh[[:]mm] zone. Anything
// else is left to dateutil.
class IsoReader
{
public:
    explicit IsoReader(const QString &s) : m_s(s) { }

    std::optional<qint64> read()
    {
        int year = 0;
        if (!digits(4, &year))
            return std::nullopt;
        QDate date;
        if (atEnd()) {
            date = QDate(year, 1, 1);
        } else {
            const bool extended = peek(u'-');
            if (extended)
                ++m_i;
            if (peek(u'W')) {
                ++m_i;
                int week = 0;
                int weekday = 1;
                if (!digits(2, &week))
                    return std::nullopt;
                if (!atEnd() && !isTimeSeparator()) {
                    if (extended && !eat(u'-'))
                        return std::nullopt;
                    if (!digits(1, &weekday))
                        return std::nullopt;
                }
                date = weekDate(year, week, weekday);
            } else {
                int a = 0;
                const qsizetype start = m_i;
                while (m_i < m_s.size() && m_s.at(m_i).isDigit() && m_s.at(m_i).unicode() < 128)
                    ++m_i;
                const qsizetype len = m_i - start;
                const QStringView run = QStringView(m_s).mid(start, len);
                if (extended && len == 2) {  // YYYY-MM[-DD]
                    const int month = run.toInt();
                    int day = 1;
                    if (eat(u'-')) {
                        if (!digits(2, &day))
                            return std::nullopt;
                    }
                    date = QDate(year, month, day);
                } else if (extended && len == 3) {  // YYYY-DDD
                    a = run.toInt();
                    date = ordinalDate(year, a);
                } else if (!extended && len == 4) {  // YYYYMMDD
                    date = QDate(year, run.left(2).toInt(), run.mid(2).toInt());
                } else if (!extended && len == 3) {  // YYYYDDD
                    date = ordinalDate(year, run.toInt());
                } else {
                    return std::nullopt;
                }
            }
        }
        if (!date.isValid())
            return std::nullopt;

        int hour = 0, minute = 0, second = 0, micro = 0, offset = 0;
        if (!atEnd()) {
            if (!isTimeSeparator())
                return std::nullopt;
            ++m_i;
            if (!digits(2, &hour))
                return std::nullopt;
            bool extendedTime = false;
            if (eat(u':')) {
                extendedTime = true;
                if (!digits(2, &minute))
                    return std::nullopt;
            } else if (peekDigit()) {
                if (!digits(2, &minute))
                    return std::nullopt;
            }
            if (extendedTime ? eat(u':') : peekDigit()) {
                if (!digits(2, &second))
                    return std::nullopt;
                if (peek(u'.') || peek(u',')) {
                    ++m_i;
                    const qsizetype start = m_i;
                    while (peekDigit())
                        ++m_i;
                    if (m_i == start)
                        return std::nullopt;
                    micro = QStringView(m_s).mid(start, qMin<qsizetype>(6, m_i - start)).toString()
                                .leftJustified(6, u'0').toInt();
                }
            }
            if (!atEnd()) {
                if (eat(u'Z') || eat(u'z')) {
                    offset = 0;
                } else if (peek(u'+') || peek(u'-')) {
                    const int sign = m_s.at(m_i) == u'-' ? -1 : 1;
                    ++m_i;
                    int oh = 0, om = 0;
                    if (!digits(2, &oh))
                        return std::nullopt;
                    if (eat(u':')) {
                        if (!digits(2, &om))
                            return std::nullopt;
                    } else if (peekDigit() && !digits(2, &om)) {
                        return std::nullopt;
                    }
                    if (oh > 23 || om > 59)
                        return std::nullopt;
                    offset = sign * (oh * 3600 + om * 60);
                } else {
                    return std::nullopt;
                }
            }
            if (!atEnd())
                return std::nullopt;
            if (hour == 24 && minute == 0 && second == 0 && micro == 0) {
                hour = 0;
                date = date.addDays(1);
            }
            if (hour > 23 || minute > 59 || second > 59)
                return std::nullopt;
        }
        return toMicros(date, hour, minute, second, micro, offset);
    }

private:
    bool atEnd() const { return m_i >= m_s.size(); }
    bool peek(char16_t c) const { return m_i < m_s.size() && m_s.at(m_i) == c; }
    bool peekDigit() const { return m_i < m_s.size() && m_s.at(m_i) >= u'0' && m_s.at(m_i) <= u'9'; }
    bool eat(char16_t c)
    {
        if (!peek(c))
            return false;
        ++m_i;
        return true;
    }
    bool isTimeSeparator() const { return peek(u'T') || peek(u't') || peek(u' '); }
    bool digits(int count, int *out)
    {
        int v = 0;
        for (int k = 0; k < count; ++k) {
            if (!peekDigit())
                return false;
            v = v * 10 + (m_s.at(m_i).unicode() - u'0');
            ++m_i;
        }
        *out = v;
        return true;
    }
    static QDate ordinalDate(int year, int day)
    {
        const QDate first(year, 1, 1);
        if (day < 1 || day > first.daysInYear())
            return {};
        return first.addDays(day - 1);
    }
    static QDate weekDate(int year, int week, int weekday)
    {
        if (week < 1 || week > 53 || weekday < 1 || weekday > 7)
            return {};
        const QDate jan4(year, 1, 4);
        const QDate monday = jan4.addDays(1 - jan4.dayOfWeek());
        const QDate d = monday.addDays((week - 1) * 7 + weekday - 1);
        int isoYear = 0;
        d.weekNumber(&isoYear);
        return isoYear == year ? d : QDate();
    }

    const QString &m_s;
    qsizetype m_i = 0;
};

// ---------------------------------------------------------------- dateutil

// dateutil's _timelex: runs of letters, runs of digits (with '.'/',' kept
// for decimals), every other character on its own, each space as ' '.
QStringList splitTokens(const QString &s)
{
    QStringList tokens;
    QStringList pending;
    qsizetype i = 0;
    const qsizetype n = s.size();
    QList<QChar> charStack;
    const auto next = [&]() -> QChar {
        if (!charStack.isEmpty())
            return charStack.takeFirst();
        while (i < n && s.at(i) == QChar(0))
            ++i;
        return i < n ? s.at(i++) : QChar();
    };
    while (true) {
        if (!pending.isEmpty()) {
            tokens.append(pending.takeFirst());
            continue;
        }
        QString token;
        enum { None, Word, Num, WordDot, NumDot } state = None;
        bool seenLetters = false;
        bool eof = false;
        while (true) {
            const QChar c = next();
            if (c.isNull()) {
                eof = true;
                break;
            }
            if (state == None) {
                token = c;
                if (c.isLetter()) {
                    state = Word;
                } else if (c.isDigit()) {
                    state = Num;
                } else {
                    if (c.isSpace())
                        token = QStringLiteral(" ");
                    break;
                }
            } else if (state == Word) {
                seenLetters = true;
                if (c.isLetter()) {
                    token += c;
                } else if (c == u'.') {
                    token += c;
                    state = WordDot;
                } else {
                    charStack.append(c);
                    break;
                }
            } else if (state == Num) {
                if (c.isDigit()) {
                    token += c;
                } else if (c == u'.' || (c == u',' && token.size() >= 2)) {
                    token += c;
                    state = NumDot;
                } else {
                    charStack.append(c);
                    break;
                }
            } else if (state == WordDot) {
                seenLetters = true;
                if (c == u'.' || c.isLetter()) {
                    token += c;
                } else if (c.isDigit() && token.back() == u'.') {
                    token += c;
                    state = NumDot;
                } else {
                    charStack.append(c);
                    break;
                }
            } else {  // NumDot
                if (c == u'.' || c.isDigit()) {
                    token += c;
                } else if (c.isLetter() && token.back() == u'.') {
                    token += c;
                    state = WordDot;
                } else {
                    charStack.append(c);
                    break;
                }
            }
        }
        if (token.isEmpty() && eof)
            break;
        if ((state == WordDot || state == NumDot)
            && (seenLetters || token.count(u'.') > 1 || token.back() == u'.' || token.back() == u',')) {
            // Split on '.' and ',' keeping the separators.
            QStringList parts;
            QString cur;
            for (QChar c : std::as_const(token)) {
                if (c == u'.' || c == u',') {
                    parts.append(cur);
                    parts.append(QString(c));
                    cur.clear();
                } else {
                    cur += c;
                }
            }
            parts.append(cur);
            token = parts.takeFirst();
            for (const QString &p : std::as_const(parts))
                if (!p.isEmpty())
                    pending.append(p);
        }
        if (state == NumDot && !token.contains(u'.'))
            token.replace(u',', u'.');
        tokens.append(token);
        if (eof && pending.isEmpty())
            break;
    }
    return tokens;
}

struct ParseFailure
{
    QString message;  // empty: "Unknown string format"
};

// Python's int() on a token: digits only (any script), optional sign and spaces.
int toInt(const QString &s)
{
    const QString t = s.trimmed();
    if (t.isEmpty())
        throw ParseFailure {};
    qint64 v = 0;
    qsizetype k = 0;
    bool negative = false;
    if (t.at(0) == u'+' || t.at(0) == u'-') {
        negative = t.at(0) == u'-';
        k = 1;
    }
    if (k >= t.size())
        throw ParseFailure {};
    for (; k < t.size(); ++k) {
        const int d = t.at(k).digitValue();
        if (d < 0 || !t.at(k).isDigit())
            throw ParseFailure {};
        v = v * 10 + d;
        if (v > 1000000000)
            throw ParseFailure {};
    }
    return int(negative ? -v : v);
}

// Decimal(token): the numeric tokens the lexer makes ("12", "12.5", "12.").
double toDecimal(const QString &s)
{
    QString ascii;
    for (QChar c : s) {
        if (c.isDigit())
            ascii += QChar(u'0' + c.digitValue());
        else
            ascii += c;
    }
    bool ok = false;
    const double v = ascii.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        throw ParseFailure {};
    return v;
}

// int(Decimal): truncation. Values no date field can hold are refused here
// (dateutil fails on them later anyway) so the cast is always defined.
int truncate(double v)
{
    if (!(std::fabs(v) < 1e9))
        throw ParseFailure {};
    return int(v);
}

bool isDigits(const QString &s)
{
    if (s.isEmpty())
        return false;
    for (QChar c : s)
        if (!c.isDigit())
            return false;
    return true;
}

// float(token) succeeds: the token is numeric (also "nan"/"inf", which then fail).
bool looksNumeric(const QString &s)
{
    const QString l = s.toLower();
    if (l == u"nan" || l == u"inf" || l == u"infinity")
        return true;
    bool digit = false;
    for (QChar c : s) {
        if (c.isDigit())
            digit = true;
        else if (c != u'.')
            return false;
    }
    return digit && s.count(u'.') <= 1;
}

const QHash<QString, int> &table(const char *which)
{
    static const QHash<QString, int> jump = {
        {QStringLiteral(" "), 0}, {QStringLiteral("."), 0}, {QStringLiteral(","), 0}, {QStringLiteral(";"), 0},
        {QStringLiteral("-"), 0}, {QStringLiteral("/"), 0}, {QStringLiteral("'"), 0}, {QStringLiteral("at"), 0},
        {QStringLiteral("on"), 0}, {QStringLiteral("and"), 0}, {QStringLiteral("ad"), 0}, {QStringLiteral("m"), 0},
        {QStringLiteral("t"), 0}, {QStringLiteral("of"), 0}, {QStringLiteral("st"), 0}, {QStringLiteral("nd"), 0},
        {QStringLiteral("rd"), 0}, {QStringLiteral("th"), 0}};
    static const QHash<QString, int> weekdays = {
        {QStringLiteral("mon"), 0}, {QStringLiteral("monday"), 0}, {QStringLiteral("tue"), 1},
        {QStringLiteral("tuesday"), 1}, {QStringLiteral("wed"), 2}, {QStringLiteral("wednesday"), 2},
        {QStringLiteral("thu"), 3}, {QStringLiteral("thursday"), 3}, {QStringLiteral("fri"), 4},
        {QStringLiteral("friday"), 4}, {QStringLiteral("sat"), 5}, {QStringLiteral("saturday"), 5},
        {QStringLiteral("sun"), 6}, {QStringLiteral("sunday"), 6}};
    static const QHash<QString, int> months = {
        {QStringLiteral("jan"), 1}, {QStringLiteral("january"), 1}, {QStringLiteral("feb"), 2},
        {QStringLiteral("february"), 2}, {QStringLiteral("mar"), 3}, {QStringLiteral("march"), 3},
        {QStringLiteral("apr"), 4}, {QStringLiteral("april"), 4}, {QStringLiteral("may"), 5},
        {QStringLiteral("jun"), 6}, {QStringLiteral("june"), 6}, {QStringLiteral("jul"), 7},
        {QStringLiteral("july"), 7}, {QStringLiteral("aug"), 8}, {QStringLiteral("august"), 8},
        {QStringLiteral("sep"), 9}, {QStringLiteral("sept"), 9}, {QStringLiteral("september"), 9},
        {QStringLiteral("oct"), 10}, {QStringLiteral("october"), 10}, {QStringLiteral("nov"), 11},
        {QStringLiteral("november"), 11}, {QStringLiteral("dec"), 12}, {QStringLiteral("december"), 12}};
    static const QHash<QString, int> hms = {
        {QStringLiteral("h"), 0}, {QStringLiteral("hour"), 0}, {QStringLiteral("hours"), 0},
        {QStringLiteral("m"), 1}, {QStringLiteral("minute"), 1}, {QStringLiteral("minutes"), 1},
        {QStringLiteral("s"), 2}, {QStringLiteral("second"), 2}, {QStringLiteral("seconds"), 2}};
    static const QHash<QString, int> ampm = {
        {QStringLiteral("am"), 0}, {QStringLiteral("a"), 0}, {QStringLiteral("pm"), 1}, {QStringLiteral("p"), 1}};
    switch (which[0]) {
    case 'j': return jump;
    case 'w': return weekdays;
    case 'm': return months;
    case 'h': return hms;
    default: return ampm;
    }
}

std::optional<int> lookup(const char *which, const QString &token)
{
    const auto &t = table(which);
    auto it = t.constFind(token.toLower());
    if (it == t.constEnd())
        return std::nullopt;
    return *it;
}

bool isJump(const QString &t) { return lookup("jump", t).has_value(); }
bool isUtcZone(const QString &t)
{
    const QString l = t.toLower();
    return l == u"utc" || l == u"gmt" || l == u"z";
}

// dateutil's _ymd: up to three numbers, some labelled by where they came from.
struct Ymd
{
    QList<int> values;
    bool centurySpecified = false;
    int ystr = -1, mstr = -1, dstr = -1;

    void append(const QString &token, char label = 0)
    {
        if (isDigits(token) && token.size() > 2) {
            centurySpecified = true;
            label = 'Y';
        }
        add(toInt(token), label);
    }
    void append(double value, char label = 0)
    {
        if (value > 100) {
            centurySpecified = true;
            label = 'Y';
        }
        add(truncate(value), label);
    }
    void add(int v, char label)
    {
        values.append(v);
        const int idx = int(values.size()) - 1;
        if (label == 'M') {
            if (mstr >= 0)
                throw ParseFailure {};
            mstr = idx;
        } else if (label == 'D') {
            if (dstr >= 0)
                throw ParseFailure {};
            dstr = idx;
        } else if (label == 'Y') {
            if (ystr >= 0)
                throw ParseFailure {};
            ystr = idx;
        }
    }
    bool couldBeDay(double value) const
    {
        if (dstr >= 0)
            return false;
        if (mstr < 0)
            return 1 <= value && value <= 31;
        const int month = values.at(mstr);
        const int year = ystr < 0 ? 2000 : values.at(ystr);
        const QDate d(year, month, 1);
        return d.isValid() && 1 <= value && value <= d.daysInMonth();
    }

    void resolve(std::optional<int> *year, std::optional<int> *month, std::optional<int> *day) const
    {
        const int len = int(values.size());
        int known = (ystr >= 0) + (mstr >= 0) + (dstr >= 0);
        if ((len == known && known > 0) || (len == 3 && known == 2)) {
            int y = ystr, m = mstr, d = dstr;
            if (len == 3 && known == 2) {
                const int missing = 3 - (y < 0 ? 0 : y) - (m < 0 ? 0 : m) - (d < 0 ? 0 : d);
                if (y < 0)
                    y = missing;
                else if (m < 0)
                    m = missing;
                else
                    d = missing;
            }
            if (y >= 0)
                *year = values.at(y);
            if (m >= 0)
                *month = values.at(m);
            if (d >= 0)
                *day = values.at(d);
            return;
        }
        if (len > 3)
            throw ParseFailure {};
        const auto v = [this](int k) { return values.at(k); };
        if (len == 1 || (mstr >= 0 && len == 2)) {
            int other;
            if (mstr >= 0) {
                *month = v(mstr);
                other = v(mstr == 0 ? len - 1 : mstr - 1);
            } else {
                other = v(0);
            }
            if (len > 1 || mstr < 0) {
                if (other > 31)
                    *year = other;
                else
                    *day = other;
            }
        } else if (len == 2) {
            if (v(0) > 31) {
                *year = v(0);
                *month = v(1);
            } else if (v(1) > 31) {
                *month = v(0);
                *year = v(1);
            } else {
                *month = v(0);
                *day = v(1);
            }
        } else if (len == 3) {
            if (mstr == 0) {
                if (v(1) > 31) {
                    *month = v(0); *year = v(1); *day = v(2);
                } else {
                    *month = v(0); *day = v(1); *year = v(2);
                }
            } else if (mstr == 1) {
                if (v(0) > 31) {
                    *year = v(0); *month = v(1); *day = v(2);
                } else {
                    *day = v(0); *month = v(1); *year = v(2);
                }
            } else if (mstr == 2) {
                if (v(1) > 31) {
                    *day = v(0); *year = v(1); *month = v(2);
                } else {
                    *year = v(0); *day = v(1); *month = v(2);
                }
            } else {
                if (v(0) > 31 || ystr == 0) {
                    *year = v(0); *month = v(1); *day = v(2);
                } else if (v(0) > 12) {
                    *day = v(0); *month = v(1); *year = v(2);
                } else {
                    *month = v(0); *day = v(1); *year = v(2);
                }
            }
        }
    }
};

struct Result
{
    std::optional<int> year, month, day, weekday, hour, minute, second, microsecond, ampm, tzoffset;
    std::optional<QString> tzname;
    bool centurySpecified = false;
    int count() const
    {
        return year.has_value() + month.has_value() + day.has_value() + weekday.has_value() + hour.has_value()
            + minute.has_value() + second.has_value() + microsecond.has_value() + tzname.has_value()
            + tzoffset.has_value() + ampm.has_value();
    }
};

class FreeFormParser
{
public:
    explicit FreeFormParser(const QString &text) : l(splitTokens(text)) { }

    // Follows dateutil.parser._parse with dayfirst/yearfirst/fuzzy off.
    Result run()
    {
        Result res;
        Ymd ymd;
        const qsizetype len = l.size();
        for (qsizetype i = 0; i < len; ++i) {
            const QString &tok = l.at(i);
            if (looksNumeric(tok)) {
                i = numericToken(i, ymd, res);
            } else if (auto wd = lookup("weekday", tok)) {
                res.weekday = *wd;
            } else if (auto mo = lookup("month", tok)) {
                ymd.add(*mo, 'M');
                if (i + 1 < len) {
                    if (l.at(i + 1) == u"-" || l.at(i + 1) == u"/") {
                        const QString sep = l.at(i + 1);
                        ymd.append(at(i + 2));
                        if (i + 3 < len && l.at(i + 3) == sep) {
                            ymd.append(at(i + 4));
                            i += 2;
                        }
                        i += 2;
                    } else if (i + 4 < len && l.at(i + 1) == u" " && l.at(i + 3) == u" "
                               && l.at(i + 2).toLower() == u"of") {
                        if (isDigits(l.at(i + 4)))
                            ymd.add(convertYear(toInt(l.at(i + 4)), false), 'Y');
                        i += 4;
                    }
                }
            } else if (auto ap = lookup("ampm", tok)) {
                if (!res.hour || *res.hour < 0 || *res.hour > 12)
                    throw ParseFailure {};
                res.hour = adjustAmPm(*res.hour, *ap);
                res.ampm = *ap;
            } else if (couldBeTzName(res, tok)) {
                res.tzname = tok;
                res.tzoffset = tok == u"z" || tok == u"Z" ? std::optional<int>(0) : std::nullopt;
                if (i + 1 < len && (l.at(i + 1) == u"+" || l.at(i + 1) == u"-")) {
                    // "UTC+3" means three hours behind UTC (POSIX style).
                    l[i + 1] = l.at(i + 1) == u"+" ? QStringLiteral("-") : QStringLiteral("+");
                    res.tzoffset.reset();
                    if (isUtcZone(tok))
                        res.tzname.reset();
                }
            } else if (res.hour && (tok == u"+" || tok == u"-")) {
                const int sign = tok == u"+" ? 1 : -1;
                const QString &off = at(i + 1);
                int h = 0, m = 0;
                if (off.size() == 4) {
                    h = toInt(off.left(2));
                    m = toInt(off.mid(2));
                } else if (i + 2 < len && l.at(i + 2) == u":") {
                    h = toInt(off);
                    m = toInt(at(i + 3));
                    i += 2;
                } else if (off.size() <= 2) {
                    h = toInt(off.left(2));
                } else {
                    throw ParseFailure {};
                }
                res.tzoffset = sign * (h * 3600 + m * 60);
                if (i + 5 < len && isJump(l.at(i + 2)) && l.at(i + 3) == u"(" && l.at(i + 5) == u")"
                    && l.at(i + 4).size() >= 3 && couldBeTzName(res, l.at(i + 4), true)) {
                    res.tzname = l.at(i + 4);
                    i += 4;
                }
                i += 1;
            } else if (!isJump(tok)) {
                throw ParseFailure {};
            }
        }
        ymd.resolve(&res.year, &res.month, &res.day);
        res.centurySpecified = ymd.centurySpecified;
        // parserinfo.validate
        if (res.year)
            res.year = convertYear(*res.year, res.centurySpecified);
        if ((res.tzoffset == 0 && !res.tzname) || res.tzname == u"Z" || res.tzname == u"z") {
            res.tzname = QStringLiteral("UTC");
            res.tzoffset = 0;
        } else if (res.tzoffset != 0 && res.tzname && isUtcZone(*res.tzname)) {
            res.tzoffset = 0;
        }
        return res;
    }

    static int convertYear(int year, bool centurySpecified)
    {
        if (year < 100 && !centurySpecified) {
            const int now = QDate::currentDate().year();
            year += now / 100 * 100;
            if (year >= now + 50)
                year -= 100;
            else if (year < now - 50)
                year += 100;
        }
        return year;
    }

private:
    const QString &at(qsizetype k) const
    {
        if (k >= l.size())
            throw ParseFailure {};  // IndexError in dateutil
        return l.at(k);
    }

    static int adjustAmPm(int hour, int ampm)
    {
        if (hour < 12 && ampm == 1)
            return hour + 12;
        if (hour == 12 && ampm == 0)
            return 0;
        return hour;
    }

    static bool couldBeTzName(const Result &res, const QString &token, bool ignoreOffset = false)
    {
        if (!res.hour || res.tzname || (!ignoreOffset && res.tzoffset) || token.size() > 5)
            return false;
        if (token == u"UTC" || token == u"GMT" || token == u"Z" || token == u"z")
            return true;
        for (QChar c : token)
            if (c < u'A' || c > u'Z')
                return false;
        return !token.isEmpty();
    }

    static std::pair<int, int> parseMs(const QString &value)
    {
        if (!value.contains(u'.'))
            return {toInt(value), 0};
        const QStringList parts = value.split(u'.');
        if (parts.size() != 2)
            throw ParseFailure {};
        return {toInt(parts.at(0)), toInt(parts.at(1).leftJustified(6, u'0').left(6))};
    }

    static void minSec(double value, Result &res)
    {
        res.minute = truncate(value);
        const double rem = std::fmod(value, 1.0);
        if (rem != 0)
            res.second = int(60 * rem);
    }

    std::optional<qsizetype> hmsIndex(qsizetype idx) const
    {
        const qsizetype len = l.size();
        if (idx + 1 < len && lookup("hms", l.at(idx + 1)))
            return idx + 1;
        if (idx + 2 < len && l.at(idx + 1) == u" " && lookup("hms", l.at(idx + 2)))
            return idx + 2;
        if (idx > 0 && lookup("hms", l.at(idx - 1)))
            return idx - 1;
        if (1 < idx && idx == len - 1 && l.at(idx - 1) == u" " && lookup("hms", l.at(idx - 2)))
            return idx - 2;
        return std::nullopt;
    }

    qsizetype numericToken(qsizetype idx, Ymd &ymd, Result &res)
    {
        const QString s = l.at(idx);
        const double value = toDecimal(s);
        const qsizetype lenLi = s.size();
        const qsizetype len = l.size();

        if (ymd.values.size() == 3 && (lenLi == 2 || lenLi == 4) && !res.hour
            && (idx + 1 >= len || (l.at(idx + 1) != u":" && !lookup("hms", l.at(idx + 1))))) {
            res.hour = toInt(s.left(2));
            if (lenLi == 4)
                res.minute = toInt(s.mid(2));
        } else if (lenLi == 6 || (lenLi > 6 && s.indexOf(u'.') == 6)) {
            if (ymd.values.isEmpty() && !s.contains(u'.')) {
                ymd.append(s.left(2));
                ymd.append(s.mid(2, 2));
                ymd.append(s.mid(4));
            } else {
                res.hour = toInt(s.left(2));
                res.minute = toInt(s.mid(2, 2));
                const auto [sec, us] = parseMs(s.mid(4));
                res.second = sec;
                res.microsecond = us;
            }
        } else if (lenLi == 8 || lenLi == 12 || lenLi == 14) {
            ymd.append(s.left(4), 'Y');
            ymd.append(s.mid(4, 2));
            ymd.append(s.mid(6, 2));
            if (lenLi > 8) {
                res.hour = toInt(s.mid(8, 2));
                res.minute = toInt(s.mid(10, 2));
                if (lenLi > 12)
                    res.second = toInt(s.mid(12));
            }
        } else if (const auto hmsIdx = hmsIndex(idx)) {
            int hms;
            if (*hmsIdx > idx) {
                hms = *lookup("hms", l.at(*hmsIdx));
                idx = *hmsIdx;
            } else {
                hms = *lookup("hms", l.at(*hmsIdx)) + 1;
            }
            if (hms == 0) {
                res.hour = truncate(value);
                if (std::fmod(value, 1.0) != 0)
                    res.minute = int(60 * std::fmod(value, 1.0));
            } else if (hms == 1) {
                minSec(value, res);
            } else if (hms == 2) {
                const auto [sec, us] = parseMs(s);
                res.second = sec;
                res.microsecond = us;
            }
        } else if (idx + 2 < len && l.at(idx + 1) == u":") {
            res.hour = truncate(value);
            minSec(toDecimal(l.at(idx + 2)), res);
            if (idx + 4 < len && l.at(idx + 3) == u":") {
                const auto [sec, us] = parseMs(l.at(idx + 4));
                res.second = sec;
                res.microsecond = us;
                idx += 2;
            }
            idx += 2;
        } else if (idx + 1 < len && (l.at(idx + 1) == u"-" || l.at(idx + 1) == u"/" || l.at(idx + 1) == u".")) {
            const QString sep = l.at(idx + 1);
            ymd.append(s);
            if (idx + 2 < len && !isJump(l.at(idx + 2))) {
                if (isDigits(l.at(idx + 2))) {
                    ymd.append(l.at(idx + 2));
                } else if (auto mo = lookup("month", l.at(idx + 2))) {
                    ymd.add(*mo, 'M');
                } else {
                    throw ParseFailure {};
                }
                if (idx + 3 < len && l.at(idx + 3) == sep) {
                    if (auto mo = lookup("month", at(idx + 4)))
                        ymd.add(*mo, 'M');
                    else
                        ymd.append(l.at(idx + 4));
                    idx += 2;
                }
                idx += 1;
            }
            idx += 1;
        } else if (idx + 1 >= len || isJump(l.at(idx + 1))) {
            if (idx + 2 < len && lookup("ampm", l.at(idx + 2))) {
                res.hour = adjustAmPm(truncate(value), *lookup("ampm", l.at(idx + 2)));
                idx += 1;
            } else {
                ymd.append(value);
            }
            idx += 1;
        } else if (lookup("ampm", l.at(idx + 1)) && 0 <= value && value < 24) {
            res.hour = adjustAmPm(truncate(value), *lookup("ampm", l.at(idx + 1)));
            idx += 1;
        } else if (ymd.couldBeDay(value)) {
            ymd.append(value);
        } else {
            throw ParseFailure {};
        }
        return idx;
    }

    QStringList l;
};

bool isLocalZoneName(const QString &name)
{
    const QTimeZone local = QTimeZone::systemTimeZone();
    return name == local.displayName(QTimeZone::StandardTime, QTimeZone::ShortName)
        || name == local.displayName(QTimeZone::DaylightTime, QTimeZone::ShortName);
}

} // namespace

std::optional<qint64> DateParser::parseIso(const QString &text)
{
    return IsoReader(text).read();
}

std::optional<qint64> DateParser::parse(const QString &text, QString *error)
{
    if (auto iso = parseIso(text))
        return iso;

    Result res;
    try {
        res = FreeFormParser(text).run();
    } catch (const ParseFailure &) {
        *error = QStringLiteral("Unknown string format: %1").arg(text);
        return std::nullopt;
    }
    if (res.count() == 0) {
        *error = QStringLiteral("String does not contain a date: %1").arg(text);
        return std::nullopt;
    }

    // _build_naive over today's local date at midnight.
    const QDate today = QDate::currentDate();
    const int year = res.year.value_or(today.year());
    const int month = res.month.value_or(today.month());
    int day = res.day.value_or(today.day());
    const auto fail = [&](const QString &why) {
        *error = QStringLiteral("%1: %2").arg(why, text);
        return std::nullopt;
    };
    if (year < 1 || year > 9999)
        return fail(QStringLiteral("year %1 is out of range").arg(year));
    if (month < 1 || month > 12)
        return fail(QStringLiteral("month must be in 1..12"));
    const int daysInMonth = QDate(year, month, 1).daysInMonth();
    if (!res.day && day > daysInMonth)
        day = daysInMonth;
    if (day < 1 || day > daysInMonth)
        return fail(QStringLiteral("day is out of range for month"));
    const int hour = res.hour.value_or(0);
    const int minute = res.minute.value_or(0);
    const int second = res.second.value_or(0);
    const int micro = res.microsecond.value_or(0);
    if (hour < 0 || hour > 23)
        return fail(QStringLiteral("hour must be in 0..23"));
    if (minute < 0 || minute > 59)
        return fail(QStringLiteral("minute must be in 0..59"));
    if (second < 0 || second > 59)
        return fail(QStringLiteral("second must be in 0..59"));
    if (micro < 0 || micro > 999999)
        return fail(QStringLiteral("microsecond must be in 0..999999"));
    QDate date(year, month, day);
    if (res.weekday && !res.day)  // relativedelta(weekday=...): that weekday, on or after
        date = date.addDays((*res.weekday + 1 - date.dayOfWeek() + 7) % 7);

    // _build_tzaware without tzinfos, then StackStorm's "naive means UTC".
    if (res.tzname && isLocalZoneName(*res.tzname) && !(res.tzoffset == 0 && isUtcZone(*res.tzname))) {
        const QDateTime local(date, QTime(hour, minute, second, micro / 1000), Qt::LocalTime);
        return local.toMSecsSinceEpoch() * 1000 + micro % 1000;
    }
    const int offset = res.tzoffset.value_or(0);  // an unknown zone name leaves the time naive
    return toMicros(date, hour, minute, second, micro, offset);
}

} // namespace squall::rules
