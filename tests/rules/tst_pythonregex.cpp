// The regex operators against Python 3's `re` on str: each row was checked
// with CPython 3.8-3.10 (`re.search`, or `re.match` for matchregex).
#include "base/Error.h"
#include "base/Json.h"
#include "rules/Operators.h"
#include "rules/PythonRegex.h"

#include <QTest>

using namespace squall;
using namespace squall::rules;

class TestPythonRegex final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void operators_data();
    void operators();
    void badPatterns_data();
    void badPatterns();
    void nonStringValues_data();
    void nonStringValues();
    void patternsCompileOnce();
};

void TestPythonRegex::operators_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<bool>("expected");

    const auto row = [](const char *tag, const char *op, const QString &pattern, const QString &subject, bool expected) {
        QTest::newRow(tag) << QString::fromLatin1(op) << pattern << subject << expected;
    };
    const auto u = [](const char *s) { return QString::fromUtf8(s); };

    // Unicode classes, as Python's str patterns have them.
    row("\\d arabic-indic", "regex", u("^\\d$"), u("٣"), true);
    row("\\d devanagari", "regex", u("^\\d+$"), u("१२३"), true);
    row("\\d not superscript", "regex", u("\\d"), u("²"), false);
    row("\\D arabic-indic", "regex", u("\\D"), u("٣"), false);
    row("\\w e-acute", "regex", u("^\\w$"), u("é"), true);
    row("\\w underscore", "regex", u("^\\w$"), u("_"), true);
    row("\\w CJK", "regex", u("^\\w+$"), u("漢字"), true);
    row("\\w roman numeral (Nl)", "regex", u("^\\w$"), u("Ⅻ"), true);
    row("\\w not combining mark", "regex", u("^\\w$"), u("\xcc\x81"), false);
    row("\\w not dash", "regex", u("\\w"), u("-"), false);
    row("\\W e-acute", "regex", u("\\W"), u("é"), false);
    row("\\s nbsp", "regex", u("^\\s$"), u("\xc2\xa0"), true);
    row("\\s em space", "regex", u("^\\s$"), u("\xe2\x80\x83"), true);
    row("\\s ideographic space", "regex", u("^\\s$"), u("\xe3\x80\x80"), true);
    row("\\s file separator", "regex", u("^\\s$"), u("\x1c"), true);
    row("\\s not mongolian vowel sep", "regex", u("\\s"), u("\xe1\xa0\x8e"), false);
    row("\\s not zero width space", "regex", u("\\s"), u("\xe2\x80\x8b"), false);
    row("\\S nbsp", "regex", u("\\S"), u("\xc2\xa0"), false);
    row("[\\s] class nbsp", "regex", u("^[\\sx]$"), u("\xc2\xa0"), true);
    row("[\\w] class e-acute", "regex", u("^[\\w.]+$"), u("é.x"), true);
    row("\\b unicode word", "regex", u("\\bcafé\\b"), u("un café noir"), true);
    row("\\b inside word", "regex", u("\\bfé\\b"), u("café"), false);
    row("(?a) \\d ascii", "regex", u("(?a)\\d"), u("٣"), false);
    row("(?a) \\w ascii", "regex", u("(?a)^\\w$"), u("é"), false);
    row("(?a:) scoped ascii", "regex", u("(?a:\\w)"), u("é"), false);
    row("(?a:) scoped \\b", "regex", u("(?a:\\bx)"), u("éx"), true);
    row("iregex unicode case", "iregex", u("^ÉTÉ$"), u("été"), true);
    row("regex case sensitive", "regex", u("été"), u("ÉTÉ"), false);

    // match vs search.
    row("matchregex anchors start", "matchregex", u("b"), u("ab"), false);
    row("matchregex not end", "matchregex", u("a"), u("ab"), true);
    row("matchregex dotall", "matchregex", u("a.b"), u("a\nb"), true);
    row("regex searches", "regex", u("b"), u("ab"), true);
    row("regex dot no newline", "regex", u("a.b"), u("a\nb"), false);
    row("regex dot matches CR", "regex", u("a.b"), u("a\rb"), true);
    row("iregex", "iregex", u("HELLO"), u("say hello"), true);

    // Anchors.
    row("$ before final newline", "regex", u("abc$"), u("abc\n"), true);
    row("$ not before inner newline", "regex", u("abc$"), u("abc\nx"), false);
    row("\\Z absolute end", "regex", u("abc\\Z"), u("abc\n"), false);
    row("\\Z at end", "regex", u("abc\\Z"), u("xabc"), true);
    row("\\A start", "regex", u("\\Aab"), u("ab"), true);
    row("(?m) multiline", "regex", u("(?m)^b$"), u("a\nb\nc"), true);
    row("no multiline", "regex", u("^b$"), u("a\nb\nc"), false);

    // Python syntax.
    row("named group", "regex", u("(?P<word>ab)(?P=word)"), u("abab"), true);
    row("named backref mismatch", "matchregex", u("(?P<w>a+)-(?P=w)$"), u("aa-a"), false);
    row("numbered backref", "regex", u("(a)(b)\\2\\1"), u("abba"), true);
    row("conditional by name", "regex", u("(?P<q>\")?x(?(q)\"|$)"), u("\"x\""), true);
    row("inline (?i)", "regex", u("(?i)abc"), u("ABC"), true);
    row("inline (?i) late applies globally", "regex", u("a(?i)bc"), u("ABC"), true);
    row("scoped (?i:)", "regex", u("a(?i:b)c"), u("aBc"), true);
    row("scoped (?i:) only inside", "regex", u("a(?i:b)c"), u("ABC"), false);
    row("scoped (?-i:)", "iregex", u("a(?-i:b)"), u("AB"), false);
    row("inline (?s)", "regex", u("(?s)a.b"), u("a\nb"), true);
    row("verbose", "regex", u("(?x) a b  # comment\n c"), u("abc"), true);
    row("verbose escaped space", "regex", u("(?x)a\\ b"), u("a b"), true);
    row("verbose class keeps space", "regex", u("(?x)a[ ]b"), u("a b"), true);
    row("comment group", "regex", u("a(?#note)b"), u("ab"), true);
    row("{,2} is {0,2}", "regex", u("^a{,2}$"), u("aa"), true);
    row("{,2} not three", "regex", u("^a{,2}$"), u("aaa"), false);
    row("{ literal", "regex", u("a{b"), u("a{b"), true);
    row("{x} literal", "regex", u("^a{x}$"), u("a{x}"), true);
    row("{} literal", "regex", u("^a{}$"), u("a{}"), true);
    row("lazy", "matchregex", u("a+?$"), u("aaa"), true);
    row("\\v is vertical tab", "regex", u("^\\v$"), u("\x0b"), true);
    row("\\v not newline", "regex", u("\\v"), u("\n"), false);
    row("\\x hex", "regex", u("\\x41"), u("A"), true);
    row("\\u escape", "regex", u("\\u00e9"), u("é"), true);
    row("\\U escape", "regex", u("\\U0001F600"), u("\xf0\x9f\x98\x80"), true);
    row("\\0 octal", "regex", u("a\\0"), QStringLiteral("a") + QChar(0), true);
    row("\\101 octal", "regex", u("\\101"), u("A"), true);
    row("[[:alpha:]] is not POSIX", "regex", u("^[[:alpha:]]+$"), u("abc"), false);
    row("[[:alpha:]] literal class", "regex", u("^[[:alph]]$"), u(":]"), true);
    row("\\w then dash at end", "regex", u("^[\\w-]+$"), u("a-b"), true);
    row("dash first then \\d", "regex", u("^[-\\d]+$"), u("-1"), true);
    row("range, dash, \\d", "regex", u("^[a-z-\\d]+$"), u("a-1"), true);
    row("] first in class", "regex", u("^[]a]+$"), u("]a"), true);
    row("[\\b] backspace", "regex", u("[\\b]"), u("\x08"), true);
    row("escaped dot", "regex", u("a\\.b"), u("axb"), false);
    row("escaped non-ascii", "regex", u("\\é"), u("é"), true);
    row("astral literal", "regex", u("^.$"), u("\xf0\x9f\x98\x80"), true);
    row("lookbehind", "regex", u("(?<=a)b"), u("ab"), true);
    row("negative lookahead", "regex", u("a(?!b)"), u("ab"), false);
}

