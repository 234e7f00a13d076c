#include "expr/PyOps.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/Functions.h"
#include "expr/Undefined.h"

#include <cmath>

// printf-style `%` formatting and str.format(), enough of Python's
// mini-language for templates: fill/align/sign/width/grouping/precision/type.
namespace squall::expr::ops {

namespace {

struct Spec
{
    QChar fill = u' ';
    QChar align;
    QChar sign = u'-';
    bool alt = false;
    bool zero = false;
    int width = -1;
    bool grouping = false;
    int precision = -1;
    QChar type;
};

Spec parseSpec(QStringView s)
{
    Spec sp;
    qsizetype i = 0;
    auto isAlign = [](QChar c) { return c == u'<' || c == u'>' || c == u'^' || c == u'='; };
    if (s.size() >= 2 && isAlign(s.at(1))) {
        sp.fill = s.at(0);
        sp.align = s.at(1);
        i = 2;
    } else if (!s.isEmpty() && isAlign(s.at(0))) {
        sp.align = s.at(0);
        i = 1;
    }
    if (i < s.size() && (s.at(i) == u'+' || s.at(i) == u'-' || s.at(i) == u' '))
        sp.sign = s.at(i++);
    if (i < s.size() && s.at(i) == u'#') {
        sp.alt = true;
        ++i;
    }
    if (i < s.size() && s.at(i) == u'0') {
        sp.zero = true;
        ++i;
    }
    qsizetype st = i;
    while (i < s.size() && s.at(i).isDigit())
        ++i;
    if (i > st)
        sp.width = s.mid(st, i - st).toInt();
    checkGrowth(sp.width);
    if (i < s.size() && (s.at(i) == u',' || s.at(i) == u'_')) {
        sp.grouping = true;
        ++i;
    }
    if (i < s.size() && s.at(i) == u'.') {
        ++i;
        st = i;
        while (i < s.size() && s.at(i).isDigit())
            ++i;
        sp.precision = s.mid(st, i - st).toInt();
        checkGrowth(sp.precision);
    }
    if (i < s.size())
        sp.type = s.at(i++);
    if (i < s.size())
        throwValueError(QStringLiteral("Invalid format specifier"));
    return sp;
}

QString group(const QString &digits)
{
    QString out;
    const qsizetype n = digits.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0)
            out += u',';
        out += digits.at(i);
    }
    return out;
}

QString pad(const QString &body, const QString &signStr, const Spec &sp, QChar defaultAlign)
{
    const QChar align = sp.align.isNull() ? (sp.zero ? QChar(u'=') : defaultAlign) : sp.align;
    const QChar fill = (sp.align.isNull() && sp.zero) ? QChar(u'0') : sp.fill;
    const qsizetype len = body.size() + signStr.size();
    if (sp.width <= len)
        return signStr + body;
    const qsizetype n = sp.width - len;
    if (align == u'<')
        return signStr + body + QString(n, fill);
    if (align == u'^')
        return QString(n / 2, fill) + signStr + body + QString(n - n / 2, fill);
    if (align == u'=')
        return signStr + QString(n, fill) + body;
    return QString(n, fill) + signStr + body;
}

QString formatNumber(const Value &v, const Spec &sp)
{
    QChar type = sp.type;
    const bool isInt = isInteger(v);
    if (type.isNull())
        type = isInt ? QChar(u'd') : QChar(u'r');
    double d = v.toDouble();
    const bool neg = isInt ? v.toInt() < 0 : std::signbit(d);
    QString body;
    switch (type.unicode()) {
    case 'd':
    case 'n':
        if (!isInt)
            throwValueError(QStringLiteral("Unknown format code 'd' for object of type 'float'"));
        body = QString::number(v.toInt() < 0 ? -v.toInt() : v.toInt());
        if (sp.grouping)
            body = group(body);
        break;
    case 'x': case 'X': case 'o': case 'b': {
        if (!isInt)
            throwValueError(QStringLiteral("Unknown format code '%1' for object of type 'float'").arg(type));
        const int base = type == u'o' ? 8 : (type == u'b' ? 2 : 16);
        qint64 x = v.toInt();
        body = QString::number(x < 0 ? -x : x, base);
        if (type == u'X')
            body = body.toUpper();
        if (sp.alt)
            body = (type == u'o' ? QStringLiteral("0o") : type == u'b' ? QStringLiteral("0b") : type == u'X' ? QStringLiteral("0X") : QStringLiteral("0x")) + body;
        break;
    }
    case 'f': case 'F': case 'e': case 'E': case '%': case 'g': case 'G': {
        double a = std::fabs(d);
        const int prec = sp.precision < 0 ? 6 : sp.precision;
        if (type == u'%') {
            body = QString::number(a * 100, 'f', prec) + u'%';
        } else if (type == u'g' || type == u'G') {
            body = QString::number(a, 'g', prec == 0 ? 1 : prec);
        } else {
            body = QString::number(a, type.toLower().toLatin1(), prec);
            if (type == u'e' || type == u'E') {
                // Python uses at least two exponent digits, as does Qt.
            }
        }
        if (type.isUpper())
            body = body.toUpper();
        if (sp.grouping && (type == u'f' || type == u'F')) {
            const qsizetype dot = body.indexOf(u'.');
            body = group(dot < 0 ? body : body.left(dot)) + (dot < 0 ? QString() : body.mid(dot));
        }
        break;
    }
    case 'r':
        body = sp.precision >= 0 ? QString::number(std::fabs(d), 'g', sp.precision) : py::floatRepr(std::fabs(d));
        break;
    default:
        throwValueError(QStringLiteral("Unknown format code '%1' for object of type '%2'")
                            .arg(type, QLatin1StringView(v.typeName())));
    }
    QString signStr;
    if (neg)
        signStr = QStringLiteral("-");
    else if (sp.sign == u'+')
        signStr = QStringLiteral("+");
    else if (sp.sign == u' ')
        signStr = QStringLiteral(" ");
    return pad(body, signStr, sp, u'>');
}

} // namespace

