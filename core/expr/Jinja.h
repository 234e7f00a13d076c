#pragma once

#include "base/Value.h"

#include <QStringList>

#include <memory>

namespace squall::expr {

namespace jinja {
struct TemplateAst;
}

// Variable resolution for templates: the engine asks for top-level names
// (`trigger`, `st2kv`, parameter names...) and never copies the context.
class Scope
{
public:
    virtual ~Scope() = default;
    virtual bool lookup(QStringView name, Value *out) const = 0;
};

// A dict Value of variables, with an optional parent scope consulted when a
// name is not in the dict.
class DictScope final : public Scope
{
public:
    explicit DictScope(Value vars, const Scope *parent = nullptr);
    bool lookup(QStringView name, Value *out) const override;

private:
    Value m_vars;
    const Scope *m_parent;
};

// A Jinja template as StackStorm configures it (StrictUndefined,
// trim_blocks, lstrip_blocks, no autoescape), parsed once and rendered many
// times from any thread.
class Template
{
public:
    // Throws SquallException kind "TemplateSyntaxError" with location line/column.
    static std::shared_ptr<const Template> compile(const QString &source);

    // Jinja render(): always a string. Throws SquallException with kinds
    // "UndefinedError", "TypeError", "TemplateError"... and Jinja's messages.
    QString render(const Scope &scope) const;
    // A source that is exactly one "{{ expr }}" (whitespace around allowed)
    // yields the expression's native value; anything else renders.
    Value evaluate(const Scope &scope) const;
    bool isStatic() const;                    // no {{ }}, {% %}, {# #}
    bool isSingleExpression() const;          // evaluate() keeps the native type
    QStringList undeclaredVariables() const;  // jinja2.meta.find_undeclared_variables, in order of first use
    const QString &source() const { return m_source; }

    ~Template();
    Template(const Template &) = delete;
    Template &operator=(const Template &) = delete;

private:
    Template();
    QString m_source;
    std::unique_ptr<jinja::TemplateAst> m_ast;
};

// True when `s` contains "{{", "{%" or "{#".
bool hasJinja(QStringView s);

// Compiles through a process-wide, thread-safe cache keyed by source text.
std::shared_ptr<const Template> cachedTemplate(const QString &source);

// One-shot helpers.
QString renderString(const QString &source, const Value &vars);
Value evaluateTemplate(const QString &source, const Value &vars);

} // namespace squall::expr
