#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "expr/ExprString.h"
#include "expr/Functions.h"

#include <QTest>

using namespace squall;
using namespace squall::expr;

// Orquesta-style expression strings: language detection, validation,
// evaluation (native type vs interpolation, recursion, opaque inputs, Jinja)
// and context-variable extraction.
class TestExprString final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void detect_data();
    void detect();
    void validate_data();
    void validate();
    void evaluate_data();
    void evaluate();
    void opaqueInputsStayData();
    void recursiveValues();
    void selfReferenceStops();
    void dataScope();
    void parentScope();
    void extract_data();
    void extract();
    void extractTriples();
};

static Value data()
{
    static const Value v = json::parse(QByteArray(
        "{\"n\": 5, \"f\": 1.5, \"s\": \"text\", \"t\": true, \"none\": null, \"l\": [1, 2],"
        " \"d\": {\"k\": \"v\"}, \"k\": \"key\", \"indirect\": \"<% ctx().n %>\","
        " \"indirect_j\": \"{{ ctx().s }}\", \"chain\": \"<% ctx().indirect %>\","
        " \"mixed_text\": \"n is <% ctx().n %>\", \"__current_item\": {\"id\": 7},"
        " \"items\": [{\"name\": \"a\", \"v\": 10}, {\"name\": \"b\", \"v\": 30}]}"));
    return v;
}

// Orquesta's ctx(): the workflow context, or one key of it.
static Value orquestaCtx(const ValueList &args, const ValueDict &, const CallContext &cc)
{
    const auto *scope = dynamic_cast<const DataScope *>(cc.scope);
    if (!scope)
        throw SquallException(QStringLiteral("RuntimeError"), QStringLiteral("ctx() needs a DataScope"));
    const Value &vars = scope->data();
    if (args.isEmpty() || args.at(0).isNull())
        return vars;
    const QString key = args.at(0).toString();
    if (!vars.contains(key))
        throw SquallException(QStringLiteral("VariableUndefinedError"),
                              QStringLiteral("The variable \"%1\" is undefined.").arg(key));
    return vars[key];
}

void TestExprString::initTestCase()
{
    // The workflow module registers the real ctx(); this test does not link it.
    if (!FunctionRegistry::instance().hasGlobal(u"ctx"))
        FunctionRegistry::instance().add(QStringLiteral("ctx"), orquestaCtx);
}

void TestExprString::detect_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("language");
    auto row = [](const char *name, const char *text, ExprLanguage l) {
        QTest::newRow(name) << QString::fromUtf8(text) << int(l);
    };
    row("plain", "just text", ExprLanguage::None);
    row("empty", "", ExprLanguage::None);
    row("yaql", "<% ctx().n %>", ExprLanguage::Yaql);
    row("yaql-inline", "a <% 1 %> b", ExprLanguage::Yaql);
    row("yaql-unclosed", "<% ctx().n", ExprLanguage::None);
    row("yaql-multiline-is-not", "<% ctx().n\n %>", ExprLanguage::None);
    row("jinja-expr", "{{ ctx().n }}", ExprLanguage::Jinja);
    row("jinja-block", "{% if true %}x{% endif %}", ExprLanguage::Jinja);
    row("jinja-comment-only", "{# c #}", ExprLanguage::None);
    row("braces", "{ not: jinja }", ExprLanguage::None);
    row("mixed", "<% 1 %> {{ 2 }}", ExprLanguage::Yaql);
}

void TestExprString::detect()
{
    QFETCH(QString, text);
    QFETCH(int, language);
    QCOMPARE(int(detectLanguage(text)), language);
    QCOMPARE(hasExpressions(text), language != int(ExprLanguage::None));
}

