#include "expr/Functions.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/JinjaAst.h"
#include "expr/JinjaObjects.h"
#include "expr/PyJson.h"
#include "expr/PyOps.h"
#include "expr/Undefined.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>

// Jinja2's built-in filters and globals, with Jinja's argument names so
// keyword calls (`sort(attribute='x')`) work.
namespace squall::expr {

namespace {

using ops::getattr;
using ops::isInteger;

QString toStr(const Value &v)
{
    return py::str(py::resolved(checkDefined(v)));
}

// A groupby() result: unpacks as (grouper, list) and has .grouper / .list.
class GroupObject final : public ValueObject
{
public:
    GroupObject(Value grouper, ValueList list) : m_grouper(std::move(grouper)), m_list(std::move(list)) { }
    Value attribute(const QString &name) const override
    {
        if (name == u"grouper")
            return m_grouper;
        if (name == u"list")
            return m_list;
        return {};
    }
    Value resolve() const override { return ValueList {m_grouper, m_list}; }

private:
    Value m_grouper;
    ValueList m_list;
};

// Jinja's make_attrgetter: "a.b.0" walks attributes/items. The path is
// split once per filter call, not once per item.
class AttrGetter
{
public:
    explicit AttrGetter(const Value &attribute)
    {
        if (attribute.isNull())
            return;
        if (isInteger(attribute)) {
            m_parts.append({attribute.toInt(), QString(), true});
            return;
        }
        for (const QString &part : attribute.toString().split(u'.')) {
            bool isNum = false;
            const qint64 idx = part.toLongLong(&isNum);
            m_parts.append({idx, part, isNum});
        }
    }
    Value operator()(const Value &item) const
    {
        // Walks by pointer through plain dicts so only the result is copied.
        const Value *cur = &item;
        Value holder;
        for (const Part &p : m_parts) {
            if (!p.isIndex && cur->isDict()) {
                const Value *v = cur->toDict().find(p.name);
                if (!v)
                    return undefinedAttribute(*cur, p.name);
                cur = v;
                continue;
            }
            Value next = p.isIndex ? ops::getitem(*cur, p.index) : getattr(*cur, p.name);
            holder = std::move(next);
            cur = &holder;
        }
        return *cur;
    }

private:
    struct Part
    {
        qint64 index;
        QString name;
        bool isIndex;
    };
    QList<Part> m_parts;
};

[[maybe_unused]] Value attrPath(const Value &item, const Value &attribute)
{
    if (attribute.isNull())
        return item;
    if (isInteger(attribute))
        return ops::getitem(item, attribute);
    Value cur = item;
    for (const QString &part : attribute.toString().split(u'.')) {
        bool isNum = false;
        const qint64 idx = part.toLongLong(&isNum);
        cur = isNum ? ops::getitem(cur, idx) : getattr(cur, part);
    }
    return cur;
}


Value ignoreCase(const Value &v, bool caseSensitive)
{
    if (!caseSensitive && v.isString())
        return v.toString().toLower();
    return v;
}

QString htmlEscape(const QString &s)
{
    QString out;
    out.reserve(s.size());
    for (QChar c : s) {
        switch (c.unicode()) {
        case '&': out += QStringLiteral("&amp;"); break;
        case '<': out += QStringLiteral("&lt;"); break;
        case '>': out += QStringLiteral("&gt;"); break;
        case '"': out += QStringLiteral("&#34;"); break;
        case '\'': out += QStringLiteral("&#39;"); break;
        default: out += c;
        }
    }
    return out;
}

void sortValues(ValueList &l, bool reverse, bool caseSensitive, const Value &attribute)
{
    std::stable_sort(l.begin(), l.end(), [&](const Value &a, const Value &b) {
        const Value ka = ignoreCase(py::resolved(attrPath(a, attribute)), caseSensitive);
        const Value kb = ignoreCase(py::resolved(attrPath(b, attribute)), caseSensitive);
        return reverse ? py::compare(kb, ka) < 0 : py::compare(ka, kb) < 0;
    });
}

// select/reject/selectattr/rejectattr
Value selectOrReject(const ValueList &args, const ValueDict &kwargs, bool attr, bool select)
{
    if (args.isEmpty())
        throwTypeError(QStringLiteral("missing value"));
    const ValueList items = ops::iterate(args.at(0));
    qsizetype i = 1;
    Value attribute;
    if (attr) {
        if (args.size() < 2)
            throwTypeError(QStringLiteral("Missing parameter for attribute name"));
        attribute = args.at(1);
        i = 2;
    }
    jinja::TestFn test = nullptr;
    ValueList testArgs;
    if (i < args.size()) {
        const QString name = toStr(args.at(i));
        testArgs = args.mid(i + 1);
        test = jinja::findTest(name);
        if (!test)
            throw SquallException(QStringLiteral("TemplateRuntimeError"), QStringLiteral("No test named '%1'.").arg(name));
    }
    Q_UNUSED(kwargs);
    const AttrGetter getter(attribute);
    ValueList out;
    out.reserve(items.size());
    for (const Value &item : items) {
        bool r;
        if (attr) {
            const Value v = getter(item);
            r = test ? jinja::callTest(test, v, testArgs) : py::truthy(v);
        } else {
            r = test ? jinja::callTest(test, item, testArgs) : py::truthy(item);
        }
        if (r == select)
            out.append(item);
    }
    return out;
}

double pyRound(double x, int precision)
{
    const double m = std::pow(10.0, precision);
    const double y = x * m;
    double r = std::round(y);
    if (std::fabs(y - std::trunc(y)) == 0.5)
        r = 2.0 * std::round(y / 2.0);  // ties to even, as Python's round()
    return r / m;
}

QString truncateStr(const QString &s, qint64 length, bool killwords, const QString &end, qint64 leeway)
{
    if (s.size() <= length + leeway)
        return s;
    if (killwords)
        return s.left(qMax<qint64>(0, length - end.size())) + end;
    QString result = s.left(qMax<qint64>(0, length - end.size()));
    const qsizetype sp = result.lastIndexOf(u' ');
    if (sp >= 0)
        result = result.left(sp);
    return result + end;
}

QString wordwrap(const QString &s, qint64 width, bool breakLong, const QString &wrapstring)
{
    QStringList lines;
    for (const QString &para : s.split(u'\n')) {
        QStringList words = para.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        QString line;
        for (QString w : words) {
            while (breakLong && w.size() > width) {
                if (!line.isEmpty()) {
                    const qsizetype room = width - line.size() - 1;
                    if (room > 0) {
                        line += u' ' + w.left(room);
                        w = w.mid(room);
                    }
                    lines << line;
                    line.clear();
                    continue;
                }
                lines << w.left(width);
                w = w.mid(width);
            }
            if (w.isEmpty())
                continue;
            if (line.isEmpty())
                line = w;
            else if (line.size() + 1 + w.size() <= width)
                line += u' ' + w;
            else {
                lines << line;
                line = w;
            }
        }
        if (!line.isEmpty() || words.isEmpty())
            lines << line;
    }
    return lines.join(wrapstring);
}

Value intFilter(const Value &v0, const Value &dflt, qint64 base)
{
    const Value v = py::resolved(checkDefined(v0));
    if (v.isBool() || v.isInt())
        return v.toInt();
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (std::isnan(d) || std::isinf(d))
            return dflt;
        return qint64(std::trunc(d));
    }
    if (v.isString()) {
        QString s = v.toString().trimmed();
        qint64 out = 0;
        if (base == 10) {
            if (py::parseInt(s, &out))
                return out;
        } else {
            QString t = s.toLower();
            bool neg = false;
            if (t.startsWith(u'-')) {
                neg = true;
                t = t.mid(1);
            }
            if ((base == 16 && t.startsWith(u"0x")) || (base == 8 && t.startsWith(u"0o")) || (base == 2 && t.startsWith(u"0b")))
                t = t.mid(2);
            bool ok = false;
            out = t.toLongLong(&ok, int(base));
            if (ok)
                return neg ? -out : out;
        }
        double d = 0;
        if (py::parseFloat(s, &d) && !std::isnan(d) && !std::isinf(d))
            return qint64(std::trunc(d));
    }
    return dflt;
}

QString urlQuote(const QString &s, bool forQueryValue)
{
    const QByteArray safe = forQueryValue ? QByteArray("") : QByteArray("/");
    return QString::fromLatin1(s.toUtf8().toPercentEncoding(safe, QByteArray()));
}

ValueList itemsOf(const Value &v)
{
    ValueList out;
    for (const auto &[k, val] : v.toDict())
        out.append(Value(ValueList {k, val}));
    return out;
}

#define ARGS(fn, ...) ArgBinder a(fn, args, kwargs, {__VA_ARGS__})

} // namespace

