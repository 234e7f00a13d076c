#pragma once

#include <QString>

#include <optional>

namespace squall::rules {

// The date parsing behind StackStorm's `timediff_*` operators
// (st2common.util.date.parse): ciso8601 first (RFC 3339 / ISO 8601 subset),
// then dateutil's free-form parser (dateutil.parser.parse, default
// parserinfo: month first, English month and weekday names, AM/PM, UTC/GMT/Z
// and numeric offsets). Missing fields come from today's local date at
// midnight, as dateutil's default does; a time without a zone is UTC; a
// zone name other than UTC/GMT/Z and the local zone's abbreviations is
// ignored (dateutil warns and returns a naive time, which StackStorm takes
// as UTC).
class DateParser
{
public:
    // Microseconds since the epoch (UTC), or nullopt with `error` set to the
    // message dateutil raises ("Unknown string format: ...", "String does not
    // contain a date: ...", "month must be in 1..12: ...").
    static std::optional<qint64> parse(const QString &text, QString *error);

    // The ciso8601 step alone (exposed for tests).
    static std::optional<qint64> parseIso(const QString &text);
};

} // namespace squall::rules
