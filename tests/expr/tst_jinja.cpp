#include "TestUtil.h"

#include "expr/Functions.h"

#include <QTest>

using namespace squall;
using namespace squall::expr;
using squall::expr::test::parseJson;
using squall::expr::test::renderOrError;

namespace {

// A lazily resolved object like st2kv's namespaces: attributes are computed
// on access; as a plain value it stands for a dict.
class FakeKv final : public ValueObject
{
public:
    mutable int lookups = 0;
    Value attribute(const QString &name) const override
    {
        ++lookups;
        if (name == u"missing")
            return {};
        if (name == u"sub")
            return Value(std::shared_ptr<const ValueObject>(std::make_shared<FakeKv>()));
        return QString(QStringLiteral("kv:") + name);
    }
    Value resolve() const override { return makeDict({{QStringLiteral("k"), QStringLiteral("v")}}); }
};

} // namespace

class TestJinja final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void render_data();
    void render();
    void errors_data();
    void errors();
    void syntaxErrors_data();
    void syntaxErrors();
    void evaluate_data();
    void evaluate();
    void undeclared_data();
    void undeclared();
    void isStaticAndHasJinja();
    void valueObject();
    void scopes();
    void registryOverride();
    void cache();
};

void TestJinja::render_data()
{
    QTest::addColumn<QString>("tpl");
    QTest::addColumn<QString>("ctx");  // JSON; empty = default context
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *tpl, const char *expected, const char *ctx = "") {
        QTest::newRow(name) << QString::fromUtf8(tpl) << QString::fromUtf8(ctx) << QString::fromUtf8(expected);
    };
    // Literals and printing (Python str()).
    row("text", "plain text", "plain text");
    row("int", "{{ 42 }}", "42");
    row("float", "{{ 2.50 }}", "2.5");
    row("float-exp", "{{ 1e3 }}", "1000.0");
    row("underscore-int", "{{ 1_000 }}", "1000");
    row("str-single", "{{ 'a\\'b' }}", "a'b");
    row("str-escapes", "{{ \"tab\\there\\n\" }}", "tab\there\n");
    row("str-unicode-escape", "{{ '\\u00e9' }}", "\xc3\xa9");
    row("str-adjacent", "{{ 'a' 'b' }}", "ab");
    row("bools", "{{ True }} {{ false }} {{ none }} {{ None }}", "True False None None");
    row("list", "{{ [1, 'a', none, true, 2.0] }}", "[1, 'a', None, True, 2.0]");
    row("tuple", "{{ (1, 2) | length }}", "2");
    row("dict", "{{ {'foo': 'bar', 'n': [1]} }}", "{'foo': 'bar', 'n': [1]}");
    row("nested-print", "{{ nested }}", "{'x': {'y': [10, 20, {'z': 'deep'}]}}");
    row("var-dict", "{{ d }}", "{'a': 1, 'b': 'two'}");
    row("quote-choice", "{{ [\"it's\"] }}", "[\"it's\"]");
    row("none-var", "{{ none }}", "None");
    // Attribute / item access.
    row("getattr", "{{ d.a }}", "1");
    row("getitem", "{{ d['b'] }}", "two");
    row("index", "{{ l[0] }}{{ l[-1] }}", "32");
    row("dot-index", "{{ l.1 }}", "1");
    row("deep", "{{ nested.x.y[2].z }}", "deep");
    row("deep-item", "{{ nested['x']['y'][2]['z'] }}", "deep");
    row("str-index", "{{ s[0] }}{{ s[-1] }}", "Hd");
    row("slice", "{{ l[1:3] }}", "[1, 2]");
    row("slice-step", "{{ [0,1,2,3,4,5][::2] }}", "[0, 2, 4]");
    row("slice-neg", "{{ s[-5:] }}", "World");
    row("slice-rev", "{{ 'abc'[::-1] }}", "cba");
    row("slice-open", "{{ l[:2] }}", "[3, 1]");
    row("key-named-items", "{{ items.k }}", "v");
    // Arithmetic.
    row("add", "{{ 1 + 2 }}", "3");
    row("add-float", "{{ 1 + 2.5 }}", "3.5");
    row("sub", "{{ n - 7 }}", "-2");
    row("mul", "{{ 3 * 4 }}", "12");
    row("div", "{{ 7 / 2 }}", "3.5");
    row("div-exact", "{{ 4 / 2 }}", "2.0");
    row("floordiv", "{{ 7 // 2 }}", "3");
    row("floordiv-neg", "{{ -7 // 2 }}", "-4");
    row("mod", "{{ 7 % 3 }}", "1");
    row("mod-neg", "{{ -7 % 3 }}", "2");
    row("pow", "{{ 2 ** 10 }}", "1024");
    row("pow-neg", "{{ 2 ** -1 }}", "0.5");
    row("precedence", "{{ 2 + 3 * 4 }}", "14");
    row("parens", "{{ (2 + 3) * 4 }}", "20");
    row("unary", "{{ -n }} {{ +n }} {{ - -n }}", "-5 5 5");
    row("str-add", "{{ 'a' + 'b' }}", "ab");
    row("str-mul", "{{ 'ab' * 3 }}", "ababab");
    row("list-add", "{{ [1] + [2] }}", "[1, 2]");
    row("list-mul", "{{ [0] * 3 }}", "[0, 0, 0]");
    row("concat", "{{ 'n=' ~ n ~ ' ' ~ none ~ ' ' ~ l }}", "n=5 None [3, 1, 2]");
    row("percent-format", "{{ '%s-%d-%.2f' % ('a', 3, 1.5) }}", "a-3-1.50");
    row("percent-list-arg", "{{ '%s' % l }} {{ '%s/%s' % ('a', 'b') }} {{ '%(a)s' % d }} {{ '%5.1f|%-4d|%03d' % (f, n, n) }}",
        "[3, 1, 2] a/b 1   2.5|5   |005");
    row("inline-if-no-else", "[{{ 'x' if false }}] {{ ('x' if false) is defined }} {{ ('x' if false) ~ 1 }}", "[] False 1");
    row("bool-arith", "{{ True + 1 }}", "2");
    row("float-repr", "{{ 0.1 + 0.2 }}", "0.30000000000000004");
    row("big-float", "{{ 1e20 }}", "1e+20");
    // Comparisons and logic.
    row("eq", "{{ 1 == 1.0 }} {{ 'a' == 'a' }} {{ 1 != 2 }}", "True True True");
    row("lt", "{{ 1 < 2 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }}", "True True True");
    row("chained", "{{ 1 < 2 < 3 }} {{ 1 < 3 < 2 }}", "True False");
    row("in", "{{ 'ell' in s }} {{ 3 in l }} {{ 'a' in d }} {{ 9 not in l }}", "True True True True");
    row("and-or-operands", "{{ 0 or 'x' }} {{ 1 and 'y' }} {{ '' and 1 }} {{ none or [] }}", "x y  []");
    row("not", "{{ not 0 }} {{ not l }} {{ not empty }}", "True False True");
    row("not-in-prec", "{{ not 3 in l }}", "False");
    row("condexpr", "{{ 'yes' if t else 'no' }} {{ 'yes' if none else 'no' }}", "yes no");
    row("condexpr-nested", "{{ 'a' if n > 10 else 'b' if n > 3 else 'c' }}", "b");
    // Tests.
    row("is-defined", "{{ n is defined }} {{ nope is defined }} {{ nope is undefined }}", "True False True");
    row("is-defined-attr", "{{ d.zz is defined }} {{ d.a is defined }}", "False True");
    row("is-none", "{{ none is none }} {{ n is not none }}", "True True");
    row("is-types", "{{ n is number }} {{ s is string }} {{ d is mapping }} {{ l is iterable }} {{ l is sequence }}",
        "True True True True True");
    row("is-types2", "{{ t is boolean }} {{ n is integer }} {{ f is float }} {{ n is float }}", "True True True False");
    row("is-even-odd", "{{ n is odd }} {{ 4 is even }}", "True True");
    row("is-divisibleby", "{{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }}", "True False");
    row("is-sameas", "{{ none is sameas none }} {{ t is sameas true }} {{ 1 is sameas true }}", "True True False");
    row("is-eq", "{{ n is eq 5 }} {{ n is equalto 5 }} {{ n is ne 5 }}", "True True False");
    row("is-cmp", "{{ n is lt 6 }} {{ n is gt 6 }} {{ n is le 5 }} {{ n is ge 6 }}", "True False True False");
    row("is-lower-upper", "{{ 'abc' is lower }} {{ 'ABC' is upper }} {{ s is lower }}", "True True False");
    row("is-in", "{{ 1 is in l }} {{ 'z' is in s }}", "True False");
    row("if-defined-guard", "{% if nope is defined and nope > 1 %}x{% else %}guarded{% endif %}", "guarded");
    // Statements.
    row("if", "{% if n > 3 %}big{% endif %}", "big");
    row("if-else", "{% if n > 9 %}big{% else %}small{% endif %}", "small");
    row("elif", "{% if n > 9 %}a{% elif n > 4 %}b{% elif n > 1 %}c{% else %}d{% endif %}", "b");
    row("for", "{% for x in l %}{{ x }},{% endfor %}", "3,1,2,");
    row("for-else", "{% for x in empty %}{{ x }}{% else %}none{% endfor %}", "none");
    row("for-dict-keys", "{% for k in d %}{{ k }}{% endfor %}", "ab");
    row("for-items", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", "a=1;b=two;");
    row("for-items-paren", "{% for (k, v) in d.items() %}{{ k }}{% endfor %}", "ab");
    row("for-string", "{% for c in 'abc' %}{{ c }}.{% endfor %}", "a.b.c.");
    row("for-filter", "{% for u in users if u.active %}{{ u.name }} {% endfor %}", "bob carol ");
    row("loop-vars", "{% for x in l %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}"
                     "{{ loop.first }}{{ loop.last }}{{ loop.length }}|{% endfor %}",
        "1032TrueFalse3|2121FalseFalse3|3210FalseTrue3|");
    row("loop-cycle", "{% for x in l %}{{ loop.cycle('odd', 'even') }} {% endfor %}", "odd even odd ");
    row("loop-prev-next", "{% for x in l %}{{ loop.previtem is defined }}{{ loop.nextitem | default('-') }} {% endfor %}",
        "False1 True2 True- ");
    row("nested-loop", "{% for a in [1,2] %}{% for b in 'xy' %}{{ a }}{{ b }}{{ loop.index }} {% endfor %}{% endfor %}",
        "1x1 1y2 2x1 2y2 ");
    row("range", "{% for i in range(3) %}{{ i }}{% endfor %}|{{ range(1, 10, 3) | list }}", "012|[1, 4, 7]");
    row("set", "{% set x = n * 2 %}{{ x }}", "10");
    row("set-tuple", "{% set a, b = 1, 2 %}{{ a }}{{ b }}", "12");
    row("set-block", "{% set x %}inner {{ n }}{% endset %}[{{ x }}]", "[inner 5]");
    row("set-in-loop-scoped", "{% set x = 1 %}{% for i in l %}{% set x = i %}{% endfor %}{{ x }}", "1");
    row("namespace", "{% set ns = namespace(c=0) %}{% for i in l %}{% set ns.c = ns.c + i %}{% endfor %}{{ ns.c }}", "6");
    row("with", "{% with a = 1, b = n %}{{ a + b }}{% endwith %}", "6");
    row("filter-block", "{% filter upper %}hello {{ s }}{% endfilter %}", "HELLO HELLO WORLD");
    row("raw", "{% raw %}{{ not rendered }}{% endraw %}", "{{ not rendered }}");
    row("raw-ws", "{% raw -%}  {{ x }}  {%- endraw %}", "{{ x }}");
    row("comment", "a{# comment {{ x }} #}b", "ab");
    row("dict-call", "{{ dict(a=1, b=2) }}", "{'a': 1, 'b': 2}");
    // Method calls.
    row("str-methods", "{{ s.upper() }} {{ s.lower() }} {{ '  x '.strip() }}|{{ 'xxaxx'.strip('x') }}|{{ ' a'.lstrip() }}|{{ 'a '.rstrip() }}|",
        "HELLO WORLD hello world x|a|a|a|");
    row("split", "{{ words.split() }} {{ 'a,b,c'.split(',') }} {{ 'a,b,c'.split(',', 1) }} {{ 'a,b,c'.rsplit(',', 1) }}",
        "['a', 'b', 'c'] ['a', 'b', 'c'] ['a', 'b,c'] ['a,b', 'c']");
    row("replace-method", "{{ s.replace('l', 'L') }} {{ s.replace('l', 'L', 1) }}", "HeLLo WorLd HeLlo World");
    row("starts-ends", "{{ s.startswith('He') }} {{ s.endswith('x') }} {{ s.startswith(('x', 'H')) }}", "True False True");
    row("join-method", "{{ '-'.join(['a', 'b']) }}", "a-b");
    row("format-method", "{{ '{} is {}'.format('x', 1) }} {{ '{0}{0}'.format('a') }} {{ '{n:>4}|{f:.3f}'.format(n=7, f=2) }}",
        "x is 1 aa    7|2.000");
    row("title-cap", "{{ 'hello wORLD'.title() }} {{ 'hello WORLD'.capitalize() }}", "Hello World Hello world");
    row("find-count", "{{ s.find('o') }} {{ s.find('z') }} {{ s.count('o') }}", "4 -1 2");
    row("splitlines", "{{ 'a\\nb\\r\\nc'.splitlines() }}", "['a', 'b', 'c']");
    row("isdigit", "{{ '123'.isdigit() }} {{ '12a'.isdigit() }}", "True False");
    row("dict-methods", "{{ d.keys() | list }} {{ d.values() | list }} {{ d.get('a') }} {{ d.get('z', 'dflt') }} {{ d.get('z') }}",
        "['a', 'b'] [1, 'two'] 1 dflt None");
    row("list-methods", "{{ l.index(1) }} {{ [1, 1, 2].count(1) }}", "1 2");
    // Whitespace control and StackStorm's trim_blocks / lstrip_blocks.
    row("trim-blocks", "{% if true %}\nyes\n{% endif %}\nend", "yes\nend");
    row("lstrip-blocks", "  {% if true %}\n  x\n  {% endif %}\n", "  x\n");
    row("lstrip-not-expr", "  {{ 1 }}\n", "  1");
    row("minus-left", "a   {%- if true %}b{% endif %}", "ab");
    row("minus-right", "{% if true -%}   \n  b{% endif %}", "b");
    row("minus-var", "a  {{- 1 -}}  b", "a1b");
    row("plus-disables-lstrip", "  {%+ if true %}x{% endif %}", "  x");
    row("trailing-newline-dropped", "x\n", "x");
    row("only-one-trailing-newline", "x\n\n", "x\n");
    row("for-lines", "{% for x in l %}\n- {{ x }}\n{% endfor %}\n", "- 3\n- 1\n- 2\n");
    row("comment-trim", "a\n{# c #}\nb", "a\nb");
    row("mid-line-block", "a {% if true %}b{% endif %} c", "a b c");
    row("crlf", "a\r\nb", "a\nb");
    row("ws-indented-loop", "<ul>\n  {% for x in l %}\n    <li>{{ x }}</li>\n  {% endfor %}\n</ul>", "<ul>\n    <li>3</li>\n    <li>1</li>\n    <li>2</li>\n</ul>");
    row("ws-comment-indented", "a\n  {# c #}\nb", "a\nb");
    row("ws-minus-start", "{%- if true %}\n x{% endif %}", " x");
    row("ws-expr-then-block", "{{ n }}\n{% if true %}y{% endif %}\nz", "5\nyz");
    row("ws-raw-trim", "{% raw %}\n{{ x }}\n{% endraw %}\nafter", "\n{{ x }}\nafter");
    row("ws-tab-lstrip", "\t{% if true %}x{% endif %}", "x");
    row("ws-text-before-block", "ab {% if true %}\nc{% endif %}", "ab c");
    row("ws-set-lines", "{% set a = 1 %}\n{% set b = 2 %}\n{{ a + b }}", "3");
    row("ws-minus-both", "x\n\n  {%- if true -%}\n\n  y  \n{%- endif -%}\n\nz", "xyz");
}

