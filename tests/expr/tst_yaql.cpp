#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "expr/ExprString.h"
#include "expr/Functions.h"
#include "expr/Yaql.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace squall;
using namespace squall::expr;

// YAQL expressions against openstack/yaql's semantics (as Orquesta runs it).
// Each row: expression, expected JSON result or "!Kind" (optionally
// "!Kind: message"), and data for `$` (a default document when empty).
class TestYaql final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void evaluate_data();
    void evaluate();
    void grammarErrors_data();
    void grammarErrors();
    void registryFunctions();
    void scopeReachesFunctions();
    void compiledOnceEvaluatedMany();
    void concurrentEvaluation();
    void cache();
};

static Value defaultData()
{
    static const Value v = json::parse(QByteArray(
        "{\"a\": 1, \"b\": 2.5, \"s\": \"Hello World\", \"t\": true, \"n\": null, \"l\": [3, 1, 2],"
        " \"d\": {\"x\": 1, \"y\": \"two\"},"
        " \"items\": [{\"name\": \"a\", \"v\": 10}, {\"name\": \"b\", \"v\": 30}, {\"name\": \"c\", \"v\": 50},"
        "             {\"name\": \"d\", \"v\": 20}],"
        " \"nested\": {\"x\": {\"y\": [10, 20, {\"z\": \"deep\"}]}}, \"empty\": [], \"es\": \"\","
        " \"words\": \" a b  c \", \"dup\": [1, 2, 2, 3, 1], \"cpu\": 80, \"threshold\": 75,"
        " \"strs\": [\"b\", \"A\", \"c\"], \"csv\": \"x,y,,z\","
        " \"people\": [{\"name\": \"bob\", \"age\": 30, \"team\": \"x\"},"
        "              {\"name\": \"alice\", \"age\": 25, \"team\": \"y\"},"
        "              {\"name\": \"carol\", \"age\": 35, \"team\": \"x\"}]}"));
    return v;
}

static Value parseData(const QString &text)
{
    if (text.isEmpty())
        return defaultData();
    json::ParseError err;
    const Value v = json::parse(QStringView(text), &err);
    if (!err.ok())
        qFatal("bad test JSON: %s", qPrintable(text));
    return v;
}

void TestYaql::initTestCase()
{
    // A registry function to prove the fallback after the yaql library.
    FunctionRegistry::instance().add(QStringLiteral("yaql_test_probe"),
                                     [](const ValueList &args, const ValueDict &kwargs, const CallContext &cc) {
                                         return makeDict({{QStringLiteral("args"), args},
                                                          {QStringLiteral("kwargs"), kwargs},
                                                          {QStringLiteral("lang"), QString::fromLatin1(cc.language)}});
                                     },
                                     Global);
}

