#pragma once

#include "base/Value.h"

namespace squall::expr {

// Jinja's StrictUndefined: what a missing variable or attribute evaluates to.
// Only `is defined`, `default()` and friends may look at it; anything that
// prints, compares, iterates or reads an attribute of it raises UndefinedError
// (resolve() throws, and py:: helpers resolve objects first).
class Undefined final : public ValueObject
{
public:
    // A lenient undefined (Jinja's default Undefined, produced by an inline
    // `if` without `else`) prints as "" and is falsy instead of raising.
    explicit Undefined(QString message, bool strict = true) : m_message(std::move(message)), m_strict(strict) { }
    bool isStrict() const { return m_strict; }
    Value attribute(const QString &name) const override;
    Value resolve() const override;
    const QString &message() const { return m_message; }
    [[noreturn]] void raise() const;

private:
    QString m_message;
    bool m_strict = true;
};

bool isUndefined(const Value &v);
Value undefinedVariable(QStringView name);               // "'name' is undefined"
Value undefinedAttribute(const Value &obj, const Value &attr); // "'dict object' has no attribute 'x'"
Value undefinedWithMessage(const QString &message);
Value lenientUndefined(const QString &message);
// Throws UndefinedError if v is undefined; returns v otherwise.
const Value &checkDefined(const Value &v);
// Python-ish "dict object" / "None" naming used in Jinja messages.
QString objectTypeRepr(const Value &v);

} // namespace squall::expr