void TestJinja::render()
{
    QFETCH(QString, tpl);
    QFETCH(QString, ctx);
    QFETCH(QString, expected);
    QCOMPARE(renderOrError(tpl, parseJson(ctx)), expected);
}

void TestJinja::errors_data()
{
    QTest::addColumn<QString>("tpl");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *tpl, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(tpl) << QString::fromUtf8(expected);
    };
    row("undefined-var", "{{ foo }}", "!UndefinedError: 'foo' is undefined");
    row("undefined-attr", "{{ d.x }}", "!UndefinedError: 'dict object' has no attribute 'x'");
    row("undefined-item", "{{ d['x'] }}", "!UndefinedError: 'dict object' has no attribute 'x'");
    row("undefined-index", "{{ l[10] }}", "!UndefinedError: list object has no element 10");
    row("attr-of-undefined", "{{ foo.bar }}", "!UndefinedError: 'foo' is undefined");
    row("attr-of-str", "{{ s.nope }}", "!UndefinedError: 'str object' has no attribute 'nope'");
    row("attr-of-none", "{{ none.x }}", "!UndefinedError: 'None' has no attribute 'x'");
    row("undefined-truthiness", "{% if foo %}x{% endif %}", "!UndefinedError: 'foo' is undefined");
    row("undefined-compare", "{{ foo > 1 }}", "!UndefinedError: 'foo' is undefined");
    row("undefined-arith", "{{ foo + 1 }}", "!UndefinedError: 'foo' is undefined");
    row("undefined-iterate", "{% for x in foo %}{% endfor %}", "!UndefinedError: 'foo' is undefined");
    row("undefined-concat", "{{ 'a' ~ foo }}", "!UndefinedError: 'foo' is undefined");
    row("undefined-filter", "{{ foo | upper }}", "!UndefinedError: 'foo' is undefined");
    row("undefined-eq", "{{ foo == 1 }}", "!UndefinedError: 'foo' is undefined");
    row("undefined-function", "{{ nofunc(1) }}", "!UndefinedError: 'nofunc' is undefined");
    row("cmp-type", "{{ 1 < 'a' }}", "!TypeError: '<' not supported between instances of 'int' and 'str'");
    row("cmp-none", "{{ none > 1 }}", "!TypeError: '>' not supported between instances of 'NoneType' and 'int'");
    row("add-type", "{{ 1 + 'a' }}", "!TypeError: unsupported operand type(s) for +: 'int' and 'str'");
    row("str-add-int", "{{ 'a' + 1 }}", "!TypeError: can only concatenate str (not \"int\") to str");
    row("div-zero", "{{ 1 / 0 }}", "!ZeroDivisionError: division by zero");
    row("floordiv-zero", "{{ 1 // 0 }}", "!ZeroDivisionError: integer division or modulo by zero");
    row("in-int", "{{ 1 in 5 }}", "!TypeError: argument of type 'int' is not iterable");
    row("iterate-int", "{% for x in n %}{% endfor %}", "!TypeError: 'int' object is not iterable");
    row("len-int", "{{ n | length }}", "!TypeError: object of type 'int' has no len()");
    row("unpack", "{% for a, b in [[1, 2, 3]] %}{% endfor %}", "!ValueError: too many values to unpack (expected 2)");
    row("not-callable", "{{ d.a() }}", "!TypeError: 'int' object is not callable");
    row("unknown-method", "{{ s.nosuch() }}", "!UndefinedError: 'str object' has no attribute 'nosuch'");
}

