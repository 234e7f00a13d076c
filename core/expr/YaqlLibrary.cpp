#include "expr/YaqlAst.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/PyOps.h"
#include "expr/St2Support.h"
#include "expr/YaqlLibrary.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <optional>

// The yaql standard library functions StackStorm content uses. Every function
// may be called both as `f(x, ...)` and as a method `x.f(...)` (yaql is
// stricter about which form each accepts), except where noted.
namespace squall::expr::yaql {

namespace {

// Functions whose result is an iterator in yaql: list()/set() unpack those
// arguments instead of nesting them.
bool returnsIterator(const Node *n)
{
    while (n->kind == NodeKind::Dot && n->child(1)->kind == NodeKind::Call)
        n = n->child(1);
    if (n->kind != NodeKind::Call)
        return false;
    static const QSet<QString> names = {
        QStringLiteral("where"), QStringLiteral("filter"), QStringLiteral("select"), QStringLiteral("selectMany"),
        QStringLiteral("distinct"), QStringLiteral("keys"), QStringLiteral("values"), QStringLiteral("items"),
        QStringLiteral("skip"), QStringLiteral("take"), QStringLiteral("limit"), QStringLiteral("concat"),
        QStringLiteral("append"), QStringLiteral("flatten"), QStringLiteral("range"), QStringLiteral("orderBy"),
        QStringLiteral("orderByDescending"), QStringLiteral("thenBy"), QStringLiteral("thenByDescending"),
        QStringLiteral("reverse"), QStringLiteral("enumerate"), QStringLiteral("takeWhile"),
        QStringLiteral("skipWhile"), QStringLiteral("groupBy"), QStringLiteral("repeat"),
    };
    return names.contains(n->name);
}

ValueList distinctList(const ValueList &in)
{
    QSet<QString> seen;
    ValueList out;
    for (const Value &v : in) {
        const QString k = hashKey(v);
        if (!seen.contains(k)) {
            seen.insert(k);
            out.append(v);
        }
    }
    return out;
}

void flattenInto(const ValueList &in, ValueList &out)
{
    for (const Value &v : in) {
        if (v.isList())
            flattenInto(v.toList(), out);
        else
            out.append(v);
    }
}

Value pyInt(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Null: return qint64(0);
    case Value::Type::Bool: return qint64(v.toBool() ? 1 : 0);
    case Value::Type::Int: return v;
    case Value::Type::Double: {
        const double d = v.toDouble();
        if (!std::isfinite(d))
            throwYaql(std::isnan(d) ? "ValueError" : "OverflowError",
                      std::isnan(d) ? QStringLiteral("cannot convert float NaN to integer")
                                    : QStringLiteral("cannot convert float infinity to integer"));
        return qint64(std::trunc(d));
    }
    case Value::Type::String: {
        qint64 out = 0;
        if (py::parseInt(v.toString(), &out))
            return out;
        throwYaql("ValueError",
                  QStringLiteral("invalid literal for int() with base 10: %1").arg(py::repr(v)));
    }
    default:
        throwYaql("TypeError", QStringLiteral("int() argument must be a string, a bytes-like object or a number, "
                                              "not '%1'").arg(QLatin1StringView(v.typeName())));
    }
}

Value pyFloat(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Null: return 0.0;
    case Value::Type::Bool:
    case Value::Type::Int:
    case Value::Type::Double: return v.toDouble();
    case Value::Type::String: {
        double out = 0;
        if (py::parseFloat(v.toString(), &out))
            return out;
        throwYaql("ValueError", QStringLiteral("could not convert string to float: %1").arg(py::repr(v)));
    }
    default:
        throwYaql("TypeError", QStringLiteral("float() argument must be a string or a number, not '%1'")
                                   .arg(QLatin1StringView(v.typeName())));
    }
}

Value reduceWith(const ValueList &l, const std::function<Value(const Value &, const Value &)> &f,
                 const std::optional<Value> &seed)
{
    if (l.isEmpty()) {
        if (seed)
            return *seed;
        throwYaql("TypeError", QStringLiteral("reduce() of empty iterable with no initial value"));
    }
    Value acc = seed ? *seed : l.first();
    for (qsizetype i = seed ? 0 : 1; i < l.size(); ++i)
        acc = f(acc, l.at(i));
    return acc;
}

} // namespace