void TestYaql::evaluate_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("data");
    auto row = [](const char *name, const char *expr, const char *expected, const char *data = "") {
        QTest::newRow(name) << QString::fromUtf8(expr) << QString::fromUtf8(expected) << QString::fromUtf8(data);
    };
    // literals
    row("int", "42", "42");
    row("float", "4.25", "4.25");
    row("str-single", "'it''s'", "!YaqlGrammarException");
    row("str-single-escape", "'it\\'s'", "\"it's\"");
    row("str-double", "\"dq\"", "\"dq\"");
    row("str-escapes", "'a\\nb\\tc\\u00e9'", "\"a\\nb\\tc\\u00e9\"");
    row("str-verbatim", "`a\\nb`", "\"a\\\\nb\"");
    row("true", "true", "true");
    row("false", "false", "false");
    row("null", "null", "null");
    row("keyword-is-string", "foo", "\"foo\"");
    row("list", "[1, 'a', null, [2]]", "[1, \"a\", null, [2]]");
    row("list-empty", "[]", "[]");
    row("dict", "{a => 1, 'b c' => [2]}", "{\"a\": 1, \"b c\": [2]}");
    row("dict-empty", "{}", "{}");
    row("dict-computed-key", "{$.d.y => 1}", "{\"two\": 1}");
    // data access
    row("dollar", "$", "{\"k\": 1}", "{\"k\": 1}");
    row("dot", "$.a", "1");
    row("dot-nested", "$.nested.x.y[2].z", "\"deep\"");
    row("dot-missing", "$.nope", "!KeyError: 'nope'");
    row("dot-on-null", "$.n.x", "!NoFunctionRegisteredException: Unknown function \"#property#x\"");
    row("dot-on-int", "abs(8).value", "!NoFunctionRegisteredException: Unknown function \"#property#value\"");
    row("elvis-null", "$.n?.x", "null");
    row("elvis-value", "$.d?.x", "1");
    row("index-list", "$.l[0]", "3");
    row("index-negative", "$.l[-1]", "2");
    row("index-out-of-range", "$.l[5]", "!IndexError: tuple index out of range");
    row("index-dict", "$.d['y']", "\"two\"");
    row("index-dict-missing", "$.d['q']", "!KeyError");
    row("index-dict-default", "$.d['q', 7]", "7");
    row("index-string", "$.s[1]", "\"e\"");
    row("index-filter", "$.l[$ > 1]", "[3, 2]");
    row("index-after-call", "$.l.select($ * 2)[1]", "2");
    row("var-undefined", "$nothing", "null");
    row("var-vars", "$__vars.a", "1");
    row("dollar-in-list", "[$.a, $.b]", "[1, 2.5]");
    // arithmetic
    row("add-int", "1 + 2", "3");
    row("add-float", "1 + 2.5", "3.5");
    row("sub", "10 - 4 - 3", "3");
    row("mul", "3 * 4", "12");
    row("div-int-floors", "7 / 2", "3");
    row("div-negative-floors", "-7 / 2", "-4");
    row("div-float", "7.0 / 2", "3.5");
    row("div-zero", "1 / 0", "!ZeroDivisionError");
    row("mod", "7 mod 3", "1");
    row("mod-negative", "-7 mod 3", "2");
    row("precedence-mul", "1 + 2 * 3", "7");
    row("precedence-parens", "(1 + 2) * 3", "9");
    row("unary-minus", "-$.a", "-1");
    row("unary-minus-binds-tight", "-2 * 3", "-6");
    row("unary-plus", "+$.b", "2.5");
    row("str-concat", "'a' + 'b'", "\"ab\"");
    row("str-plus-int", "'a' + 1", "!NoMatchingFunctionException");
    row("bool-plus-int", "true + 1", "!NoMatchingFunctionException");
    row("list-concat", "[1] + [2, 3]", "[1, 2, 3]");
    row("dict-merge", "{a => 1, b => 2} + {b => 3}", "{\"a\": 1, \"b\": 3}");
    row("str-repeat", "'ab' * 2", "\"abab\"");
    row("list-repeat", "[1] * 3", "[1, 1, 1]");
    // comparison
    row("gt", "$.cpu > $.threshold", "true");
    row("lt", "2 < 1", "false");
    row("ge", "2 >= 2", "true");
    row("le", "2.5 <= 2", "false");
    row("int-float-eq", "1 = 1.0", "true");
    row("eq-str", "$.d.y = 'two'", "true");
    row("ne", "1 != 2", "true");
    row("eq-list", "[1, 2] = [1, 2]", "true");
    row("eq-dict", "{a => 1} = {a => 1}", "true");
    row("eq-null", "$.n = null", "true");
    row("str-compare", "'abc' < 'abd'", "true");
    row("null-lt-anything", "null < 1", "true");
    row("anything-gt-null", "'x' > null", "true");
    row("mixed-compare", "'a' < 1", "!NoMatchingFunctionException");
    row("in-list", "2 in $.l", "true");
    row("in-list-false", "5 in $.l", "false");
    row("in-dict", "'x' in $.d", "true");
    row("in-string", "'ell' in $.s", "true");
    row("in-int", "1 in 2", "!NoMatchingFunctionException");
    row("regex-op", "$.s =~ '^Hel+o'", "true");
    row("regex-not-op", "$.s !~ 'xyz'", "true");
    // boolean
    row("and", "true and false", "false");
    row("and-returns-operand", "1 and 'x'", "\"x\"");
    row("or-returns-operand", "null or 'dflt'", "\"dflt\"");
    row("or-short-circuit", "true or $.nope", "true");
    row("and-short-circuit", "false and $.nope", "false");
    row("not", "not true", "false");
    row("not-empty-list", "not $.empty", "true");
    row("not-binds-looser-than-eq", "not $.a = 2", "true");
    row("and-or-precedence", "true or true and false", "true");
    row("not-after-eq", "true = not false", "true");
    row("not-call-form", "not(true)", "false");
    row("not-in", "not 'c' in list(a, b)", "true");
    row("not-binds-tighter-than-and", "not false and false", "false");
    row("cmp-and", "$.a = 1 and $.b > 2", "true");
    // conversions
    row("str-int", "str(1)", "\"1\"");
    row("str-null", "str(null)", "\"null\"");
    row("str-true", "str(true)", "\"true\"");
    row("str-list-is-tuple", "str($.l)", "\"(3, 1, 2)\"");
    row("str-dict", "str({a => [1]})", "\"{'a': (1,)}\"");
    row("int-str", "int('42')", "42");
    row("int-float", "int(3.9)", "3");
    row("int-null", "int(null)", "0");
    row("int-bad", "int('x')", "!ValueError: invalid literal for int() with base 10: 'x'");
    row("float-str", "float('2.5')", "2.5");
    row("float-int", "float(2)", "2.0");
    row("bool-false-string", "bool('false')", "false");
    row("bool-string", "bool('yes')", "true");
    row("bool-zero", "bool(0)", "false");
    row("len-str", "len($.s)", "11");
    row("len-list", "len($.l)", "3");
    row("len-dict-method", "$.d.len()", "2");
    row("len-int", "len(5)", "!NoMatchingFunctionException");
    // dict / list construction
    row("dict-fn", "dict(a => 1, b => 'x')", "{\"a\": 1, \"b\": \"x\"}");
    row("dict-pairs", "dict([['a', 1], ['b', 2]])", "{\"a\": 1, \"b\": 2}");
    row("list-fn", "list(1, 'a')", "[1, \"a\"]");
    row("list-unpacks-iterators", "list($.l.where($ > 1), 9)", "[3, 2, 9]");
    row("list-keeps-lists", "list($.l)", "[[3, 1, 2]]");
    row("set-fn", "set(1, 2, 1)", "[1, 2]");
    // queries
    row("where", "$.items.where($.v > 25).select($.name)", "[\"b\", \"c\"]");
    row("where-empty", "$.empty.where($ > 1)", "[]");
    row("where-on-dict", "$.d.where($)", "!NoMatchingMethodException");
    row("select", "$.l.select($ * 10)", "[30, 10, 20]");
    row("select-positional-var", "$.l.select($1 + 1)", "[4, 2, 3]");
    row("select-outer-var", "let(k => 5) -> $.l.select($ + $k)", "[8, 6, 7]");
    row("select-dict", "$.people.select({n => $.name, a => $.age})",
        "[{\"n\": \"bob\", \"a\": 30}, {\"n\": \"alice\", \"a\": 25}, {\"n\": \"carol\", \"a\": 35}]");
    row("select-many", "[[1, 2], [3], 4].selectMany($)", "[1, 2, 3, 4]");
    row("function-form", "where($.l, $ > 1)", "[3, 2]");
    row("first", "$.l.first()", "3");
    row("first-empty", "$.empty.first()", "!StopIteration");
    row("first-default", "$.empty.first(0)", "0");
    row("first-default-named", "$.empty.first(default => 'x')", "\"x\"");
    row("last", "$.l.last()", "2");
    row("single", "[7].single()", "7");
    row("single-many", "[7, 8].single()", "!ValueError");
    row("distinct", "$.dup.distinct()", "[1, 2, 3]");
    row("distinct-int-float", "[1, 1.0, true].distinct()", "[1]");
    row("distinct-selector", "$.people.distinct($.team).select($.name)", "[\"bob\", \"alice\"]");
    row("keys", "$.d.keys()", "[\"x\", \"y\"]");
    row("values", "$.d.values()", "[1, \"two\"]");
    row("items", "$.d.items()", "[[\"x\", 1], [\"y\", \"two\"]]");
    row("toList", "$.d.keys().toList()", "[\"x\", \"y\"]");
    row("toSet", "$.dup.toSet()", "[1, 2, 3]");
    row("toDict", "$.people.toDict($.name, $.age)", "{\"bob\": 30, \"alice\": 25, \"carol\": 35}");
    row("join-method", "$.strs.join(', ')", "\"b, A, c\"");
    row("join-separator-receiver", "'-'.join($.l)", "\"3-1-2\"");
    row("join-yaql-str", "[1, true, null].join(',')", "\"1,true,null\"");
    row("contains", "$.l.contains(1)", "true");
    row("contains-str", "$.s.contains('World')", "true");
    row("containsKey", "$.d.containsKey('x')", "true");
    row("containsValue", "$.d.containsValue('two')", "true");
    row("orderBy", "$.people.orderBy($.age).select($.name)", "[\"alice\", \"bob\", \"carol\"]");
    row("orderByDescending", "$.l.orderByDescending($)", "[3, 2, 1]");
    row("thenBy", "$.people.orderBy($.team).thenByDescending($.age).select($.name)",
        "[\"carol\", \"bob\", \"alice\"]");
    row("orderBy-mixed", "[1, 'a'].orderBy($)", "!NoMatchingFunctionException");
    row("sum", "$.l.sum()", "6");
    row("sum-float", "[1, 2.5].sum()", "3.5");
    row("sum-strings", "['a', 'b'].sum()", "\"ab\"");
    row("sum-empty", "[].sum()", "!TypeError");
    row("sum-initial", "[].sum(5)", "5");
    row("max", "$.l.max()", "3");
    row("min", "$.l.min()", "1");
    row("max-two-args", "max(4, 9)", "9");
    row("min-two-args", "min(4, 9)", "4");
    row("count", "$.l.count()", "3");
    row("len-method", "$.l.len()", "3");
    row("any", "$.l.any($ > 2)", "true");
    row("any-no-pred", "$.empty.any()", "false");
    row("all", "$.l.all($ > 0)", "true");
    row("all-false", "$.l.all($ > 1)", "false");
    row("skip", "$.l.skip(1)", "[1, 2]");
    row("take", "$.l.take(2)", "[3, 1]");
    row("limit", "$.l.limit(1)", "[3]");
    row("skip-take", "range(10).skip(2).take(3)", "[2, 3, 4]");
    row("concat", "$.l.concat([9], [8])", "[3, 1, 2, 9, 8]");
    row("append", "$.l.append(4)", "[3, 1, 2, 4]");
    row("flatten", "[1, [2, [3, [4]]]].flatten()", "[1, 2, 3, 4]");
    row("groupBy", "$.people.groupBy($.team, $.name)", "[[\"x\", [\"bob\", \"carol\"]], [\"y\", [\"alice\"]]]");
    row("groupBy-aggregator", "$.people.groupBy($.team, $.age, [$[0], $[1].sum()])",
        "[[\"x\", 65], [\"y\", 25]]");
    row("indexOf-list", "$.l.indexOf(2)", "2");
    row("indexOf-missing", "$.l.indexOf(9)", "-1");
    row("indexOf-str", "$.s.indexOf('o')", "4");
    row("lastIndexOf-str", "$.s.lastIndexOf('o')", "7");
    row("indexWhere", "$.l.indexWhere($ < 3)", "1");
    row("reverse", "$.l.reverse()", "[2, 1, 3]");
    row("enumerate", "['a', 'b'].enumerate()", "[[0, \"a\"], [1, \"b\"]]");
    row("zip-method", "[1, 2].zip(['a', 'b'])", "[[1, \"a\"], [2, \"b\"]]");
    row("zipLongest", "[1, 2].zipLongest(['a'], default => 0)", "[[1, \"a\"], [2, 0]]");
    row("slice", "range(5).slice(2)", "[[0, 1], [2, 3], [4]]");
    row("splitAt", "range(4).splitAt(1)", "[[0], [1, 2, 3]]");
    row("aggregate", "[1, 2, 3].aggregate($1 * $2, 1)", "6");
    row("range-1", "range(3)", "[0, 1, 2]");
    row("range-step", "range(1, 10, 3)", "[1, 4, 7]");
    row("range-neg-step", "range(3, 0, -1)", "[3, 2, 1]");
    row("dict-get", "$.d.get('x')", "1");
    row("dict-get-default", "$.d.get('q', 'none')", "\"none\"");
    row("dict-get-missing", "$.d.get('q')", "null");
    row("dict-set", "$.d.set('z', 3)", "{\"x\": 1, \"y\": \"two\", \"z\": 3}");
    row("dict-set-dict", "$.d.set({x => 9})", "{\"x\": 9, \"y\": \"two\"}");
    row("dict-set-mappings", "$.d.set(x => 0, w => 1)", "{\"x\": 0, \"y\": \"two\", \"w\": 1}");
    row("dict-delete", "$.d.delete('x')", "{\"y\": \"two\"}");
    row("list-delete", "[0, 1, 3, 4, 2].delete(2, 2)", "[0, 1, 2]");
    row("list-insert", "[0, 1, 3].insert(2, 2)", "[0, 1, 2, 3]");
    row("list-replace", "[0, 1, 3, 4, 2].replace(2, 100, 2)", "[0, 1, 100, 2]");
    row("union", "[1, 2].union([2, 3])", "[1, 2, 3]");
    row("intersect", "[1, 2, 3].intersect([2, 3, 4])", "[2, 3]");
    row("difference", "[1, 2, 3].difference([2])", "[1, 3]");
    row("symmetricDifference", "[1, 2].symmetricDifference([2, 3])", "[1, 3]");
    row("isList", "isList($.l)", "true");
    row("isDict", "isDict($.d)", "true");
    row("isString", "isString($.s)", "true");
    row("isString-int", "isString(1)", "false");
    row("isInteger", "isInteger(1)", "true");
    row("isInteger-bool", "isInteger(true)", "false");
    row("isNumber", "isNumber(1.5)", "true");
    row("mergeWith", "{a => {b => 1}, l => [1]}.mergeWith({a => {c => 2}, l => [1, 2]})",
        "{\"a\": {\"b\": 1, \"c\": 2}, \"l\": [1, 2]}");
    // strings
    row("toUpper", "$.s.toUpper()", "\"HELLO WORLD\"");
    row("toLower", "$.s.toLower()", "\"hello world\"");
    row("toUpper-int", "5.toUpper()", "!NoMatchingMethodException: No method \"toUpper\" for receiver 5 matches supplied arguments");
    row("split", "$.csv.split(',')", "[\"x\", \"y\", \"\", \"z\"]");
    row("split-max", "$.csv.split(',', 1)", "[\"x\", \"y,,z\"]");
    row("split-whitespace", "$.words.split()", "[\"a\", \"b\", \"c\"]");
    row("rightSplit", "$.csv.rightSplit(',', 1)", "[\"x,y,\", \"z\"]");
    row("replace", "$.s.replace('o', '0')", "\"Hell0 W0rld\"");
    row("replace-count", "$.s.replace('o', '0', 1)", "\"Hell0 World\"");
    row("replace-dict", "'abc'.replace({a => 'x', c => 'z'})", "\"xbz\"");
    row("trim", "$.words.trim()", "\"a b  c\"");
    row("trim-chars", "'xxhixx'.trim('x')", "\"hi\"");
    row("trimLeft", "'  a '.trimLeft()", "\"a \"");
    row("trimRight", "'  a '.trimRight()", "\"  a\"");
    row("norm-empty", "'   '.norm()", "null");
    row("startsWith", "$.s.startsWith('Hell')", "true");
    row("startsWith-many", "$.s.startsWith('x', 'He')", "true");
    row("endsWith", "$.s.endsWith('x')", "false");
    row("substring", "$.s.substring(6)", "\"World\"");
    row("substring-len", "$.s.substring(0, 5)", "\"Hello\"");
    row("substring-neg", "$.s.substring(-5, 3)", "\"Wor\"");
    row("format", "'{0}-{1}'.format(1, 'x')", "\"1-x\"");
    row("format-named", "'{a}!'.format(a => 'hi')", "\"hi!\"");
    row("format-fn", "format('{0}', 7)", "\"7\"");
    row("isEmpty-es", "$.es.isEmpty()", "true");
    row("isEmpty-null", "isEmpty(null)", "true");
    row("isEmpty-spaces", "'  '.isEmpty()", "true");
    row("isEmpty-text", "'a'.isEmpty()", "false");
    row("concat-strings", "concat('a', 'b', 'c')", "\"abc\"");
    row("toCharArray", "'ab'.toCharArray()", "[\"a\", \"b\"]");
    row("str-in-method-chain", "$.l.select(str($)).join('')", "\"312\"");
    // regex
    row("regex-matches", "regex('^H.*d$').matches($.s)", "true");
    row("regex-search", "regex('W\\\\w+').search($.s)", "\"World\"");
    row("regex-search-none", "regex('\\\\d').search($.s)", "null");
    row("regex-searchAll", "regex('o').searchAll($.s)", "[\"o\", \"o\"]");
    row("regex-ignore-case", "regex('hello', ignoreCase => true).matches($.s)", "true");
    row("string-matches", "$.s.matches('World')", "true");
    row("regex-replace", "$.s.replace(regex('[aeiou]'), '_')", "\"H_ll_ W_rld\"");
    row("regex-split", "'a1b22c'.split(regex('\\\\d+'))", "[\"a\", \"b\", \"c\"]");
    // math
    row("abs", "abs(-3)", "3");
    row("pow", "pow(2, 10)", "1024");
    row("round", "round(2.567, 2)", "2.57");
    row("round-half-even", "round(2.5)", "2.0");
    row("sign", "sign(-2.5)", "-1");
    row("random-range", "random(5, 5)", "5");
    row("random-unit", "random() < 1", "true");
    row("str-random", "len(str(random(1000000, 9999999)))", "7");
    // branching & context
    row("switch", "switch($.a > 5 => 'big', $.a > 0 => 'small', true => 'neg')", "\"small\"");
    row("switch-none", "switch(false => 1)", "null");
    row("let", "let(x => 2, y => 3) -> $x * $y", "6");
    row("let-positional", "let(4, 5) -> $1 + $2", "9");
    row("let-keeps-dollar", "let(x => 1) -> $.a + $x", "2");
    row("coalesce", "coalesce(null, $.n, 3)", "3");
    // functions
    row("unknown-function", "nosuchfunction(1)", "!NoFunctionRegisteredException");
    row("unknown-method", "$.l.nosuchmethod()", "!NoMethodRegisteredException: Unknown method \"nosuchmethod\" for receiver (3, 1, 2)");
    row("registry-fallback", "yaql_test_probe(1, k => 'v')",
        "{\"args\": [1], \"kwargs\": {\"k\": \"v\"}, \"lang\": \"yaql\"}");
    row("registry-method", "$.a.yaql_test_probe(2)",
        "{\"args\": [1, 2], \"kwargs\": {}, \"lang\": \"yaql\"}");
    row("jinja-filter-not-yaql", "'abc'.upper()", "!NoMethodRegisteredException");
    row("st2-function", "json_dump({a => 1})", "\"{\\\"a\\\": 1}\"");
    // whitespace and layout
    row("whitespace", "  $.a\n  +\t1 ", "2");
    row("method-chain-long", "$.people.where($.age > 26).orderBy($.name).select($.name.toUpper()).join('/')",
        "\"BOB/CAROL\"");
    row("nested-lambdas", "$.people.select([$.name, $.l2.where($ > 1).len()])", "[[\"p\", 2]]",
        "{\"people\": [{\"name\": \"p\", \"l2\": [1, 2, 3]}]}");
    row("outer-dollar-in-lambda", "let(root => $) -> $.l.select($root.a + $)", "[4, 2, 3]");
}