void TestExprString::validate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");  // "language|expression|message" per problem, ";"-joined
    auto row = [](const char *name, const char *text, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };
    row("clean-yaql", "<% ctx().a + 1 %>", "");
    row("clean-jinja", "{{ ctx().a + 1 }}", "");
    row("plain", "<%= not an expression", "");
    row("mixed", "<% 1 %> and {{ 2 }}", "|<% 1 %> and {{ 2 }}|Expression with multiple types is not supported.");
    row("yaql-end", "<% ctx().a + %>", "yaql|<% ctx().a + %>|Parse error: unexpected end of statement");
    row("yaql-second-only", "<% 1 %> and <% ) %>",
        "yaql|<% ) %>|Parse error: unexpected ')' at position 0 of expression ')'");
    row("yaql-nested-delimiters", "<% <% succeeded() %>",
        "yaql|<% <% succeeded() %>|Parse error: unexpected '<' at position 0 of expression '<% succeeded()'");
    row("yaql-json-braces", "<% {\"a\": 123} %>",
        "yaql|<% {\"a\": 123} %>|Lexical error: illegal character ':' at position 4");
    row("yaql-two-errors", "<% 1 +/ 2 %> and <% ) %>",
        "yaql|<% 1 +/ 2 %>|Parse error: unexpected '/' at position 3 of expression '1 +/ 2';"
        "yaql|<% ) %>|Parse error: unexpected ')' at position 0 of expression ')'");
    row("yaql-lexical", "<% $.a # %>", "yaql|<% $.a # %>|Lexical error: illegal character '#' at position 4");
}

void TestExprString::validate()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QStringList got;
    for (const ExprProblem &p : validateString(text))
        got << p.language + u'|' + p.expression + u'|' + p.message;
    QCOMPARE(got.join(u';'), expected);
}

