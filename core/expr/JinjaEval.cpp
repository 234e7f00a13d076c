#include "expr/JinjaAst.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/Functions.h"
#include "expr/Jinja.h"
#include "expr/JinjaObjects.h"
#include "expr/Undefined.h"

namespace squall::expr::jinja {

namespace {

inline const Value &defined(const Value &v)
{
    if (v.isObject())
        checkDefined(v);
    return v;
}

inline bool truth(const Value &v)
{
    return py::truthy(v);  // resolves objects; Undefined raises
}

} // namespace

Value Name::eval(Ctx &ctx) const
{
    if (ctx.frame) {
        if (const Value *v = ctx.frame->find(name))
            return *v;
    }
    Value out;
    if (ctx.scope && ctx.scope->lookup(name, &out))
        return out;
    return undefinedVariable(name);
}

Value ListExpr::eval(Ctx &ctx) const
{
    ValueList l;
    l.reserve(qsizetype(items.size()));
    for (const auto &e : items)
        l.append(e->eval(ctx));
    return l;
}

void ListExpr::analyze(Analysis &a) const
{
    for (const auto &e : items)
        e->analyze(a);
}

Value DictExpr::eval(Ctx &ctx) const
{
    ValueDict d;
    for (const auto &[k, v] : items) {
        const Value key = py::resolved(defined(k->eval(ctx)));
        if (key.isList() || key.isDict())
            throwTypeError(QStringLiteral("unhashable type: '%1'").arg(QLatin1StringView(key.typeName())));
        d.insert(py::str(key), v->eval(ctx));
    }
    return d;
}

void DictExpr::analyze(Analysis &a) const
{
    for (const auto &[k, v] : items) {
        k->analyze(a);
        v->analyze(a);
    }
}

Value Getattr::eval(Ctx &ctx) const
{
    const Value obj = object->eval(ctx);
    if (obj.isDict()) {
        if (const Value *v = obj.toDict().find(attr))
            return *v;
        return undefinedAttribute(obj, attr);
    }
    return ops::getattr(obj, attr);
}

Value Getitem::eval(Ctx &ctx) const
{
    const Value obj = object->eval(ctx);
    const Value k = key->eval(ctx);
    return ops::getitem(obj, k);
}

void Getitem::analyze(Analysis &a) const
{
    object->analyze(a);
    key->analyze(a);
}

Value SliceExpr::eval(Ctx &ctx) const
{
    const Value obj = object->eval(ctx);
    return ops::slice(obj, start ? start->eval(ctx) : Value(), stop ? stop->eval(ctx) : Value(),
                      step ? step->eval(ctx) : Value());
}

void SliceExpr::analyze(Analysis &a) const
{
    object->analyze(a);
    for (const Expr *e : {start.get(), stop.get(), step.get()})
        if (e)
            e->analyze(a);
}

Value Binary::eval(Ctx &ctx) const
{
    const Value l = left->eval(ctx);
    const Value r = right->eval(ctx);
    return ops::binary(op, l, r);
}

void Binary::analyze(Analysis &a) const
{
    left->analyze(a);
    right->analyze(a);
}

Value Concat::eval(Ctx &ctx) const
{
    QString out;
    qsizetype largest = 0;
    for (const auto &p : parts) {
        const QString part = py::str(p->eval(ctx));
        largest = std::max(largest, part.size());
        out += part;
    }
    ops::checkGrowth(out.size() - largest);
    return out;
}

void Concat::analyze(Analysis &a) const
{
    for (const auto &p : parts)
        p->analyze(a);
}

Value Unary::eval(Ctx &ctx) const
{
    const Value v = operand->eval(ctx);
    switch (op) {
    case '!': return !truth(v);
    case '-': return ops::negate(v);
    default: return ops::positive(v);
    }
}

Value Logical::eval(Ctx &ctx) const
{
    Value l = left->eval(ctx);
    const bool t = truth(l);
    if (isAnd ? !t : t)
        return l;
    return right->eval(ctx);
}

void Logical::analyze(Analysis &a) const
{
    left->analyze(a);
    right->analyze(a);
}

static bool compareOp(CmpOp op, const Value &a, const Value &b)
{
    switch (op) {
    case CmpOp::Eq: return ops::equals(a, b);
    case CmpOp::Ne: return !ops::equals(a, b);
    case CmpOp::Lt: return ops::compare(a, b, "<") < 0;
    case CmpOp::Le: return ops::compare(a, b, "<=") <= 0;
    case CmpOp::Gt: return ops::compare(a, b, ">") > 0;
    case CmpOp::Ge: return ops::compare(a, b, ">=") >= 0;
    case CmpOp::In: return py::contains(b, a);
    case CmpOp::NotIn: return !py::contains(b, a);
    }
    return false;
}

Value Compare::eval(Ctx &ctx) const
{
    Value l = first->eval(ctx);
    for (const auto &[op, e] : rest) {
        Value r = e->eval(ctx);
        if (!compareOp(op, l, r))
            return false;
        l = std::move(r);
    }
    return true;
}

void Compare::analyze(Analysis &a) const
{
    first->analyze(a);
    for (const auto &r : rest)
        r.second->analyze(a);
}

Value CondExpr::eval(Ctx &ctx) const
{
    if (truth(test->eval(ctx)))
        return then->eval(ctx);
    if (otherwise)
        return otherwise->eval(ctx);
    return lenientUndefined(QStringLiteral("the inline if-expression on line %1 evaluated to false and no else section was defined.").arg(line));
}

void CondExpr::analyze(Analysis &a) const
{
    test->analyze(a);
    then->analyze(a);
    if (otherwise)
        otherwise->analyze(a);
}

void Args::analyze(Analysis &a) const
{
    for (const auto &e : positional)
        e->analyze(a);
    for (const auto &k : keywords)
        k.second->analyze(a);
}

void Args::eval(Ctx &ctx, ValueList *args, ValueDict *kwargs) const
{
    for (const auto &e : positional)
        args->append(e->eval(ctx));
    for (const auto &[k, e] : keywords)
        kwargs->insert(k, e->eval(ctx));
}

Value FilterExpr::eval(Ctx &ctx) const
{
    ValueList a;
    a.reserve(qsizetype(args.positional.size() + 1));
    Value v = value->eval(ctx);
    if (v.isObject()) {
        if (!(acceptsUndefined && isUndefined(v)))
            v = py::resolved(v);
    }
    a.append(std::move(v));
    ValueDict kw;
    args.eval(ctx, &a, &kw);
    CallContext cc;
    cc.scope = ctx.scope;
    return slot->call(a, kw, cc);
}

void FilterExpr::analyze(Analysis &a) const
{
    value->analyze(a);
    args.analyze(a);
}

Value TestExpr::eval(Ctx &ctx) const
{
    const Value v = value->eval(ctx);
    ValueList a;
    ValueDict kw;
    args.eval(ctx, &a, &kw);
    const bool r = callTest(test, v, a);
    return negate ? !r : r;
}

void TestExpr::analyze(Analysis &a) const
{
    value->analyze(a);
    args.analyze(a);
}

Value Call::eval(Ctx &ctx) const
{
    ValueList a;
    ValueDict kw;
    if (auto *g = dynamic_cast<const Getattr *>(callee.get())) {
        const Value obj = g->object->eval(ctx);
        args.eval(ctx, &a, &kw);
        if (obj.isObject()) {
            checkDefined(obj);
            if (auto *loop = dynamic_cast<const LoopObject *>(obj.toObject().get())) {
                if (g->attr == u"cycle") {
                    if (a.isEmpty())
                        throwTypeError(QStringLiteral("no items for cycling given"));
                    return a.at(loop->index0 % a.size());
                }
                if (g->attr == u"changed") {
                    const bool changed = loop->lastChanged != a;
                    loop->lastChanged = a;
                    return changed;
                }
            }
        }
        Value out;
        if (ops::callMethod(obj, g->attr, a, kw, &out))
            return out;
        const Value attr = ops::getattr(obj, g->attr);
        checkDefined(attr);
        throwTypeError(QStringLiteral("'%1' object is not callable").arg(QLatin1StringView(py::resolved(attr).typeName())));
    }
    if (auto *n = dynamic_cast<const Name *>(callee.get())) {
        if (ctx.frame && ctx.frame->find(n->name)) {
            throwTypeError(QStringLiteral("'%1' object is not callable")
                               .arg(QLatin1StringView(ctx.frame->find(n->name)->typeName())));
        }
        const auto slot = FunctionRegistry::instance().global(n->name);
        if (!slot)
            checkDefined(undefinedVariable(n->name));
        args.eval(ctx, &a, &kw);
        CallContext cc;
        cc.scope = ctx.scope;
        return slot->call(a, kw, cc);
    }
    const Value v = callee->eval(ctx);
    checkDefined(v);
    throwTypeError(QStringLiteral("'%1' object is not callable").arg(QLatin1StringView(v.typeName())));
}

void Call::analyze(Analysis &a) const
{
    callee->analyze(a);
    args.analyze(a);
}

// ---- statements ----

void renderBody(const Body &body, Ctx &ctx, QString &out)
{
    for (const auto &s : body)
        s->render(ctx, out);
}

void analyzeBody(const Body &body, Analysis &a)
{
    for (const auto &s : body)
        s->analyze(a);
}

void OutputStmt::render(Ctx &ctx, QString &out) const
{
    const Value v = expr->eval(ctx);
    if (v.isString())
        out += v.toString();
    else
        out += py::str(v);
}

void IfStmt::render(Ctx &ctx, QString &out) const
{
    for (const auto &[cond, body] : branches) {
        if (truth(cond->eval(ctx))) {
            renderBody(body, ctx, out);
            return;
        }
    }
    renderBody(otherwise, ctx, out);
}

void IfStmt::analyze(Analysis &a) const
{
    for (const auto &[cond, body] : branches) {
        cond->analyze(a);
        analyzeBody(body, a);
    }
    analyzeBody(otherwise, a);
}

static void assignTargets(Frame &frame, const QStringList &targets, bool unpack, const Value &value)
{
    if (!unpack) {
        frame.set(targets.first(), value);
        return;
    }
    const ValueList items = ops::iterate(value);
    if (items.size() > targets.size())
        throwValueError(QStringLiteral("too many values to unpack (expected %1)").arg(targets.size()));
    if (items.size() < targets.size())
        throwValueError(QStringLiteral("not enough values to unpack (expected %1, got %2)").arg(targets.size()).arg(items.size()));
    for (qsizetype i = 0; i < targets.size(); ++i)
        frame.set(targets.at(i), items.at(i));
}

void ForStmt::render(Ctx &ctx, QString &out) const
{
    const Value seqValue = iter->eval(ctx);
    ValueList items = ops::iterate(seqValue);
    Frame frame;
    frame.parent = ctx.frame;
    Ctx inner {ctx.scope, &frame};
    if (filter) {
        ValueList kept;
        for (const Value &item : items) {
            assignTargets(frame, targets, unpack, item);
            if (truth(filter->eval(inner)))
                kept.append(item);
        }
        items = std::move(kept);
        frame.vars.clear();
    }
    if (items.isEmpty()) {
        renderBody(otherwise, ctx, out);
        return;
    }
    auto loop = std::make_shared<LoopObject>();
    loop->items = &items;
    const Value loopValue {std::shared_ptr<const ValueObject>(loop)};
    static const QString loopName = QStringLiteral("loop");
    frame.set(loopName, loopValue);
    for (qsizetype i = 0; i < items.size(); ++i) {
        loop->index0 = i;
        assignTargets(frame, targets, unpack, items.at(i));
        renderBody(body, inner, out);
    }
    loop->items = nullptr;
}

void ForStmt::analyze(Analysis &a) const
{
    iter->analyze(a);
    a.declared.append(QSet<QString>());
    for (const QString &t : targets)
        a.store(t);
    a.store(QStringLiteral("loop"));
    if (filter)
        filter->analyze(a);
    analyzeBody(body, a);
    a.declared.removeLast();
    analyzeBody(otherwise, a);
}

void SetStmt::render(Ctx &ctx, QString &out) const
{
    Q_UNUSED(out);
    Value v;
    if (value) {
        v = value->eval(ctx);
    } else {
        QString buf;
        renderBody(block, ctx, buf);
        v = buf;
    }
    if (!nsAttr.isEmpty()) {
        Name n;
        n.name = targets.first();
        const Value ns = n.eval(ctx);
        auto *obj = ns.isObject() ? dynamic_cast<const NamespaceObject *>(ns.toObject().get()) : nullptr;
        if (!obj)
            throw SquallException(QStringLiteral("TemplateRuntimeError"), QStringLiteral("cannot assign attribute on non-namespace object"));
        obj->values.insert(nsAttr, std::move(v));
        return;
    }
    if (!ctx.frame)
        throwTemplateError(QStringLiteral("no frame to assign to"));
    assignTargets(*ctx.frame, targets, unpack, v);
}

void SetStmt::analyze(Analysis &a) const
{
    if (value)
        value->analyze(a);
    analyzeBody(block, a);
    if (!nsAttr.isEmpty()) {
        a.load(targets.first());
        return;
    }
    for (const QString &t : targets)
        a.store(t);
}

void WithStmt::render(Ctx &ctx, QString &out) const
{
    Frame frame;
    frame.parent = ctx.frame;
    Ctx inner {ctx.scope, &frame};
    for (const auto &[name, e] : assignments)
        frame.set(name, e->eval(ctx));
    renderBody(body, inner, out);
}

void WithStmt::analyze(Analysis &a) const
{
    for (const auto &as : assignments)
        as.second->analyze(a);
    a.declared.append(QSet<QString>());
    for (const auto &as : assignments)
        a.store(as.first);
    analyzeBody(body, a);
    a.declared.removeLast();
}

void FilterBlockStmt::render(Ctx &ctx, QString &out) const
{
    QString buf;
    renderBody(body, ctx, buf);
    Frame frame;
    frame.parent = ctx.frame;
    frame.set(QStringLiteral("__block__"), buf);
    Ctx inner {ctx.scope, &frame};
    out += py::str(filter->eval(inner));
}

void FilterBlockStmt::analyze(Analysis &a) const
{
    a.declared.append(QSet<QString>());
    a.store(QStringLiteral("__block__"));
    filter->analyze(a);
    a.declared.removeLast();
    analyzeBody(body, a);
}

} // namespace squall::expr::jinja
