#include "ui/history/ExecutionFormat.h"

#include "base/Ids.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace squall::ui::execfmt {

QString origin(const Value &e)
{
    const Value ctx = e[u"context"];
    if (!ctx[u"parent"].isNull() || !e[u"parent"].toString().isEmpty())
        return u"workflow"_s;
    if (!ctx[u"re-run"].isNull())
        return u"re-run"_s;
    if (!ctx[u"rule"].isNull()) {
        // A re-emitted instance carries the original's id in its payload.
        if (!e[u"trigger_instance"][u"payload"][u"__context"][u"original_id"].isNull()
            || ctx[u"trace_context"][u"trace_tag"].toString().startsWith(u"trigger-instance-reemit-"))
            return u"re-emit"_s;
        return u"rule"_s;
    }
    return u"manual"_s;
}

QString duration(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 60'000)
        return QString::number(double(ms) / 1000.0, 'f', ms < 10'000 ? 1 : 0) + u" s"_s;
    const qint64 s = ms / 1000;
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

static qint64 msOf(const QString &iso)
{
    if (iso.isEmpty())
        return 0;
    const QDateTime t = parseTimestamp(iso);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

qint64 startMs(const Value &e) { return msOf(e[u"start_timestamp"].toString()); }
qint64 endMs(const Value &e) { return msOf(e[u"end_timestamp"].toString()); }

QString localTime(const QString &iso)
{
    const QDateTime t = parseTimestamp(iso);
    return t.isValid() ? t.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s) : QString();
}

bool isWorkflow(const Value &e)
{
    const QString runner = e[u"runner"][u"name"].toString();
    return runner == u"orquesta" || runner == u"action-chain" || !e[u"children"].toList().isEmpty();
}

bool isActive(const QString &s)
{
    return s == u"requested" || s == u"scheduled" || s == u"delayed" || s == u"running" || s == u"pausing"
        || s == u"paused" || s == u"resuming" || s == u"canceling" || s == u"pending";
}

QString taskName(const Value &e)
{
    const QString orquesta = e[u"context"][u"orquesta"][u"task_name"].toString();
    if (!orquesta.isEmpty())
        return orquesta;
    return e[u"context"][u"chain"][u"name"].toString();
}

} // namespace squall::ui::execfmt
