#include "ui/inquiries/RelativeTime.h"

#include <QObject>

namespace squall::ui {

QDateTime parseEngineTime(const QString &iso)
{
    if (iso.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (t.isValid())
        return t;
    // Microseconds are more than Qt's ISO parser reads: keep milliseconds.
    QString trimmed = iso;
    const qsizetype dot = trimmed.indexOf(u'.');
    if (dot > 0) {
        qsizetype end = dot + 1;
        while (end < trimmed.size() && trimmed.at(end).isDigit())
            ++end;
        trimmed = trimmed.left(qMin(end, dot + 4)) + trimmed.mid(end);
    }
    t = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    return t.isValid() ? t : QDateTime::fromString(trimmed, Qt::ISODate);
}

QString spanText(qint64 seconds)
{
    seconds = qAbs(seconds);
    if (seconds < 60)
        return QObject::tr("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return QObject::tr("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return minutes % 60 ? QObject::tr("%1 h %2 min").arg(hours).arg(minutes % 60) : QObject::tr("%1 h").arg(hours);
    return hours % 24 ? QObject::tr("%1 d %2 h").arg(hours / 24).arg(hours % 24) : QObject::tr("%1 d").arg(hours / 24);
}

QString relativeText(const QDateTime &when)
{
    if (!when.isValid())
        return {};
    const qint64 secs = QDateTime::currentDateTimeUtc().secsTo(when);
    // Clocks and rounding put "now" a moment either side.
    if (qAbs(secs) < 2)
        return QObject::tr("just now");
    return secs >= 0 ? QObject::tr("in %1").arg(spanText(secs)) : QObject::tr("%1 ago").arg(spanText(secs));
}

} // namespace squall::ui