void TestExprString::evaluate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");  // JSON, or "!Kind: message"
    auto row = [](const char *name, const char *text, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };
    // plain strings
    row("plain", "no expressions", "\"no expressions\"");
    // YAQL: native type for a whole-string expression
    row("yaql-int", "<% ctx().n %>", "5");
    row("yaql-float", "<% ctx().f %>", "1.5");
    row("yaql-list", "<% ctx().l %>", "[1, 2]");
    row("yaql-dict", "<% ctx().d %>", "{\"k\": \"v\"}");
    row("yaql-null", "<% ctx().none %>", "null");
    row("yaql-bool", "<% ctx().n > 3 %>", "true");
    row("yaql-no-spaces", "<%ctx().n%>", "5");
    // Orquesta evaluates with a context and no data: `$` is unbound at the
    // top level (null), and bound to each item only inside lambdas.
    row("yaql-dollar-is-null", "<% $ %>", "null");
    row("yaql-dollar-interpolated", "x=<% $ %>", "\"x=None\"");
    row("yaql-dollar-attribute",
        "<% $.n %>",
        "!YaqlEvaluationException: Unable to evaluate expression '<% $.n %>'. NoFunctionRegisteredException: "
        "Unknown function \"#property#n\"");
    row("yaql-dollar-in-lambda", "<% ctx().l.select($ * 2) %>", "[2, 4]");
    row("yaql-dollar-in-where", "<% ctx().items.where($.v > 25).len() %>", "1");
    row("yaql-dollar-vars-still-there", "<% $__vars.n %>", "5");
    row("yaql-ctx-key", "<% ctx(n) %>", "5");
    row("yaql-ctx-quoted-key", "<% ctx('s') %>", "\"text\"");
    row("yaql-query", "<% ctx().items.where($.v > 25).select($.name) %>", "[\"b\"]");
    // YAQL: interpolation uses Python's str()
    row("yaql-leading-space", " <% ctx().n %>", "\" 5\"");
    row("yaql-interp-int", "n=<% ctx().n %>", "\"n=5\"");
    row("yaql-interp-list", "l=<% ctx().l %>", "\"l=[1, 2]\"");
    row("yaql-interp-dict", "d=<% ctx().d %>", "\"d={'k': 'v'}\"");
    row("yaql-interp-none", "x=<% ctx().none %>", "\"x=None\"");
    row("yaql-interp-bool", "x=<% ctx().t %>", "\"x=True\"");
    row("yaql-two", "<% ctx().n %><% ctx().s %>", "\"5text\"");
    row("yaql-twice-same", "<% ctx().n %>-<% ctx().n %>", "\"5-5\"");
    // YAQL: recursion
    row("yaql-indirect", "<% ctx().indirect %>", "5");
    row("yaql-chain", "<% ctx().chain %>", "5");
    row("yaql-indirect-text", "<% ctx().mixed_text %>", "\"n is 5\"");
    row("yaql-does-not-run-jinja", "<% ctx().indirect_j %>", "\"{{ ctx().s }}\"");
    // YAQL errors, worded as Orquesta words them
    row("yaql-missing-key", "<% ctx().missing %>",
        "!YaqlEvaluationException: Unable to resolve key 'missing' in expression '<% ctx().missing %>' from context.");
    row("yaql-undefined-var", "<% ctx(missing) %>",
        "!YaqlEvaluationException: Unable to evaluate expression '<% ctx(missing) %>'. VariableUndefinedError: "
        "The variable \"missing\" is undefined.");
    row("yaql-type", "<% ctx().n + 'x' %>",
        "!YaqlEvaluationException: Unable to evaluate expression '<% ctx().n + 'x' %>'. NoMatchingFunctionException: "
        "No function \"#operator_+\" matches supplied arguments");
    row("yaql-grammar", "<% ctx().n + %>",
        "!YaqlEvaluationException: Unable to evaluate expression '<% ctx().n + %>'. YaqlGrammarException: "
        "Parse error: unexpected end of statement");
    row("yaql-property-of-str", "<% ctx().s.value %>",
        "!YaqlEvaluationException: Unable to evaluate expression '<% ctx().s.value %>'. NoFunctionRegisteredException: "
        "Unknown function \"#property#value\"");
    row("yaql-missing-key-in-condition", "<% ctx().t and ctx().d.value %>",
        "!YaqlEvaluationException: Unable to resolve key 'value' in expression '<% ctx().t and ctx().d.value %>' "
        "from context.");
    row("yaql-error-in-second", "a <% 1 %> b <% ctx().nope %>",
        "!YaqlEvaluationException: Unable to resolve key 'nope' in expression '<% ctx().nope %>' from context.");
    row("mixed", "<% 1 %> {{ 2 }}", "!ExpressionEvaluationException");
    // Jinja
    row("jinja-int", "{{ ctx().n }}", "5");
    row("jinja-list", "{{ ctx().l }}", "[1, 2]");
    row("jinja-call-key", "{{ ctx('n') + 1 }}", "6");
    row("jinja-interp", "n={{ ctx().n }}", "\"n=5\"");
    row("jinja-interp-list", "l={{ ctx().l }}", "\"l=[1, 2]\"");
    row("jinja-filter", "{{ ctx().s | upper }}", "\"TEXT\"");
    row("jinja-block", "{% for i in ctx().l %}<{{ i }}>{% endfor %}", "\"<1><2>\"");
    row("jinja-if", "{% if ctx().n > 3 %}big{% else %}small{% endif %}", "\"big\"");
    row("jinja-raw", "{% raw %}{{ kept }}{% endraw %} {{ ctx().n }}", "\"{{ kept }} 5\"");
    row("jinja-block-undefined", "{% for i in ctx().l %}{{ ctx().nope }}{% endfor %}",
        "!JinjaEvaluationException: Unable to evaluate expression '{% for i in ctx().l %}{{ ctx().nope }}{% endfor %}'. "
        "UndefinedError");
    row("jinja-block-output-expanded", "{% for i in ctx().l %}{% endfor %}{{ ctx().indirect_j }}", "\"text\"");
    row("jinja-two-raw", "{% raw %}{{ a }}{% endraw %} + {% raw %}b{% endraw %}", "\"{{ a }} + b\"");
    row("jinja-expr-block-raw", "{{ ctx().s }}{% for i in ctx().l %}{{ i }}{% endfor %} {% raw %}{{ 9 }}{% endraw %}",
        "\"text12 {{ 9 }}\"");
    row("jinja-current-item", "{{ __current_item.id }}", "7");
    row("jinja-vars", "{{ __vars.s }}", "\"text\"");
    row("jinja-data-not-toplevel", "{{ s }}", "!JinjaEvaluationException: There are unresolved variables: s");
    row("jinja-indirect", "{{ ctx().indirect_j }}", "\"text\"");
    row("jinja-missing-attr", "{{ ctx().missing }}",
        "!JinjaEvaluationException: There are unresolved variables: ctx().missing");
    row("jinja-undefined-var", "{{ ctx('missing') }}",
        "!JinjaEvaluationException: Unable to evaluate expression '{{ ctx('missing') }}'. VariableUndefinedError: "
        "The variable \"missing\" is undefined.");
    row("jinja-attr-of-undefined", "{{ nothing.attr }}",
        "!JinjaEvaluationException: Unable to evaluate expression '{{ nothing.attr }}'. UndefinedError");
    row("jinja-zero-division", "{{ 1 / 0 }}",
        "!JinjaEvaluationException: Unable to evaluate expression '{{ 1 / 0 }}'. ZeroDivisionError");
}

