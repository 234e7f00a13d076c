#include "expr/JinjaAst.h"

#include "base/Python.h"
#include "expr/Functions.h"
#include "expr/Undefined.h"

#include <QHash>

#include <cmath>

namespace squall::expr::jinja {


namespace {

using TestMap = QHash<QString, TestFn>;

const Value &arg0(const ValueList &args)
{
    if (args.isEmpty())
        throwTypeError(QStringLiteral("test missing required argument"));
    return args.at(0);
}

Value resolvedArg(const ValueList &args)
{
    const Value &a = arg0(args);
    return a.isObject() ? py::resolved(checkDefined(a)) : a;
}

bool evenOdd(const Value &v, bool wantEven)
{
    if (!v.isNumber())
        throwTypeError(QStringLiteral("not all arguments converted during string formatting"));
    const qint64 i = v.isDouble() ? qint64(v.toDouble()) : v.toInt();
    return ((i % 2) == 0) == wantEven;
}

const TestMap &tests()
{
    static const TestMap map = [] {
        TestMap m;
        // `defined`/`undefined` see the raw value; every other test gets it resolved.
        m.insert(QStringLiteral("defined"), [](const Value &v, const ValueList &) { return !isUndefined(v); });
        m.insert(QStringLiteral("undefined"), [](const Value &v, const ValueList &) { return isUndefined(v); });
        m.insert(QStringLiteral("none"), [](const Value &v, const ValueList &) { return v.isNull(); });
        m.insert(QStringLiteral("number"), [](const Value &v, const ValueList &) { return v.isNumber(); });
        m.insert(QStringLiteral("string"), [](const Value &v, const ValueList &) { return v.isString(); });
        m.insert(QStringLiteral("mapping"), [](const Value &v, const ValueList &) { return v.isDict(); });
        auto iterable = [](const Value &v, const ValueList &) { return v.isList() || v.isDict() || v.isString(); };
        m.insert(QStringLiteral("iterable"), iterable);
        m.insert(QStringLiteral("sequence"), iterable);
        m.insert(QStringLiteral("boolean"), [](const Value &v, const ValueList &) { return v.isBool(); });
        m.insert(QStringLiteral("true"), [](const Value &v, const ValueList &) { return v.isBool() && v.toBool(); });
        m.insert(QStringLiteral("false"), [](const Value &v, const ValueList &) { return v.isBool() && !v.toBool(); });
        m.insert(QStringLiteral("integer"), [](const Value &v, const ValueList &) { return v.isInt(); });
        m.insert(QStringLiteral("float"), [](const Value &v, const ValueList &) { return v.isDouble(); });
        m.insert(QStringLiteral("callable"), [](const Value &, const ValueList &) { return false; });
        m.insert(QStringLiteral("escaped"), [](const Value &, const ValueList &) { return false; });
        m.insert(QStringLiteral("lower"), [](const Value &v, const ValueList &) { return v.isString() && v.toString() == v.toString().toLower(); });
        m.insert(QStringLiteral("upper"), [](const Value &v, const ValueList &) { return v.isString() && v.toString() == v.toString().toUpper(); });
        m.insert(QStringLiteral("even"), [](const Value &v, const ValueList &) { return evenOdd(v, true); });
        m.insert(QStringLiteral("odd"), [](const Value &v, const ValueList &) { return evenOdd(v, false); });
        m.insert(QStringLiteral("divisibleby"), [](const Value &v, const ValueList &a) {
            const Value r = ops::binary(ops::BinOp::Mod, v, resolvedArg(a));
            return r.isDouble() ? r.toDouble() == 0 : r.toInt() == 0;
        });
        m.insert(QStringLiteral("sameas"), [](const Value &v, const ValueList &a) {
            const Value o = resolvedArg(a);
            if (v.isNull() || o.isNull() || v.isBool() || o.isBool())
                return v.type() == o.type() && v == o;
            return v.type() == o.type() && v == o && (v.isInt() || v.isString());
        });
        auto eq = [](const Value &v, const ValueList &a) { return ops::equals(v, arg0(a)); };
        auto ne = [](const Value &v, const ValueList &a) { return !ops::equals(v, arg0(a)); };
        auto lt = [](const Value &v, const ValueList &a) { return ops::compare(v, arg0(a).isObject() ? resolvedArg(a) : arg0(a), "<") < 0; };
        auto gt = [](const Value &v, const ValueList &a) { return ops::compare(v, arg0(a).isObject() ? resolvedArg(a) : arg0(a), ">") > 0; };
        auto le = [](const Value &v, const ValueList &a) { return ops::compare(v, arg0(a).isObject() ? resolvedArg(a) : arg0(a), "<=") <= 0; };
        auto ge = [](const Value &v, const ValueList &a) { return ops::compare(v, arg0(a).isObject() ? resolvedArg(a) : arg0(a), ">=") >= 0; };
        for (const char *n : {"equalto", "eq", "=="})
            m.insert(QString::fromLatin1(n), eq);
        for (const char *n : {"ne", "!="})
            m.insert(QString::fromLatin1(n), ne);
        for (const char *n : {"lt", "<", "lessthan"})
            m.insert(QString::fromLatin1(n), lt);
        for (const char *n : {"gt", ">", "greaterthan"})
            m.insert(QString::fromLatin1(n), gt);
        for (const char *n : {"le", "<="})
            m.insert(QString::fromLatin1(n), le);
        for (const char *n : {"ge", ">="})
            m.insert(QString::fromLatin1(n), ge);
        m.insert(QStringLiteral("in"), [](const Value &v, const ValueList &a) { return py::contains(resolvedArg(a), v); });
        m.insert(QStringLiteral("filter"), [](const Value &v, const ValueList &) {
            return v.isString() && FunctionRegistry::instance().hasFilter(v.toString());
        });
        m.insert(QStringLiteral("test"), [](const Value &v, const ValueList &) { return v.isString() && findTest(v.toString()); });
        return m;
    }();
    return map;
}

} // namespace

TestFn findTest(const QString &name)
{
    return tests().value(name, nullptr);
}

bool isKnownTest(const QString &name)
{
    return findTest(name) != nullptr;
}

bool callTest(TestFn fn, const Value &v, const ValueList &args)
{
    static const TestFn definedFn = findTest(QStringLiteral("defined"));
    static const TestFn undefinedFn = findTest(QStringLiteral("undefined"));
    if (fn == definedFn || fn == undefinedFn)
        return fn(v, args);
    if (v.isObject())
        return fn(py::resolved(checkDefined(v)), args);
    return fn(v, args);
}

bool runTest(const QString &name, const Value &v, const ValueList &args, bool *known)
{
    const TestFn fn = findTest(name);
    *known = fn != nullptr;
    return fn ? callTest(fn, v, args) : false;
}

} // namespace squall::expr::jinja
