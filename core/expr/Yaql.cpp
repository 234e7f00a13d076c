#include "expr/Yaql.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/Jinja.h"
#include "expr/PyOps.h"
#include "expr/St2Support.h"
#include "expr/YaqlAst.h"
#include "expr/YaqlLibrary.h"

#include <QHash>
#include <QReadWriteLock>
#include <QStringBuilder>

#include <cmath>
#include <optional>

namespace squall::expr::yaql {

// ---------------------------------------------------------------- helpers

void throwYaql(const char *kind, const QString &message)
{
    throw SquallException(QString::fromLatin1(kind), message);
}

static void yaqlRepr(const Value &v, QString &out);

// Python's str() of a value as yaql holds it (lists are tuples), which is
// how yaql's method errors print the receiver.
static QString receiverStr(const Value &v)
{
    if (v.isString())
        return v.toString();
    QString out;
    yaqlRepr(v, out);
    return out;
}

void throwNoMatch(const QString &name, const Value *receiver)
{
    if (receiver)
        throwYaql("NoMatchingMethodException",
                  QStringLiteral("No method \"%1\" for receiver %2 matches supplied arguments")
                      .arg(name, receiverStr(*receiver)));
    throwYaql("NoMatchingFunctionException", QStringLiteral("No function \"%1\" matches supplied arguments").arg(name));
}

// Python repr of a value as yaql holds it internally: lists are tuples.
static void yaqlRepr(const Value &v, QString &out)
{
    switch (v.type()) {
    case Value::Type::List: {
        const ValueList &l = v.toList();
        out += u'(';
        for (qsizetype i = 0; i < l.size(); ++i) {
            if (i)
                out += QStringLiteral(", ");
            yaqlRepr(l.at(i), out);
        }
        if (l.size() == 1)
            out += u',';
        out += u')';
        break;
    }
    case Value::Type::Dict: {
        out += u'{';
        bool first = true;
        for (const auto &[k, val] : v.toDict()) {
            if (!first)
                out += QStringLiteral(", ");
            first = false;
            out += py::repr(QStringView(k));
            out += QStringLiteral(": ");
            yaqlRepr(val, out);
        }
        out += u'}';
        break;
    }
    case Value::Type::Object: yaqlRepr(py::resolved(v), out); break;
    default: out += py::repr(v);
    }
}

QString yaqlStr(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Null: return QStringLiteral("null");
    case Value::Type::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case Value::Type::String: return v.toString();
    case Value::Type::Int:
    case Value::Type::Double: return py::str(v);
    default: {
        QString out;
        yaqlRepr(v, out);
        return out;
    }
    }
}

int yaqlCompare(const Value &a, const Value &b, const char *op)
{
    // yaql orders null before anything else, numbers with numbers and
    // strings with strings; other pairs have no ordering operator.
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull() ? 0 : (a.isNull() ? -1 : 1);
    if (isNum(a) && isNum(b)) {
        if (a.isInt() && b.isInt())
            return a.toInt() < b.toInt() ? -1 : (a.toInt() > b.toInt() ? 1 : 0);
        const double x = a.toDouble(), y = b.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.isString() && b.isString()) {
        const int c = QString::compare(a.toString(), b.toString());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    throwNoMatch(QStringLiteral("#operator_") + QLatin1StringView(op), nullptr);
}

bool yaqlEquals(const Value &a, const Value &b)
{
    return ops::equals(a, b);
}

Value yaqlAdd(const Value &a, const Value &b)
{
    if (isNum(a) && isNum(b))
        return ops::binary(ops::BinOp::Add, a, b);
    if (a.isString() && b.isString()) {
        ops::checkGrowth(std::min(a.toString().size(), b.toString().size()));
        return QString(a.toString() + b.toString());
    }
    if (a.isList() && b.isList()) {
        ops::checkGrowth(std::min(a.toList().size(), b.toList().size()));
        ValueList l = a.toList();
        l += b.toList();
        return l;
    }
    if (a.isDict() && b.isDict()) {
        ValueDict d = a.toDict();
        for (const auto &[k, v] : b.toDict())
            d.insert(k, v);
        return d;
    }
    throwNoMatch(QStringLiteral("#operator_+"), nullptr);
}

QString hashKey(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Null: return QStringLiteral("N");
    case Value::Type::Bool: return v.toBool() ? QStringLiteral("i1") : QStringLiteral("i0");
    case Value::Type::Int: return u'i' + QString::number(v.toInt());
    case Value::Type::Double: {
        const double d = v.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18)
            return u'i' + QString::number(qint64(d));
        return u'f' + py::floatRepr(d);
    }
    case Value::Type::String: return u's' + v.toString();
    case Value::Type::List: {
        QString k = QStringLiteral("l(");
        for (const Value &x : v.toList())
            k += hashKey(x) + u'\x1f';
        return k + u')';
    }
    case Value::Type::Dict: {
        QStringList parts;
        for (const auto &[key, x] : v.toDict())
            parts << key + u'\x1e' + hashKey(x);
        parts.sort();
        return QStringLiteral("d{") + parts.join(u'\x1f') + u'}';
    }
    case Value::Type::Object: return hashKey(py::resolved(v));
    }
    return {};
}