void TestExprString::evaluate()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QString actual;
    try {
        actual = json::toString(evaluateString(text, data()));
    } catch (const SquallException &e) {
        actual = QStringLiteral("!%1: %2").arg(e.error().kind, e.error().message);
    }
    if (expected.startsWith(u'!')) {
        QVERIFY2(actual.startsWith(expected), qPrintable(QStringLiteral("got %1").arg(actual)));
    } else {
        json::ParseError err;
        const Value want = json::parse(QStringView(expected), &err);
        QVERIFY(err.ok());
        QCOMPARE(actual, json::toString(want));
    }
}

void TestExprString::opaqueInputsStayData()
{
    Value d = data();
    d.dictRef().insert(QStringLiteral("secret"), QStringLiteral("s3cr3t"));
    d.dictRef().insert(QStringLiteral("input"), QStringLiteral("<% ctx().secret %>"));
    d.dictRef().insert(QStringLiteral("jinput"), QStringLiteral("{{ ctx().secret }}"));
    // Without the opaque set, Orquesta's behaviour: the input is evaluated again.
    QCOMPARE(evaluateString(QStringLiteral("<% ctx().input %>"), d).toString(), QStringLiteral("s3cr3t"));
    QCOMPARE(evaluateString(QStringLiteral("{{ ctx().jinput }}"), d).toString(), QStringLiteral("s3cr3t"));
    // With it, the input text is data.
    const QSet<QString> opaque {QStringLiteral("<% ctx().secret %>"), QStringLiteral("{{ ctx().secret }}")};
    QCOMPARE(evaluateString(QStringLiteral("<% ctx().input %>"), d, &opaque).toString(),
             QStringLiteral("<% ctx().secret %>"));
    QCOMPARE(evaluateString(QStringLiteral("got <% ctx().input %>"), d, &opaque).toString(),
             QStringLiteral("got <% ctx().secret %>"));
    QCOMPARE(evaluateString(QStringLiteral("{{ ctx().jinput }}"), d, &opaque).toString(),
             QStringLiteral("{{ ctx().secret }}"));
    QCOMPARE(evaluateString(QStringLiteral("x {{ ctx().jinput }}"), d, &opaque).toString(),
             QStringLiteral("x {{ ctx().secret }}"));
    // Workflow-authored indirection still works next to opaque inputs.
    QCOMPARE(evaluateString(QStringLiteral("<% ctx().indirect %>"), d, &opaque).toInt(), 5);
}

void TestExprString::selfReferenceStops()
{
    const Value d = json::parse(QByteArray("{\"a\": \"<% ctx().a %>\", \"j\": \"{{ ctx().j }}\"}"));
    try {
        evaluateString(QStringLiteral("<% ctx().a %>"), d);
        QFAIL("no error");
    } catch (const SquallException &e) {
        QCOMPARE(e.error().kind, QStringLiteral("YaqlEvaluationException"));
        QVERIFY2(e.error().message.startsWith(QStringLiteral("Unable to evaluate expression '<% ctx().a %>'. RecursionError")),
                 qPrintable(e.error().message));
    }
    try {
        evaluateString(QStringLiteral("{{ ctx().j }}"), d);
        QFAIL("no error");
    } catch (const SquallException &e) {
        QCOMPARE(e.error().kind, QStringLiteral("JinjaEvaluationException"));
    }
    // Deeply nested input is a grammar error, not a crash.
    const QString deep = QString(5000, u'(') + u'1' + QString(5000, u')');
    QVERIFY(!validateString(QStringLiteral("<% ") + deep + QStringLiteral(" %>")).isEmpty());
}

