#include "engine/ApiQuery.h"

#include "base/Python.h"
#include "store/Store.h"

namespace squall::engine::apiquery {

bool isTrue(const QString &s)
{
    const QString l = s.toLower();
    return l == u"1" || l == u"true" || l == u"yes" || l == u"on";
}

int limitOf(const Params &p, int fallback)
{
    const QString raw = p.value(QStringLiteral("limit"));
    if (raw.isEmpty())
        return fallback;
    bool ok = false;
    const int n = raw.toInt(&ok);
    if (!ok || n < -1)
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("limit must be a positive integer, or -1 for no limit (got \"%1\")").arg(raw));
    return n < 0 ? 0 : n;
}

int offsetOf(const Params &p)
{
    const QString raw = p.value(QStringLiteral("offset"));
    if (raw.isEmpty())
        return 0;
    bool ok = false;
    const int n = raw.toInt(&ok);
    if (!ok || n < 0)
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("offset must be an integer of 0 or more (got \"%1\")").arg(raw));
    return n;
}

store::Query toStoreQuery(const Params &p, const QStringList &filterNames)
{
    store::Query q;
    q.limit = limitOf(p);
    q.offset = offsetOf(p);
    for (const QString &name : filterNames) {
        const QString v = p.value(name);
        if (!v.isEmpty())
            q.filters.insert(name, v);
    }
    q.timestampGt = p.value(QStringLiteral("timestamp_gt"), p.value(QStringLiteral("enforced_at_gt")));
    q.timestampLt = p.value(QStringLiteral("timestamp_lt"), p.value(QStringLiteral("enforced_at_lt")));
    const QString sortAsc = p.value(QStringLiteral("sort_asc"));
    q.ascending = isTrue(sortAsc) || p.value(QStringLiteral("sort")) == u"asc";
    const QStringList excluded = p.value(QStringLiteral("exclude_attributes")).split(u',', Qt::SkipEmptyParts);
    q.excludeResult = excluded.contains(QStringLiteral("result"));
    return q;
}

Value field(const Value &doc, QStringView dottedPath)
{
    Value cur = doc;
    for (QStringView part : dottedPath.split(u'.')) {
        cur = py::resolved(cur)[part];
        if (cur.isNull())
            return {};
    }
    return cur;
}

namespace {
void setField(ValueDict &out, const Value &src, const QStringList &parts, int i)
{
    const QString &key = parts.at(i);
    const Value *v = src.toDict().find(key);
    if (!v)
        return;
    if (i + 1 == parts.size()) {
        out.insert(key, *v);
        return;
    }
    Value &slot = out[key];
    if (!slot.isDict())
        slot = Value(ValueDict());
    setField(slot.dictRef(), *v, parts, i + 1);
}

void removeField(Value &doc, const QStringList &parts, int i)
{
    if (!doc.isDict())
        return;
    if (i + 1 == parts.size()) {
        doc.dictRef().remove(parts.at(i));
        return;
    }
    if (Value *child = doc.dictRef().find(parts.at(i)))
        removeField(*child, parts, i + 1);
}
} // namespace

Value project(const Value &doc, const Params &p)
{
    const QStringList include = p.value(QStringLiteral("include_attributes")).split(u',', Qt::SkipEmptyParts);
    const QStringList exclude = p.value(QStringLiteral("exclude_attributes")).split(u',', Qt::SkipEmptyParts);
    if (include.isEmpty() && exclude.isEmpty())
        return doc;
    Value out;
    if (!include.isEmpty()) {
        ValueDict d;
        if (const Value *id = doc.toDict().find(u"id"))
            d.insert(QStringLiteral("id"), *id);
        for (const QString &path : include)
            setField(d, doc, path.trimmed().split(u'.'), 0);
        out = Value(std::move(d));
    } else {
        out = doc;
    }
    for (const QString &path : exclude)
        removeField(out, path.trimmed().split(u'.'), 0);
    return out;
}

ValueList project(const ValueList &docs, const Params &p)
{
    if (!p.contains(QStringLiteral("include_attributes")) && !p.contains(QStringLiteral("exclude_attributes")))
        return docs;
    ValueList out;
    out.reserve(docs.size());
    for (const Value &d : docs)
        out.append(project(d, p));
    return out;
}

ListResult page(const ValueList &all, const Params &p, const QHash<QString, QString> &filterFields)
{
    ValueList kept;
    for (const Value &doc : all) {
        bool ok = true;
        for (auto it = filterFields.cbegin(); ok && it != filterFields.cend(); ++it) {
            if (!p.contains(it.key()))
                continue;
            const QString want = p.value(it.key());
            const Value have = field(doc, it.value());
            ok = have.isString() ? have.toString() == want : py::str(have).compare(want, Qt::CaseInsensitive) == 0;
        }
        if (ok)
            kept.append(doc);
    }
    ListResult r;
    r.total = kept.size();
    r.limit = limitOf(p);
    r.offset = offsetOf(p);
    const qsizetype from = std::min<qsizetype>(r.offset, kept.size());
    const qsizetype n = r.limit > 0 ? std::min<qsizetype>(r.limit, kept.size() - from) : kept.size() - from;
    r.items = project(kept.mid(from, n), p);
    return r;
}

} // namespace squall::engine::apiquery
