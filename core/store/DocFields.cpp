#include "store/DocFields.h"

#include "base/Ids.h"
#include "base/Json.h"
#include "store/FastJson.h"

namespace squall::store::fields {

QString text(const Value &v)
{
    if (!v.isString() || v.toString().isEmpty())
        return QString();
    return v.toString();
}

QString textAt(const Value &doc, std::initializer_list<QStringView> path)
{
    const Value *cur = &doc;
    for (QStringView key : path) {
        if (!cur->isDict())
            return QString();
        cur = cur->toDict().find(key);
        if (!cur)
            return QString();
    }
    return text(*cur);
}

namespace {

// 2020-11-05T10:34:06.123456Z: the format nowTimestamp() writes.
bool isCanonical(const QString &s)
{
    if (s.size() != 27 || s.at(26) != u'Z' || s.at(10) != u'T' || s.at(19) != u'.')
        return false;
    static constexpr int digits[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25};
    for (int i : digits) {
        if (!s.at(i).isDigit())
            return false;
    }
    return s.at(4) == u'-' && s.at(7) == u'-' && s.at(13) == u':' && s.at(16) == u':';
}

} // namespace

QString timestamp(const QString &s)
{
    if (s.isEmpty() || isCanonical(s))
        return s;
    const QDateTime t = parseTimestamp(s);
    return t.isValid() ? isoTimestamp(t) : s;
}

QString timestamp(const Value &v)
{
    return v.isString() ? timestamp(v.toString()) : QString();
}

QString scope(const QString &s)
{
    if (s.isEmpty() || s == u"system" || s == u"st2kv.system")
        return QStringLiteral("system");
    if (s == u"user" || s == u"st2kv.user")
        return QStringLiteral("user");
    return s;
}

QByteArray toJson(const Value &v)
{
    return toCompactJson(v);
}

Value fromJson(const QByteArray &bytes)
{
    return json::parse(bytes);
}

} // namespace squall::store::fields