// ---------------------------------------------------------------- environment

static const Value &nullValue()
{
    static const Value n;
    return n;
}

const Value &Env::dollarValue() const
{
    for (const Env *e = this; e; e = e->parent) {
        if (e->dollar)
            return *e->dollar;
    }
    return nullValue();
}

const Value *Env::find(QStringView name) const
{
    bool isIndex = false;
    const int index = name.toInt(&isIndex);
    for (const Env *e = this; e; e = e->parent) {
        if (isIndex && e->positionalCount > 0 && index >= 1 && index <= e->positionalCount)
            return e->positional[index - 1];
        for (const auto &[k, v] : e->vars) {
            if (k == name)
                return &v;
        }
    }
    return nullptr;
}

Value Env::lookup(QStringView name) const
{
    if (name.isEmpty())
        return dollarValue();
    bool isIndex = false;
    const int index = name.toInt(&isIndex);
    for (const Env *e = this; e; e = e->parent) {
        if (isIndex && e->positionalCount > 0) {
            if (index == 0)
                return e->dollar ? *e->dollar : *e->positional[0];
            if (index >= 1 && index <= e->positionalCount)
                return *e->positional[index - 1];
        }
        for (const auto &[k, v] : e->vars) {
            if (k == name)
                return v;
        }
        if (!e->parent) {
            // Orquesta's contextualize(): __vars is the data; the others are read from it.
            if (name == u"__vars")
                return e->data ? *e->data : Value();
            if (name == u"__state" || name == u"__current_task" || name == u"__current_item")
                return e->data ? (*e->data)[name] : Value();
            if (index == 0 && isIndex)
                return e->dollarValue();
        }
    }
    return Value();
}

// ---------------------------------------------------------------- evaluation

Value Evaluator::apply(const Node *lambda, const Env &env, const Value &item)
{
    Env frame;
    frame.parent = &env;
    frame.dollar = &item;
    frame.positional[0] = &item;
    frame.positionalCount = 1;
    frame.data = env.data;
    frame.scope = env.scope;
    return eval(lambda, frame);
}

Value Evaluator::apply2(const Node *lambda, const Env &env, const Value &a, const Value &b)
{
    Env frame;
    frame.parent = &env;
    frame.dollar = &a;
    frame.positional[0] = &a;
    frame.positional[1] = &b;
    frame.positionalCount = 2;
    frame.data = env.data;
    frame.scope = env.scope;
    return eval(lambda, frame);
}

static Value keyAccess(const Value &recv, const QString &key)
{
    if (recv.isDict()) {
        if (const Value *v = recv.toDict().find(key))
            return *v;
        throwYaql("KeyError", py::repr(QStringView(key)));
    }
    if (recv.isObject()) {
        Value v = recv.toObject()->attribute(key);
        if (v.isNull())
            return keyAccess(py::resolved(recv), key);
        return v;
    }
    // yaql looks a keyword after a non-dict up as a property function.
    throwYaql("NoFunctionRegisteredException", QStringLiteral("Unknown function \"#property#%1\"").arg(key));
}

