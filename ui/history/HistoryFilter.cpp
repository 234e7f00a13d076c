#include "ui/history/HistoryFilter.h"

#include "base/Ids.h"

using namespace Qt::StringLiterals;

namespace squall::ui {

QDateTime HistoryFilter::effectiveFrom(const QDateTime &now) const
{
    return lastSeconds > 0 ? now.addSecs(-lastSeconds) : from;
}

QHash<QString, QString> HistoryFilter::params() const
{
    QHash<QString, QString> p;
    if (topLevelOnly())
        p.insert(u"parent"_s, u"null"_s);
    if (!status.isEmpty())
        p.insert(u"status"_s, status);
    if (!action.isEmpty())
        p.insert(u"action"_s, action);
    if (!rule.isEmpty())
        p.insert(u"rule"_s, rule);
    if (!trigger.isEmpty())
        p.insert(u"trigger"_s, trigger);
    if (oldestFirst)
        p.insert(u"sort_asc"_s, u"true"_s);
    if (!text.isEmpty())
        p.insert(u"search"_s, text);
    if (const QDateTime f = effectiveFrom(); f.isValid())
        p.insert(u"timestamp_gt"_s, isoTimestamp(f));
    if (const QDateTime t = effectiveTo(); t.isValid())
        p.insert(u"timestamp_lt"_s, isoTimestamp(t));
    return p;
}

bool HistoryFilter::matches(const Value &e) const
{
    if (topLevelOnly() && !e[u"parent"].isNull() && !e[u"parent"].toString().isEmpty())
        return false;
    if (!status.isEmpty() && e[u"status"].toString() != status)
        return false;
    if (!action.isEmpty() && e[u"action"][u"ref"].toString() != action)
        return false;
    if (!rule.isEmpty() && e[u"rule"][u"ref"].toString() != rule && e[u"context"][u"rule"][u"ref"].toString() != rule)
        return false;
    if (!trigger.isEmpty() && e[u"trigger"][u"ref"].toString() != trigger)
        return false;
    if (!text.isEmpty()) {
        const QString hay = e[u"action"][u"ref"].toString() + u' ' + e[u"id"].toString() + u' '
            + e[u"context"][u"rule"][u"ref"].toString() + u' ' + e[u"context"][u"user"].toString();
        if (!hay.contains(text, Qt::CaseInsensitive))
            return false;
    }
    const QDateTime start = parseTimestamp(e[u"start_timestamp"].toString());
    if (const QDateTime f = effectiveFrom(); f.isValid() && start.isValid() && start <= f)
        return false;
    if (const QDateTime t = effectiveTo(); t.isValid() && start.isValid() && start >= t)
        return false;
    return true;
}

QVariantMap HistoryFilter::toVariant() const
{
    return {{u"status"_s, status}, {u"action"_s, action}, {u"rule"_s, rule}, {u"trigger"_s, trigger},
            {u"text"_s, text}, {u"lastSeconds"_s, lastSeconds}, {u"from"_s, from}, {u"to"_s, to},
            {u"oldestFirst"_s, oldestFirst}};
}

HistoryFilter HistoryFilter::fromVariant(const QVariantMap &m)
{
    HistoryFilter f;
    f.status = m.value(u"status"_s).toString();
    f.action = m.value(u"action"_s).toString();
    f.rule = m.value(u"rule"_s).toString();
    f.trigger = m.value(u"trigger"_s).toString();
    f.text = m.value(u"text"_s).toString();
    f.lastSeconds = m.value(u"lastSeconds"_s).toLongLong();
    f.from = m.value(u"from"_s).toDateTime();
    f.to = m.value(u"to"_s).toDateTime();
    f.oldestFirst = m.value(u"oldestFirst"_s).toBool();
    return f;
}

} // namespace squall::ui