void TestYaql::evaluate()
{
    QFETCH(QString, expr);
    QFETCH(QString, expected);
    QFETCH(QString, data);
    QString actual;
    try {
        const Value v = yaql::Expression::compile(expr)->evaluate(parseData(data));
        actual = json::toString(v);
    } catch (const SquallException &e) {
        actual = QStringLiteral("!%1: %2").arg(e.error().kind, e.error().message);
    }
    if (expected.startsWith(u'!')) {
        QVERIFY2(actual.startsWith(expected), qPrintable(QStringLiteral("got %1").arg(actual)));
    } else {
        QVERIFY2(!actual.startsWith(u'!'), qPrintable(actual));
        QCOMPARE(actual, json::toString(parseData(expected)));
    }
}

void TestYaql::grammarErrors_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("message");
    auto row = [](const char *name, const char *expr, const char *message) {
        QTest::newRow(name) << QString::fromUtf8(expr) << QString::fromUtf8(message);
    };
    row("empty", "", "Parse error: unexpected end of statement");
    row("trailing-op", "$.a +", "Parse error: unexpected end of statement");
    row("unbalanced-paren", "($.a", "Parse error: unexpected end of statement");
    row("unexpected-token", "$.a $.b", "Parse error: unexpected '$' at position 4 of expression '$.a $.b'");
    row("unexpected-close", "1 + )", "Parse error: unexpected ')' at position 4 of expression '1 + )'");
    row("illegal-char", "$.a # 1", "Lexical error: illegal character '#' at position 4");
    row("unterminated-string", "'abc", "Lexical error: illegal character ''' at position 0");
    row("double-underscore", "__x", "Lexical error: illegal character '_' at position 0");
    row("positional-after-named", "f(a => 1, 2)", "Parse error: unexpected ')' at position 11 of expression 'f(a => 1, 2)'");
}