QString formatSpec(const Value &v0, QStringView specText)
{
    const Value v = py::resolved(checkDefined(v0));
    if (specText.isEmpty())
        return py::str(v);
    const Spec sp = parseSpec(specText);
    if (v.isNumber() && sp.type != u's') {
        return formatNumber(v.isBool() ? Value(v.toInt()) : v, sp);
    }
    if (!sp.type.isNull() && sp.type != u's')
        throwValueError(QStringLiteral("Unknown format code '%1' for object of type '%2'")
                            .arg(sp.type, QLatin1StringView(v.typeName())));
    QString s = py::str(v);
    if (sp.precision >= 0)
        s = s.left(sp.precision);
    return pad(s, QString(), sp, u'<');
}

QString percentFormat(const QString &fmt, const Value &args0, bool argsAreTuple)
{
    const Value args = py::resolved(checkDefined(args0));
    // Values have no tuple type, so a list is spread over the conversions
    // when it has exactly as many items as there are (several) conversions;
    // otherwise it is one argument, as a Python list would be.
    int specs = 0;
    for (qsizetype i = 0; i + 1 < fmt.size(); ++i) {
        if (fmt.at(i) == u'%') {
            if (fmt.at(i + 1) != u'%')
                ++specs;
            ++i;
        }
    }
    const bool tuple = args.isList() && (argsAreTuple || (specs > 1 && args.toList().size() == specs));
    const ValueList list = tuple ? args.toList() : ValueList {args};
    qsizetype next = 0;
    QString out;
    const qsizetype n = fmt.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = fmt.at(i);
        if (c != u'%') {
            out += c;
            continue;
        }
        if (++i >= n)
            throwValueError(QStringLiteral("incomplete format"));
        if (fmt.at(i) == u'%') {
            out += u'%';
            continue;
        }
        Value arg;
        bool haveArg = false;
        if (fmt.at(i) == u'(') {
            const qsizetype close = fmt.indexOf(u')', i);
            if (close < 0)
                throwValueError(QStringLiteral("incomplete format key"));
            if (!args.isDict())
                throwTypeError(QStringLiteral("format requires a mapping"));
            const QString key = fmt.mid(i + 1, close - i - 1);
            const Value *v = args.toDict().find(key);
            if (!v)
                throw SquallException(QStringLiteral("KeyError"), py::repr(QStringView(key)));
            arg = *v;
            haveArg = true;
            i = close + 1;
        }
        Spec sp;
        sp.align = u'>';
        while (i < n && QStringView(u"-+ #0").contains(fmt.at(i))) {
            const QChar f = fmt.at(i++);
            if (f == u'-') sp.align = u'<';
            else if (f == u'+' || f == u' ') sp.sign = f;
            else if (f == u'#') sp.alt = true;
            else if (f == u'0') sp.zero = true;
        }
        qsizetype st = i;
        while (i < n && fmt.at(i).isDigit())
            ++i;
        if (i > st)
            sp.width = fmt.mid(st, i - st).toInt();
        checkGrowth(sp.width);
        if (i < n && fmt.at(i) == u'.') {
            st = ++i;
            while (i < n && fmt.at(i).isDigit())
                ++i;
            sp.precision = fmt.mid(st, i - st).toInt();
            checkGrowth(sp.precision);
        }
        if (i >= n)
            throwValueError(QStringLiteral("incomplete format"));
        const QChar type = fmt.at(i);
        if (!haveArg) {
            if (next >= list.size())
                throwTypeError(QStringLiteral("not enough arguments for format string"));
            arg = py::resolved(checkDefined(list.at(next++)));
        }
        if (sp.zero && sp.align == u'>')
            sp.align = QChar();
        switch (type.unicode()) {
        case 's': {
            QString s = py::str(arg);
            if (sp.precision >= 0)
                s = s.left(sp.precision);
            out += pad(s, QString(), sp, u'>');
            break;
        }
        case 'r': out += pad(py::repr(arg), QString(), sp, u'>'); break;
        case 'd': case 'i': case 'u':
            if (!arg.isNumber())
                throwTypeError(QStringLiteral("%%%1 format: a real number is required, not %2").arg(type, QLatin1StringView(arg.typeName())));
            sp.type = u'd';
            out += formatNumber(Value(qint64(arg.isDouble() ? std::trunc(arg.toDouble()) : double(arg.toInt()))), sp);
            break;
        case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'x': case 'X': case 'o':
            if (!arg.isNumber())
                throwTypeError(QStringLiteral("must be real number, not %1").arg(QLatin1StringView(arg.typeName())));
            sp.type = type;
            out += formatNumber(arg.isBool() ? Value(arg.toInt()) : arg, sp);
            break;
        case 'c':
            out += arg.isString() ? arg.toString() : QString(QChar(char16_t(arg.toInt())));
            break;
        default:
            throwValueError(QStringLiteral("unsupported format character '%1'").arg(type));
        }
    }
    if (!args.isDict() && next < list.size())
        throwTypeError(QStringLiteral("not all arguments converted during string formatting"));
    return out;
}

