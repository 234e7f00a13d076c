#include "base/Python.h"

#include "base/Error.h"

#include <QStringBuilder>

#include <charconv>
#include <cmath>

namespace squall::py {

QString floatRepr(double d)
{
    if (std::isnan(d))
        return QStringLiteral("nan");
    if (std::isinf(d))
        return d > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    const std::string_view sci(buf, size_t(res.ptr - buf));
    // sci looks like "-1.2345e+06": split sign, digits and exponent.
    const size_t epos = sci.find('e');
    std::string_view mant = sci.substr(0, epos);
    const int exp10 = std::atoi(std::string(sci.substr(epos + 1)).c_str());
    bool neg = false;
    if (!mant.empty() && mant.front() == '-') {
        neg = true;
        mant.remove_prefix(1);
    }
    std::string digits;
    for (char c : mant)
        if (c != '.')
            digits.push_back(c);
    const int decpt = exp10 + 1;
    if (decpt <= -4 || decpt > 16)
        return QString::fromLatin1(sci.data(), qsizetype(sci.size()));
    std::string out;
    if (neg)
        out.push_back('-');
    if (decpt <= 0) {
        out += "0.";
        out.append(size_t(-decpt), '0');
        out += digits;
    } else if (size_t(decpt) >= digits.size()) {
        out += digits;
        out.append(size_t(decpt) - digits.size(), '0');
        out += ".0";
    } else {
        out += digits.substr(0, size_t(decpt));
        out.push_back('.');
        out += digits.substr(size_t(decpt));
    }
    return QString::fromLatin1(out.data(), qsizetype(out.size()));
}

QString repr(QStringView s)
{
    const bool hasSingle = s.contains(u'\'');
    const bool hasDouble = s.contains(u'"');
    const QChar quote = (hasSingle && !hasDouble) ? u'"' : u'\'';
    QString out;
    out.reserve(s.size() + 2);
    out += quote;
    for (QChar c : s) {
        const char16_t u = c.unicode();
        if (c == quote || u == u'\\') {
            out += u'\\';
            out += c;
        } else if (u == u'\n') {
            out += QStringLiteral("\\n");
        } else if (u == u'\r') {
            out += QStringLiteral("\\r");
        } else if (u == u'\t') {
            out += QStringLiteral("\\t");
        } else if (u < 0x20 || u == 0x7f) {
            out += QStringLiteral("\\x") + QString::number(u, 16).rightJustified(2, u'0');
        } else {
            out += c;
        }
    }
    out += quote;
    return out;
}

namespace {

void appendRepr(QString &out, const Value &v);

void appendStr(QString &out, const Value &v)
{
    if (v.isString())
        out += v.toString();
    else
        appendRepr(out, v);
}

void appendRepr(QString &out, const Value &v)
{
    switch (v.type()) {
    case Value::Type::Null: out += QStringLiteral("None"); break;
    case Value::Type::Bool: out += v.toBool() ? QStringLiteral("True") : QStringLiteral("False"); break;
    case Value::Type::Int: out += QString::number(v.toInt()); break;
    case Value::Type::Double: out += floatRepr(v.toDouble()); break;
    case Value::Type::String: out += repr(QStringView(v.toString())); break;
    case Value::Type::List: {
        out += u'[';
        bool first = true;
        for (const Value &e : v.toList()) {
            if (!first)
                out += QStringLiteral(", ");
            first = false;
            appendRepr(out, e);
        }
        out += u']';
        break;
    }
    case Value::Type::Dict: {
        out += u'{';
        bool first = true;
        for (const auto &[k, e] : v.toDict()) {
            if (!first)
                out += QStringLiteral(", ");
            first = false;
            out += repr(QStringView(k));
            out += QStringLiteral(": ");
            appendRepr(out, e);
        }
        out += u'}';
        break;
    }
    case Value::Type::Object: appendRepr(out, v.toObject()->resolve()); break;
    }
}

[[noreturn]] void typeError(const QString &msg)
{
    throw SquallException(QStringLiteral("TypeError"), msg);
}

} // namespace

QString str(const Value &v)
{
    if (v.isString())
        return v.toString();
    QString out;
    if (v.isObject())
        appendStr(out, v.toObject()->resolve());
    else
        appendRepr(out, v);
    return out;
}

QString repr(const Value &v)
{
    QString out;
    appendRepr(out, v);
    return out;
}

Value resolved(const Value &v)
{
    return v.isObject() ? v.toObject()->resolve() : v;
}

bool truthy(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Null: return false;
    case Value::Type::Bool: return v.toBool();
    case Value::Type::Int: return v.toInt() != 0;
    case Value::Type::Double: return v.toDouble() != 0.0;
    case Value::Type::String: return !v.toString().isEmpty();
    case Value::Type::List: return !v.toList().isEmpty();
    case Value::Type::Dict: return !v.toDict().isEmpty();
    case Value::Type::Object: return truthy(v.toObject()->resolve());
    }
    return false;
}