bool callBuiltin(int index, const Node *call, const Env &env, const Value *receiver, Value *out)
{
    const Fn fn = Fn(index);
    const QString &name = call->name;
    Args a(call, env, receiver);
    const int n = a.count();
    auto self = [&]() -> const Value & { return a.at(0); };
    auto needList = [&](const Value &v) -> const ValueList & {
        if (!v.isList())
            throwNoMatch(name, receiver ? receiver : nullptr);
        return v.toList();
    };

    switch (fn) {
    case F_let:
        // Without `->` let() has nothing to bind; yaql returns the context.
        *out = Value();
        return true;
    case F_switch:
        for (const Node *m : a.named()) {
            if (py::truthy(Evaluator::eval(m->child(0), env))) {
                *out = Evaluator::eval(m->child(1), env);
                return true;
            }
        }
        if (n > 0)
            throwNoMatch(name, receiver);
        *out = Value();
        return true;
    case F_coalesce:
        for (int i = 0; i < n; ++i) {
            if (!a.at(i).isNull()) {
                *out = a.at(i);
                return true;
            }
        }
        *out = Value();
        return true;
    case F_list:
    case F_set: {
        if (receiver && fn == F_set) {
            // dict.set(key, value) / dict.set({...}) / dict.set(k => v, ...)
            if (!receiver->isDict())
                return false;
            ValueDict d = receiver->toDict();
            if (n == 3) {
                const Value k = a.at(1);
                d.insert(k.isString() ? k.toString() : yaqlStr(k), a.at(2));
            } else if (n == 2 && a.at(1).isDict()) {
                for (const auto &[k, v] : a.at(1).toDict())
                    d.insert(k, v);
            } else if (n == 1) {
                for (const Node *m : a.named()) {
                    const Value k = Evaluator::eval(m->child(0), env);
                    d.insert(k.isString() ? k.toString() : yaqlStr(k), Evaluator::eval(m->child(1), env));
                }
            } else {
                return false;
            }
            *out = std::move(d);
            return true;
        }
        ValueList l;
        for (int i = 0; i < n; ++i) {
            const Value &v = a.at(i);
            if (a.node(i) && returnsIterator(a.node(i)) && v.isList())
                l += v.toList();
            else
                l.append(v);
        }
        *out = fn == F_set ? distinctList(l) : l;
        return true;
    }
    case F_dict: {
        ValueDict d;
        if (n == 0) {
            for (const Node *m : a.named()) {
                const Value k = Evaluator::eval(m->child(0), env);
                d.insert(k.isString() ? k.toString() : yaqlStr(k), Evaluator::eval(m->child(1), env));
            }
        } else if (n == 1 && self().isDict()) {
            d = self().toDict();
        } else if (n == 1 && self().isList()) {
            for (const Value &pair : self().toList()) {
                if (!pair.isList() || pair.toList().size() < 2)
                    throwYaql("ValueError", QStringLiteral("dict() items must be [key, value] pairs"));
                const Value &k = pair.toList().at(0);
                d.insert(k.isString() ? k.toString() : yaqlStr(k), pair.toList().at(1));
            }
        } else {
            return false;
        }
        *out = std::move(d);
        return true;
    }
    case F_str:
        if (n != 1)
            return false;
        *out = yaqlStr(self());
        return true;
    case F_int:
        if (n != 1)
            return false;
        *out = pyInt(py::resolved(self()));
        return true;
    case F_float:
        if (n != 1)
            return false;
        *out = pyFloat(py::resolved(self()));
        return true;
    case F_bool:
        if (n != 1)
            return false;
        if (self().isString() && self().toString().compare(u"false", Qt::CaseInsensitive) == 0)
            *out = false;
        else
            *out = py::truthy(self());
        return true;
    case F_len:
    case F_count: {
        if (n != 1)
            return false;
        const Value &v = self();
        if (v.isString() && fn == F_len)
            *out = qint64(v.toString().size());
        else if (v.isList())
            *out = qint64(v.toList().size());
        else if (v.isDict())
            *out = qint64(v.toDict().size());
        else
            return false;
        return true;
    }
    case F_where:
    case F_select:
    case F_selectMany:
    case F_takeWhile:
    case F_skipWhile:
    case F_indexWhere:
    case F_lastIndexWhere: {
        if (n != 2)
            return false;
        const ValueList &l = needList(self());
        const Node *lambda = a.lambda(1, u"predicate");
        if (fn == F_indexWhere || fn == F_lastIndexWhere) {
            qint64 found = -1;
            for (qsizetype i = 0; i < l.size(); ++i) {
                if (py::truthy(a.apply(lambda, l.at(i)))) {
                    found = i;
                    if (fn == F_indexWhere)
                        break;
                }
            }
            *out = found;
            return true;
        }
        ValueList r;
        r.reserve(fn == F_select || fn == F_where ? l.size() : 0);
        bool skipping = true;
        for (const Value &item : l) {
            if (fn == F_select) {
                r.append(a.apply(lambda, item));
            } else if (fn == F_selectMany) {
                const Value inner = a.apply(lambda, item);
                if (inner.isList())
                    r += inner.toList();
                else
                    r.append(inner);
            } else if (fn == F_where) {
                if (py::truthy(a.apply(lambda, item)))
                    r.append(item);
            } else if (fn == F_takeWhile) {
                if (!py::truthy(a.apply(lambda, item)))
                    break;
                r.append(item);
            } else {
                if (skipping && py::truthy(a.apply(lambda, item)))
                    continue;
                skipping = false;
                r.append(item);
            }
        }
        *out = std::move(r);
        return true;
    }
    case F_first:
    case F_last:
    case F_single: {
        if (n < 1 || n > 2)
            return false;
        const ValueList &l = needList(self());
        if (l.isEmpty()) {
            const Node *def = a.namedNode(u"default");
            if (n == 2 || def) {
                *out = a.opt(1, u"default");
                return true;
            }
            throwYaql("StopIteration", QString());
        }
        if (fn == F_single && l.size() > 1)
            throwYaql("ValueError", QStringLiteral("Collection contains more than one item"));
        *out = fn == F_last ? l.last() : l.first();
        return true;
    }
    case F_distinct: {
        const ValueList &l = needList(self());
        if (n == 1) {
            *out = distinctList(l);
            return true;
        }
        const Node *sel = a.lambda(1, u"keySelector");
        QSet<QString> seen;
        ValueList r;
        for (const Value &v : l) {
            const QString k = hashKey(a.apply(sel, v));
            if (!seen.contains(k)) {
                seen.insert(k);
                r.append(v);
            }
        }
        *out = std::move(r);
        return true;
    }
    case F_keys:
    case F_values:
    case F_items: {
        if (n != 1 || !self().isDict())
            return false;
        ValueList r;
        for (const auto &[k, v] : self().toDict()) {
            if (fn == F_keys)
                r.append(k);
            else if (fn == F_values)
                r.append(v);
            else
                r.append(Value(ValueList {k, v}));
        }
        *out = std::move(r);
        return true;
    }
    case F_toList:
        if (n != 1)
            return false;
        if (self().isDict())
            return false;
        *out = self().isList() ? self() : Value(ValueList {self()});
        return true;
    case F_toSet:
        if (n != 1)
            return false;
        *out = distinctList(needList(self()));
        return true;
    case F_toDict: {
        if (n < 2)
            return false;
        const ValueList &l = needList(self());
        const Node *keySel = a.lambda(1, u"keySelector");
        const Node *valSel = a.lambda(2, u"valueSelector");
        ValueDict d;
        for (const Value &v : l) {
            const Value k = a.apply(keySel, v);
            d.insert(k.isString() ? k.toString() : yaqlStr(k), valSel ? a.apply(valSel, v) : v);
        }
        *out = std::move(d);
        return true;
    }
    case F_join: {
        if (n == 2) {
            // collection.join(separator) or separator.join(collection)
            const Value *coll = &a.at(0), *sep = &a.at(1);
            if (coll->isString() && sep->isList())
                std::swap(coll, sep);
            if (!coll->isList() || !sep->isString())
                return false;
            const ValueList &items = coll->toList();
            ops::checkGrowth(items.isEmpty() ? 0 : (items.size() - 1) * sep->toString().size());
            QStringList parts;
            for (const Value &v : items)
                parts << yaqlStr(v);
            *out = parts.join(sep->toString());
            return true;
        }
        if (n == 4) {
            // collection1.join(collection2, predicate, selector)
            const ValueList &l1 = needList(a.at(0));
            const ValueList &l2 = needList(a.at(1));
            ValueList r;
            for (const Value &x : l1) {
                for (const Value &y : l2) {
                    if (py::truthy(Evaluator::apply2(a.node(2), env, x, y)))
                        r.append(Evaluator::apply2(a.node(3), env, x, y));
                }
            }
            *out = std::move(r);
            return true;
        }
        return false;
    }
    case F_contains:
        if (n != 2)
            return false;
        if (self().isList() || self().isDict() || (self().isString() && a.at(1).isString()))
            *out = py::contains(self(), a.at(1));
        else
            return false;
        return true;
    case F_containsKey:
        if (n != 2 || !self().isDict())
            return false;
        *out = self().toDict().contains(a.at(1).isString() ? a.at(1).toString() : yaqlStr(a.at(1)));
        return true;
    case F_containsValue: {
        if (n != 2 || !self().isDict())
            return false;
        bool found = false;
        for (const auto &[k, v] : self().toDict())
            found = found || yaqlEquals(v, a.at(1));
        *out = found;
        return true;
    }
    case F_orderBy:
    case F_orderByDescending:
    case F_thenBy:
    case F_thenByDescending:
        if (n != 2)
            return false;
        if (fn == F_thenBy || fn == F_thenByDescending)
            throwNoMatch(name, receiver);  // only valid right after orderBy (see evalThenBy)
        *out = sortList(needList(self()), {{a.lambda(1, u"selector"), fn == F_orderBy}}, env);
        return true;
    case F_sort: {
        if (n != 1)
            return false;
        ValueList l = needList(self());
        std::stable_sort(l.begin(), l.end(), [](const Value &x, const Value &y) { return yaqlCompare(x, y, "<") < 0; });
        *out = std::move(l);
        return true;
    }
    case F_sum:
    case F_max:
    case F_min: {
        if (fn != F_sum && !receiver && n == 2 && !a.at(0).isList()) {
            // max(a, b) / min(a, b)
            const int c = yaqlCompare(a.at(1), a.at(0), ">");
            *out = fn == F_max ? (c > 0 ? a.at(1) : a.at(0)) : (c > 0 ? a.at(0) : a.at(1));
            return true;
        }
        if (n < 1 || n > 2)
            return false;
        const ValueList &l = needList(self());
        std::optional<Value> seed;
        if (n == 2)
            seed = a.at(1);
        if (fn == F_sum)
            *out = reduceWith(l, yaqlAdd, seed);
        else
            *out = reduceWith(l, [fn](const Value &x, const Value &y) {
                const int c = yaqlCompare(y, x, ">");
                return fn == F_max ? (c > 0 ? y : x) : (c > 0 ? x : y);
            }, seed);
        return true;
    }
    case F_aggregate: {
        if (n < 2 || n > 3)
            return false;
        const ValueList &l = needList(self());
        const Node *sel = a.node(1);
        std::optional<Value> seed;
        if (n == 3)
            seed = a.at(2);
        *out = reduceWith(l, [&](const Value &x, const Value &y) { return Evaluator::apply2(sel, env, x, y); }, seed);
        return true;
    }
    case F_any:
    case F_all: {
        if (n < 1 || n > 2)
            return false;
        const ValueList &l = needList(self());
        const Node *pred = n == 2 ? a.node(1) : nullptr;
        bool result = fn == F_all;
        for (const Value &v : l) {
            const bool t = py::truthy(pred ? a.apply(pred, v) : v);
            if (fn == F_any && t) {
                result = true;
                break;
            }
            if (fn == F_all && !t) {
                result = false;
                break;
            }
        }
        *out = result;
        return true;
    }
    case F_skip:
    case F_take:
    case F_limit: {
        if (n != 2)
            return false;
        const ValueList &l = needList(self());
        const qint64 count = intArg(a.at(1), name);
        if (fn == F_skip)
            *out = count >= l.size() ? ValueList() : l.mid(qMax<qint64>(0, count));
        else
            *out = count <= 0 ? ValueList() : l.mid(0, count);
        return true;
    }
    case F_concat:
    case F_append: {
        if (fn == F_concat && n >= 1 && a.at(0).isString()) {
            QString s;
            for (int i = 0; i < n; ++i)
                s += strArg(a.at(i), name);
            *out = s;
            return true;
        }
        if (n < 1)
            return false;
        ValueList r = needList(self());
        for (int i = 1; i < n; ++i) {
            if (fn == F_append)
                r.append(a.at(i));
            else
                r += needList(a.at(i));
        }
        *out = std::move(r);
        return true;
    }
    case F_flatten: {
        if (n != 1)
            return false;
        ValueList r;
        flattenInto(needList(self()), r);
        *out = std::move(r);
        return true;
    }
    case F_groupBy: {
        if (n < 2 || n > 4)
            return false;
        const ValueList &l = needList(self());
        const Node *keySel = a.lambda(1, u"keySelector");
        const Node *valSel = a.lambda(2, u"valueSelector");
        const Node *agg = a.lambda(3, u"aggregator");
        QHash<QString, qsizetype> where;
        ValueList groups;  // [key, [values]]
        for (const Value &v : l) {
            const Value key = a.apply(keySel, v);
            const QString hk = hashKey(key);
            auto it = where.find(hk);
            if (it == where.end()) {
                it = where.insert(hk, groups.size());
                groups.append(Value(ValueList {key, Value(ValueList {})}));
            }
            groups[*it].listRef()[1].listRef().append(valSel ? a.apply(valSel, v) : v);
        }
        if (agg) {
            for (Value &g : groups)
                g = a.apply(agg, g);
        }
        *out = std::move(groups);
        return true;
    }
    case F_indexOf:
    case F_lastIndexOf: {
        if (n < 2)
            return false;
        if (self().isString()) {
            const QString s = self().toString();
            const QString sub = strArg(a.at(1), name);
            const qint64 start = n >= 3 ? intArg(a.at(2), name) : 0;
            *out = qint64(fn == F_indexOf ? s.indexOf(sub, start) : s.lastIndexOf(sub));
            return true;
        }
        const ValueList &l = needList(self());
        qint64 found = -1;
        for (qsizetype i = 0; i < l.size(); ++i) {
            if (yaqlEquals(l.at(i), a.at(1))) {
                found = i;
                if (fn == F_indexOf)
                    break;
            }
        }
        *out = found;
        return true;
    }
    case F_get: {
        if (n < 2 || n > 3 || !self().isDict())
            return false;
        const Value key = a.at(1);
        const Value *v = self().toDict().find(key.isString() ? key.toString() : yaqlStr(key));
        *out = v ? *v : a.opt(2, u"default");
        return true;
    }
    case F_delete:
    case F_deleteAll: {
        if (n < 1)
            return false;
        if (self().isDict()) {
            ValueDict d = self().toDict();
            ValueList keys;
            if (fn == F_deleteAll && n == 2)
                keys = needList(a.at(1));
            else
                for (int i = 1; i < n; ++i)
                    keys.append(a.at(i));
            for (const Value &k : keys)
                d.remove(k.isString() ? k.toString() : yaqlStr(k));
            *out = std::move(d);
            return true;
        }
        if (fn != F_delete || n < 2)
            return false;
        const ValueList &l = needList(self());
        const qint64 pos = intArg(a.at(1), name);
        const qint64 count = n >= 3 ? intArg(a.at(2), name) : 1;
        ValueList r;
        for (qsizetype i = 0; i < l.size(); ++i) {
            const bool removed = count >= 0 ? (pos <= i && i < pos + count) : i >= pos;
            if (!removed)
                r.append(l.at(i));
        }
        *out = std::move(r);
        return true;
    }
    case F_insert: {
        if (n != 3)
            return false;
        ValueList l = needList(self());
        qint64 pos = intArg(a.at(1), name);
        if (pos < 0)
            pos = qMax<qint64>(0, pos + l.size());
        l.insert(qMin<qint64>(pos, l.size()), a.at(2));
        *out = std::move(l);
        return true;
    }
    case F_replace: {
        if (n < 2)
            return false;
        if (self().isString()) {
            QString s = self().toString();
            if (n >= 2 && isRegexValue(a.at(1))) {
                const qint64 count = n >= 4 ? intArg(a.at(3), name) : 0;
                *out = regexReplace(a.at(1), s, strArg(a.opt(2, u"repl"), name), count);
                return true;
            }
            if (a.at(1).isDict()) {
                const qint64 count = n >= 3 ? intArg(a.at(2), name) : -1;
                for (const auto &[k, v] : a.at(1).toDict())
                    s = pyReplace(s, k, yaqlStr(v), count);
                *out = s;
                return true;
            }
            if (n < 3)
                return false;
            const qint64 count = n >= 4 ? intArg(a.at(3), name) : -1;
            *out = pyReplace(s, strArg(a.at(1), name), strArg(a.at(2), name), count);
            return true;
        }
        if (n < 3)
            return false;
        const ValueList &l = needList(self());
        const qint64 pos = intArg(a.at(1), name);
        const qint64 count = n >= 4 ? intArg(a.at(3), name) : 1;
        ValueList r;
        bool done = false;
        for (qsizetype i = 0; i < l.size(); ++i) {
            const bool hit = count >= 0 ? (pos <= i && i < pos + count) : i >= pos;
            if (hit) {
                if (!done)
                    r.append(a.at(2));
                done = true;
            } else {
                r.append(l.at(i));
            }
        }
        *out = std::move(r);
        return true;
    }
    default: break;
    }
    return callBuiltinMore(index, a, out);
}

} // namespace squall::expr::yaql
