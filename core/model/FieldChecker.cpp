#include "model/FieldChecker.h"

#include "base/Yaml.h"

namespace squall::model {

FieldChecker::FieldChecker(const yaml::LocationMap *locations, const QString &file, QList<Error> *errors)
    : m_locations(locations), m_file(file.isEmpty() && locations ? locations->file : file), m_errors(errors)
{
}

QString FieldChecker::join(const QString &prefix, const QString &key)
{
    return prefix.isEmpty() ? key : prefix + u'.' + key;
}

void FieldChecker::add(const QString &path, const QString &message, const QString &kind)
{
    if (kind != QStringLiteral("warning"))
        ++m_errorCount;
    if (!m_errors)
        return;
    Error e;
    if (m_locations) {
        e = m_locations->error(path, message, kind);
        if (e.location.file.isEmpty())
            e.location.file = m_file;
    } else {
        e = Error{message, SourceLocation{m_file, 0, 0}, path, kind};
    }
    m_errors->append(std::move(e));
}

QString FieldChecker::typeMismatch(const char *expected, const Value &got)
{
    return QStringLiteral("must be %1, not %2").arg(QLatin1StringView(expected), QLatin1StringView(got.typeName()));
}

QString FieldChecker::string(const ValueDict &d, const QString &key, const QString &prefix, bool required,
                             const QString &fallback)
{
    const Value *v = d.find(key);
    const QString path = join(prefix, key);
    if (!v || v->isNull()) {
        if (required)
            error(path, QStringLiteral("is required"));
        return fallback;
    }
    if (!v->isString()) {
        error(path, typeMismatch("a string", *v));
        return fallback;
    }
    if (required && v->toString().isEmpty())
        error(path, QStringLiteral("must not be empty"));
    return v->toString();
}

bool FieldChecker::boolean(const ValueDict &d, const QString &key, const QString &prefix, bool fallback)
{
    const Value *v = d.find(key);
    if (!v || v->isNull())
        return fallback;
    if (!v->isBool()) {
        error(join(prefix, key), typeMismatch("a boolean", *v));
        return fallback;
    }
    return v->toBool();
}

Value FieldChecker::dict(const ValueDict &d, const QString &key, const QString &prefix, bool required)
{
    const Value *v = d.find(key);
    if (!v || v->isNull()) {
        if (required)
            error(join(prefix, key), QStringLiteral("is required"));
        return Value(ValueDict());
    }
    if (!v->isDict()) {
        error(join(prefix, key), typeMismatch("an object", *v));
        return Value(ValueDict());
    }
    return *v;
}

Value FieldChecker::list(const ValueDict &d, const QString &key, const QString &prefix)
{
    const Value *v = d.find(key);
    if (!v || v->isNull())
        return Value(ValueList());
    if (!v->isList()) {
        error(join(prefix, key), typeMismatch("an array", *v));
        return Value(ValueList());
    }
    return *v;
}

void FieldChecker::onlyKeys(const ValueDict &d, std::initializer_list<QStringView> allowed, const QString &prefix)
{
    for (const auto &[k, v] : d) {
        bool ok = false;
        for (QStringView a : allowed)
            ok = ok || a == k;
        if (!ok)
            error(join(prefix, k), QStringLiteral("unknown field"));
    }
}

Value FieldChecker::tags(const ValueDict &d, const QString &prefix)
{
    const Value l = list(d, QStringLiteral("tags"), prefix);
    const QString base = join(prefix, QStringLiteral("tags"));
    const ValueList &items = l.toList();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString p = base + u'[' + QString::number(i) + u']';
        if (!items[i].isDict()) {
            error(p, typeMismatch("an object with name and value", items[i]));
            continue;
        }
        string(items[i].toDict(), QStringLiteral("name"), p, true);
    }
    return l;
}

} // namespace squall::model