void TestPythonRegex::operators()
{
    QFETCH(QString, op);
    QFETCH(QString, pattern);
    QFETCH(QString, subject);
    QFETCH(bool, expected);
    QCOMPARE(applyOperator(op, Value(subject), Value(pattern)), expected);
    // The same through a compiled-once pattern (the path static criteria take).
    const std::optional<Operator> o = operatorFromName(op);
    QVERIFY(o.has_value());
    const std::optional<QRegularExpression> re = compileOperatorPattern(*o, pattern);
    QVERIFY(re.has_value());
    QCOMPARE(applyOperator(*o, Value(subject), Value(pattern), &*re), expected);
}

void TestPythonRegex::badPatterns_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("message");  // part of Python's re.error message
    QTest::newRow("unbalanced (") << QStringLiteral("(a") << QStringLiteral("missing ), unterminated subpattern");
    QTest::newRow("unbalanced )") << QStringLiteral("a)") << QStringLiteral("unbalanced parenthesis");
    QTest::newRow("unterminated class") << QStringLiteral("[a") << QStringLiteral("unterminated character set");
    QTest::newRow("nothing to repeat") << QStringLiteral("*a") << QStringLiteral("nothing to repeat");
    QTest::newRow("repeat anchor") << QStringLiteral("^*") << QStringLiteral("nothing to repeat");
    QTest::newRow("multiple repeat") << QStringLiteral("a**") << QStringLiteral("multiple repeat");
    QTest::newRow("possessive (3.11+ only)") << QStringLiteral("a*+") << QStringLiteral("multiple repeat");
    QTest::newRow("atomic group (3.11+ only)") << QStringLiteral("(?>a)") << QStringLiteral("unknown extension");
    QTest::newRow("bad escape \\q") << QStringLiteral("\\q") << QStringLiteral("bad escape \\q");
    QTest::newRow("PCRE \\h") << QStringLiteral("\\h") << QStringLiteral("bad escape \\h");
    QTest::newRow("PCRE \\K") << QStringLiteral("a\\Kb") << QStringLiteral("bad escape \\K");
    QTest::newRow("PCRE \\p{L}") << QStringLiteral("\\p{L}") << QStringLiteral("bad escape \\p");
    QTest::newRow("\\z (3.14+ only)") << QStringLiteral("a\\z") << QStringLiteral("bad escape \\z");
    QTest::newRow("PCRE (?<name>)") << QStringLiteral("(?<n>a)") << QStringLiteral("unknown extension ?<n");
    QTest::newRow("PCRE branch reset") << QStringLiteral("(?|a)") << QStringLiteral("unknown extension");
    QTest::newRow("PCRE recursion") << QStringLiteral("(a)(?1)") << QStringLiteral("unknown extension");
    QTest::newRow("PCRE (?P>name)") << QStringLiteral("(?P<n>a)(?P>n)") << QStringLiteral("unknown extension ?P>");
    QTest::newRow("unknown group name") << QStringLiteral("(?P=x)") << QStringLiteral("unknown group name 'x'");
    QTest::newRow("backref to open group") << QStringLiteral("(a\\1)") << QStringLiteral("cannot refer to an open group");
    QTest::newRow("invalid group reference") << QStringLiteral("(a)\\2") << QStringLiteral("invalid group reference 2");
    QTest::newRow("incomplete \\x") << QStringLiteral("\\x4") << QStringLiteral("incomplete escape \\x4");
    QTest::newRow("\\x{41} is not Python") << QStringLiteral("\\x{41}") << QStringLiteral("incomplete escape \\x at");
    QTest::newRow("min > max") << QStringLiteral("a{3,1}") << QStringLiteral("min repeat greater than max repeat");
    QTest::newRow("bad range") << QStringLiteral("[z-a]") << QString();
    QTest::newRow("L flag") << QStringLiteral("(?L)a") << QStringLiteral("cannot use 'L' flag with a str pattern");
    QTest::newRow("a and u") << QStringLiteral("(?au)a") << QStringLiteral("incompatible");
    QTest::newRow("bad group name") << QStringLiteral("(?P<1a>x)") << QStringLiteral("bad character in group name");
    QTest::newRow("duplicate group name") << QStringLiteral("(?P<a>x)(?P<a>y)") << QStringLiteral("redefinition of group name");
    QTest::newRow("trailing backslash") << QStringLiteral("a\\") << QStringLiteral("bad escape (end of pattern)");
    QTest::newRow("range from \\w") << QStringLiteral("[\\w-z]") << QStringLiteral("bad character range");
    QTest::newRow("range to \\d") << QStringLiteral("[a-\\d]") << QStringLiteral("bad character range");
    QTest::newRow("\\A in class") << QStringLiteral("[\\A]") << QStringLiteral("bad escape \\A");
}

