#include "api/StreamFilter.h"

namespace squall::api {

namespace {

QStringList splitList(const QString &text)
{
    QStringList out;
    for (QStringView part : QStringView(text).split(u',', Qt::SkipEmptyParts)) {
        part = part.trimmed();
        if (!part.isEmpty())
            out.append(part.toString());
    }
    return out;
}

} // namespace

StreamFilter StreamFilter::fromParams(const engine::Params &params)
{
    return StreamFilter{splitList(params.value(QStringLiteral("events"))),
                        splitList(params.value(QStringLiteral("execution_ids"))),
                        splitList(params.value(QStringLiteral("action_refs")))};
}

bool StreamFilter::accepts(const QString &type, const Value &doc) const
{
    if (!events.isEmpty()) {
        bool any = false;
        for (const QString &e : events) {
            if (e.endsWith(u'*') ? type.startsWith(QStringView(e).chopped(1)) : type == e) {
                any = true;
                break;
            }
        }
        if (!any)
            return false;
    }
    if (!executionIds.isEmpty()) {
        // Execution documents carry their own id; output records carry execution_id.
        const bool isExecution = type.startsWith(u"st2.execution__");
        const Value id = isExecution ? doc[u"id"] : doc[u"execution_id"];
        if (!id.isString() || !executionIds.contains(id.toString()))
            return false;
    }
    if (!actionRefs.isEmpty()) {
        Value ref = doc[u"action"][u"ref"];
        if (!ref.isString())
            ref = doc[u"action_ref"];
        if (!ref.isString() || !actionRefs.contains(ref.toString()))
            return false;
    }
    return true;
}

} // namespace squall::api
