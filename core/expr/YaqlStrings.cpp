#include "expr/YaqlLibrary.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/PyOps.h"
#include "expr/St2Support.h"

#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

// String, regex, math, type-test and set functions of the yaql standard library.
namespace squall::expr::yaql {

bool isNum(const Value &v)
{
    return v.isInt() || v.isDouble();
}

qint64 intArg(const Value &v, const QString &fn)
{
    if (!v.isInt())
        throwNoMatch(fn, nullptr);
    return v.toInt();
}

QString strArg(const Value &v, const QString &fn)
{
    if (!v.isString())
        throwNoMatch(fn, nullptr);
    return v.toString();
}

QString dictKey(const Value &k)
{
    return k.isString() ? k.toString() : yaqlStr(k);
}

namespace {

// regex(...): a compiled Python pattern carried as a value.
class RegexObject final : public ValueObject
{
public:
    RegexObject(QString pattern, QRegularExpression re) : m_pattern(std::move(pattern)), m_re(std::move(re)) { }
    Value attribute(const QString &) const override { return Value(); }
    Value resolve() const override { return m_pattern; }
    const QRegularExpression &re() const { return m_re; }

private:
    QString m_pattern;
    QRegularExpression m_re;
};

const RegexObject *asRegex(const Value &v)
{
    return v.isObject() ? dynamic_cast<const RegexObject *>(v.toObject().get()) : nullptr;
}

QRegularExpression regexOf(const Value &v, const QString &fn)
{
    if (const RegexObject *r = asRegex(v))
        return r->re();
    return st2::pythonRegex(strArg(v, fn), false);
}

Value matchValue(const QRegularExpressionMatch &m)
{
    return makeDict({{QStringLiteral("value"), m.captured(0)},
                     {QStringLiteral("start"), qint64(m.capturedStart(0))},
                     {QStringLiteral("end"), qint64(m.capturedEnd(0))}});
}

QString pyEscape(const QString &s)
{
    static const QString special = QStringLiteral("()[]{}?*+-|^$\\.&~# \t\n\r\v\f");
    QString out;
    for (const QChar c : s) {
        if (special.contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

ValueList regexSplit(const QRegularExpression &re, const QString &s, qint64 maxSplit)
{
    ValueList out;
    qsizetype last = 0;
    qint64 splits = 0;
    auto it = re.globalMatch(s);
    while (it.hasNext() && (maxSplit <= 0 || splits < maxSplit)) {
        const auto m = it.next();
        out.append(s.mid(last, m.capturedStart(0) - last));
        for (int g = 1; g <= re.captureCount(); ++g)
            out.append(m.hasCaptured(g) ? Value(m.captured(g)) : Value());
        last = m.capturedEnd(0);
        ++splits;
    }
    out.append(s.mid(last));
    return out;
}

Value mergeDicts(const Value &a, const Value &b)
{
    ValueDict d = a.toDict();
    for (const auto &[k, v2] : b.toDict()) {
        Value *v1 = d.find(k);
        if (!v1) {
            d.insert(k, v2);
        } else if (v1->isDict() && v2.isDict()) {
            *v1 = mergeDicts(*v1, v2);
        } else if (v1->isList() && v2.isList()) {
            ValueList l = v1->toList();
            for (const Value &x : v2.toList()) {
                bool seen = false;
                for (const Value &y : l)
                    seen = seen || yaqlEquals(x, y);
                if (!seen)
                    l.append(x);
            }
            *v1 = l;
        } else {
            *v1 = v2;
        }
    }
    return d;
}

Value pyRound(const Value &v, qint64 digits)
{
    if (v.isInt()) {
        if (digits >= 0)
            return v;
        const double p = std::pow(10.0, double(-digits));
        return qint64(std::nearbyint(double(v.toInt()) / p) * p);
    }
    const double d = v.toDouble();
    if (!std::isfinite(d))
        return d;
    // printf rounds the exact binary value half-to-even, as Python's round() does.
    if (digits >= 0) {
        char buf[400];
        std::snprintf(buf, sizeof buf, "%.*f", int(qMin<qint64>(digits, 300)), d);
        return std::strtod(buf, nullptr);
    }
    const double p = std::pow(10.0, double(-digits));
    return std::nearbyint(d / p) * p;
}

} // namespace

bool isRegexValue(const Value &v)
{
    return asRegex(v) != nullptr;
}

QString regexReplace(const Value &regex, const QString &s, const QString &repl, qint64 count)
{
    return st2::pythonSub(regexOf(regex, QStringLiteral("replace")), repl, s, count);
}

QString pyReplace(const QString &s, const QString &old, const QString &repl, qint64 count)
{
    if (count < 0)
        count = std::numeric_limits<qint64>::max();
    QString out;
    qsizetype pos = 0;
    qint64 done = 0;
    if (old.isEmpty()) {
        for (qsizetype i = 0; i <= s.size(); ++i) {
            if (done < count) {
                out += repl;
                ++done;
                ops::checkGrowth(out.size() - s.size());
            }
            if (i < s.size())
                out += s.at(i);
        }
        return out;
    }
    while (done < count) {
        const qsizetype at = s.indexOf(old, pos);
        if (at < 0)
            break;
        out += QStringView(s).mid(pos, at - pos);
        out += repl;
        ops::checkGrowth(out.size() - s.size());
        pos = at + old.size();
        ++done;
    }
    out += QStringView(s).mid(pos);
    return out;
}

Value sortList(const ValueList &l, const std::vector<std::pair<const Node *, bool>> &keys, const Env &env)
{
    struct Row { std::vector<Value> keys; qsizetype index; };
    std::vector<Row> rows;
    rows.reserve(size_t(l.size()));
    for (qsizetype i = 0; i < l.size(); ++i) {
        Row r;
        r.index = i;
        for (const auto &k : keys)
            r.keys.push_back(Evaluator::apply(k.first, env, l.at(i)));
        rows.push_back(std::move(r));
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const Row &x, const Row &y) {
        for (size_t k = 0; k < keys.size(); ++k) {
            int c = yaqlCompare(x.keys[k], y.keys[k], "<");
            if (c == 0)
                continue;
            if (!keys[k].second)
                c = -c;
            return c < 0;
        }
        return false;
    });
    ValueList out;
    out.reserve(l.size());
    for (const Row &r : rows)
        out.append(l.at(r.index));
    return out;
}

Value evalThenBy(const Node *dot, const Env &env)
{
    std::vector<std::pair<const Node *, bool>> keys;
    const Node *n = dot;
    for (;;) {
        const Node *call = n->child(1);
        if (call->children.size() != 1 || call->child(0)->kind == NodeKind::Mapping)
            throwNoMatch(call->name, nullptr);
        keys.push_back({call->child(0), call->builtin == F_thenBy || call->builtin == F_orderBy});
        if (call->builtin == F_orderBy || call->builtin == F_orderByDescending)
            break;
        const Node *left = n->child(0);
        if (left->kind != NodeKind::Dot || left->child(1)->kind != NodeKind::Call
            || (left->child(1)->builtin != F_thenBy && left->child(1)->builtin != F_thenByDescending
                && left->child(1)->builtin != F_orderBy && left->child(1)->builtin != F_orderByDescending))
            throwNoMatch(call->name, nullptr);
        n = left;
    }
    std::reverse(keys.begin(), keys.end());
    const Value base = Evaluator::eval(n->child(0), env);
    if (!base.isList())
        throwNoMatch(n->child(1)->name, &base);
    return sortList(base.toList(), keys, env);
}

bool callBuiltinMore(int index, Args &a, Value *out)
{
    const Fn fn = Fn(index);
    const QString &name = a.call()->name;
    const Env &env = a.env();
    const Value *receiver = a.receiver();
    const int n = a.count();
    auto self = [&]() -> const Value & { return a.at(0); };
    auto selfStr = [&]() -> bool { return n >= 1 && self().isString(); };

    switch (fn) {
    case F_toUpper:
    case F_toLower:
        if (n != 1 || !selfStr())
            return false;
        *out = fn == F_toUpper ? self().toString().toUpper() : self().toString().toLower();
        return true;
    case F_split:
    case F_rightSplit: {
        if (!selfStr() || n > 3)
            return false;
        if (n >= 2 && isRegexValue(a.at(1))) {
            *out = regexSplit(asRegex(a.at(1))->re(), self().toString(), n >= 3 ? intArg(a.at(2), name) : 0);
            return true;
        }
        const Value sep = a.opt(1, u"separator");
        if (!sep.isNull() && !sep.isString())
            return false;
        const Value max = a.opt(2, u"maxSplits", qint64(-1));
        *out = ops::split(self().toString(), sep, intArg(max, name), fn == F_rightSplit);
        return true;
    }
    case F_trim:
    case F_trimLeft:
    case F_trimRight:
    case F_norm: {
        if (n > 2)
            return false;
        if (fn == F_norm && n >= 1 && self().isNull()) {
            *out = Value();
            return true;
        }
        if (!selfStr())
            return false;
        const Value chars = a.opt(1, u"chars");
        if (!chars.isNull() && !chars.isString())
            return false;
        const QString r = ops::strip(self().toString(), chars, fn != F_trimRight, fn != F_trimLeft);
        *out = (fn == F_norm && r.isEmpty()) ? Value() : Value(r);
        return true;
    }
    case F_startsWith:
    case F_endsWith: {
        if (!selfStr() || n < 2)
            return false;
        bool hit = false;
        for (int i = 1; i < n; ++i) {
            const QString p = strArg(a.at(i), name);
            hit = hit || (fn == F_startsWith ? self().toString().startsWith(p) : self().toString().endsWith(p));
        }
        *out = hit;
        return true;
    }
    case F_substring: {
        if (!selfStr() || n < 2 || n > 3)
            return false;
        const QString s = self().toString();
        qint64 start = intArg(a.at(1), name);
        qint64 length = n >= 3 ? intArg(a.at(2), name) : -1;
        if (length < 0)
            length = s.size();
        if (start < 0)
            start += s.size();
        start = qBound<qint64>(0, start, s.size());
        *out = s.mid(start, qMin<qint64>(length, s.size() - start));
        return true;
    }
    case F_format: {
        if (!selfStr())
            return false;
        ValueList args;
        for (int i = 1; i < n; ++i)
            args.append(a.at(i));
        ValueDict kwargs;
        for (const Node *m : a.named())
            kwargs.insert(dictKey(Evaluator::eval(m->child(0), env)), Evaluator::eval(m->child(1), env));
        *out = ops::strFormat(self().toString(), args, kwargs);
        return true;
    }
    case F_isEmpty: {
        if (n < 1)
            return false;
        const Value &v = self();
        if (v.isNull()) {
            *out = true;
        } else if (v.isString()) {
            const bool trim = py::truthy(a.opt(1, u"trimSpaces", a.opt(99, u"trim", true)));
            const Value chars = a.opt(2, u"chars");
            *out = (trim ? ops::strip(v.toString(), chars, true, true) : v.toString()).isEmpty();
        } else if (v.isList()) {
            *out = v.toList().isEmpty();
        } else if (v.isDict()) {
            *out = v.toDict().isEmpty();
        } else {
            return false;
        }
        return true;
    }
    case F_toCharArray: {
        if (n != 1 || !selfStr())
            return false;
        ValueList l;
        for (const QChar c : self().toString())
            l.append(QString(c));
        *out = std::move(l);
        return true;
    }
    case F_hex: {
        if (n != 1 || !self().isInt())
            return false;
        const qint64 v = self().toInt();
        *out = (v < 0 ? QStringLiteral("-0x") : QStringLiteral("0x")) + QString::number(v < 0 ? -v : v, 16);
        return true;
    }
    case F_regex: {
        if (n < 1 || !selfStr())
            return false;
        const bool ignoreCase = py::truthy(a.opt(1, u"ignoreCase", false));
        const bool multiLine = py::truthy(a.opt(2, u"multiLine", false));
        const bool dotAll = py::truthy(a.opt(3, u"dotAll", false));
        QRegularExpression re = st2::pythonRegex(self().toString(), ignoreCase, dotAll);
        if (multiLine)
            re.setPatternOptions(re.patternOptions() | QRegularExpression::MultilineOption);
        if (!re.isValid())
            throwYaql("error", re.errorString());
        *out = Value(std::shared_ptr<const ValueObject>(std::make_shared<RegexObject>(self().toString(), re)));
        return true;
    }
    case F_matches:
    case F_search:
    case F_searchAll: {
        if (n < 2)
            return false;
        // regex.matches(string) or string.matches(pattern)
        QRegularExpression re;
        QString subject;
        if (isRegexValue(a.at(0))) {
            re = asRegex(a.at(0))->re();
            subject = strArg(a.at(1), name);
        } else if (a.at(0).isString()) {
            re = regexOf(a.at(1), name);
            subject = a.at(0).toString();
        } else {
            return false;
        }
        const Node *selector = n >= 3 ? a.node(2) : nullptr;
        if (fn == F_matches) {
            *out = re.match(subject).hasMatch();
        } else if (fn == F_search) {
            const auto m = re.match(subject);
            if (!m.hasMatch())
                *out = Value();
            else
                *out = selector ? a.apply(selector, matchValue(m)) : Value(m.captured(0));
        } else {
            ValueList l;
            auto it = re.globalMatch(subject);
            while (it.hasNext()) {
                const auto m = it.next();
                l.append(selector ? a.apply(selector, matchValue(m)) : Value(m.captured(0)));
            }
            *out = std::move(l);
        }
        return true;
    }
    case F_escapeRegex:
        if (n != 1 || !selfStr())
            return false;
        *out = pyEscape(self().toString());
        return true;
    case F_random:
        if (n == 0) {
            *out = QRandomGenerator::global()->generateDouble();
            return true;
        }
        if (n == 2) {
            const qint64 lo = intArg(a.at(0), name), hi = intArg(a.at(1), name);
            if (hi < lo)
                throwYaql("ValueError", QStringLiteral("empty range for randrange() (%1, %2, %3)")
                                            .arg(lo)
                                            .arg(hi + 1)
                                            .arg(hi + 1 - lo));
            *out = lo + qint64(QRandomGenerator::global()->bounded(quint64(hi - lo) + 1));
            return true;
        }
        return false;
    case F_abs:
        if (n != 1 || !isNum(self()))
            return false;
        *out = self().isInt() ? Value(qAbs(self().toInt())) : Value(std::fabs(self().toDouble()));
        return true;
    case F_sign:
        if (n != 1 || !isNum(self()))
            return false;
        *out = qint64(self().toDouble() > 0 ? 1 : (self().toDouble() < 0 ? -1 : 0));
        return true;
    case F_pow:
        if (n < 2 || n > 3 || !isNum(a.at(0)) || !isNum(a.at(1)))
            return false;
        if (n == 3) {
            const qint64 mod = intArg(a.at(2), name);
            qint64 base = intArg(a.at(0), name) % mod, exp = intArg(a.at(1), name), r = 1 % mod;
            for (; exp > 0; exp >>= 1) {
                if (exp & 1)
                    r = r * base % mod;
                base = base * base % mod;
            }
            *out = r;
        } else {
            *out = ops::binary(ops::BinOp::Pow, a.at(0), a.at(1));
        }
        return true;
    case F_round:
        if (n < 1 || n > 2 || !isNum(self()))
            return false;
        *out = pyRound(self(), n == 2 ? intArg(a.at(1), name) : 0);
        if (n == 1 && self().isDouble())
            *out = pyRound(self(), 0);
        return true;
    case F_range: {
        if (n < 1 || n > 3)
            return false;
        qint64 start = 0, stop = 0, step = 1;
        if (n == 1) {
            stop = intArg(a.at(0), name);
        } else {
            start = intArg(a.at(0), name);
            stop = intArg(a.at(1), name);
            if (n == 3)
                step = intArg(a.at(2), name);
        }
        if (step == 0)
            throwYaql("ValueError", QStringLiteral("range() arg 3 must not be zero"));
        if ((stop - start) / step > 10'000'000)
            throwYaql("CollectionTooLargeException", QStringLiteral("Collection length exceeds 10000000 elements"));
        ValueList l;
        for (qint64 i = start; step > 0 ? i < stop : i > stop; i += step)
            l.append(i);
        *out = std::move(l);
        return true;
    }
    case F_isString: if (n != 1) return false; *out = self().isString(); return true;
    case F_isList: if (n != 1) return false; *out = self().isList(); return true;
    case F_isDict: if (n != 1) return false; *out = self().isDict(); return true;
    case F_isSet: if (n != 1) return false; *out = false; return true;
    case F_isInteger: if (n != 1) return false; *out = self().isInt(); return true;
    case F_isNumber: if (n != 1) return false; *out = isNum(self()); return true;
    case F_isBoolean: if (n != 1) return false; *out = self().isBool(); return true;
    case F_isRegex: if (n != 1) return false; *out = isRegexValue(self()); return true;
    case F_reverse: {
        if (n != 1 || !self().isList())
            return false;
        ValueList l = self().toList();
        std::reverse(l.begin(), l.end());
        *out = std::move(l);
        return true;
    }
    case F_enumerate: {
        if (n < 1 || n > 2 || !self().isList())
            return false;
        qint64 i = n == 2 ? intArg(a.at(1), name) : 0;
        ValueList l;
        for (const Value &v : self().toList())
            l.append(Value(ValueList {i++, v}));
        *out = std::move(l);
        return true;
    }
    case F_zip: {
        // Method form only: zip(a, b) as a function is Orquesta's zip (registry).
        if (!receiver || n < 2)
            return false;
        qsizetype len = -1;
        for (int i = 0; i < n; ++i) {
            if (!a.at(i).isList())
                return false;
            len = len < 0 ? a.at(i).toList().size() : qMin(len, a.at(i).toList().size());
        }
        ValueList l;
        for (qsizetype k = 0; k < len; ++k) {
            ValueList row;
            for (int i = 0; i < n; ++i)
                row.append(a.at(i).toList().at(k));
            l.append(Value(row));
        }
        *out = std::move(l);
        return true;
    }
    case F_zipLongest: {
        if (!receiver || n < 2)
            return false;
        const Value fill = a.opt(999, u"default");
        qsizetype len = 0;
        for (int i = 0; i < n; ++i) {
            if (!a.at(i).isList())
                return false;
            len = qMax(len, a.at(i).toList().size());
        }
        ValueList l;
        for (qsizetype k = 0; k < len; ++k) {
            ValueList row;
            for (int i = 0; i < n; ++i)
                row.append(k < a.at(i).toList().size() ? a.at(i).toList().at(k) : fill);
            l.append(Value(row));
        }
        *out = std::move(l);
        return true;
    }
    case F_slice:
    case F_splitAt: {
        if (n != 2 || !self().isList())
            return false;
        const ValueList &src = self().toList();
        const qint64 k = intArg(a.at(1), name);
        if (fn == F_splitAt) {
            const qsizetype at = qsizetype(qBound<qint64>(0, k < 0 ? k + src.size() : k, src.size()));
            *out = ValueList {Value(src.mid(0, at)), Value(src.mid(at))};
            return true;
        }
        if (k <= 0)
            throwYaql("ValueError", QStringLiteral("slice length must be positive"));
        ValueList l;
        for (qsizetype i = 0; i < src.size(); i += k)
            l.append(Value(src.mid(i, k)));
        *out = std::move(l);
        return true;
    }
    case F_union:
    case F_intersect:
    case F_difference:
    case F_symmetricDifference:
    case F_add:
    case F_remove: {
        if (n < 1 || !self().isList())
            return false;
        if (fn == F_add || fn == F_remove) {
            ValueList values;
            for (int i = 1; i < n; ++i)
                values.append(a.at(i));
            ValueList l;
            if (fn == F_add) {
                l = self().toList() + values;
            } else {
                QSet<QString> drop;
                for (const Value &v : values)
                    drop.insert(hashKey(v));
                for (const Value &v : self().toList()) {
                    if (!drop.contains(hashKey(v)))
                        l.append(v);
                }
            }
            QSet<QString> seen;
            ValueList unique;
            for (const Value &v : l) {
                if (!seen.contains(hashKey(v))) {
                    seen.insert(hashKey(v));
                    unique.append(v);
                }
            }
            *out = std::move(unique);
            return true;
        }
        if (n != 2 || !a.at(1).isList())
            return false;
        QSet<QString> left, right;
        for (const Value &v : self().toList())
            left.insert(hashKey(v));
        for (const Value &v : a.at(1).toList())
            right.insert(hashKey(v));
        ValueList l;
        QSet<QString> seen;
        auto take = [&](const Value &v) {
            const QString k = hashKey(v);
            if (!seen.contains(k)) {
                seen.insert(k);
                l.append(v);
            }
        };
        for (const Value &v : self().toList()) {
            const bool inRight = right.contains(hashKey(v));
            const bool keepsLeftOnly = fn == F_difference || fn == F_symmetricDifference;
            if (fn == F_union || (fn == F_intersect && inRight) || (keepsLeftOnly && !inRight))
                take(v);
        }
        for (const Value &v : a.at(1).toList()) {
            if (fn == F_union || (fn == F_symmetricDifference && !left.contains(hashKey(v))))
                take(v);
        }
        *out = std::move(l);
        return true;
    }
    case F_memorize:
        if (n != 1)
            return false;
        *out = self();
        return true;
    case F_repeat: {
        if (n != 2)
            return false;
        const qint64 times = intArg(a.at(1), name);
        if (times < 0 || times > 10'000'000)
            throwYaql("CollectionTooLargeException", QStringLiteral("Collection length exceeds 10000000 elements"));
        ValueList l;
        for (qint64 i = 0; i < times; ++i)
            l.append(self());
        *out = std::move(l);
        return true;
    }
    case F_mergeWith:
        if (n != 2 || !self().isDict() || !a.at(1).isDict())
            return false;
        *out = mergeDicts(self(), a.at(1));
        return true;
    case F_assert: {
        if (n < 2)
            return false;
        if (!py::truthy(a.apply(a.node(1), self())))
            throwYaql("AssertionError", n >= 3 ? yaqlStr(a.at(2)) : QStringLiteral("Assertion failed"));
        *out = self();
        return true;
    }
    default: break;
    }
    return false;
}

} // namespace squall::expr::yaql
