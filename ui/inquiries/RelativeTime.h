#pragma once

#include <QDateTime>
#include <QString>

namespace squall::ui {

// Engine timestamps ("2026-12-03T05:41:03.123456+00:00", microseconds and all)
// as a QDateTime; invalid when the text is empty or unreadable.
QDateTime parseEngineTime(const QString &iso);
// A span as people say it: "45 s", "12 min", "3 h 5 min", "2 d 4 h".
QString spanText(qint64 seconds);
// "3 min ago" / "in 12 min" relative to now.
QString relativeText(const QDateTime &when);

} // namespace squall::ui