void TestJinja::errors()
{
    QFETCH(QString, tpl);
    QFETCH(QString, expected);
    QCOMPARE(renderOrError(tpl, test::defaultContext()), expected);
}

void TestJinja::syntaxErrors_data()
{
    QTest::addColumn<QString>("tpl");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    auto row = [](const char *name, const char *tpl, int line, int col, const char *msg) {
        QTest::newRow(name) << QString::fromUtf8(tpl) << line << col << QString::fromUtf8(msg);
    };
    row("unclosed-var", "ab {{ x ", 1, 9, "unexpected end of template");
    row("unclosed-if", "{% if x %}\nfoo", 2, 4, "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'");
    row("unknown-tag", "line1\n  {% frobnicate %}", 2, 6, "Encountered unknown tag 'frobnicate'.");
    row("stray-endif", "{% endif %}", 1, 4, "Encountered unknown tag 'endif'");
    row("unknown-filter", "\n\n{{ x | nosuchfilter }}", 3, 8, "No filter named 'nosuchfilter'.");
    row("unknown-test", "{{ x is nosuchtest }}", 1, 6, "No test named 'nosuchtest'.");
    row("bad-token", "{{ x $ y }}", 1, 6, "unexpected char '$'");
    row("missing-operand", "{{ 1 + }}", 1, 8, "unexpected 'end of print statement'");
    row("unclosed-string", "{{ 'abc }}", 1, 4, "unexpected end of string");
    row("unclosed-comment", "{# abc", 1, 1, "Missing end of comment tag");
    row("unclosed-raw", "{% raw %}abc", 1, 1, "Missing end of raw directive");
    row("operator-test", "{{ n is == 5 }}", 1, 9, "expected token 'name', got '=='");
    row("extra-tokens", "{{ x y }}", 1, 6, "expected token 'end of print statement', got 'y'");
    row("for-missing-in", "{% for x l %}{% endfor %}", 1, 10, "expected token 'in'");
}