void TestExprString::recursiveValues()
{
    const Value spec = json::parse(QByteArray(
        "{\"<% ctx().k %>\": \"<% ctx().n %>\", \"list\": [\"<% ctx().s %>\", \"plain\", 3,"
        " {\"{{ ctx().n }}\": \"{{ ctx().l }}\"}], \"num\": 1}"));
    const Value out = evaluateValue(spec, data());
    QCOMPARE(json::toString(out),
             json::toString(json::parse(QByteArray(
                 "{\"key\": 5, \"list\": [\"text\", \"plain\", 3, {\"5\": [1, 2]}], \"num\": 1}"))));
    QCOMPARE(evaluateValue(Value(qint64(3)), data()).toInt(), 3);
    QVERIFY(evaluateValue(Value(), data()).isNull());
    const QList<ExprProblem> problems = validateValue(json::parse(QByteArray(
        "{\"<% ) %>\": [\"ok\", \"{{ 1 }} <% 2 %>\"]}")));
    QCOMPARE(problems.size(), 2);
    QCOMPARE(problems.at(0).language, QStringLiteral("yaql"));
    QCOMPARE(problems.at(1).message, QStringLiteral("Expression with multiple types is not supported."));
}

void TestExprString::dataScope()
{
    const Value d = data();
    DataScope scope(d);
    Value v;
    QVERIFY(scope.lookup(u"__vars", &v));
    QCOMPARE(v, d);
    QVERIFY(scope.lookup(u"__current_item", &v));
    QCOMPARE(v[u"id"].toInt(), 7);
    QVERIFY(scope.lookup(u"__state", &v));
    QVERIFY(v.isNull());
    QVERIFY(!scope.lookup(u"n", &v));
    QCOMPARE(&scope.data(), &d);
}

void TestExprString::parentScope()
{
    const DictScope parent(makeDict({{QStringLiteral("extra"), 42}}));
    QCOMPARE(evaluateString(QStringLiteral("{{ extra }}"), data(), nullptr, &parent).toInt(), 42);
}

void TestExprString::extract_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("vars");
    auto row = [](const char *name, const char *text, QStringList vars) {
        QTest::newRow(name) << QString::fromUtf8(text) << vars;
    };
    row("none", "plain ctx().x", {});
    row("yaql-dot", "<% ctx().a %>", {QStringLiteral("a")});
    row("yaql-forms", "<% ctx().d and ctx(b) and ctx('c') and ctx(\"a\") %>",
        {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")});
    row("yaql-nested", "<% ctx().x.y.z %>", {QStringLiteral("x")});
    row("yaql-method-on-var", "<% ctx().x.where($ > 1) %>", {QStringLiteral("x")});
    row("yaql-bare-ctx", "<% ctx() %>", {});
    row("yaql-dollar-not-extracted", "<% $.x %>", {});
    row("jinja", "{{ ctx().j }} and {{ ctx('k') }}", {QStringLiteral("j"), QStringLiteral("k")});
    row("jinja-block-not-scanned", "{% if ctx().b %}x{% endif %}", {});
    row("dash-ends-reference", "<% ctx().my-var %>", {QStringLiteral("my")});
    row("dedup", "<% ctx().a %> <% ctx().a %>", {QStringLiteral("a")});
}

void TestExprString::extract()
{
    QFETCH(QString, text);
    QFETCH(QStringList, vars);
    QCOMPARE(extractContextVariables(text), vars);
}

void TestExprString::extractTriples()
{
    const Value spec = json::parse(QByteArray(
        "{\"input\": [\"<% ctx().zed %>\", \"{{ ctx().alpha }}\"], \"<% ctx(key) %>\": 1}"));
    const QList<ContextVariable> vars = extractVariables(spec);
    QCOMPARE(vars.size(), 3);
    QCOMPARE(vars.at(0).name, QStringLiteral("alpha"));
    QCOMPARE(int(vars.at(0).language), int(ExprLanguage::Jinja));
    QCOMPARE(vars.at(0).statement, QStringLiteral("{{ ctx().alpha }}"));
    QCOMPARE(vars.at(1).name, QStringLiteral("key"));
    QCOMPARE(vars.at(2).name, QStringLiteral("zed"));
    QCOMPARE(int(vars.at(2).language), int(ExprLanguage::Yaql));
}

QTEST_GUILESS_MAIN(TestExprString)
#include "tst_exprstring.moc"
