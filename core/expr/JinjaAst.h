#pragma once

#include "base/Value.h"
#include "expr/PyOps.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QVarLengthArray>

#include <memory>

namespace squall::expr {
class Scope;
class FunctionSlot;
}

// The parsed form of a Jinja template: a tree of expression and statement
// nodes evaluated directly (no bytecode; the tree is already compact).
namespace squall::expr::jinja {

// Jinja tests (`is defined`, `is divisibleby 3`...), looked up once by name.
using TestFn = bool (*)(const Value &v, const ValueList &args);

struct Frame
{
    Frame *parent = nullptr;
    QVarLengthArray<std::pair<QString, Value>, 4> vars;

    const Value *find(const QString &name) const
    {
        for (const Frame *f = this; f; f = f->parent)
            for (const auto &e : f->vars)
                if (e.first == name)
                    return &e.second;
        return nullptr;
    }
    void set(const QString &name, Value v)
    {
        for (auto &e : vars)
            if (e.first == name) {
                e.second = std::move(v);
                return;
            }
        vars.append({name, std::move(v)});
    }
};

struct Ctx
{
    const Scope *scope = nullptr;
    Frame *frame = nullptr;
};

// Names bound so far while walking for undeclaredVariables().
struct Analysis
{
    QList<QSet<QString>> declared {QSet<QString>()};
    QStringList undeclared;
    void load(const QString &name)
    {
        for (const auto &s : declared)
            if (s.contains(name))
                return;
        if (!undeclared.contains(name))
            undeclared << name;
    }
    void store(const QString &name) { declared.last().insert(name); }
};

struct Node
{
    int line = 0;
    int column = 0;
    virtual ~Node() = default;
};

struct Expr : Node
{
    virtual Value eval(Ctx &ctx) const = 0;
    virtual void analyze(Analysis &a) const = 0;
    virtual bool isConst() const { return false; }
};
using ExprPtr = std::unique_ptr<Expr>;

struct Const final : Expr
{
    Value value;
    Value eval(Ctx &) const override { return value; }
    void analyze(Analysis &) const override { }
    bool isConst() const override { return true; }
};

struct Name final : Expr
{
    QString name;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override { a.load(name); }
};

struct ListExpr final : Expr
{
    std::vector<ExprPtr> items;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

struct DictExpr final : Expr
{
    std::vector<std::pair<ExprPtr, ExprPtr>> items;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

struct Getattr final : Expr
{
    ExprPtr object;
    QString attr;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override { object->analyze(a); }
};

struct Getitem final : Expr
{
    ExprPtr object;
    ExprPtr key;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

struct SliceExpr final : Expr
{
    ExprPtr object, start, stop, step;  // bounds may be null
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

struct Binary final : Expr
{
    ops::BinOp op;
    ExprPtr left, right;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

struct Concat final : Expr
{
    std::vector<ExprPtr> parts;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

struct Unary final : Expr
{
    char op = '-';  // '-', '+', '!'
    ExprPtr operand;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override { operand->analyze(a); }
};

struct Logical final : Expr
{
    bool isAnd = true;
    ExprPtr left, right;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

enum class CmpOp { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn };

struct Compare final : Expr
{
    ExprPtr first;
    std::vector<std::pair<CmpOp, ExprPtr>> rest;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

struct CondExpr final : Expr
{
    ExprPtr test, then, otherwise;  // otherwise may be null (-> undefined)
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

struct Args
{
    std::vector<ExprPtr> positional;
    std::vector<std::pair<QString, ExprPtr>> keywords;
    void analyze(Analysis &a) const;
    void eval(Ctx &ctx, ValueList *args, ValueDict *kwargs) const;
};

struct FilterExpr final : Expr
{
    ExprPtr value;
    QString name;
    std::shared_ptr<const FunctionSlot> slot;
    bool acceptsUndefined = false;
    Args args;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

struct TestExpr final : Expr
{
    ExprPtr value;
    QString name;
    TestFn test = nullptr;
    bool negate = false;
    Args args;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

struct Call final : Expr
{
    ExprPtr callee;  // Name (global function) or Getattr (method)
    Args args;
    Value eval(Ctx &ctx) const override;
    void analyze(Analysis &a) const override;
};

// Statements

struct Stmt : Node
{
    virtual void render(Ctx &ctx, QString &out) const = 0;
    virtual void analyze(Analysis &a) const = 0;
};
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

void renderBody(const Body &body, Ctx &ctx, QString &out);
void analyzeBody(const Body &body, Analysis &a);

struct TextStmt final : Stmt
{
    QString text;
    void render(Ctx &, QString &out) const override { out += text; }
    void analyze(Analysis &) const override { }
};

struct OutputStmt final : Stmt
{
    ExprPtr expr;
    void render(Ctx &ctx, QString &out) const override;
    void analyze(Analysis &a) const override { expr->analyze(a); }
};

struct IfStmt final : Stmt
{
    std::vector<std::pair<ExprPtr, Body>> branches;
    Body otherwise;
    void render(Ctx &ctx, QString &out) const override;
    void analyze(Analysis &a) const override;
};

struct ForStmt final : Stmt
{
    QStringList targets;
    bool unpack = false;
    ExprPtr iter;
    ExprPtr filter;  // may be null
    Body body;
    Body otherwise;
    void render(Ctx &ctx, QString &out) const override;
    void analyze(Analysis &a) const override;
};

struct SetStmt final : Stmt
{
    QStringList targets;
    bool unpack = false;
    QString nsAttr;  // `set ns.attr = ...`: targets[0] is the namespace
    ExprPtr value;   // null for block set
    Body block;
    void render(Ctx &ctx, QString &out) const override;
    void analyze(Analysis &a) const override;
};

struct WithStmt final : Stmt
{
    std::vector<std::pair<QString, ExprPtr>> assignments;
    Body body;
    void render(Ctx &ctx, QString &out) const override;
    void analyze(Analysis &a) const override;
};

struct FilterBlockStmt final : Stmt
{
    ExprPtr filter;  // FilterExpr chain whose innermost value is a placeholder Name "__block__"
    Body body;
    void render(Ctx &ctx, QString &out) const override;
    void analyze(Analysis &a) const override;
};

struct TemplateAst
{
    Body body;
    const Expr *singleExpr = nullptr;  // set when the template is exactly one {{ expr }}
    bool sawTags = false;
};

std::unique_ptr<TemplateAst> parse(const QString &source);

TestFn findTest(const QString &name);  // null when unknown
bool callTest(TestFn fn, const Value &v, const ValueList &args);
bool runTest(const QString &name, const Value &v, const ValueList &args, bool *known);
bool isKnownTest(const QString &name);

} // namespace squall::expr::jinja
