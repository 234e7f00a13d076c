#include "TestUtil.h"

#include "expr/Functions.h"

#include <QTest>

using namespace squall;
using namespace squall::expr;
using squall::expr::test::parseJson;
using squall::expr::test::renderOrError;

// StackStorm's custom filters. Expected outputs follow st2's own unit tests
// (st2common/tests/unit/test_jinja_render_*_filters.py) and Python's json/yaml.
class TestSt2Functions final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void st2_data();
    void st2();
    void registryContents();
};

void TestSt2Functions::st2_data()
{
    QTest::addColumn<QString>("tpl");
    QTest::addColumn<QString>("ctx");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *tpl, const char *expected, const char *ctx = "") {
        QTest::newRow(name) << QString::fromUtf8(tpl) << QString::fromUtf8(ctx) << QString::fromUtf8(expected);
    };
    const char *obj = "{\"k1\": {\"a\": \"b\", \"c\": {\"d\": \"e\", \"f\": 1, \"g\": true}}}";
    // data
    row("to_json_string", "{{ k1 | to_json_string }}", "{\"a\": \"b\",\"c\": {\"d\": \"e\",\"f\": 1,\"g\": true}}", obj);
    row("to_json_string-indent-sort", "{{ {'b': 1, 'a': [1, 2]} | to_json_string(indent=2, sort_keys=true) }}",
        "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": 1\n}");
    row("to_json_string-separators", "{{ {'a': 1, 'b': 2} | to_json_string(separators=[',', ':']) }}", "{\"a\":1,\"b\":2}");
    row("json_dump-alias", "{{ json_dump([1, 'x']) }}", "[1,\"x\"]");
    row("to_complex", "{{ k1 | to_complex }}", "{\"a\": \"b\", \"c\": {\"d\": \"e\", \"f\": 1, \"g\": true}}", obj);
    row("to_complex-ascii", "{{ 'h\\u00e9llo \"x\"' | to_complex }}", "\"h\\u00e9llo \\\"x\\\"\"");
    row("to_complex-scalars", "{{ none | to_complex }} {{ 1.5 | to_complex }} {{ 'a' | to_complex }}", "null 1.5 \"a\"");
    row("from_json_string", "{{ ('{\"a\": [1, 2.5, null]}' | from_json_string).a }}", "[1, 2.5, None]");
    row("json_parse-alias", "{{ json_parse('{\"x\": true}') }}", "{'x': True}");
    row("from_json_string-bad", "{{ '{bad' | from_json_string }}", "!JSONDecodeError");
    row("from_yaml_string", "{{ 'a: 1\\nb: [x, yes]' | from_yaml_string }}", "{'a': 1, 'b': ['x', True]}");
    row("to_yaml_string", "{{ k1 | to_yaml_string }}", "a: b\nc:\n  d: e\n  f: 1\n  g: true\n", obj);
    row("to_yaml_string-list", "{{ {'l': [1, 'x', none]} | to_yaml_string }}", "l:\n- 1\n- x\n- null\n");
    row("json_escape-quotes", "{{ test_str | json_escape }}", "foo \\\"\\\"\\\" bar", "{\"test_str\": \"foo \\\"\\\"\\\" bar\"}");
    row("json_escape-backslash", "{{ test_str | json_escape }}", "foo \\\\ bar", "{\"test_str\": \"foo \\\\ bar\"}");
    row("json_escape-controls", "{{ test_str | json_escape }}", "foo \\b \\f \\n \\r \\t bar",
        "{\"test_str\": \"foo \\b \\f \\n \\r \\t bar\"}");
    row("use_none", "{{ none | use_none }}|{{ 'x' | use_none }}|{{ 0 | use_none }}", "%*****__%NONE%__*****%|x|0");
    // jsonpath
    const char *people = "{\"obj\": {\"people\": [{\"first\": \"James\", \"last\": \"d\"}, {\"first\": \"Jacob\", \"last\": \"e\"},"
                         " {\"first\": \"Jayden\", \"last\": \"f\"}, {\"missing\": \"different\"}], \"foo\": {\"bar\": \"baz\"}},"
                         " \"query\": \"people[*].last\"}";
    row("jsonpath-static", "{{ obj | jsonpath_query('people[*].first') }}", "['James', 'Jacob', 'Jayden']", people);
    row("jsonpath-dynamic", "{{ obj | jsonpath_query(query) }}", "['d', 'e', 'f']", people);
    row("jsonpath-none", "{{ obj | jsonpath_query('query_returns_no_results') }}", "None", people);
    row("jsonpath-dollar", "{{ obj | jsonpath_query('$.foo.bar') }}", "['baz']", people);
    row("jsonpath-index", "{{ obj | jsonpath_query('people[1].first') }}", "['Jacob']", people);
    row("jsonpath-descend", "{{ obj | jsonpath_query('$..bar') }}", "['baz']", people);
    row("jsonpath-descend-list", "{{ obj | jsonpath_query('..first') }}", "['James', 'Jacob', 'Jayden']", people);
    row("jsonpath-quoted", "{{ {'a b': 1} | jsonpath_query(\"['a b']\") }}", "[1]");
    // regex
    row("regex_match", "{{ k1 | regex_match('x') }} {{ k1 | regex_match('y') }}", "True False", "{\"k1\": \"xyz\"}");
    row("regex_match-version", "{{ k1 | regex_match('^v(\\\\d+\\\\.)?(\\\\d+\\\\.)?(\\\\*|\\\\d+)$') }}", "True", "{\"k1\": \"v0.10.1\"}");
    row("regex_match-ignorecase", "{{ 'XYZ' | regex_match('x', true) }} {{ 'XYZ' | regex_match('x') }}", "True False");
    row("regex_search", "{{ k1 | regex_search('x') }} {{ k1 | regex_search('y') }} {{ k1 | regex_search('q') }}", "True True False",
        "{\"k1\": \"xyz\"}");
    row("regex_search-nonstring", "{{ 12345 | regex_search('34') }}", "True");
    row("regex_replace", "{{ k1 | regex_replace('x', 'y') }}", "yyz", "{\"k1\": \"xyz\"}");
    row("regex_replace-group", "{{ k1 | regex_replace('(blue|white|red)', 'color') }}", "color socks and color shoes",
        "{\"k1\": \"blue socks and red shoes\"}");
    row("regex_replace-backref", "{{ 'john smith' | regex_replace('(\\\\w+) (\\\\w+)', '\\\\2, \\\\g<1>') }}", "smith, john");
    row("regex_replace-named", "{{ 'a=1' | regex_replace('(?P<k>\\\\w)=(?P<v>\\\\d)', '\\\\g<v>=\\\\g<k>') }}", "1=a");
    row("regex_substring", "{{ k1 | regex_substring('(127.0.0.1)') }}", "127.0.0.1", "{\"k1\": \"hello this is 127.0.0.1, your home\"}");
    row("regex_substring-index", "{{ 'a1 b2 c3' | regex_substring('[a-z](\\\\d)', 2) }}", "3");
    row("regex_substring-nomatch", "{{ k1 | regex_substring('(127.0.0.1)') }}", "!IndexError: list index out of range",
        "{\"k1\": \"hello this is 127.0.0.2, your home\"}");
    row("regex-Z", "{{ 'abc' | regex_search('c\\\\Z') }} {{ 'abc\\n' | regex_search('c\\\\Z') }}", "True False");
    row("regex-bad", "{{ 'abc' | regex_search('(') }}", "!re.error");
    // time
    row("human-time", "{{ k1 | to_human_time_from_seconds }}", "3h25m45s", "{\"k1\": 12345}");
    row("human-time-zero", "{{ 0 | to_human_time_from_seconds }}", "0s");
    row("human-time-small", "{{ 3785 | to_human_time_from_seconds }} {{ 59 | to_human_time_from_seconds }} {{ 60 | to_human_time_from_seconds }}",
        "1h3m5s 59s 1m0s");
    row("human-time-days", "{{ 90061 | to_human_time_from_seconds }} {{ 34560000 | to_human_time_from_seconds }}",
        "1d1h1m1s 1y4d0h0m0s");
    row("human-time-float", "{{ 59.6 | to_human_time_from_seconds }} {{ 0.5 | to_human_time_from_seconds }}", "1m0s 0.5\xce\xbcs");
    row("human-time-str", "{{ 'stuff' | to_human_time_from_seconds }}", "!AssertionError");
    // versions (st2's test_jinja_render_version_filters.py)
    row("version_compare", "{{ '0.9.0' | version_compare('0.10.0') }} {{ '0.10.1' | version_compare('0.10.0') }} {{ '0.10.0' | version_compare('0.10.0') }}",
        "-1 1 0");
    row("version_more_than", "{{ '0.9.0' | version_more_than('0.10.0') }} {{ '0.10.1' | version_more_than('0.10.0') }} {{ '0.10.0' | version_more_than('0.10.0') }}",
        "False True False");
    row("version_less_than", "{{ '0.9.0' | version_less_than('0.10.0') }} {{ '0.10.1' | version_less_than('0.10.0') }}", "True False");
    row("version_equal", "{{ '0.9.0' | version_equal('0.10.0') }} {{ '0.10.0' | version_equal('0.10.0') }}", "False True");
    row("version_match", "{{ '0.10.1' | version_match('>0.10.0') }} {{ '0.1.1' | version_match('>0.10.0') }} "
                         "{{ '0.1.0' | version_match('<0.10.0') }} {{ '1.1.0' | version_match('<0.10.0') }} "
                         "{{ '0.10.0' | version_match('==0.10.0') }} {{ '0.10.1' | version_match('==0.10.0') }} "
                         "{{ '1.0.0' | version_match('>=1.0.0') }} {{ '1.0.0' | version_match('!=1.0.0') }}",
        "True False True False True False True False");
    row("version_prerelease", "{{ '1.0.0-alpha' | version_compare('1.0.0') }} {{ '1.0.0-alpha.2' | version_compare('1.0.0-alpha.10') }}", "-1 -1");
    row("version_bump", "{{ '0.10.1' | version_bump_major }} {{ '0.10.1' | version_bump_minor }} {{ '0.10.1' | version_bump_patch }} {{ '0.10.1' | version_strip_patch }}",
        "1.0.0 0.11.0 0.10.2 0.10");
    row("version-invalid", "{{ '1.0' | version_bump_major }}", "!ValueError: 1.0 is not valid SemVer string");
    row("version-match-bad", "{{ '1.0.0' | version_match('1.0.0') }}", "!ValueError");
    // paths
    row("basename", "{{ '/etc/st2/st2.conf' | basename }}|{{ 'file' | basename }}|{{ '/a/b/' | basename }}", "st2.conf|file|");
    row("dirname", "{{ '/etc/st2/st2.conf' | dirname }}|{{ 'file' | dirname }}|{{ '/a' | dirname }}|{{ '/a/b/' | dirname }}",
        "/etc/st2||/|/a/b");
    // as globals (orquesta style) and the `in` test
    row("as-global", "{{ basename('/x/y') }} {{ to_json_string({'a': 1}) }} {{ regex_match('abc', 'a') }}", "y {\"a\": 1} True");
    row("in-test", "{{ 'a' is in ['a', 'b'] }} {{ 'c' is in ['a', 'b'] }}", "True False");
    row("decrypt_kv-default", "{{ 'x' | decrypt_kv }}", "!TemplateError");
}