void TestJinja::syntaxErrors()
{
    QFETCH(QString, tpl);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    try {
        Template::compile(tpl);
        QFAIL("expected a syntax error");
    } catch (const SquallException &e) {
        QCOMPARE(e.error().kind, QStringLiteral("TemplateSyntaxError"));
        QVERIFY2(e.error().message.contains(message), qPrintable(e.error().message));
        QCOMPARE(e.error().location.line, line);
        QCOMPARE(e.error().location.column, column);
    }
}

void TestJinja::evaluate_data()
{
    QTest::addColumn<QString>("tpl");
    QTest::addColumn<QString>("expectedJson");
    QTest::addColumn<int>("type");
    auto row = [](const char *name, const char *tpl, const char *json, Value::Type t) {
        QTest::newRow(name) << QString::fromUtf8(tpl) << QString::fromUtf8(json) << int(t);
    };
    row("int", "{{ n }}", "5", Value::Type::Int);
    row("int-ws", "  {{ n + 1 }}\n", "6", Value::Type::Int);
    row("float", "{{ f }}", "2.5", Value::Type::Double);
    row("bool", "{{ n > 3 }}", "true", Value::Type::Bool);
    row("none", "{{ none }}", "null", Value::Type::Null);
    row("list", "{{ l }}", "[3, 1, 2]", Value::Type::List);
    row("dict", "{{ d }}", "{\"a\": 1, \"b\": \"two\"}", Value::Type::Dict);
    row("filtered", "{{ users | map(attribute='age') | list }}", "[30, 25, 35]", Value::Type::List);
    row("mixed-is-string", "n={{ n }}", "\"n=5\"", Value::Type::String);
    row("two-exprs-string", "{{ n }}{{ n }}", "\"55\"", Value::Type::String);
    row("static", "plain", "\"plain\"", Value::Type::String);
    row("block-is-string", "{% if true %}1{% endif %}", "\"1\"", Value::Type::String);
}