void TestPythonRegex::badPatterns()
{
    QFETCH(QString, pattern);
    QFETCH(QString, message);
    try {
        compilePythonRegex(pattern);
        QFAIL("the pattern compiled");
    } catch (const SquallException &e) {
        QCOMPARE(e.error().kind, QStringLiteral("re.error"));
        QVERIFY2(e.error().message.contains(message), qPrintable(e.error().message));
    }
    // Through the operator: an error (a failed criterion), never a silent false.
    try {
        applyOperator(QStringLiteral("regex"), Value(QStringLiteral("abc")), Value(pattern));
        QFAIL("the operator did not raise");
    } catch (const SquallException &e) {
        QCOMPARE(e.error().kind, QStringLiteral("re.error"));
    }
}

void TestPythonRegex::nonStringValues_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<QString>("value");    // JSON
    QTest::addColumn<QString>("pattern");  // JSON
    QTest::addColumn<QString>("kind");     // the Python exception
    // re.search(pattern, 123) raises; StackStorm does not str() the value.
    QTest::newRow("regex int") << "regex" << "123" << "\"1\"" << "TypeError";
    QTest::newRow("regex null") << "regex" << "null" << "\".\"" << "TypeError";
    QTest::newRow("regex list") << "regex" << "[\"a\"]" << "\"a\"" << "TypeError";
    QTest::newRow("iregex bool") << "iregex" << "true" << "\"t\"" << "TypeError";
    QTest::newRow("matchregex dict") << "matchregex" << "{}" << "\".\"" << "TypeError";
    QTest::newRow("regex int pattern") << "regex" << "\"1\"" << "1" << "TypeError";
    QTest::newRow("matchwildcard int") << "matchwildcard" << "1" << "\"*\"" << "TypeError";
}