static Value indexValue(const Value &recv, const Value &key, const Value *fallback)
{
    if (recv.isDict()) {
        const QString k = key.isString() ? key.toString() : py::str(key);
        if (const Value *v = recv.toDict().find(k))
            return *v;
        if (fallback)
            return *fallback;
        throwYaql("KeyError", py::repr(key));
    }
    if ((recv.isList() || recv.isString()) && ops::isInteger(key) && !key.isBool()) {
        qint64 i = key.toInt();
        const qint64 n = recv.isList() ? recv.toList().size() : recv.toString().size();
        if (i < 0)
            i += n;
        if (i < 0 || i >= n) {
            if (fallback)
                return *fallback;
            throwYaql("IndexError", recv.isList() ? QStringLiteral("tuple index out of range")
                                                  : QStringLiteral("string index out of range"));
        }
        return recv.isList() ? recv.toList().at(i) : Value(QString(recv.toString().at(i)));
    }
    if (recv.isObject())
        return indexValue(py::resolved(recv), key, fallback);
    throwNoMatch(QStringLiteral("#indexer"), nullptr);
}

static Value evalIndex(const Node *n, const Env &env)
{
    const Value recv = Evaluator::eval(n->child(0), env);
    const Node *keyNode = n->child(1);
    if (n->children.size() >= 3) {
        const Value key = Evaluator::eval(keyNode, env);
        const Value fallback = Evaluator::eval(n->child(2), env);
        return indexValue(recv, key, &fallback);
    }
    if (recv.isList()) {
        // yaql's indexer over a collection: an int picks an item, anything
        // else is a predicate that filters the collection.
        // (yaql's legacy mode; the standard mode only accepts ints). A key
        // that cannot be evaluated against the outer `$` is a predicate too.
        std::optional<Value> key;
        try {
            key = Evaluator::eval(keyNode, env);
        } catch (const SquallException &) {
        }
        if (key && ops::isInteger(*key) && !key->isBool())
            return indexValue(recv, *key, nullptr);
        ValueList out;
        for (const Value &item : recv.toList()) {
            if (py::truthy(Evaluator::apply(keyNode, env, item)))
                out.append(item);
        }
        return out;
    }
    return indexValue(recv, Evaluator::eval(keyNode, env), nullptr);
}

const Value &Evaluator::ref(const Node *n, const Env &env, Value &storage)
{
    switch (n->kind) {
    case NodeKind::Const:
    case NodeKind::Keyword: return n->value;
    case NodeKind::Dollar:
        if (n->name.isEmpty())
            return env.dollarValue();
        if (const Value *v = env.find(n->name))
            return *v;
        break;
    case NodeKind::Dot:
        if (!n->elvis && n->child(1)->kind == NodeKind::Keyword) {
            Value tmp;
            const Value &recv = ref(n->child(0), env, tmp);
            if (recv.isDict()) {
                const Value *v = recv.toDict().find(n->child(1)->name);
                if (!v)
                    throwYaql("KeyError", py::repr(QStringView(n->child(1)->name)));
                if (&recv != &tmp)
                    return *v;  // lives in data that outlives this evaluation
                storage = *v;
                return storage;
            }
            storage = keyAccess(recv, n->child(1)->name);
            return storage;
        }
        break;
    default: break;
    }
    storage = eval(n, env);
    return storage;
}

static Value evalDot(const Node *n, const Env &env)
{
    Value recvStorage;
    const Value &recv = Evaluator::ref(n->child(0), env, recvStorage);
    if (n->elvis && recv.isNull())
        return Value();
    const Node *right = n->child(1);
    switch (right->kind) {
    case NodeKind::Keyword: return keyAccess(recv, right->name);
    case NodeKind::Call: return Evaluator::callNode(right, env, &recv);
    default: return Evaluator::apply(right, env, recv);
    }
}

static Value evalDotNode(const Node *n, const Env &env)
{
    const Node *right = n->child(1);
    if (right->kind == NodeKind::Call && (right->builtin == F_thenBy || right->builtin == F_thenByDescending))
        return evalThenBy(n, env);
    return evalDot(n, env);
}

static bool regexMatch(const Value &s, const Value &pattern)
{
    if (!s.isString() || !pattern.isString())
        throwNoMatch(QStringLiteral("#operator_=~"), nullptr);
    return st2::pythonRegex(pattern.toString(), false).match(s.toString()).hasMatch();
}