void TestYaql::grammarErrors()
{
    QFETCH(QString, expr);
    QFETCH(QString, message);
    try {
        yaql::Expression::compile(expr);
        QFAIL("no error");
    } catch (const SquallException &e) {
        QCOMPARE(e.error().kind, QStringLiteral("YaqlGrammarException"));
        QCOMPARE(e.error().message, message);
    }
}

void TestYaql::registryFunctions()
{
    // A function registered later (as the workflow engine does) is found by
    // an expression compiled earlier, and re-binding reaches it too.
    auto expr = yaql::Expression::compile(QStringLiteral("yaql_test_late(3)"));
    QVERIFY_THROWS_EXCEPTION(SquallException, expr->evaluate(Value()));
    FunctionRegistry::instance().add(QStringLiteral("yaql_test_late"),
                                     [](const ValueList &a, const ValueDict &, const CallContext &) {
                                         return Value(a.at(0).toInt() * 2);
                                     });
    QCOMPARE(expr->evaluate(Value()).toInt(), 6);
    FunctionRegistry::instance().add(QStringLiteral("yaql_test_late"),
                                     [](const ValueList &a, const ValueDict &, const CallContext &) {
                                         return Value(a.at(0).toInt() * 3);
                                     });
    QCOMPARE(expr->evaluate(Value()).toInt(), 9);
    // The yaql library wins over a registry function of the same name.
    QCOMPARE(yaql::Expression::compile(QStringLiteral("len('abc')"))->evaluate(Value()).toInt(), 3);
}