void TestPythonRegex::nonStringValues()
{
    QFETCH(QString, op);
    QFETCH(QString, value);
    QFETCH(QString, pattern);
    QFETCH(QString, kind);
    try {
        applyOperator(op, json::parse(QStringView(value)), json::parse(QStringView(pattern)));
        QFAIL("no exception");
    } catch (const SquallException &e) {
        QCOMPARE(e.error().kind, kind);
    }
    // A null pattern is False before anything else is looked at.
    QCOMPARE(applyOperator(op, json::parse(QStringView(value)), Value()), false);
}

void TestPythonRegex::patternsCompileOnce()
{
    const QRegularExpression a = compilePythonRegex(QStringLiteral("^\\w+$"));
    const QRegularExpression b = compilePythonRegex(QStringLiteral("^\\w+$"));
    QCOMPARE(a, b);
    QRegularExpression::PatternOptions options;
    QCOMPARE(translatePythonRegex(QStringLiteral("a\\Z"), {}, &options), QStringLiteral("a\\z"));
    QVERIFY(options.testFlag(QRegularExpression::UseUnicodePropertiesOption));
    translatePythonRegex(QStringLiteral("(?a)x"), {}, &options);
    QVERIFY(!options.testFlag(QRegularExpression::UseUnicodePropertiesOption));
}

QTEST_GUILESS_MAIN(TestPythonRegex)
#include "tst_pythonregex.moc"