QString strFormat(const QString &fmt, const ValueList &args, const ValueDict &kwargs)
{
    QString out;
    qsizetype autoIdx = 0;
    const qsizetype n = fmt.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = fmt.at(i);
        if (c == u'}') {
            if (i + 1 < n && fmt.at(i + 1) == u'}') {
                out += u'}';
                ++i;
                continue;
            }
            throwValueError(QStringLiteral("Single '}' encountered in format string"));
        }
        if (c != u'{') {
            out += c;
            continue;
        }
        if (i + 1 < n && fmt.at(i + 1) == u'{') {
            out += u'{';
            ++i;
            continue;
        }
        const qsizetype close = fmt.indexOf(u'}', i);
        if (close < 0)
            throwValueError(QStringLiteral("Single '{' encountered in format string"));
        const QString field = fmt.mid(i + 1, close - i - 1);
        i = close;
        qsizetype colon = field.indexOf(u':');
        QString ref = colon < 0 ? field : field.left(colon);
        const QString spec = colon < 0 ? QString() : field.mid(colon + 1);
        bool repr = false;
        if (ref.endsWith(QStringLiteral("!r"))) {
            repr = true;
            ref.chop(2);
        } else if (ref.endsWith(QStringLiteral("!s"))) {
            ref.chop(2);
        }
        // Split "name.attr[key]" into the head and accessors.
        qsizetype headEnd = 0;
        while (headEnd < ref.size() && ref.at(headEnd) != u'.' && ref.at(headEnd) != u'[')
            ++headEnd;
        const QString head = ref.left(headEnd);
        Value v;
        if (head.isEmpty()) {
            if (autoIdx >= args.size())
                throw SquallException(QStringLiteral("IndexError"), QStringLiteral("Replacement index %1 out of range for positional args tuple").arg(autoIdx));
            v = args.at(autoIdx++);
        } else if (head.at(0).isDigit()) {
            const int idx = head.toInt();
            if (idx >= args.size())
                throw SquallException(QStringLiteral("IndexError"), QStringLiteral("Replacement index %1 out of range for positional args tuple").arg(idx));
            v = args.at(idx);
        } else {
            const Value *kv = kwargs.find(head);
            if (!kv)
                throw SquallException(QStringLiteral("KeyError"), py::repr(QStringView(head)));
            v = *kv;
        }
        qsizetype p = headEnd;
        while (p < ref.size()) {
            if (ref.at(p) == u'.') {
                qsizetype e = p + 1;
                while (e < ref.size() && ref.at(e) != u'.' && ref.at(e) != u'[')
                    ++e;
                v = getattr(v, ref.mid(p + 1, e - p - 1));
                p = e;
            } else {
                const qsizetype e = ref.indexOf(u']', p);
                const QString key = ref.mid(p + 1, e - p - 1);
                bool isNum = false;
                const qint64 k = key.toLongLong(&isNum);
                v = getitem(v, isNum ? Value(k) : Value(key));
                p = e < 0 ? ref.size() : e + 1;
            }
        }
        out += repr ? py::repr(py::resolved(checkDefined(v))) : formatSpec(v, spec);
    }
    return out;
}

} // namespace squall::expr::ops