void TestYaql::scopeReachesFunctions()
{
    const Scope *seen = nullptr;
    FunctionRegistry::instance().add(QStringLiteral("yaql_test_scope"),
                                     [&seen](const ValueList &, const ValueDict &, const CallContext &cc) {
                                         seen = cc.scope;
                                         return Value(true);
                                     });
    const Value data = makeDict({{QStringLiteral("k"), 1}});
    DataScope scope(data);
    yaql::Expression::compile(QStringLiteral("[1].select(yaql_test_scope())"))->evaluate(data, &scope);
    QCOMPARE(seen, &scope);
    FunctionRegistry::instance().remove(QStringLiteral("yaql_test_scope"));
}

void TestYaql::compiledOnceEvaluatedMany()
{
    auto expr = yaql::Expression::compile(QStringLiteral("$.v * 2"));
    QCOMPARE(expr->source(), QStringLiteral("$.v * 2"));
    for (int i = 0; i < 5; ++i)
        QCOMPARE(expr->evaluate(makeDict({{QStringLiteral("v"), i}})).toInt(), i * 2);
}

void TestYaql::concurrentEvaluation()
{
    auto expr = yaql::Expression::compile(QStringLiteral("$.items.where($.v > 25).select($.name).join(',')"));
    const Value data = defaultData();
    std::atomic<int> bad {0};
    QList<QThread *> threads;
    for (int t = 0; t < 4; ++t) {
        threads << QThread::create([&] {
            for (int i = 0; i < 2000; ++i) {
                if (expr->evaluate(data).toString() != u"b,c")
                    ++bad;
            }
        });
        threads.last()->start();
    }
    for (QThread *t : threads) {
        t->wait();
        delete t;
    }
    QCOMPARE(bad.load(), 0);
}

void TestYaql::cache()
{
    auto a = yaql::cachedExpression(QStringLiteral("$.a + 1"));
    auto b = yaql::cachedExpression(QStringLiteral("$.a + 1"));
    QCOMPARE(a.get(), b.get());
    QVERIFY_THROWS_EXCEPTION(SquallException, yaql::cachedExpression(QStringLiteral("$.a +")));
}

QTEST_GUILESS_MAIN(TestYaql)
#include "tst_yaql.moc"
