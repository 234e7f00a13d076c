#include "expr/ExprString.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/Yaql.h"

#include <QRegularExpression>

#include <algorithm>

namespace squall::expr {

namespace {

// Orquesta's statement regexes (<%.*?%>, {{.*?}}, {%.*?%}) as a scanner:
// the leftmost opener whose closer follows on the same line (Python's `.`
// does not cross newlines), closed by the first closer after it.
struct Delims
{
    char16_t open1, open2, close1, close2;
};
constexpr Delims kYaql {u'<', u'%', u'%', u'>'};
constexpr Delims kJinjaExpr {u'{', u'{', u'}', u'}'};
constexpr Delims kJinjaBlock {u'{', u'%', u'%', u'}'};

// Next match at or after `from`: [start, end), or start = -1.
std::pair<qsizetype, qsizetype> nextMatch(QStringView s, const Delims &d, qsizetype from)
{
    const qsizetype n = s.size();
    for (qsizetype i = from; i + 1 < n; ++i) {
        if (s[i] != d.open1 || s[i + 1] != d.open2)
            continue;
        for (qsizetype j = i + 2; j + 1 < n; ++j) {
            if (s[j] == u'\n')
                break;
            if (s[j] == d.close1 && s[j + 1] == d.close2)
                return {i, j + 2};
        }
    }
    return {-1, -1};
}

QStringList findAll(const Delims &d, const QString &s)
{
    QStringList out;
    qsizetype pos = 0;
    for (;;) {
        const auto [b, e] = nextMatch(s, d, pos);
        if (b < 0)
            return out;
        out << s.mid(b, e - b);
        pos = e;
    }
}

bool has(const Delims &d, QStringView s)
{
    return nextMatch(s, d, 0).first >= 0;
}

const QRegularExpression &jinjaRawRe()
{
    thread_local const QRegularExpression re(QStringLiteral("{% raw %}.*?{% endraw %}"));
    return re;
}

QStringList findAll(const QRegularExpression &re, const QString &s)
{
    QStringList out;
    auto it = re.globalMatch(s);
    while (it.hasNext())
        out << it.next().captured(0);
    return out;
}

bool hasYaql(QStringView s)
{
    return has(kYaql, s);
}

bool hasJinjaExpr(QStringView s)
{
    return has(kJinjaExpr, s) || has(kJinjaBlock, s);
}

// Python's str.strip(chars) followed by strip().
QString stripDelimiter(const QString &expr, QStringView chars)
{
    qsizetype b = 0, e = expr.size();
    while (b < e && chars.contains(expr.at(b)))
        ++b;
    while (e > b && chars.contains(expr.at(e - 1)))
        --e;
    return expr.mid(b, e - b).trimmed();
}

bool touchesOpaque(const QString &s, const QSet<QString> *opaque)
{
    if (!opaque || opaque->isEmpty())
        return false;
    for (const QString &o : *opaque) {
        if (!o.isEmpty() && s.contains(o))
            return true;
    }
    return false;
}

bool isYaqlExceptionKind(const QString &kind)
{
    return kind.startsWith(u"Yaql") || kind == u"ValueError" || kind == u"TypeError" || kind.startsWith(u"NoMatching")
           || kind.startsWith(u"NoFunction") || kind.startsWith(u"NoMethod") || kind.startsWith(u"Ambiguous")
           || kind == u"MappingTranslationException" || kind == u"CollectionTooLargeException"
           || kind == u"MemoryQuotaExceededException" || kind == u"ArgumentException";
}

QString stripQuotes(const QString &s)
{
    qsizetype b = 0, e = s.size();
    while (b < e && s.at(b) == u'\'')
        ++b;
    while (e > b && s.at(e - 1) == u'\'')
        --e;
    return s.mid(b, e - b);
}

[[noreturn]] void throwEval(const char *kind, const QString &message)
{
    throw SquallException(QString::fromLatin1(kind), message);
}

// Re-evaluating results that hold expressions can loop ({"a": "<% ctx().a %>"});
// Python stops such loops with a RecursionError, and so do we.
constexpr int kMaxDepth = 64;

void checkDepth(int depth)
{
    if (depth > kMaxDepth)
        throwEval("RecursionError", QStringLiteral("maximum recursion depth exceeded while evaluating expressions"));
}

Value evalYaql(const QString &text, const Value &data, const QSet<QString> *opaque, const DataScope &scope, int depth = 0)
{
    checkDepth(depth);
    const QStringList exprs = findAll(kYaql, text);
    Value output = text;
    for (const QString &expr : exprs) {
        Value result;
        try {
            result = yaql::cachedExpression(stripDelimiter(expr, u"<%>"))->evaluate(data, &scope, yaql::Expression::DollarUnbound);
            if (result.isString() && hasYaql(result.toString()) && !touchesOpaque(result.toString(), opaque))
                result = evalYaql(result.toString(), data, opaque, scope, depth + 1);
        } catch (const SquallException &e) {
            const QString &kind = e.error().kind;
            if (kind == u"RecursionError")
                throw;
            if (kind == u"KeyError")
                throwEval("YaqlEvaluationException",
                          QStringLiteral("Unable to resolve key '%1' in expression '%2' from context.")
                              .arg(stripQuotes(e.error().message), expr));
            const QString msg = isYaqlExceptionKind(kind) ? stripQuotes(e.error().message) : e.error().message;
            throwEval("YaqlEvaluationException",
                      QStringLiteral("Unable to evaluate expression '%1'. %2: %3").arg(expr, kind, msg));
        }
        const QString current = output.isString() ? output.toString() : py::str(output);
        if (exprs.size() > 1 || current.size() > expr.size())
            output = QString(current).replace(expr, py::str(result));
        else
            output = result;
    }
    return output;
}

// Jinja expression `stripped` (from `expr`) evaluated in `scope`; false when
// the result is undefined (Orquesta leaves such an expression in place).
bool evalJinjaExpr(const QString &stripped, const DataScope &scope, Value *out)
{
    const QString source = QStringLiteral("{{ ") + stripped + QStringLiteral(" }}");
    try {
        *out = cachedTemplate(source)->evaluate(scope);
        return true;
    } catch (const SquallException &e) {
        if (e.error().kind != u"UndefinedError")
            throw;
        // An expression that merely IS undefined is returned, not raised, by
        // Jinja's compile_expression(); only failures inside it raise.
        bool defined = true;
        try {
            defined = py::truthy(
                cachedTemplate(QStringLiteral("{{ (") + stripped + QStringLiteral(") is defined }}"))->evaluate(scope));
        } catch (const SquallException &) {
            throw e;
        }
        if (defined)
            throw;
        return false;
    }
}

Value expandJinja(const QString &text, const Value &data, const QSet<QString> *opaque, const DataScope &scope,
                  int depth = 0)
{
    checkDepth(depth);
    const QStringList exprs = findAll(kJinjaExpr, text);
    const bool hasBlocks = has(kJinjaBlock, text);
    QString expr;
    try {
        if (hasBlocks) {
            expr = text;
            const QString rendered = cachedTemplate(text)->render(scope);
            if (touchesOpaque(rendered, opaque))
                return rendered;
            return expandJinja(rendered, data, opaque, scope, depth + 1);
        }
        Value output = text;
        for (const QString &e : exprs) {
            expr = e;
            Value result;
            if (!evalJinjaExpr(stripDelimiter(e, u"{}"), scope, &result))
                continue;
            if (result.isString() && hasJinjaExpr(result.toString()) && !touchesOpaque(result.toString(), opaque))
                result = expandJinja(result.toString(), data, opaque, scope, depth + 1);
            const QString current = output.isString() ? output.toString() : py::str(output);
            if (exprs.size() > 1 || current.size() > e.size())
                output = QString(current).replace(e, py::str(result));
            else
                output = result;
        }
        return output;
    } catch (const SquallException &e) {
        if (e.error().kind == u"RecursionError")
            throw;
        throwEval("JinjaEvaluationException", QStringLiteral("Unable to evaluate expression '%1'. %2: %3")
                                                  .arg(expr, e.error().kind, e.error().message));
    }
}

Value evalJinja(const QString &input, const Value &data, const QSet<QString> *opaque, const DataScope &scope)
{
    QString text = input;
    const QStringList raw = findAll(jinjaRawRe(), text);
    for (qsizetype i = 0; i < raw.size(); ++i)
        text.replace(raw.at(i), QStringLiteral("{%1}").arg(i));
    Value output = expandJinja(text, data, opaque, scope);
    if (!output.isString())
        return output;
    QString out = output.toString();
    if (!touchesOpaque(out, opaque)) {
        QStringList unresolved;
        for (const QString &e : findAll(kJinjaExpr, out))
            unresolved << stripDelimiter(e, u"{}");
        if (!unresolved.isEmpty())
            throwEval("JinjaEvaluationException",
                      QStringLiteral("There are unresolved variables: %1").arg(unresolved.join(QStringLiteral(", "))));
    }
    if (!raw.isEmpty()) {
        const bool opaqueInside = touchesOpaque(out, opaque);
        for (qsizetype i = 0; i < raw.size(); ++i) {
            QString block = raw.at(i);
            if (opaqueInside) {
                // Never re-render text that holds outside input: unwrap the raw blocks by hand.
                block = block.mid(9, block.size() - 9 - 12);
            }
            out.replace(QStringLiteral("{%1}").arg(i), block);
        }
        if (!opaqueInside) {
            try {
                out = cachedTemplate(out)->render(scope);
            } catch (const SquallException &e) {
                throwEval("JinjaEvaluationException", QStringLiteral("Unable to evaluate expression '%1'. %2: %3")
                                                          .arg(out, e.error().kind, e.error().message));
            }
        }
    }
    return out;
}

// Orquesta's ctx reference regexes.
const QRegularExpression &ctxRefRe()
{
    thread_local const QRegularExpression re(QStringLiteral(R"RE(\bctx\(['"]?[][a-zA-Z0-9_'"\.()]*['"]?\)\.?[][a-zA-Z0-9_'"\.()]*)RE"));
    return re;
}

const QList<QRegularExpression> &varExtractRes()
{
    thread_local const QList<QRegularExpression> res = {
        QRegularExpression(QStringLiteral(R"RE((?<=\bctx\(\)\.)([a-zA-Z0-9_-]+)\b(?!\()\.?)RE")),
        QRegularExpression(QStringLiteral(R"RE((?:\bctx\(([a-zA-Z0-9_-]+)\)))RE")),
        QRegularExpression(QStringLiteral(R"RE((?:\bctx\('([a-zA-Z0-9_-]+)'\)))RE")),
        QRegularExpression(QStringLiteral(R"RE((?:\bctx\("([a-zA-Z0-9_-]+)"\)))RE")),
    };
    return res;
}

void extractFrom(ExprLanguage lang, const QString &statement, QList<ContextVariable> &out)
{
    const Delims &stmt = lang == ExprLanguage::Yaql ? kYaql : kJinjaExpr;
    const QStringView delims = lang == ExprLanguage::Yaql ? QStringView(u"<%>") : QStringView(u"{}");
    QStringList refs;
    for (const QString &expr : findAll(stmt, statement)) {
        for (const QString &ref : findAll(ctxRefRe(), stripDelimiter(expr, delims)))
            refs << ref.trimmed();
    }
    refs.removeDuplicates();
    for (const QString &ref : refs) {
        for (const QRegularExpression &re : varExtractRes()) {
            const auto m = re.match(ref);
            if (m.hasMatch() && !m.captured(1).isEmpty())
                out.append({lang, statement, m.captured(1)});
        }
    }
}

void extractValue(const Value &v, QList<ContextVariable> &out)
{
    if (v.isDict()) {
        for (const auto &[k, x] : v.toDict()) {
            extractFrom(ExprLanguage::Jinja, k, out);
            extractFrom(ExprLanguage::Yaql, k, out);
            extractValue(x, out);
        }
    } else if (v.isList()) {
        for (const Value &x : v.toList())
            extractValue(x, out);
    } else if (v.isString()) {
        extractFrom(ExprLanguage::Jinja, v.toString(), out);
        extractFrom(ExprLanguage::Yaql, v.toString(), out);
    }
}

void validateInto(const Value &v, QList<ExprProblem> &out)
{
    if (v.isDict()) {
        for (const auto &[k, x] : v.toDict()) {
            out += validateString(k);
            validateInto(x, out);
        }
    } else if (v.isList()) {
        for (const Value &x : v.toList())
            validateInto(x, out);
    } else if (v.isString()) {
        out += validateString(v.toString());
    }
}

} // namespace

bool DataScope::lookup(QStringView name, Value *out) const
{
    if (name == u"__vars") {
        *out = m_data;
        return true;
    }
    if (name == u"__state" || name == u"__current_task" || name == u"__current_item") {
        *out = m_data.isDict() ? m_data[name] : Value();
        return true;
    }
    return m_parent && m_parent->lookup(name, out);
}

ExprLanguage detectLanguage(QStringView s)
{
    if (hasYaql(s))
        return ExprLanguage::Yaql;
    if (hasJinjaExpr(s))
        return ExprLanguage::Jinja;
    return ExprLanguage::None;
}

bool hasExpressions(QStringView s)
{
    return detectLanguage(s) != ExprLanguage::None;
}

QString languageName(ExprLanguage l)
{
    switch (l) {
    case ExprLanguage::Yaql: return QStringLiteral("yaql");
    case ExprLanguage::Jinja: return QStringLiteral("jinja");
    case ExprLanguage::None: break;
    }
    return {};
}

QList<ExprProblem> validateString(const QString &s)
{
    QList<ExprProblem> problems;
    const bool y = hasYaql(s), j = hasJinjaExpr(s);
    if (y && j) {
        problems.append({QString(), s, QStringLiteral("Expression with multiple types is not supported.")});
        return problems;
    }
    if (y) {
        for (const QString &expr : findAll(kYaql, s)) {
            try {
                yaql::cachedExpression(stripDelimiter(expr, u"<%>"));
            } catch (const SquallException &e) {
                problems.append({QStringLiteral("yaql"), expr, e.error().message});
            }
        }
    } else if (j) {
        try {
            cachedTemplate(s);
        } catch (const SquallException &e) {
            problems.append({QStringLiteral("jinja"), s, e.error().message});
        }
        for (const QString &expr : findAll(kJinjaExpr, s)) {
            if (std::any_of(problems.cbegin(), problems.cend(), [&](const ExprProblem &p) { return p.expression == expr; }))
                continue;
            try {
                cachedTemplate(QStringLiteral("{{ ") + stripDelimiter(expr, u"{}") + QStringLiteral(" }}"));
            } catch (const SquallException &e) {
                problems.append({QStringLiteral("jinja"), expr, e.error().message});
            }
        }
    }
    return problems;
}

QList<ExprProblem> validateValue(const Value &v)
{
    QList<ExprProblem> out;
    validateInto(v, out);
    return out;
}

Value evaluateString(const QString &s, const Value &data, const QSet<QString> *opaque, const Scope *parent)
{
    const bool y = hasYaql(s);
    const bool j = hasJinjaExpr(s);
    if (!y && !j)
        return s;
    if (y && j)
        throwEval("ExpressionEvaluationException",
                  QStringLiteral("Unable to evaluate expression '%1'. Expression with multiple types is not supported.")
                      .arg(s));
    const DataScope scope(data, parent);
    try {
        return y ? evalYaql(s, data, opaque, scope) : evalJinja(s, data, opaque, scope);
    } catch (const SquallException &e) {
        if (e.error().kind != u"RecursionError")
            throw;
        throwEval(y ? "YaqlEvaluationException" : "JinjaEvaluationException",
                  QStringLiteral("Unable to evaluate expression '%1'. RecursionError: %2").arg(s, e.error().message));
    }
}

Value evaluateValue(const Value &v, const Value &data, const QSet<QString> *opaque, const Scope *parent)
{
    switch (v.type()) {
    case Value::Type::String: return evaluateString(v.toString(), data, opaque, parent);
    case Value::Type::List: {
        ValueList out;
        out.reserve(v.toList().size());
        for (const Value &x : v.toList())
            out.append(evaluateValue(x, data, opaque, parent));
        return out;
    }
    case Value::Type::Dict: {
        ValueDict out;
        for (const auto &[k, x] : v.toDict()) {
            const Value key = evaluateString(k, data, opaque, parent);
            out.insert(key.isString() ? key.toString() : py::str(key), evaluateValue(x, data, opaque, parent));
        }
        return out;
    }
    default: return v;
    }
}

QStringList extractContextVariables(const QString &s)
{
    QList<ContextVariable> vars;
    extractValue(s, vars);
    QStringList names;
    for (const ContextVariable &v : vars)
        names << v.name;
    names.removeDuplicates();
    names.sort();
    return names;
}

QList<ContextVariable> extractVariables(const Value &v)
{
    QList<ContextVariable> vars;
    extractValue(v, vars);
    // Orquesta: sorted(set(...), key=name): unique triples, stable by name.
    QList<ContextVariable> unique;
    for (const ContextVariable &c : vars) {
        if (!unique.contains(c))
            unique.append(c);
    }
    std::stable_sort(unique.begin(), unique.end(),
                     [](const ContextVariable &a, const ContextVariable &b) { return a.name < b.name; });
    return unique;
}

} // namespace squall::expr
