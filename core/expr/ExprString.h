#pragma once

#include "base/Value.h"
#include "expr/Jinja.h"

#include <QList>
#include <QSet>
#include <QStringList>

// Orquesta-style expression strings (orquesta/expressions/{base,yql,jinja}.py):
// a workflow field may hold YAQL between <% %> or Jinja between {{ }} / {% %}.
// Like Orquesta's regexes (<%.*?%>, {{.*?}}, {%.*?%}), a delimited expression
// never spans a newline, and the delimiters are stripped as Python's
// str.strip("<%>") / strip("{{}}") would.
//
// Error messages follow Orquesta's wrapping so workflow errors read the same
// (SquallException kind "YaqlEvaluationException" / "JinjaEvaluationException"):
//   "Unable to resolve key 'x' in expression '<% ctx().x %>' from context."
//       (a KeyError: a missing dict key, or any function throwing kind "KeyError")
//   "Unable to evaluate expression '<% ... %>'. Kind: message"
//       (Kind is the SquallException kind, e.g. "NoMatchingFunctionException";
//        workflow functions should throw Orquesta's class names as kinds, e.g.
//        ctx(x) -> kind "VariableUndefinedError", 'The variable "x" is undefined.')
//   "There are unresolved variables: ctx().x" (a Jinja expression that is
//       merely undefined, as Jinja's compile_expression() returns it)
// One string mixing both languages throws kind "ExpressionEvaluationException"
// when evaluated and is reported by validateString() with Orquesta's message
// "Expression with multiple types is not supported.".
namespace squall::expr {

enum class ExprLanguage { None, Yaql, Jinja };

// Which delimiters a string uses: YAQL when it contains a complete <% ... %>,
// Jinja when it contains {{ ... }} or {% ... %}; None for plain text. A string
// with both reports Yaql here (use validateString() to see the mix error).
ExprLanguage detectLanguage(QStringView s);
bool hasExpressions(QStringView s);  // detectLanguage(s) != None
QString languageName(ExprLanguage l); // "yaql", "jinja" or ""

// One problem found by validation: Orquesta's format_error() fields.
// `language` is "yaql"/"jinja", or empty for the mixed-languages error.
struct ExprProblem
{
    QString language;
    QString expression;
    QString message;
};

// Parse errors of every expression in `s` (nothing is evaluated), and the
// mixed-languages error. Empty when `s` is fine.
QList<ExprProblem> validateString(const QString &s);
// validateString over every string of a dict (keys too) or list, recursively.
QList<ExprProblem> validateValue(const Value &v);

// What expression functions receive as CallContext::scope while an
// expression string is evaluated: the data (Orquesta's context dict,
// `__vars`). Jinja sees the names Orquesta puts in its render context:
// `__vars` (the data) and `__state`, `__current_task`, `__current_item`
// (taken from the data); the data's own keys are NOT top-level Jinja
// variables (Orquesta reaches them through ctx()), and functions come from
// FunctionRegistry as globals and filters.
class DataScope : public Scope
{
public:
    explicit DataScope(const Value &data, const Scope *parent = nullptr) : m_data(data), m_parent(parent) { }
    bool lookup(QStringView name, Value *out) const override;
    const Value &data() const { return m_data; }
    const Scope *parent() const { return m_parent; }

private:
    const Value &m_data;  // never copied: the caller keeps it alive during evaluation
    const Scope *m_parent;
};

// Evaluates one string. A string that is exactly one expression keeps the
// expression's native type; otherwise every expression is replaced by Python's
// str() of its value. Plain strings come back unchanged.
//
// Re-evaluation: like Orquesta, a string result that itself holds expressions
// is evaluated again (so a variable may hold "<% ctx().other %>"). EXCEPT when
// the result contains one of the `opaque` strings: those are texts that came
// from outside the workflow file (runtime inputs, action results) and merely
// contain <% or {{; they stay data and never become code. Orquesta would
// evaluate them; we deliberately do not.
//
// `parent` (optional) is consulted for names DataScope does not know; it is
// also what workflow functions can reach through DataScope::parent().
Value evaluateString(const QString &s, const Value &data, const QSet<QString> *opaque = nullptr,
                     const Scope *parent = nullptr);
// Recursive evaluation of dicts (keys too, which are str()-ed when the
// evaluated key is not a string) and lists; other values unchanged.
Value evaluateValue(const Value &v, const Value &data, const QSet<QString> *opaque = nullptr,
                    const Scope *parent = nullptr);

// Names of the context variables a string refers to, sorted and unique, with
// Orquesta's regexes: ctx().x, ctx(x), ctx('x'), ctx("x") inside <% %> and
// {{ }} (not {% %} blocks). `$.x` is deliberately NOT extracted: current
// Orquesta does not (in Orquesta `$` is not the context), and inspection must
// report exactly what Orquesta reports.
QStringList extractContextVariables(const QString &s);

// Orquesta's expressions.base.extract_vars(): (language, statement, name)
// triples over a whole value (dict keys and values, list items), sorted by
// name and unique, which is what static inspection reports from.
struct ContextVariable
{
    ExprLanguage language = ExprLanguage::None;
    QString statement;  // the whole string the reference came from
    QString name;
    bool operator==(const ContextVariable &o) const
    {
        return language == o.language && statement == o.statement && name == o.name;
    }
};
QList<ContextVariable> extractVariables(const Value &v);

} // namespace squall::expr