void TestSt2Functions::st2()
{
    QFETCH(QString, tpl);
    QFETCH(QString, ctx);
    QFETCH(QString, expected);
    const QString out = renderOrError(tpl, parseJson(ctx));
    if (expected.startsWith(u'!') && !expected.contains(u':'))
        QVERIFY2(out.startsWith(expected + u':'), qPrintable(out));
    else
        QCOMPARE(out, expected);
}

void TestSt2Functions::registryContents()
{
    const QStringList filters = FunctionRegistry::instance().filterNames();
    for (const char *name : {"from_json_string", "from_yaml_string", "json_escape", "jsonpath_query", "to_complex",
                             "to_json_string", "to_yaml_string", "use_none", "regex_match", "regex_replace", "regex_search",
                             "regex_substring", "to_human_time_from_seconds", "version_compare", "version_more_than",
                             "version_less_than", "version_equal", "version_match", "version_bump_major",
                             "version_bump_minor", "version_bump_patch", "version_strip_patch", "basename", "dirname",
                             "decrypt_kv", "json_parse", "json_dump", "yaml_parse", "yaml_dump"}) {
        QVERIFY2(filters.contains(QLatin1StringView(name)), name);
        QVERIFY2(FunctionRegistry::instance().hasGlobal(QString::fromLatin1(name)), name);
    }
    QVERIFY(!FunctionRegistry::instance().hasGlobal(u"upper"));
    QVERIFY(FunctionRegistry::instance().hasGlobal(u"range"));
    QVERIFY(!FunctionRegistry::instance().hasFilter(u"range"));
}

QTEST_GUILESS_MAIN(TestSt2Functions)
#include "tst_st2functions.moc"
