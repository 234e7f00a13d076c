#pragma once

#include "base/Value.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <QVariantMap>

namespace squall::ui {

// What the History list shows. Every field becomes a query parameter of the
// executions list, so a filter costs the engine an indexed query, not the
// studio a scan of everything it holds.
struct HistoryFilter
{
    QString status;    // "failed", ... (empty: any)
    QString action;    // action ref
    QString rule;      // rule ref
    QString trigger;   // trigger ref ("core.st2.webhook", ...)
    QString text;      // free text: action, id, rule or user contains it
    // Relative ranges follow the clock ("last 24 hours" stays the last 24
    // hours); `from` / `to` are used when `lastSeconds` is 0.
    qint64 lastSeconds = 0;
    QDateTime from, to;
    // The list's order, by start time; the engine sorts (an indexed query).
    bool oldestFirst = false;

    bool operator==(const HistoryFilter &) const = default;

    // Top-level rows only, unless the filter names an action or text (then a
    // matching workflow task is worth a row of its own).
    bool topLevelOnly() const { return action.isEmpty() && text.isEmpty(); }
    QDateTime effectiveFrom(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    QDateTime effectiveTo() const { return lastSeconds > 0 ? QDateTime() : to; }
    // The list query for this filter (paging parameters left out).
    QHash<QString, QString> params() const;
    // Whether a live execution document belongs to the list.
    bool matches(const Value &execution) const;

    QVariantMap toVariant() const;
    static HistoryFilter fromVariant(const QVariantMap &map);
};

} // namespace squall::ui
