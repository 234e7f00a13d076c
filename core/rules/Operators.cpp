#include "rules/Operators.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "base/Python.h"
#include "rules/Criterion.h"
#include "rules/DateParser.h"
#include "rules/PythonRegex.h"
#include "rules/Wildcard.h"
#include "schema/PyRegex.h"

#include <QHash>

namespace squall::rules {

namespace {

struct Alias
{
    const char16_t *name;
    Operator op;
};

constexpr Alias kAliases[] = {
    {u"equals", Operator::Equals},       {u"eq", Operator::Equals},
    {u"nequals", Operator::NEquals},     {u"neq", Operator::NEquals},
    {u"iequals", Operator::IEquals},     {u"ieq", Operator::IEquals},
    {u"contains", Operator::Contains},   {u"icontains", Operator::IContains},
    {u"ncontains", Operator::NContains}, {u"incontains", Operator::INContains},
    {u"startswith", Operator::StartsWith}, {u"istartswith", Operator::IStartsWith},
    {u"endswith", Operator::EndsWith},   {u"iendswith", Operator::IEndsWith},
    {u"lessthan", Operator::LessThan},   {u"lt", Operator::LessThan},
    {u"greaterthan", Operator::GreaterThan}, {u"gt", Operator::GreaterThan},
    {u"matchwildcard", Operator::MatchWildcard}, {u"matchregex", Operator::MatchRegex},
    {u"regex", Operator::Regex},         {u"iregex", Operator::IRegex},
    {u"timediff_lt", Operator::TimeDiffLt}, {u"td_lt", Operator::TimeDiffLt},
    {u"timediff_gt", Operator::TimeDiffGt}, {u"td_gt", Operator::TimeDiffGt},
    {u"exists", Operator::Exists},       {u"nexists", Operator::NExists},
    {u"inside", Operator::Inside},       {u"in", Operator::Inside},
    {u"ninside", Operator::NInside},     {u"nin", Operator::NInside},
    {u"search", Operator::Search},
};

const QHash<QString, Operator> &aliasTable()
{
    static const QHash<QString, Operator> table = [] {
        QHash<QString, Operator> t;
        for (const Alias &a : kAliases)
            t.insert(QString::fromUtf16(a.name), a.op);
        return t;
    }();
    return table;
}

[[noreturn]] void raise(const char *kind, const QString &message)
{
    throw SquallException(QString::fromLatin1(kind), message);
}

QString typeName(const Value &v)
{
    return QString::fromLatin1(v.typeName());
}

// `value.lower()` etc. on a non-string raises AttributeError in Python.
const QString &needString(const Value &v, const char *method)
{
    if (!v.isString())
        raise("AttributeError", QStringLiteral("'%1' object has no attribute '%2'")
                                    .arg(typeName(v), QString::fromLatin1(method)));
    return v.toString();
}

// The argument of str.startswith / str.endswith / `in <str>`.
const QString &needStringArg(const Value &v, const char *what)
{
    if (!v.isString())
        raise("TypeError", QStringLiteral("%1 first arg must be str or a tuple of str, not %2")
                               .arg(QString::fromLatin1(what), typeName(v)));
    return v.toString();
}

const QString &needRegexSubject(const Value &v)
{
    if (!v.isString())
        raise("TypeError", QStringLiteral("expected string or bytes-like object, got '%1'").arg(typeName(v)));
    return v.toString();
}

bool lowerContains(const Value &haystack, const Value &needle)
{
    const QString &n = needString(needle, "lower");
    const QString &h = needString(haystack, "lower");
    return h.toLower().contains(n.toLower());
}

double periodSeconds(const Value &pattern)
{
    if (pattern.isBool())
        return pattern.toBool() ? 1.0 : 0.0;  // float(True)
    if (pattern.isNumber())
        return pattern.toDouble();
    if (pattern.isString()) {
        double d = 0;
        if (py::parseFloat(pattern.toString(), &d))
            return d;
        raise("ValueError", QStringLiteral("could not convert string to float: %1").arg(py::repr(pattern)));
    }
    raise("TypeError", QStringLiteral("float() argument must be a string or a real number, not '%1'")
                           .arg(typeName(pattern)));
}

// st2common.util.date.parse(str(value)): any value is turned into text
// first, so an int such as 20261202 is a date and None is "None".
double ageSeconds(const Value &value)
{
    const QString text = value.isString() ? value.toString() : py::str(value);
    QString error;
    const std::optional<qint64> then = DateParser::parse(text, &error);
    if (!then)
        raise("ParserError", error);
    return double(nowMicros() - *then) / 1e6;
}

QRegularExpression regexFor(Operator op, const QString &pattern)
{
    switch (op) {
    case Operator::MatchRegex:
        return compilePythonRegex(pattern, {false, true});
    case Operator::IRegex:
        return compilePythonRegex(pattern, {true, false});
    case Operator::MatchWildcard:
        // fnmatch.translate's output is already PCRE-ready (see Wildcard.h).
        return schema::pythonRegex(wildcardToRegex(pattern));
    default:
        return compilePythonRegex(pattern);
    }
}

} // namespace

std::optional<Operator> operatorFromName(QStringView name)
{
    const auto &table = aliasTable();
    auto it = table.constFind(name.toString());
    if (it == table.constEnd())
        it = table.constFind(name.toString().toLower());
    if (it == table.constEnd())
        return std::nullopt;
    return *it;
}

bool isKnownOperator(const QString &name)
{
    return operatorFromName(name).has_value();
}

QString operatorName(Operator op)
{
    for (const Alias &a : kAliases) {
        if (a.op == op)
            return QString::fromUtf16(a.name);
    }
    return {};
}

QStringList operatorNames()
{
    QStringList names;
    for (const Alias &a : kAliases)
        names.append(QString::fromUtf16(a.name));
    return names;
}

std::optional<QRegularExpression> compileOperatorPattern(Operator op, const QString &pattern)
{
    switch (op) {
    case Operator::MatchRegex:
    case Operator::Regex:
    case Operator::IRegex:
    case Operator::MatchWildcard:
        return regexFor(op, pattern);
    default:
        return std::nullopt;
    }
}

bool applyOperator(Operator op, const Value &value0, const Value &pattern0, const QRegularExpression *compiled)
{
    // Datastore objects resolve to their value; everything else is used in place.
    Value resolvedValue;
    Value resolvedPattern;
    if (value0.isObject())
        resolvedValue = py::resolved(value0);
    if (pattern0.isObject())
        resolvedPattern = py::resolved(pattern0);
    const Value &value = value0.isObject() ? resolvedValue : value0;
    const Value &pattern = pattern0.isObject() ? resolvedPattern : pattern0;

    switch (op) {
    case Operator::NEquals:
        return !py::equals(value, pattern);
    case Operator::Exists:
        return !value.isNull();
    case Operator::NExists:
        return value.isNull();
    case Operator::Search:
        raise("ValueError", QStringLiteral("the search operator needs child criteria"));
    default:
        break;
    }
    if (pattern.isNull())
        return false;

    switch (op) {
    case Operator::Equals:
        return py::equals(value, pattern);
    case Operator::IEquals: {
        const QString &v = needString(value, "lower");
        const QString &p = needString(pattern, "lower");
        return v.toLower() == p.toLower();
    }
    case Operator::Contains:
        return py::contains(value, pattern);
    case Operator::NContains:
        return !py::contains(value, pattern);
    case Operator::IContains:
        return lowerContains(value, pattern);
    case Operator::INContains:
        return !lowerContains(value, pattern);
    case Operator::StartsWith:
        return needString(value, "startswith").startsWith(needStringArg(pattern, "startswith"));
    case Operator::EndsWith:
        return needString(value, "endswith").endsWith(needStringArg(pattern, "endswith"));
    case Operator::IStartsWith: {
        const QString v = needString(value, "lower").toLower();
        return v.startsWith(needString(pattern, "lower").toLower());
    }
    case Operator::IEndsWith: {
        const QString v = needString(value, "lower").toLower();
        return v.endsWith(needString(pattern, "lower").toLower());
    }
    case Operator::LessThan:
        return py::compare(value, pattern, "<") < 0;
    case Operator::GreaterThan:
        return py::compare(value, pattern, ">") > 0;
    case Operator::MatchWildcard:
    case Operator::MatchRegex:
    case Operator::Regex:
    case Operator::IRegex: {
        if (!pattern.isString())
            raise("TypeError", QStringLiteral("first argument must be string or compiled pattern"));
        const QString &subject = op == Operator::MatchWildcard ? needStringArg(value, "fnmatch")
                                                               : needRegexSubject(value);
        const QRegularExpression re = compiled ? *compiled : regexFor(op, pattern.toString());
        if (op == Operator::MatchRegex || op == Operator::MatchWildcard)
            return pythonRegexMatch(re, subject);
        return pythonRegexSearch(re, subject);
    }
    case Operator::TimeDiffLt: {
        const double age = ageSeconds(value);  // parsed before float(pattern), as in StackStorm
        return age < periodSeconds(pattern);
    }
    case Operator::TimeDiffGt: {
        const double age = ageSeconds(value);
        return age > periodSeconds(pattern);
    }
    case Operator::Inside:
        return py::contains(pattern, value);
    case Operator::NInside:
        return !py::contains(pattern, value);
    default:
        return false;
    }
}

bool applyOperator(const QString &opName, const Value &value, const Value &pattern, const QString &condition)
{
    const std::optional<Operator> op = operatorFromName(opName);
    if (!op)
        raise("ValueError", QStringLiteral("Invalid operator: %1").arg(opName.toLower()));
    if (*op != Operator::Search)
        return applyOperator(*op, value, pattern);
    const Criterion criterion(QStringLiteral("item"),
                              makeDict({{QStringLiteral("type"), QStringLiteral("search")},
                                        {QStringLiteral("condition"), condition},
                                        {QStringLiteral("pattern"), pattern}}));
    if (!criterion.compileError().isEmpty())
        raise("ValueError", criterion.compileError());
    return criterion.search(value, nullptr);
}

} // namespace squall::rules
