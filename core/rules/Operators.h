#pragma once

#include "base/Value.h"

#include <QRegularExpression>

#include <optional>

namespace squall::rules {

// StackStorm's criteria operators (st2common operators.py), aliases folded.
enum class Operator : quint8 {
    Equals, NEquals, IEquals,
    Contains, IContains, NContains, INContains,
    StartsWith, IStartsWith, EndsWith, IEndsWith,
    LessThan, GreaterThan,
    MatchWildcard, MatchRegex, Regex, IRegex,
    TimeDiffLt, TimeDiffGt,
    Exists, NExists,
    Inside, NInside,
    Search,
};

// Operator names are case-insensitive ("EQ", "Equals" and "eq" are one operator).
std::optional<Operator> operatorFromName(QStringView name);
bool isKnownOperator(const QString &name);
// The canonical (long) name, e.g. "equals" for "eq".
QString operatorName(Operator op);
// Every accepted spelling, canonical names and aliases, lower-case.
QStringList operatorNames();

// Applies a non-search operator with Python semantics: no type coercion, a
// null pattern is false except for nequals/exists/nexists. Throws
// SquallException (TypeError / AttributeError / re.error / ValueError) where
// Python raises; the caller turns that into a failed criterion. `compiled`,
// when given, is the pattern already compiled for the regex/wildcard operators.
bool applyOperator(Operator op, const Value &value, const Value &pattern,
                   const QRegularExpression *compiled = nullptr);

// By name. For "search", `pattern` is the dict of child criteria and
// `condition` one of any/all/any2any/all2any. Throws for unknown operators
// ("Invalid operator: x") and unknown conditions.
bool applyOperator(const QString &op, const Value &value, const Value &pattern, const QString &condition = {});

// The regular expression an operator compiles its (string) pattern into;
// null optional for operators that do not use one.
std::optional<QRegularExpression> compileOperatorPattern(Operator op, const QString &pattern);

} // namespace squall::rules