void TestJinja::evaluate()
{
    QFETCH(QString, tpl);
    QFETCH(QString, expectedJson);
    QFETCH(int, type);
    const Value v = Template::compile(tpl)->evaluate(DictScope(test::defaultContext()));
    QCOMPARE(int(v.type()), type);
    QVERIFY2(v == parseJson(expectedJson), qPrintable(py::repr(v)));
}

void TestJinja::undeclared_data()
{
    QTest::addColumn<QString>("tpl");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("simple") << QStringLiteral("{{ a }} {{ b.c }} {{ a }}") << QStringList {QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("set-before") << QStringLiteral("{% set x = y %}{{ x }}") << QStringList {QStringLiteral("y")};
    QTest::newRow("use-before-set") << QStringLiteral("{{ x }}{% set x = 1 %}") << QStringList {QStringLiteral("x")};
    QTest::newRow("for-target") << QStringLiteral("{% for i in items %}{{ i }}{{ loop.index }}{{ other }}{% endfor %}{{ i }}")
                                << QStringList {QStringLiteral("items"), QStringLiteral("other"), QStringLiteral("i")};
    QTest::newRow("filters-args") << QStringLiteral("{{ a | default(b) | join(c) }}")
                                  << QStringList {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QTest::newRow("st2kv") << QStringLiteral("{{ st2kv.system.k }} {{ action_context.user }}")
                           << QStringList {QStringLiteral("st2kv"), QStringLiteral("action_context")};
    QTest::newRow("static") << QStringLiteral("no vars") << QStringList {};
}

void TestJinja::undeclared()
{
    QFETCH(QString, tpl);
    QFETCH(QStringList, expected);
    QCOMPARE(Template::compile(tpl)->undeclaredVariables(), expected);
}

void TestJinja::isStaticAndHasJinja()
{
    QVERIFY(Template::compile(QStringLiteral("plain {text}"))->isStatic());
    QVERIFY(!Template::compile(QStringLiteral("{{ x }}"))->isStatic());
    QVERIFY(!Template::compile(QStringLiteral("{# c #}"))->isStatic());
    QVERIFY(!Template::compile(QStringLiteral("{% raw %}x{% endraw %}"))->isStatic());
    QVERIFY(hasJinja(u"a {{ b }}"));
    QVERIFY(hasJinja(u"{% if %}"));
    QVERIFY(hasJinja(u"{# c"));
    QVERIFY(!hasJinja(u"{a} {"));
    QVERIFY(!hasJinja(u""));
    QCOMPARE(Template::compile(QStringLiteral("src {{ x }}"))->source(), QStringLiteral("src {{ x }}"));
}

void TestJinja::valueObject()
{
    auto kv = std::make_shared<FakeKv>();
    ValueDict vars;
    vars.insert(QStringLiteral("kv"), Value(std::shared_ptr<const ValueObject>(kv)));
    const Value ctx(vars);
    QCOMPARE(renderOrError(QStringLiteral("{{ kv.foo }}|{{ kv['bar'] }}|{{ kv.sub.baz }}"), ctx),
             QStringLiteral("kv:foo|kv:bar|kv:baz"));
    QVERIFY(kv->lookups >= 3);
    QCOMPARE(renderOrError(QStringLiteral("{{ kv }}"), ctx), QStringLiteral("{'k': 'v'}"));
    QCOMPARE(renderOrError(QStringLiteral("{{ kv | length }}"), ctx), QStringLiteral("1"));
    QCOMPARE(renderOrError(QStringLiteral("{{ kv.missing is defined }}"), ctx), QStringLiteral("False"));
    QCOMPARE(renderOrError(QStringLiteral("{{ kv.missing }}"), ctx),
             QStringLiteral("!UndefinedError: 'object' has no attribute 'missing'"));
    QCOMPARE(renderOrError(QStringLiteral("{{ kv == {'k': 'v'} }}"), ctx), QStringLiteral("True"));
    const Value v = Template::compile(QStringLiteral("{{ kv }}"))->evaluate(DictScope(ctx));
    QVERIFY(v.isDict());
}

void TestJinja::scopes()
{
    const DictScope parent(makeDict({{QStringLiteral("a"), 1}, {QStringLiteral("b"), 2}}));
    const DictScope child(makeDict({{QStringLiteral("b"), 20}}), &parent);
    QCOMPARE(Template::compile(QStringLiteral("{{ a }}-{{ b }}"))->render(child), QStringLiteral("1-20"));
    Value out;
    QVERIFY(!child.lookup(u"zzz", &out));
    QVERIFY(child.lookup(u"a", &out));
    QCOMPARE(out, Value(1));
}

void TestJinja::registryOverride()
{
    auto &reg = FunctionRegistry::instance();
    const auto tpl = Template::compile(QStringLiteral("{{ 'secret' | decrypt_kv }}"));
    QVERIFY(renderOrError(tpl->source(), {}).startsWith(QStringLiteral("!TemplateError")));
    // Overriding reaches templates compiled before the override.
    reg.add(QStringLiteral("decrypt_kv"), [](const ValueList &args, const ValueDict &, const CallContext &) -> Value {
        return QString(QStringLiteral("plain-") + args.value(0).toString());
    });
    QCOMPARE(tpl->render(DictScope(Value())), QStringLiteral("plain-secret"));
    // A new global function, callable by name with keyword arguments.
    reg.add(QStringLiteral("twice"), [](const ValueList &args, const ValueDict &kw, const CallContext &ctx) -> Value {
        Value sep = kw.value(u"sep", QStringLiteral(""));
        Value n;
        if (ctx.scope)
            ctx.scope->lookup(u"n", &n);
        return QString(args.value(0).toString() + sep.toString() + args.value(0).toString() + QString::number(n.toInt()));
    }, Global);
    QCOMPARE(renderOrError(QStringLiteral("{{ twice('ab', sep='-') }}"), test::defaultContext()), QStringLiteral("ab-ab5"));
    QVERIFY(!reg.hasFilter(u"twice"));
    QVERIFY(reg.hasGlobal(u"twice"));
    QCOMPARE(reg.call(u"upper", {QStringLiteral("x")}), Value(QStringLiteral("X")));
    reg.remove(QStringLiteral("twice"));
    QVERIFY(!reg.hasGlobal(u"twice"));
    QVERIFY(renderOrError(QStringLiteral("{{ twice('ab') }}"), {}).startsWith(QStringLiteral("!UndefinedError")));
}

void TestJinja::cache()
{
    const auto a = cachedTemplate(QStringLiteral("{{ cached }}"));
    const auto b = cachedTemplate(QStringLiteral("{{ cached }}"));
    QCOMPARE(a.get(), b.get());
    QVERIFY_THROWS_EXCEPTION(SquallException, cachedTemplate(QStringLiteral("{{ ")));
    QCOMPARE(renderString(QStringLiteral("{{ x }}"), makeDict({{QStringLiteral("x"), 3}})), QStringLiteral("3"));
    QCOMPARE(evaluateTemplate(QStringLiteral("{{ x }}"), makeDict({{QStringLiteral("x"), 3}})), Value(3));
}

QTEST_GUILESS_MAIN(TestJinja)
#include "tst_jinja.moc"
