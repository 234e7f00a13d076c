#pragma once

#include "base/Value.h"

#include <memory>

// YAQL (openstack/yaql 1.x semantics, as Orquesta uses it): an expression
// is parsed once into a tree and evaluated many times, from any thread, over
// a context that is never copied.
//
// Values: Value has no set or tuple type. YAQL sets (set(), toSet(), union()...)
// are lists without duplicates in first-seen order; tuples are lists. Dict keys
// that are not strings are stored as yaql's str() of the key. Results come back
// as yaql hands them to Orquesta (convert_output_data: lists, dicts).
//
// `$` is `data`; `$name` / `$1` are variables (let(), lambdas); `$__vars` is
// `data` and `$__state`, `$__current_task`, `$__current_item` are read from it,
// as Orquesta's context provides them. Lambdas (where/select/...) rebind `$`
// and `$1` to the item.
//
// Functions: the yaql standard library (a generous subset: every function
// works both as f(x, ...) and x.f(...); zip() only as a method because the
// function form is Orquesta's), then squall::expr::FunctionRegistry globals
// (not filters), called with CallContext{scope, "yaql"}, the receiver of a
// method call being the first argument and `name => value` the keywords.
//
// Errors carry YAQL's own exception names as kinds and its wording:
// "YaqlGrammarException" (both lexical and grammar errors; messages say the
// position), "NoFunctionRegisteredException" ("Unknown function \"foo\""),
// "NoMatchingFunctionException" / "NoMatchingMethodException", "KeyError"
// (message: the key's repr), "IndexError", "StopIteration", "ValueError",
// "TypeError", "ZeroDivisionError"; registry functions' own kinds pass through.
// The Orquesta wrapping ("Unable to resolve key 'x' in expression '<% ... %>'
// from context.", "Unable to evaluate expression '<% ... %>'. Kind: message")
// is added by ExprString.h, which knows the delimited expression text.
namespace squall::expr {

class Scope;

namespace yaql {

struct Node;

class Expression
{
public:
    // `text` is what stands between <% and %>. Throws SquallException kind
    // "YaqlGrammarException" (message says what and at which position) on a
    // syntax error.
    static std::shared_ptr<const Expression> compile(const QString &text);

    // `data` is the root data (`$__vars`, `$__state`...) and, when
    // `dollar` is DataIsDollar, also `$` as plain yaql binds it. Orquesta
    // evaluates with a context and no data, so there `$` is null at the top
    // level (`<% $ %>` is null, `<% $.x %>` fails) and only lambdas bind it.
    // `scope` is passed through to every function call as CallContext::scope
    // (language "yaql") so workflow functions can reach their state. Throws
    // SquallException (kinds "YaqlEvaluationException",
    // "NoMatchingFunctionException", "TypeError", ...).
    enum RootDollar { DataIsDollar, DollarUnbound };
    Value evaluate(const Value &data, const Scope *scope = nullptr, RootDollar dollar = DataIsDollar) const;

    const QString &source() const { return m_source; }

    ~Expression();
    Expression(const Expression &) = delete;
    Expression &operator=(const Expression &) = delete;

private:
    Expression();
    QString m_source;
    std::unique_ptr<Node> m_root;
};

// Compiles through a process-wide, thread-safe cache keyed by the text.
std::shared_ptr<const Expression> cachedExpression(const QString &text);

} // namespace yaql
} // namespace squall::expr