static Value evalBinary(const Node *n, const Env &env)
{
    switch (n->op) {
    case Op::And: {
        Value l = Evaluator::eval(n->child(0), env);
        return py::truthy(l) ? Evaluator::eval(n->child(1), env) : l;
    }
    case Op::Or: {
        Value l = Evaluator::eval(n->child(0), env);
        return py::truthy(l) ? l : Evaluator::eval(n->child(1), env);
    }
    case Op::Send: {
        // `let(...) -> expr`: the right side runs in the context the left side built.
        const Node *left = n->child(0);
        if (left->kind == NodeKind::Call && left->name == u"let") {
            Env frame;
            frame.parent = &env;
            frame.data = env.data;
            frame.scope = env.scope;
            ValueList positional;
            positional.reserve(qsizetype(left->children.size()));
            for (const auto &arg : left->children) {
                if (arg->kind == NodeKind::Mapping) {
                    const Node *src = arg->child(0);
                    const QString name = src->kind == NodeKind::Keyword ? src->name
                                                                        : py::str(Evaluator::eval(src, env));
                    frame.vars.append({name, Evaluator::eval(arg->child(1), env)});
                } else {
                    positional.append(Evaluator::eval(arg.get(), env));
                }
            }
            for (qsizetype i = 0; i < positional.size(); ++i)
                frame.vars.append({QString::number(i + 1), positional.at(i)});
            return Evaluator::eval(n->child(1), frame);
        }
        const Value l = Evaluator::eval(left, env);
        Q_UNUSED(l);
        return Evaluator::eval(n->child(1), env);
    }
    default: break;
    }
    Value sa, sb;
    const Value &a = Evaluator::ref(n->child(0), env, sa);
    const Value &b = Evaluator::ref(n->child(1), env, sb);
    switch (n->op) {
    case Op::Add: return yaqlAdd(a, b);
    case Op::Sub:
        if (isNum(a) && isNum(b))
            return ops::binary(ops::BinOp::Sub, a, b);
        throwNoMatch(QStringLiteral("#operator_-"), nullptr);
    case Op::Mul:
        if (isNum(a) && isNum(b))
            return ops::binary(ops::BinOp::Mul, a, b);
        if (((a.isList() || a.isString()) && b.isInt()) || (a.isInt() && (b.isList() || b.isString())))
            return ops::binary(ops::BinOp::Mul, a, b);
        throwNoMatch(QStringLiteral("#operator_*"), nullptr);
    case Op::Div:
        if (isNum(a) && isNum(b)) {
            if (a.isInt() && b.isInt()) {
                if (b.toInt() == 0)
                    throwYaql("ZeroDivisionError", QStringLiteral("integer division or modulo by zero"));
                return ops::binary(ops::BinOp::FloorDiv, a, b);
            }
            if (b.toDouble() == 0)
                throwYaql("ZeroDivisionError", QStringLiteral("float division by zero"));
            return ops::binary(ops::BinOp::Div, a, b);
        }
        throwNoMatch(QStringLiteral("#operator_/"), nullptr);
    case Op::Mod:
        if (isNum(a) && isNum(b))
            return ops::binary(ops::BinOp::Mod, a, b);
        throwNoMatch(QStringLiteral("#operator_mod"), nullptr);
    case Op::Gt: return yaqlCompare(a, b, ">") > 0;
    case Op::Lt: return yaqlCompare(a, b, "<") < 0;
    case Op::Ge: return yaqlCompare(a, b, ">=") >= 0;
    case Op::Le: return yaqlCompare(a, b, "<=") <= 0;
    case Op::Eq: return yaqlEquals(a, b);
    case Op::Ne: return !yaqlEquals(a, b);
    case Op::In:
        if (b.isList() || b.isDict() || (b.isString() && a.isString()))
            return py::contains(b, a);
        if (b.isObject())
            return py::contains(py::resolved(b), a);
        throwNoMatch(QStringLiteral("#operator_in"), nullptr);
    case Op::Match: return regexMatch(a, b);
    case Op::NotMatch: return !regexMatch(a, b);
    default: break;
    }
    return Value();
}

