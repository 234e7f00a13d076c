#pragma once

#include <QDateTime>
#include <QString>

namespace squall {

// 24-hex-digit ids shaped like StackStorm's (MongoDB ObjectId): 4 bytes of
// seconds, 5 bytes of per-process randomness, a 3-byte counter. They sort by
// creation time, which history paging relies on.
QString newId();
bool isId(QStringView s);

// A 24-hex-digit id derived from `key` (SHA-1): the same key gives the same id
// in every run, for definitions that come from files rather than the store.
QString stableId(QStringView key);

// Random token material (hex), from the system CSPRNG.
QString randomHex(int bytes);

// StackStorm's timestamp format: 2020-11-05T10:34:06.123456Z (UTC, microseconds).
QString isoTimestamp(const QDateTime &t);
QString nowTimestamp();
qint64 nowMicros();  // microseconds since the epoch, UTC
QString isoFromMicros(qint64 us);
// Parses ISO-8601 / RFC 3339 (with or without zone; naive means UTC, as
// StackStorm's dateutil use assumes). Invalid QDateTime on failure.
QDateTime parseTimestamp(QStringView s);

} // namespace squall
