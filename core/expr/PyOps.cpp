#include "expr/PyOps.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/Functions.h"
#include "expr/Undefined.h"

#include <cmath>
#include <limits>

namespace squall::expr::ops {

namespace {

QLatin1StringView tn(const Value &v)
{
    return QLatin1StringView(v.typeName());
}

[[noreturn]] void unsupported(const char *op, const Value &a, const Value &b)
{
    throwTypeError(QStringLiteral("unsupported operand type(s) for %1: '%2' and '%3'")
                       .arg(QLatin1StringView(op), tn(a), tn(b)));
}

[[noreturn]] void zeroDivision(const QString &message)
{
    throw SquallException(QStringLiteral("ZeroDivisionError"), message);
}

const char *opSymbol(BinOp op)
{
    switch (op) {
    case BinOp::Add: return "+";
    case BinOp::Sub: return "-";
    case BinOp::Mul: return "*";
    case BinOp::Div: return "/";
    case BinOp::FloorDiv: return "//";
    case BinOp::Mod: return "%";
    case BinOp::Pow: return "** or pow()";
    }
    return "?";
}

Value repeat(const Value &seq, qint64 n)
{
    const qint64 size = seq.isString() ? seq.toString().size() : seq.toList().size();
    if (n <= 0 || size == 0)
        return seq.isString() ? Value(QString()) : Value(ValueList());
    checkGrowth(n - 1 > kMaxGrowth / size ? kMaxGrowth + 1 : size * (n - 1));
    if (seq.isString())
        return seq.toString().repeated(n);
    ValueList out;
    out.reserve(size * n);
    for (qint64 i = 0; i < n; ++i)
        out.append(seq.toList());
    return out;
}

} // namespace

void checkGrowth(qint64 newItems)
{
    if (newItems > kMaxGrowth)
        throw SquallException(QStringLiteral("MemoryError"),
                              QStringLiteral("the result would grow by %1 items, more than the limit of %2")
                                  .arg(newItems).arg(kMaxGrowth));
}

namespace {

qint64 floorDivInt(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

qint64 floorModInt(qint64 a, qint64 b)
{
    qint64 m = a % b;
    if (m != 0 && ((m < 0) != (b < 0)))
        m += b;
    return m;
}

double floorModDouble(double a, double b)
{
    double m = std::fmod(a, b);
    if (m != 0 && ((m < 0) != (b < 0)))
        m += b;
    return m;
}

qsizetype normIndex(qint64 i, qsizetype n)
{
    return i < 0 ? qsizetype(i + n) : qsizetype(i);
}

} // namespace

bool isInteger(const Value &v)
{
    return v.isInt() || v.isBool();
}

int compare(const Value &a, const Value &b, const char *op)
{
    if (a.isInt() && b.isInt()) {
        const qint64 x = a.toInt(), y = b.toInt();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if ((a.isInt() || a.isDouble()) && (b.isInt() || b.isDouble())) {
        const double x = a.toDouble(), y = b.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.isString() && b.isString()) {
        const int c = a.toString().compare(b.toString());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return py::compare(a, b, op);
}

bool equals(const Value &a, const Value &b)
{
    if (a.isObject() || b.isObject())
        return py::equals(checkDefined(a), checkDefined(b));
    if (a.isString() && b.isString())
        return a.toString() == b.toString();
    if (a.isInt() && b.isInt())
        return a.toInt() == b.toInt();
    return a == b;
}

Value toNumber(const Value &v, const char *)
{
    return v;
}

Value binary(BinOp op, const Value &a0, const Value &b0)
{
    checkDefined(a0);
    checkDefined(b0);
    const Value a = py::resolved(a0);
    const Value b = py::resolved(b0);
    if (a.isNumber() && b.isNumber()) {
        const bool ints = isInteger(a) && isInteger(b);
        if (ints) {
            const qint64 x = a.toInt(), y = b.toInt();
            qint64 r = 0;
            switch (op) {
            case BinOp::Add:
                if (!__builtin_add_overflow(x, y, &r))
                    return r;
                return double(x) + double(y);
            case BinOp::Sub:
                if (!__builtin_sub_overflow(x, y, &r))
                    return r;
                return double(x) - double(y);
            case BinOp::Mul:
                if (!__builtin_mul_overflow(x, y, &r))
                    return r;
                return double(x) * double(y);
            case BinOp::Div:
                if (y == 0)
                    zeroDivision(QStringLiteral("division by zero"));
                return double(x) / double(y);
            case BinOp::FloorDiv:
                if (y == 0)
                    zeroDivision(QStringLiteral("integer division or modulo by zero"));
                return floorDivInt(x, y);
            case BinOp::Mod:
                if (y == 0)
                    zeroDivision(QStringLiteral("integer modulo by zero"));
                return floorModInt(x, y);
            case BinOp::Pow: {
                if (y < 0)
                    return std::pow(double(x), double(y));
                qint64 acc = 1;
                for (qint64 i = 0; i < y; ++i) {
                    if (__builtin_mul_overflow(acc, x, &acc))
                        return std::pow(double(x), double(y));
                }
                return acc;
            }
            }
        }
        const double x = a.toDouble(), y = b.toDouble();
        switch (op) {
        case BinOp::Add: return x + y;
        case BinOp::Sub: return x - y;
        case BinOp::Mul: return x * y;
        case BinOp::Div:
            if (y == 0)
                zeroDivision(QStringLiteral("float division by zero"));
            return x / y;
        case BinOp::FloorDiv:
            if (y == 0)
                zeroDivision(QStringLiteral("float floor division by zero"));
            return std::floor(x / y);
        case BinOp::Mod:
            if (y == 0)
                zeroDivision(QStringLiteral("float modulo"));
            return floorModDouble(x, y);
        case BinOp::Pow: return std::pow(x, y);
        }
    }
    switch (op) {
    case BinOp::Add:
        if (a.isString()) {
            if (!b.isString())
                throwTypeError(QStringLiteral("can only concatenate str (not \"%1\") to str").arg(tn(b)));
            checkGrowth(std::min(a.toString().size(), b.toString().size()));
            return QString(a.toString() + b.toString());
        }
        if (a.isList()) {
            if (!b.isList())
                throwTypeError(QStringLiteral("can only concatenate list (not \"%1\") to list").arg(tn(b)));
            checkGrowth(std::min(a.toList().size(), b.toList().size()));
            return a.toList() + b.toList();
        }
        break;
    case BinOp::Mul:
        if ((a.isString() || a.isList()) && isInteger(b))
            return repeat(a, b.toInt());
        if ((b.isString() || b.isList()) && isInteger(a))
            return repeat(b, a.toInt());
        if (a.isString() || a.isList() || b.isString() || b.isList())
            throwTypeError(QStringLiteral("can't multiply sequence by non-int of type '%1'")
                               .arg(a.isString() || a.isList() ? tn(b) : tn(a)));
        break;
    case BinOp::Mod:
        if (a.isString())
            return percentFormat(a.toString(), b);
        break;
    default:
        break;
    }
    unsupported(opSymbol(op), a, b);
}

Value negate(const Value &a0)
{
    const Value a = py::resolved(checkDefined(a0));
    if (isInteger(a))
        return -a.toInt();
    if (a.isDouble())
        return -a.toDouble();
    throwTypeError(QStringLiteral("bad operand type for unary -: '%1'").arg(tn(a)));
}

Value positive(const Value &a0)
{
    const Value a = py::resolved(checkDefined(a0));
    if (isInteger(a))
        return a.toInt();
    if (a.isDouble())
        return a;
    throwTypeError(QStringLiteral("bad operand type for unary +: '%1'").arg(tn(a)));
}

Value getattr(const Value &obj, const QString &name)
{
    switch (obj.type()) {
    case Value::Type::Dict:
        if (const Value *v = obj.toDict().find(name))
            return *v;
        break;
    case Value::Type::Object: {
        checkDefined(obj);
        Value v = obj.toObject()->attribute(name);
        if (!v.isNull())
            return v;
        break;
    }
    default:
        break;
    }
    return undefinedAttribute(obj, name);
}

Value getitem(const Value &obj, const Value &key)
{
    checkDefined(obj);
    checkDefined(key);
    switch (obj.type()) {
    case Value::Type::Dict:
        if (key.isString()) {
            if (const Value *v = obj.toDict().find(key.toString()))
                return *v;
        }
        break;
    case Value::Type::List:
        if (isInteger(key)) {
            const ValueList &l = obj.toList();
            const qsizetype i = normIndex(key.toInt(), l.size());
            if (i >= 0 && i < l.size())
                return l.at(i);
        }
        break;
    case Value::Type::String:
        if (isInteger(key)) {
            const QString &s = obj.toString();
            const qsizetype i = normIndex(key.toInt(), s.size());
            if (i >= 0 && i < s.size())
                return QString(s.at(i));
        }
        break;
    case Value::Type::Object:
        if (key.isString()) {
            Value v = obj.toObject()->attribute(key.toString());
            if (!v.isNull())
                return v;
        } else {
            return getitem(py::resolved(obj), key);
        }
        break;
    default:
        break;
    }
    return undefinedAttribute(obj, key);
}

Value slice(const Value &obj0, const Value &start, const Value &stop, const Value &step)
{
    const Value obj = py::resolved(checkDefined(obj0));
    auto intOr = [](const Value &v, const char *) -> std::optional<qint64> {
        checkDefined(v);
        if (v.isNull())
            return std::nullopt;
        if (!isInteger(v))
            throwTypeError(QStringLiteral("slice indices must be integers or None or have an __index__ method"));
        return v.toInt();
    };
    const auto st = intOr(step, "step");
    const qint64 stp = st.value_or(1);
    if (stp == 0)
        throwValueError(QStringLiteral("slice step cannot be zero"));
    qsizetype n = 0;
    if (obj.isString())
        n = obj.toString().size();
    else if (obj.isList())
        n = obj.toList().size();
    else
        throwTypeError(QStringLiteral("'%1' object is not subscriptable").arg(tn(obj)));
    auto clamp = [&](std::optional<qint64> v, qint64 dflt) -> qint64 {
        if (!v)
            return dflt;
        qint64 x = *v;
        if (x < 0)
            x += n;
        if (stp > 0)
            return std::clamp<qint64>(x, 0, n);
        return std::clamp<qint64>(x, -1, n - 1);
    };
    const qint64 b = clamp(intOr(start, "start"), stp > 0 ? 0 : n - 1);
    const qint64 e = clamp(intOr(stop, "stop"), stp > 0 ? n : -1);
    if (obj.isString()) {
        const QString &s = obj.toString();
        if (stp == 1)
            return e > b ? s.mid(b, e - b) : QString();
        QString out;
        for (qint64 i = b; stp > 0 ? i < e : i > e; i += stp)
            out += s.at(i);
        return out;
    }
    const ValueList &l = obj.toList();
    if (stp == 1)
        return e > b ? l.mid(b, e - b) : ValueList();
    ValueList out;
    for (qint64 i = b; stp > 0 ? i < e : i > e; i += stp)
        out.append(l.at(i));
    return out;
}

ValueList iterate(const Value &v0)
{
    const Value v = py::resolved(checkDefined(v0));
    switch (v.type()) {
    case Value::Type::List: return v.toList();
    case Value::Type::Dict: {
        ValueList out;
        out.reserve(v.toDict().size());
        for (const auto &e : v.toDict())
            out.append(e.first);
        return out;
    }
    case Value::Type::String: {
        ValueList out;
        const QString &s = v.toString();
        out.reserve(s.size());
        for (QChar c : s)
            out.append(QString(c));
        return out;
    }
    default:
        throwTypeError(QStringLiteral("'%1' object is not iterable").arg(tn(v)));
    }
}

qint64 length(const Value &v0)
{
    const Value v = py::resolved(checkDefined(v0));
    switch (v.type()) {
    case Value::Type::List: return v.toList().size();
    case Value::Type::Dict: return v.toDict().size();
    case Value::Type::String: return v.toString().size();
    default:
        throwTypeError(QStringLiteral("object of type '%1' has no len()").arg(tn(v)));
    }
}

ValueList split(const QString &s, const Value &sep, qint64 maxsplit, bool fromRight)
{
    ValueList out;
    if (sep.isNull()) {
        // Whitespace split: runs of whitespace, no empty strings.
        QStringList words;
        if (!fromRight) {
            qsizetype i = 0;
            const qsizetype n = s.size();
            while (i < n) {
                while (i < n && s.at(i).isSpace())
                    ++i;
                if (i >= n)
                    break;
                if (maxsplit >= 0 && words.size() >= maxsplit) {
                    QString rest = s.mid(i);
                    while (!rest.isEmpty() && rest.back().isSpace())
                        rest.chop(1);
                    words << rest;
                    break;
                }
                qsizetype j = i;
                while (j < n && !s.at(j).isSpace())
                    ++j;
                words << s.mid(i, j - i);
                i = j;
            }
        } else {
            qsizetype i = s.size() - 1;
            while (i >= 0) {
                while (i >= 0 && s.at(i).isSpace())
                    --i;
                if (i < 0)
                    break;
                if (maxsplit >= 0 && words.size() >= maxsplit) {
                    QString rest = s.left(i + 1);
                    qsizetype k = 0;
                    while (k < rest.size() && rest.at(k).isSpace())
                        ++k;
                    words.prepend(rest.mid(k));
                    break;
                }
                qsizetype j = i;
                while (j >= 0 && !s.at(j).isSpace())
                    --j;
                words.prepend(s.mid(j + 1, i - j));
                i = j;
            }
        }
        for (const QString &w : words)
            out.append(w);
        return out;
    }
    if (!sep.isString())
        throwTypeError(QStringLiteral("must be str or None, not %1").arg(tn(sep)));
    const QString &d = sep.toString();
    if (d.isEmpty())
        throwValueError(QStringLiteral("empty separator"));
    QStringList parts = s.split(d);
    if (maxsplit >= 0 && parts.size() > maxsplit + 1) {
        if (!fromRight) {
            QStringList head = parts.mid(0, maxsplit);
            head << parts.mid(maxsplit).join(d);
            parts = head;
        } else {
            const qsizetype keep = parts.size() - maxsplit;
            QStringList tail;
            tail << parts.mid(0, keep).join(d);
            tail << parts.mid(keep);
            parts = tail;
        }
    }
    for (const QString &p : parts)
        out.append(p);
    return out;
}

QString title(const QString &s)
{
    QString out = s;
    bool prevCased = false;
    for (qsizetype i = 0; i < out.size(); ++i) {
        const QChar c = out.at(i);
        if (c.isLetter()) {
            out[i] = prevCased ? c.toLower() : c.toUpper();
            prevCased = true;
        } else {
            prevCased = false;
        }
    }
    return out;
}

QString capitalize(const QString &s)
{
    if (s.isEmpty())
        return s;
    return s.left(1).toUpper() + s.mid(1).toLower();
}

QString strip(const QString &s, const Value &chars, bool left, bool right)
{
    auto isStrip = [&](QChar c) {
        if (chars.isNull())
            return c.isSpace();
        return chars.toString().contains(c);
    };
    qsizetype b = 0, e = s.size();
    if (left)
        while (b < e && isStrip(s.at(b)))
            ++b;
    if (right)
        while (e > b && isStrip(s.at(e - 1)))
            --e;
    return s.mid(b, e - b);
}

namespace {

bool stringMethod(const QString &s, const QString &name, const ValueList &args, const ValueDict &kwargs, Value *out)
{
    auto arg = [&](int i, const Value &dflt = {}) { return i < args.size() ? py::resolved(checkDefined(args.at(i))) : dflt; };
    auto strArg = [&](int i, const char *fn) {
        const Value v = arg(i);
        if (!v.isString())
            throwTypeError(QStringLiteral("%1() argument must be str, not %2").arg(QLatin1StringView(fn), tn(v)));
        return v.toString();
    };
    auto matchAny = [&](const Value &pat, auto pred) {
        if (pat.isList()) {
            for (const Value &p : pat.toList())
                if (pred(p.toString()))
                    return true;
            return false;
        }
        if (!pat.isString())
            throwTypeError(QStringLiteral("startswith first arg must be str or a tuple of str, not %1").arg(tn(pat)));
        return pred(pat.toString());
    };
    if (name == u"upper") *out = s.toUpper();
    else if (name == u"lower") *out = s.toLower();
    else if (name == u"strip") *out = strip(s, arg(0), true, true);
    else if (name == u"lstrip") *out = strip(s, arg(0), true, false);
    else if (name == u"rstrip") *out = strip(s, arg(0), false, true);
    else if (name == u"split" || name == u"rsplit") {
        Value sep = arg(0);
        Value ms = arg(1, qint64(-1));
        if (const Value *k = kwargs.find(u"sep")) sep = *k;
        if (const Value *k = kwargs.find(u"maxsplit")) ms = *k;
        *out = split(s, sep, ms.toInt(), name == u"rsplit");
    } else if (name == u"replace") {
        const QString from = strArg(0, "replace"), to = strArg(1, "replace");
        const qint64 count = arg(2, qint64(-1)).toInt();
        if (count < 0) {
            // Worst case first: an empty `from` matches between every character.
            const qint64 matches = from.isEmpty() ? s.size() + 1 : s.count(from);
            checkGrowth(matches * (to.size() - from.size()));
            *out = QString(s).replace(from, to);
        } else {
            QString r;
            qsizetype pos = 0;
            qint64 done = 0;
            while (done < count) {
                const qsizetype f = s.indexOf(from, pos);
                if (f < 0)
                    break;
                r += s.mid(pos, f - pos) + to;
                checkGrowth(r.size() - s.size());
                pos = f + from.size();
                ++done;
                if (from.isEmpty()) {
                    if (pos < s.size())
                        r += s.at(pos);
                    ++pos;
                }
            }
            if (pos <= s.size())
                r += s.mid(pos);
            *out = r;
        }
    } else if (name == u"startswith") *out = matchAny(arg(0), [&](const QString &p) { return s.startsWith(p); });
    else if (name == u"endswith") *out = matchAny(arg(0), [&](const QString &p) { return s.endsWith(p); });
    else if (name == u"join") {
        QStringList parts;
        for (const Value &v : iterate(arg(0))) {
            if (!v.isString())
                throwTypeError(QStringLiteral("sequence item %1: expected str instance, %2 found").arg(parts.size()).arg(tn(v)));
            parts << v.toString();
        }
        *out = parts.join(s);
    } else if (name == u"format") *out = strFormat(s, args, kwargs);
    else if (name == u"title") *out = title(s);
    else if (name == u"capitalize") *out = capitalize(s);
    else if (name == u"swapcase") {
        QString r = s;
        for (auto &c : r)
            c = c.isUpper() ? c.toLower() : c.toUpper();
        *out = r;
    } else if (name == u"find" || name == u"index" || name == u"rfind" || name == u"rindex") {
        const QString sub = strArg(0, "find");
        const bool rev = name.startsWith(u'r');
        const qsizetype i = rev ? s.lastIndexOf(sub) : s.indexOf(sub);
        if (i < 0 && name.endsWith(u"index"))
            throwValueError(QStringLiteral("substring not found"));
        *out = qint64(i);
    } else if (name == u"count") {
        const QString sub = strArg(0, "count");
        *out = qint64(sub.isEmpty() ? s.size() + 1 : s.count(sub));
    } else if (name == u"splitlines") {
        ValueList l;
        QString cur;
        const bool keep = py::truthy(arg(0, false));
        for (qsizetype i = 0; i < s.size(); ++i) {
            const QChar c = s.at(i);
            if (c == u'\n' || c == u'\r') {
                QString nl(c);
                if (c == u'\r' && i + 1 < s.size() && s.at(i + 1) == u'\n') {
                    nl += u'\n';
                    ++i;
                }
                l.append(keep ? QString(cur + nl) : cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        if (!cur.isEmpty())
            l.append(cur);
        *out = l;
    } else if (name == u"isdigit" || name == u"isnumeric" || name == u"isdecimal") {
        bool ok = !s.isEmpty();
        for (QChar c : s) ok = ok && c.isDigit();
        *out = ok;
    } else if (name == u"isalpha") {
        bool ok = !s.isEmpty();
        for (QChar c : s) ok = ok && c.isLetter();
        *out = ok;
    } else if (name == u"isalnum") {
        bool ok = !s.isEmpty();
        for (QChar c : s) ok = ok && c.isLetterOrNumber();
        *out = ok;
    } else if (name == u"isspace") {
        bool ok = !s.isEmpty();
        for (QChar c : s) ok = ok && c.isSpace();
        *out = ok;
    } else if (name == u"islower" || name == u"isupper") {
        bool cased = false, ok = true;
        for (QChar c : s) {
            if (c.isLetter() && c.toLower() != c.toUpper()) {
                cased = true;
                ok = ok && (name == u"islower" ? c.isLower() : c.isUpper());
            }
        }
        *out = cased && ok;
    } else if (name == u"zfill") {
        const qint64 w = arg(0).toInt();
        checkGrowth(w - s.size());
        QString r = s;
        const bool sign = !r.isEmpty() && (r.at(0) == u'-' || r.at(0) == u'+');
        if (r.size() < w)
            r.insert(sign ? 1 : 0, QString(w - r.size(), u'0'));
        *out = r;
    } else if (name == u"center" || name == u"ljust" || name == u"rjust") {
        const qint64 w = arg(0).toInt();
        checkGrowth(w - s.size());
        const QString fill = arg(1, QStringLiteral(" ")).toString();
        const QChar f = fill.isEmpty() ? QChar(u' ') : fill.at(0);
        if (s.size() >= w) { *out = s; return true; }
        const qint64 pad = w - s.size();
        if (name == u"ljust") *out = QString(s + QString(pad, f));
        else if (name == u"rjust") *out = QString(QString(pad, f) + s);
        else {
            const qint64 left = pad / 2 + (pad & w & 1);
            *out = QString(QString(left, f) + s + QString(pad - left, f));
        }
    } else if (name == u"partition" || name == u"rpartition") {
        const QString sep = strArg(0, "partition");
        const qsizetype i = name == u"partition" ? s.indexOf(sep) : s.lastIndexOf(sep);
        if (i < 0)
            *out = name == u"partition" ? makeList({s, QString(), QString()}) : makeList({QString(), QString(), s});
        else
            *out = makeList({s.left(i), sep, s.mid(i + sep.size())});
    } else
        return false;
    return true;
}

} // namespace

bool callMethod(const Value &obj0, const QString &name, const ValueList &args, const ValueDict &kwargs, Value *out)
{
    const Value obj = py::resolved(checkDefined(obj0));
    if (obj.isString())
        return stringMethod(obj.toString(), name, args, kwargs, out);
    if (obj.isDict()) {
        const ValueDict &d = obj.toDict();
        if (name == u"items") {
            ValueList l;
            l.reserve(d.size());
            for (const auto &[k, v] : d)
                l.append(Value(ValueList {k, v}));
            *out = l;
        } else if (name == u"keys") {
            ValueList l;
            for (const auto &e : d)
                l.append(e.first);
            *out = l;
        } else if (name == u"values") {
            ValueList l;
            for (const auto &e : d)
                l.append(e.second);
            *out = l;
        } else if (name == u"get") {
            if (args.isEmpty())
                throwTypeError(QStringLiteral("get expected at least 1 argument, got 0"));
            const Value key = py::resolved(checkDefined(args.at(0)));
            const Value *v = key.isString() ? d.find(key.toString()) : nullptr;
            *out = v ? *v : (args.size() > 1 ? args.at(1) : Value());
        } else if (name == u"copy") {
            *out = obj;
        } else
            return false;
        return true;
    }
    if (obj.isList()) {
        const ValueList &l = obj.toList();
        if (name == u"index") {
            const Value x = args.value(0);
            for (qsizetype i = 0; i < l.size(); ++i)
                if (py::equals(l.at(i), x)) {
                    *out = qint64(i);
                    return true;
                }
            throwValueError(QStringLiteral("%1 is not in list").arg(py::repr(x)));
        } else if (name == u"count") {
            qint64 n = 0;
            const Value x = args.value(0);
            for (const Value &e : l)
                n += py::equals(e, x) ? 1 : 0;
            *out = n;
        } else if (name == u"copy") {
            *out = obj;
        } else
            return false;
        return true;
    }
    return false;
}

} // namespace squall::expr::ops