Value Evaluator::eval(const Node *n, const Env &env)
{
    switch (n->kind) {
    case NodeKind::Const:
    case NodeKind::Keyword: return n->value;
    case NodeKind::Dollar: return env.lookup(n->name);
    case NodeKind::Dot: return evalDotNode(n, env);
    case NodeKind::Index: return evalIndex(n, env);
    case NodeKind::Call: return callNode(n, env, nullptr);
    case NodeKind::List: {
        ValueList l;
        l.reserve(qsizetype(n->children.size()));
        for (const auto &c : n->children)
            l.append(eval(c.get(), env));
        return l;
    }
    case NodeKind::Map: {
        ValueDict d;
        for (const auto &c : n->children) {
            if (c->kind != NodeKind::Mapping)
                throwNoMatch(QStringLiteral("#map"), nullptr);
            const Value k = eval(c->child(0), env);
            d.insert(k.isString() ? k.toString() : yaqlStr(k), eval(c->child(1), env));
        }
        return d;
    }
    case NodeKind::Binary: return evalBinary(n, env);
    case NodeKind::Unary: {
        const Value a = eval(n->child(0), env);
        switch (n->op) {
        case Op::Not: return !py::truthy(a);
        case Op::Neg:
            if (isNum(a))
                return ops::negate(a);
            throwNoMatch(QStringLiteral("#unary_operator_-"), nullptr);
        case Op::Pos:
            if (isNum(a))
                return a;
            throwNoMatch(QStringLiteral("#unary_operator_+"), nullptr);
        default: return Value();
        }
    }
    case NodeKind::Mapping:
        throwYaql("MappingTranslationException", QStringLiteral("Cannot convert mapping to keyword argument"));
    }
    return Value();
}

static const FunctionSlot *registrySlot(const Node *call)
{
    const FunctionSlot *slot = call->slot.load(std::memory_order_acquire);
    if (slot && slot->function())
        return slot;
    // Globals only: Jinja's filters are not YAQL functions (Orquesta's YAQL
    // context holds yaql's library plus the registered catalog).
    auto found = FunctionRegistry::instance().global(call->name);
    if (!found)
        return nullptr;
    // Registry slots are never destroyed (only unbound), so a raw pointer is safe.
    call->slot.store(found.get(), std::memory_order_release);
    return found.get();
}

Value Evaluator::callNode(const Node *call, const Env &env, const Value *receiver)
{
    Value out;
    if (call->builtin >= 0 && callBuiltin(call->builtin, call, env, receiver, &out))
        return out;
    const FunctionSlot *slot = registrySlot(call);
    if (!slot) {
        if (call->builtin >= 0)
            throwNoMatch(call->name, receiver);
        if (receiver)
            throwYaql("NoMethodRegisteredException",
                      QStringLiteral("Unknown method \"%1\" for receiver %2").arg(call->name, receiverStr(*receiver)));
        throwYaql("NoFunctionRegisteredException", QStringLiteral("Unknown function \"%1\"").arg(call->name));
    }
    ValueList args;
    ValueDict kwargs;
    args.reserve(qsizetype(call->children.size()) + (receiver ? 1 : 0));
    if (receiver)
        args.append(*receiver);
    for (const auto &c : call->children) {
        if (c->kind == NodeKind::Mapping) {
            const Node *src = c->child(0);
            const QString name = src->kind == NodeKind::Keyword ? src->name : py::str(eval(src, env));
            kwargs.insert(name, eval(c->child(1), env));
        } else {
            args.append(eval(c.get(), env));
        }
    }
    CallContext cc;
    cc.scope = env.scope;
    cc.language = "yaql";
    return slot->call(args, kwargs, cc);
}

// ---------------------------------------------------------------- Expression

Expression::Expression() = default;
Expression::~Expression() = default;

std::shared_ptr<const Expression> Expression::compile(const QString &text)
{
    std::shared_ptr<Expression> e(new Expression);
    e->m_source = text;
    e->m_root = parse(text);
    return e;
}

Value Expression::evaluate(const Value &data, const Scope *scope, RootDollar dollar) const
{
    Env root;
    root.dollar = dollar == DataIsDollar ? &data : nullptr;
    root.data = &data;
    root.scope = scope;
    Value v = Evaluator::eval(m_root.get(), root);
    if (v.isObject())
        v = py::resolved(v);
    return v;
}

std::shared_ptr<const Expression> cachedExpression(const QString &text)
{
    static QReadWriteLock lock;
    static QHash<QString, std::shared_ptr<const Expression>> cache;
    {
        QReadLocker r(&lock);
        if (auto it = cache.constFind(text); it != cache.cend())
            return *it;
    }
    auto e = Expression::compile(text);
    QWriteLocker w(&lock);
    if (cache.size() > 20000)
        cache.clear();  // bounded: expressions come from files, this only guards against abuse
    cache.insert(text, e);
    return e;
}

} // namespace squall::expr::yaql
