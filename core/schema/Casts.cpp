#include "schema/Casts.h"

#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "schema/PyLiteral.h"

#include <cmath>

namespace squall::schema {

namespace {

bool isNoneMagic(const Value &v)
{
    return v.isString() && v.toString() == NoneMagicValue;
}

[[noreturn]] void raise(const char *kind, const QString &message)
{
    throw SquallException(QString::fromLatin1(kind), message);
}

Value castObject(const Value &v)
{
    if (!v.isString())
        return v;
    json::ParseError err;
    Value parsed = json::parse(QStringView(v.toString()), &err);
    if (err.ok())
        return parsed;
    return literalEval(v.toString());
}

Value castBoolean(const Value &v)
{
    if (!v.isString())
        return v;
    const QString &s = v.toString();
    QString cap = s.toLower();
    if (!cap.isEmpty())
        cap[0] = cap.at(0).toUpper();
    return literalEval(cap);
}

Value castInteger(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Int:
        return v;
    case Value::Type::Bool:
        return qint64(v.toBool() ? 1 : 0);
    case Value::Type::Double: {
        const double d = v.toDouble();
        if (std::isnan(d))
            raise("ValueError", QStringLiteral("cannot convert float NaN to integer"));
        if (std::isinf(d))
            raise("OverflowError", QStringLiteral("cannot convert float infinity to integer"));
        return qint64(std::trunc(d));
    }
    case Value::Type::String: {
        qint64 i = 0;
        if (py::parseInt(v.toString(), &i))
            return i;
        raise("ValueError", QStringLiteral("invalid literal for int() with base 10: %1").arg(py::repr(v)));
    }
    default:
        raise("TypeError", QStringLiteral("int() argument must be a string, a bytes-like object or a real number, "
                                          "not '%1'")
                               .arg(QString::fromLatin1(v.typeName())));
    }
}

Value castNumber(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Int:
    case Value::Type::Bool:
    case Value::Type::Double:
        return v.toDouble();
    case Value::Type::String: {
        double d = 0;
        if (py::parseFloat(v.toString(), &d))
            return d;
        raise("ValueError", QStringLiteral("could not convert string to float: %1").arg(py::repr(v)));
    }
    default:
        raise("TypeError", QStringLiteral("float() argument must be a string or a real number, not '%1'")
                               .arg(QString::fromLatin1(v.typeName())));
    }
}

Value castString(const Value &v)
{
    if (v.isNull())
        return v;
    if (!v.isString())
        raise("ValueError", QStringLiteral("Value \"%1\" must either be a string or None. Got \"%2\".")
                                .arg(py::str(v), QString::fromLatin1(v.typeName())));
    return v;
}

[[noreturn]] void cliError(const QString &name, const QString &raw, const QString &type, const QString &why = {})
{
    QString msg = QStringLiteral("Parameter \"%1\": cannot parse %2 as %3")
                      .arg(name.isEmpty() ? QStringLiteral("?") : name, py::repr(Value(raw)), type);
    if (!why.isEmpty())
        msg += QStringLiteral(" (%1)").arg(why);
    throw SquallException(QStringLiteral("ParameterError"), msg);
}

Value cliScalar(const QString &raw, const QString &type, const QString &name)
{
    if (type == u"boolean") {
        const QString l = raw.trimmed().toLower();
        if (l == u"true" || l == u"yes" || l == u"y" || l == u"1" || l == u"on")
            return true;
        if (l == u"false" || l == u"no" || l == u"n" || l == u"0" || l == u"off")
            return false;
        cliError(name, raw, type, QStringLiteral("expected true or false"));
    }
    if (type == u"integer") {
        qint64 i = 0;
        if (py::parseInt(raw, &i))
            return i;
        cliError(name, raw, type);
    }
    if (type == u"number") {
        qint64 i = 0;
        if (!raw.contains(u'.') && py::parseInt(raw, &i))
            return i;
        double d = 0;
        if (py::parseFloat(raw, &d))
            return d;
        cliError(name, raw, type);
    }
    if (type == u"object") {
        const QString t = raw.trimmed();
        if (t.startsWith(u'{')) {
            json::ParseError err;
            Value v = json::parse(QStringView(t), &err);
            if (!err.ok())
                cliError(name, raw, type, err.message);
            return v;
        }
        ValueDict out;
        for (const QString &pair : raw.split(u',')) {
            const qsizetype eq = pair.indexOf(u'=');
            if (eq < 0) {
                if (pair.trimmed().isEmpty())
                    continue;
                cliError(name, raw, type, QStringLiteral("expected JSON or key=value pairs"));
            }
            out.insert(pair.left(eq).trimmed(), pair.mid(eq + 1));
        }
        return out;
    }
    return raw;
}

} // namespace

Value castRendered(const Value &value, const Value &paramSchema)
{
    if (value.isNull() || !paramSchema.isDict())
        return value;
    const Value type = paramSchema[u"type"];
    if (!type.isString())
        return value;
    const QString &t = type.toString();
    if (t == u"string")
        return isNoneMagic(value) ? Value() : castString(value);
    if (isNoneMagic(value))
        return Value();
    if (t == u"object" || t == u"array")
        return castObject(value);
    if (t == u"boolean")
        return castBoolean(value);
    if (t == u"integer")
        return castInteger(value);
    if (t == u"number")
        return castNumber(value);
    return value;
}

Value castCliArgument(const QString &raw, const Value &paramSchema, const QString &name)
{
    const Value type = paramSchema[u"type"];
    if (!type.isString())
        return raw;
    const QString &t = type.toString();
    if (t != u"array")
        return cliScalar(raw, t, name);

    const QString trimmed = raw.trimmed();
    if (trimmed.startsWith(u'[')) {
        json::ParseError err;
        Value v = json::parse(QStringView(trimmed), &err);
        if (!err.ok())
            cliError(name, raw, t, err.message);
        return v;
    }
    const Value itemType = paramSchema[u"items"][u"type"];
    ValueList out;
    if (trimmed.isEmpty())
        return out;
    for (const QString &part : raw.split(u',')) {
        const QString item = part.trimmed();
        if (itemType.isString() && itemType.toString() != u"string")
            out.append(cliScalar(item, itemType.toString(), name));
        else
            out.append(item);
    }
    return out;
}

} // namespace squall::schema