void registerJinjaBuiltins(FunctionRegistry &r)
{
    using VL = const ValueList &;
    using VD = const ValueDict &;
    using CC = const CallContext &;
    const unsigned F = Filter;

    r.add(QStringLiteral("abs"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("abs", "x");
        const Value v = a.at(0);
        if (isInteger(v))
            return qAbs(v.toInt());
        if (v.isDouble())
            return std::fabs(v.toDouble());
        throwTypeError(QStringLiteral("bad operand type for abs(): '%1'").arg(QLatin1StringView(v.typeName())));
    }, F);
    r.add(QStringLiteral("attr"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("attr", "obj", "name");
        // Python attributes only, never items: plain dicts have none.
        if (a.at(0).isObject())
            return getattr(a.at(0), toStr(a.get(1)));
        return undefinedAttribute(a.at(0), toStr(a.get(1)));
    }, F);
    r.add(QStringLiteral("batch"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("batch", "value", "linecount", "fill_with");
        const qint64 n = a.get(1).toInt();
        if (n <= 0)
            throwValueError(QStringLiteral("linecount must be positive"));
        ValueList out, cur;
        for (const Value &v : ops::iterate(a.at(0))) {
            cur.append(v);
            if (cur.size() == n) {
                out.append(Value(cur));
                cur.clear();
            }
        }
        if (!cur.isEmpty()) {
            if (a.has(2) && !a.get(2).isNull())
                while (cur.size() < n)
                    cur.append(a.get(2));
            out.append(Value(cur));
        }
        return out;
    }, F);
    r.add(QStringLiteral("capitalize"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("capitalize", "s");
        return ops::capitalize(toStr(a.at(0)));
    }, F);
    r.add(QStringLiteral("center"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("center", "value", "width");
        Value out;
        ops::callMethod(toStr(a.at(0)), QStringLiteral("center"), {a.get(1, qint64(80))}, {}, &out);
        return out;
    }, F);
    auto lengthFn = [](VL args, VD kwargs, CC) -> Value {
        ARGS("length", "obj");
        return ops::length(a.at(0));
    };
    r.add(QStringLiteral("length"), lengthFn, F);
    r.add(QStringLiteral("count"), lengthFn, F);
    auto dflt = [](VL args, VD kwargs, CC) -> Value {
        ARGS("default", "value", "default_value", "boolean");
        const Value v = a.at(0);
        const Value fallback = a.get(1, QString());
        if (isUndefined(v))
            return fallback;
        if (py::truthy(a.get(2, false)) && !py::truthy(v))
            return fallback;
        return v;
    };
    r.add(QStringLiteral("default"), dflt, F);
    r.add(QStringLiteral("d"), dflt, F);
    r.add(QStringLiteral("dictsort"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("dictsort", "value", "case_sensitive", "by", "reverse");
        const Value v = a.at(0);
        if (!v.isDict())
            throwTypeError(QStringLiteral("dictsort requires a mapping"));
        const bool cs = py::truthy(a.get(1, false));
        const QString by = a.get(2, QStringLiteral("key")).toString();
        const int pos = by == u"key" ? 0 : (by == u"value" ? 1 : -1);
        if (pos < 0)
            throw SquallException(QStringLiteral("FilterArgumentError"), QStringLiteral("You can only sort by either \"key\" or \"value\""));
        ValueList items = itemsOf(v);
        const bool rev = py::truthy(a.get(3, false));
        std::stable_sort(items.begin(), items.end(), [&](const Value &x, const Value &y) {
            const Value kx = ignoreCase(x.toList().at(pos), cs), ky = ignoreCase(y.toList().at(pos), cs);
            return rev ? py::compare(ky, kx) < 0 : py::compare(kx, ky) < 0;
        });
        return items;
    }, F);
    auto escape = [](VL args, VD kwargs, CC) -> Value {
        ARGS("escape", "s");
        return htmlEscape(toStr(a.at(0)));
    };
    r.add(QStringLiteral("escape"), escape, F);
    r.add(QStringLiteral("e"), escape, F);
    r.add(QStringLiteral("forceescape"), escape, F);
    r.add(QStringLiteral("first"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("first", "seq");
        const ValueList l = ops::iterate(a.at(0));
        if (l.isEmpty())
            return undefinedWithMessage(QStringLiteral("No first item, sequence was empty."));
        return l.first();
    }, F);
    r.add(QStringLiteral("last"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("last", "seq");
        const ValueList l = ops::iterate(a.at(0));
        if (l.isEmpty())
            return undefinedWithMessage(QStringLiteral("No last item, sequence was empty."));
        return l.last();
    }, F);
    r.add(QStringLiteral("float"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("float", "value", "default");
        const Value v = a.at(0);
        const Value fallback = a.get(1, 0.0);
        if (v.isNumber())
            return v.toDouble();
        double d = 0;
        if (v.isString() && py::parseFloat(v.toString(), &d))
            return d;
        return fallback;
    }, F);
    r.add(QStringLiteral("format"), [](VL args, VD kwargs, CC) -> Value {
        if (args.isEmpty())
            throwTypeError(QStringLiteral("format() missing value"));
        if (!kwargs.isEmpty() && args.size() > 1)
            throw SquallException(QStringLiteral("FilterArgumentError"), QStringLiteral("can't handle positional and keyword arguments at the same time"));
        const QString fmt = toStr(args.at(0));
        if (!kwargs.isEmpty())
            return ops::percentFormat(fmt, kwargs);
        return ops::percentFormat(fmt, ValueList(args.mid(1)), true);
    }, F);
    r.add(QStringLiteral("groupby"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("groupby", "value", "attribute", "default", "case_sensitive");
        ValueList items = ops::iterate(a.at(0));
        const Value attribute = a.get(1);
        const Value fallback = a.get(2);
        const bool cs = py::truthy(a.get(3, false));
        auto key = [&](const Value &item) {
            Value k = attrPath(item, attribute);
            if (isUndefined(k)) {
                if (!a.has(2))
                    checkDefined(k);
                k = fallback;
            }
            return py::resolved(k);
        };
        std::stable_sort(items.begin(), items.end(), [&](const Value &x, const Value &y) {
            return py::compare(ignoreCase(key(x), cs), ignoreCase(key(y), cs)) < 0;
        });
        ValueList out;
        Value curKey;
        ValueList cur;
        bool have = false;
        for (const Value &item : items) {
            const Value k = key(item);
            if (have && py::equals(ignoreCase(k, cs), ignoreCase(curKey, cs))) {
                cur.append(item);
                continue;
            }
            if (have)
                out.append(Value(std::shared_ptr<const ValueObject>(std::make_shared<GroupObject>(curKey, cur))));
            curKey = k;
            cur = {item};
            have = true;
        }
        if (have)
            out.append(Value(std::shared_ptr<const ValueObject>(std::make_shared<GroupObject>(curKey, cur))));
        return out;
    }, F);
    r.add(QStringLiteral("indent"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("indent", "s", "width", "first", "blank");
        const Value w = a.get(1, qint64(4));
        const bool first = py::truthy(a.get(2, false));
        const bool blank = py::truthy(a.get(3, false));
        QString s = toStr(a.at(0));
        QString nl = QStringLiteral("\n");
        if (s.endsWith(u'\n')) {
            s.chop(1);
        } else {
            nl.clear();
        }
        QStringList lines = s.split(u'\n');
        const qint64 width = w.isString() ? w.toString().size() : w.toInt();
        ops::checkGrowth(width > ops::kMaxGrowth ? width : width * lines.size());
        const QString pad = w.isString() ? w.toString() : QString(w.toInt(), u' ');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (i == 0 && !first)
                continue;
            if (blank || !lines[i].trimmed().isEmpty())
                lines[i] = pad + lines[i];
        }
        return QString(lines.join(u'\n') + nl);
    }, F);
    r.add(QStringLiteral("int"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("int", "value", "default", "base");
        return intFilter(a.at(0), a.get(1, qint64(0)), a.get(2, qint64(10)).toInt());
    }, F);
    r.add(QStringLiteral("items"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("items", "value");
        if (!a.at(0).isDict())
            throwTypeError(QStringLiteral("Can only get item pairs from a mapping."));
        return itemsOf(a.at(0));
    }, F);
    r.add(QStringLiteral("join"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("join", "value", "d", "attribute");
        const QString d = toStr(a.get(1, QString()));
        QStringList parts;
        for (const Value &v : ops::iterate(a.at(0)))
            parts << toStr(attrPath(v, a.get(2)));
        return parts.join(d);
    }, F);
    r.add(QStringLiteral("list"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("list", "value");
        return ops::iterate(a.at(0));
    }, F);
    r.add(QStringLiteral("lower"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("lower", "s");
        return toStr(a.at(0)).toLower();
    }, F);
    r.add(QStringLiteral("upper"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("upper", "s");
        return toStr(a.at(0)).toUpper();
    }, F);
    r.add(QStringLiteral("title"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("title", "s");
        // Jinja capitalises after runs of '-', whitespace and opening brackets.
        QString s = toStr(a.at(0));
        bool start = true;
        for (QChar &c : s) {
            if (c == u'-' || c.isSpace() || c == u'(' || c == u'{' || c == u'[' || c == u'<') {
                start = true;
                continue;
            }
            c = start ? c.toUpper() : c.toLower();
            start = false;
        }
        return s;
    }, F);
    r.add(QStringLiteral("trim"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("trim", "value", "chars");
        return ops::strip(toStr(a.at(0)), a.get(1), true, true);
    }, F);
    r.add(QStringLiteral("map"), [](VL args, VD kwargs, CC ctx) -> Value {
        if (args.isEmpty())
            throwTypeError(QStringLiteral("map() missing value"));
        const ValueList items = ops::iterate(args.at(0));
        ValueList out;
        out.reserve(items.size());
        if (args.size() < 2 && kwargs.contains(u"attribute")) {
            const Value attribute = kwargs.value(u"attribute");
            const Value *fallback = kwargs.find(u"default");
            const AttrGetter getter(attribute);
            for (const Value &item : items) {
                Value v = getter(item);
                if (isUndefined(v) && fallback)
                    v = *fallback;
                out.append(v);
            }
            return out;
        }
        if (args.size() < 2)
            throw SquallException(QStringLiteral("FilterArgumentError"), QStringLiteral("map requires a filter argument"));
        const QString name = toStr(args.at(1));
        const auto slot = FunctionRegistry::instance().filter(name);
        if (!slot)
            throw SquallException(QStringLiteral("TemplateRuntimeError"), QStringLiteral("No filter named '%1'.").arg(name));
        ValueList fargs = args.mid(1);
        for (const Value &item : items) {
            fargs[0] = py::resolved(checkDefined(item));
            out.append(slot->call(fargs, kwargs, ctx));
        }
        return out;
    }, F);
    auto minmax = [](bool isMax) {
        return [isMax](VL args, VD kwargs, CC) -> Value {
            ArgBinder a(isMax ? "max" : "min", args, kwargs, {"value", "case_sensitive", "attribute"});
            const ValueList items = ops::iterate(a.at(0));
            if (items.isEmpty())
                return undefinedWithMessage(QStringLiteral("No aggregated item, sequence was empty."));
            const bool cs = py::truthy(a.get(1, false));
            const Value attribute = a.get(2);
            Value best = items.first();
            Value bestKey = ignoreCase(py::resolved(attrPath(best, attribute)), cs);
            for (qsizetype i = 1; i < items.size(); ++i) {
                const Value k = ignoreCase(py::resolved(attrPath(items.at(i), attribute)), cs);
                const int c = py::compare(k, bestKey);
                if (isMax ? c > 0 : c < 0) {
                    best = items.at(i);
                    bestKey = k;
                }
            }
            return best;
        };
    };
    r.add(QStringLiteral("max"), minmax(true), F);
    r.add(QStringLiteral("min"), minmax(false), F);
    r.add(QStringLiteral("pprint"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("pprint", "value");
        return py::repr(py::resolved(checkDefined(a.at(0))));
    }, F);
    r.add(QStringLiteral("random"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("random", "seq");
        const ValueList l = ops::iterate(a.at(0));
        if (l.isEmpty())
            return undefinedWithMessage(QStringLiteral("No random item, sequence was empty."));
        return l.at(QRandomGenerator::global()->bounded(l.size()));
    }, F);
    r.add(QStringLiteral("select"), [](VL args, VD kwargs, CC) { return selectOrReject(args, kwargs, false, true); }, F);
    r.add(QStringLiteral("reject"), [](VL args, VD kwargs, CC) { return selectOrReject(args, kwargs, false, false); }, F);
    r.add(QStringLiteral("selectattr"), [](VL args, VD kwargs, CC) { return selectOrReject(args, kwargs, true, true); }, F);
    r.add(QStringLiteral("rejectattr"), [](VL args, VD kwargs, CC) { return selectOrReject(args, kwargs, true, false); }, F);
    r.add(QStringLiteral("replace"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("replace", "s", "old", "new", "count");
        Value out;
        ValueList margs {toStr(a.get(1)), toStr(a.get(2))};
        if (a.has(3) && !a.get(3).isNull())
            margs.append(a.get(3));
        ops::callMethod(toStr(a.at(0)), QStringLiteral("replace"), margs, {}, &out);
        return out;
    }, F);
    r.add(QStringLiteral("reverse"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("reverse", "value");
        const Value v = a.at(0);
        if (v.isString()) {
            QString s = v.toString();
            std::reverse(s.begin(), s.end());
            return s;
        }
        ValueList l = ops::iterate(v);
        std::reverse(l.begin(), l.end());
        return l;
    }, F);
    r.add(QStringLiteral("round"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("round", "value", "precision", "method");
        const Value v = a.at(0);
        if (!v.isNumber())
            throwTypeError(QStringLiteral("type %1 doesn't define __round__ method").arg(QLatin1StringView(v.typeName())));
        const qint64 prec = a.get(1, qint64(0)).toInt();
        const QString method = a.get(2, QStringLiteral("common")).toString();
        const double x = v.toDouble();
        const double m = std::pow(10.0, double(prec));
        if (method == u"common")
            return ops::isInteger(v) && prec >= 0 ? Value(v.toInt()) : Value(pyRound(x, int(prec)));
        if (method == u"ceil")
            return std::ceil(x * m) / m;
        if (method == u"floor")
            return std::floor(x * m) / m;
        throw SquallException(QStringLiteral("FilterArgumentError"), QStringLiteral("method must be common, ceil or floor"));
    }, F);
    r.add(QStringLiteral("safe"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("safe", "value");
        return toStr(a.at(0));
    }, F);
    r.add(QStringLiteral("slice"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("slice", "value", "slices", "fill_with");
        const ValueList seq = ops::iterate(a.at(0));
        const qint64 slices = a.get(1).toInt();
        if (slices <= 0)
            throwValueError(QStringLiteral("slices must be positive"));
        const qint64 length = seq.size();
        const qint64 perSlice = length / slices;
        const qint64 withExtra = length % slices;
        qint64 offset = 0;
        ValueList out;
        for (qint64 i = 0; i < slices; ++i) {
            const qint64 start = offset + i * perSlice;
            if (i < withExtra)
                ++offset;
            const qint64 end = offset + (i + 1) * perSlice;
            ValueList tmp = seq.mid(start, end - start);
            if (a.has(2) && !a.get(2).isNull() && i >= withExtra)
                tmp.append(a.get(2));
            out.append(Value(tmp));
        }
        return out;
    }, F);
    r.add(QStringLiteral("sort"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("sort", "value", "reverse", "case_sensitive", "attribute");
        ValueList l = ops::iterate(a.at(0));
        sortValues(l, py::truthy(a.get(1, false)), py::truthy(a.get(2, false)), a.get(3));
        return l;
    }, F);
    r.add(QStringLiteral("string"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("string", "value");
        return toStr(a.at(0));
    }, F);
    r.add(QStringLiteral("striptags"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("striptags", "value");
        static const QRegularExpression tags(QStringLiteral("<!--.*?-->|<[^>]*>"), QRegularExpression::DotMatchesEverythingOption);
        QString s = toStr(a.at(0)).replace(tags, QString());
        s = s.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).join(u' ');
        s.replace(QStringLiteral("&amp;"), QStringLiteral("&")).replace(QStringLiteral("&lt;"), QStringLiteral("<"))
            .replace(QStringLiteral("&gt;"), QStringLiteral(">")).replace(QStringLiteral("&#34;"), QStringLiteral("\""))
            .replace(QStringLiteral("&#39;"), QStringLiteral("'")).replace(QStringLiteral("&quot;"), QStringLiteral("\""));
        return s;
    }, F);
    r.add(QStringLiteral("sum"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("sum", "iterable", "attribute", "start");
        Value acc = a.get(2, qint64(0));
        for (const Value &v : ops::iterate(a.at(0)))
            acc = ops::binary(ops::BinOp::Add, acc, attrPath(v, a.get(1)));
        return acc;
    }, F);
    r.add(QStringLiteral("tojson"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("tojson", "value", "indent");
        QString s = pyJsonDumps(a.at(0), a.has(1) && !a.get(1).isNull() ? int(a.get(1).toInt()) : -1, true);
        s.replace(u'<', QStringLiteral("\\u003c")).replace(u'>', QStringLiteral("\\u003e"))
            .replace(u'&', QStringLiteral("\\u0026")).replace(u'\'', QStringLiteral("\\u0027"));
        return s;
    }, F);
    r.add(QStringLiteral("truncate"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("truncate", "s", "length", "killwords", "end", "leeway");
        return truncateStr(toStr(a.at(0)), a.get(1, qint64(255)).toInt(), py::truthy(a.get(2, false)),
                           toStr(a.get(3, QStringLiteral("..."))), a.has(4) && !a.get(4).isNull() ? a.get(4).toInt() : 5);
    }, F);
    r.add(QStringLiteral("unique"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("unique", "value", "case_sensitive", "attribute");
        const bool cs = py::truthy(a.get(1, false));
        ValueList out, seen;
        for (const Value &v : ops::iterate(a.at(0))) {
            const Value k = ignoreCase(py::resolved(attrPath(v, a.get(2))), cs);
            bool dup = false;
            for (const Value &s : seen)
                if (py::equals(s, k)) {
                    dup = true;
                    break;
                }
            if (!dup) {
                seen.append(k);
                out.append(v);
            }
        }
        return out;
    }, F);
    r.add(QStringLiteral("urlencode"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("urlencode", "value");
        const Value v = a.at(0);
        if (v.isString())
            return urlQuote(v.toString(), false);
        if (v.isDict() || v.isList()) {
            QStringList parts;
            const ValueList pairs = v.isDict() ? itemsOf(v) : v.toList();
            for (const Value &p : pairs) {
                const ValueList kv = ops::iterate(p);
                if (kv.size() != 2)
                    throwValueError(QStringLiteral("urlencode expects pairs"));
                parts << urlQuote(toStr(kv.at(0)), true).replace(QStringLiteral("%20"), QStringLiteral("+")) + u'='
                             + urlQuote(toStr(kv.at(1)), true).replace(QStringLiteral("%20"), QStringLiteral("+"));
            }
            return parts.join(u'&');
        }
        return urlQuote(toStr(v), false);
    }, F);
    r.add(QStringLiteral("wordcount"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("wordcount", "s");
        static const QRegularExpression word(QStringLiteral("\\w+"), QRegularExpression::UseUnicodePropertiesOption);
        qint64 n = 0;
        auto it = word.globalMatch(toStr(a.at(0)));
        while (it.hasNext()) {
            it.next();
            ++n;
        }
        return n;
    }, F);
    r.add(QStringLiteral("wordwrap"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("wordwrap", "s", "width", "break_long_words", "wrapstring", "break_on_hyphens");
        return wordwrap(toStr(a.at(0)), a.get(1, qint64(79)).toInt(), py::truthy(a.get(2, true)),
                        a.has(3) && !a.get(3).isNull() ? toStr(a.get(3)) : QStringLiteral("\n"));
    }, F);
    r.add(QStringLiteral("xmlattr"), [](VL args, VD kwargs, CC) -> Value {
        ARGS("xmlattr", "d", "autospace");
        const Value d = a.at(0);
        if (!d.isDict())
            throwTypeError(QStringLiteral("xmlattr requires a mapping"));
        QStringList parts;
        for (const auto &[k, v] : d.toDict()) {
            if (v.isNull() || isUndefined(v))
                continue;
            parts << QStringLiteral("%1=\"%2\"").arg(htmlEscape(k), htmlEscape(toStr(v)));
        }
        QString s = parts.join(u' ');
        if (!s.isEmpty() && py::truthy(a.get(1, true)))
            s.prepend(u' ');
        return s;
    }, F);

    // Globals.
    r.add(QStringLiteral("range"), [](VL args, VD kwargs, CC) -> Value {
        if (!kwargs.isEmpty())
            throwTypeError(QStringLiteral("range() takes no keyword arguments"));
        qint64 start = 0, stop = 0, step = 1;
        for (const Value &v : args)
            if (!isInteger(py::resolved(checkDefined(v))))
                throwTypeError(QStringLiteral("'%1' object cannot be interpreted as an integer").arg(QLatin1StringView(v.typeName())));
        if (args.size() == 1)
            stop = args.at(0).toInt();
        else if (args.size() >= 2) {
            start = args.at(0).toInt();
            stop = args.at(1).toInt();
            if (args.size() >= 3)
                step = args.at(2).toInt();
        } else
            throwTypeError(QStringLiteral("range expected at least 1 argument, got 0"));
        if (step == 0)
            throwValueError(QStringLiteral("range() arg 3 must not be zero"));
        ValueList out;
        const qint64 n = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
        if (n > 100000)
            throw SquallException(QStringLiteral("OverflowError"), QStringLiteral("Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000)."));
        for (qint64 i = start; step > 0 ? i < stop : i > stop; i += step)
            out.append(i);
        return out;
    }, Global);
    r.add(QStringLiteral("dict"), [](VL args, VD kwargs, CC) -> Value {
        ValueDict d;
        if (!args.isEmpty()) {
            const Value v = py::resolved(checkDefined(args.at(0)));
            if (v.isDict())
                d = v.toDict();
            else
                for (const Value &p : ops::iterate(v)) {
                    const ValueList kv = ops::iterate(p);
                    if (kv.size() != 2)
                        throwValueError(QStringLiteral("dictionary update sequence element has length %1; 2 is required").arg(kv.size()));
                    d.insert(toStr(kv.at(0)), kv.at(1));
                }
        }
        for (const auto &[k, v] : kwargs)
            d.insert(k, v);
        return d;
    }, Global);
    r.add(QStringLiteral("namespace"), [](VL args, VD kwargs, CC) -> Value {
        ValueDict d;
        if (!args.isEmpty() && args.at(0).isDict())
            d = args.at(0).toDict();
        for (const auto &[k, v] : kwargs)
            d.insert(k, v);
        return Value(std::shared_ptr<const ValueObject>(std::make_shared<jinja::NamespaceObject>(d)));
    }, Global);
}

} // namespace squall::expr
