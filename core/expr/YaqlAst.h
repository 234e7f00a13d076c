#pragma once

// Internal to the YAQL engine: the parsed tree, the evaluation environment
// and the standard library entry point. Not for use outside core/expr.

#include "base/Value.h"
#include "expr/Functions.h"

#include <QVarLengthArray>

#include <atomic>
#include <memory>
#include <vector>

namespace squall::expr::yaql {

enum class NodeKind : quint8 {
    Const,    // literal value
    Keyword,  // bare identifier: a string constant, a dict key after '.', a kwarg name
    Dollar,   // $ / $name / $1
    Dot,      // a.b, a.f(x), a?.b (elvis flag)
    Index,    // a[x] / a[x, default]
    Call,     // f(args); as the right side of Dot, a method call
    List,     // [a, b]
    Map,      // {a => 1}
    Binary,
    Unary,
    Mapping,  // a => b inside an argument list
};

enum class Op : quint8 {
    None, Add, Sub, Mul, Div, Mod, Gt, Lt, Ge, Le, Eq, Ne, In, And, Or, Not, Neg, Pos,
    Match, NotMatch, Send,
};

struct Node
{
    NodeKind kind = NodeKind::Const;
    Op op = Op::None;
    bool elvis = false;          // ?. instead of .
    int position = 0;            // offset in the source, for messages
    int builtin = -1;            // Call: index of a standard library function, -1 = registry
    Value value;                 // Const
    QString name;                // Keyword / Dollar (without '$') / Call
    std::vector<std::unique_ptr<Node>> children;
    // Call: registry slot found at first use (slots live as long as the registry).
    mutable std::atomic<const FunctionSlot *> slot {nullptr};

    const Node *child(size_t i) const { return children[i].get(); }
};

// Variables visible while evaluating: a chain of frames on the C++ stack, so
// lambdas (where/select) bind `$` to each item without copying anything.
struct Env
{
    const Env *parent = nullptr;
    const Value *dollar = nullptr;     // `$` in this frame (null = inherit)
    const Value *positional[2] = {nullptr, nullptr};  // $1, $2 of a lambda
    int positionalCount = 0;
    QVarLengthArray<std::pair<QString, Value>, 2> vars;  // let(...)
    const Value *data = nullptr;       // root data (`$__vars`)
    const Scope *scope = nullptr;

    Value lookup(QStringView name) const;
    const Value *find(QStringView name) const;  // $x / $1 bound in a frame; null otherwise
    const Value &dollarValue() const;
};

class Evaluator
{
public:
    static Value eval(const Node *n, const Env &env);
    // Like eval(), but returns a reference to the value where it already
    // lives (data, constants, dict members) instead of copying it; otherwise
    // the result is put in `storage`. Hot paths (`$.x > 1`) copy nothing.
    static const Value &ref(const Node *n, const Env &env, Value &storage);
    // Evaluates `lambda` with `$` (and $1) bound to `item`.
    static Value apply(const Node *lambda, const Env &env, const Value &item);
    static Value apply2(const Node *lambda, const Env &env, const Value &a, const Value &b);
    static Value callNode(const Node *call, const Env &env, const Value *receiver);
};

// Parser (YaqlParser.cpp). Throws YaqlGrammarException.
std::unique_ptr<Node> parse(const QString &text);

// Standard library (YaqlLibrary.cpp).
int builtinIndex(QStringView name);  // -1 when not a standard function
// Calls standard function `index`; returns false if it does not apply to
// these arguments (then the registry is tried, and failing that an error).
bool callBuiltin(int index, const Node *call, const Env &env, const Value *receiver, Value *out);

// Shared helpers.
QString yaqlStr(const Value &v);       // yaql's str(): null/true/false, lists as tuples
int yaqlCompare(const Value &a, const Value &b, const char *op);  // yaql ordering; throws when unordered
bool yaqlEquals(const Value &a, const Value &b);
Value yaqlAdd(const Value &a, const Value &b);
QString hashKey(const Value &v);       // equal values (Python ==) give equal keys
[[noreturn]] void throwNoMatch(const QString &name, const Value *receiver);
[[noreturn]] void throwYaql(const char *kind, const QString &message);

} // namespace squall::expr::yaql