bool equals(const Value &a, const Value &b)
{
    if (a.isObject() || b.isObject())
        return resolved(a) == resolved(b);
    return a == b;
}

int compare(const Value &a0, const Value &b0, const char *op)
{
    const Value a = resolved(a0);
    const Value b = resolved(b0);
    if (a.isNumber() && b.isNumber()) {
        if (a.isDouble() || b.isDouble()) {
            const double x = a.toDouble(), y = b.toDouble();
            return x < y ? -1 : (x > y ? 1 : 0);
        }
        const qint64 x = a.toInt(), y = b.toInt();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.isString() && b.isString()) {
        const int c = a.toString().compare(b.toString());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (a.isList() && b.isList()) {
        const ValueList &x = a.toList();
        const ValueList &y = b.toList();
        for (qsizetype i = 0; i < x.size() && i < y.size(); ++i) {
            if (!equals(x.at(i), y.at(i)))
                return compare(x.at(i), y.at(i), op);
        }
        return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
    typeError(QStringLiteral("'%1' not supported between instances of '%2' and '%3'")
                  .arg(QLatin1StringView(op), QLatin1StringView(a.typeName()),
                       QLatin1StringView(b.typeName())));
}

bool contains(const Value &container0, const Value &item0)
{
    const Value container = resolved(container0);
    const Value item = resolved(item0);
    switch (container.type()) {
    case Value::Type::String:
        if (!item.isString())
            typeError(QStringLiteral("'in <string>' requires string as left operand, not %1")
                          .arg(QLatin1StringView(item.typeName())));
        return container.toString().contains(item.toString());
    case Value::Type::List:
        for (const Value &e : container.toList())
            if (equals(e, item))
                return true;
        return false;
    case Value::Type::Dict:
        if (item.isList() || item.isDict())
            typeError(QStringLiteral("unhashable type: '%1'").arg(QLatin1StringView(item.typeName())));
        return item.isString() && container.toDict().contains(item.toString());
    default:
        typeError(QStringLiteral("argument of type '%1' is not iterable")
                      .arg(QLatin1StringView(container.typeName())));
    }
}

namespace {
QString cleanNumber(QStringView s, bool *ok)
{
    s = s.trimmed();
    QString out;
    out.reserve(s.size());
    QChar prev;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (c == u'_') {
            // Python allows single underscores between digits only.
            if (!prev.isDigit() || i + 1 >= s.size() || !s.at(i + 1).isDigit()) {
                *ok = false;
                return {};
            }
        } else {
            out += c;
        }
        prev = c;
    }
    *ok = !out.isEmpty();
    return out;
}
} // namespace

bool parseInt(QStringView s, qint64 *out)
{
    bool ok = false;
    const QString clean = cleanNumber(s, &ok);
    if (!ok)
        return false;
    for (qsizetype i = 0; i < clean.size(); ++i) {
        const QChar c = clean.at(i);
        if (!(c.isDigit() || (i == 0 && (c == u'-' || c == u'+'))))
            return false;
    }
    const qint64 v = clean.toLongLong(&ok, 10);
    if (ok && out)
        *out = v;
    return ok;
}

bool parseFloat(QStringView s, double *out)
{
    bool ok = false;
    const QString clean = cleanNumber(s, &ok);
    if (!ok)
        return false;
    const QString lower = clean.toLower();
    const QString unsignedPart = (lower.startsWith(u'-') || lower.startsWith(u'+')) ? lower.mid(1) : lower;
    if (unsignedPart == u"inf" || unsignedPart == u"infinity" || unsignedPart == u"nan") {
        double v = unsignedPart == u"nan" ? std::nan("") : HUGE_VAL;
        if (lower.startsWith(u'-'))
            v = -v;
        if (out)
            *out = v;
        return true;
    }
    for (QChar c : clean) {
        if (!(c.isDigit() || c == u'.' || c == u'e' || c == u'E' || c == u'-' || c == u'+'))
            return false;
    }
    const double v = clean.toDouble(&ok);
    if (ok && out)
        *out = v;
    return ok;
}

} // namespace squall::py
