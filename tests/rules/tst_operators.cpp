#include "base/Error.h"
#include "base/Ids.h"
#include "base/Json.h"
#include "base/Python.h"
#include "rules/Operators.h"
#include "rules/Wildcard.h"

#include <QRegularExpression>
#include <QTest>

using namespace squall;

namespace {

// Test values are JSON, except "@ago:N" (an ISO timestamp N seconds in the
// past, with Z) and "@naive:N" (the same without a zone).
Value decode(const QString &text)
{
    if (text.startsWith(u"@ago:") || text.startsWith(u"@naive:")) {
        const qint64 seconds = text.section(u':', 1).toLongLong();
        QString ts = isoFromMicros(nowMicros() - seconds * 1000000);
        if (text.startsWith(u"@naive:"))
            ts.chop(1);
        return ts;
    }
    json::ParseError err;
    Value v = json::parse(QStringView(text), &err);
    if (!err.ok())
        qFatal("bad test JSON: %s", qPrintable(text));
    return v;
}

} // namespace

class TestOperators final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void apply_data();
    void apply();
    void names();
    void search_data();
    void search();
    void wildcardTranslation_data();
    void wildcardTranslation();
};

void TestOperators::apply_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("expected");  // "T", "F" or "E:<kind>" (raises)

    const auto row = [](const char *op, const char *value, const char *pattern, const char *expected) {
        const QString tag = QStringLiteral("%1 %2 %3").arg(QString::fromUtf8(op), QString::fromUtf8(value),
                                                           QString::fromUtf8(pattern));
        QTest::newRow(qPrintable(tag)) << QString::fromUtf8(op) << QString::fromUtf8(value)
                                       << QString::fromUtf8(pattern) << QString::fromUtf8(expected);
    };

    // equals / nequals: plain ==, no coercion, None pattern only for nequals.
    row("equals", "1", "1", "T");
    row("equals", "\"1\"", "1", "F");
    row("equals", "1", "1.0", "T");
    row("equals", "\"abc\"", "\"abc\"", "T");
    row("equals", "\"abc\"", "\"ABC\"", "F");
    row("equals", "[1, 2]", "[1, 2]", "T");
    row("equals", "{\"a\": 1}", "{\"a\": 1}", "T");
    row("equals", "null", "null", "F");
    row("equals", "\"x\"", "null", "F");
    row("eq", "true", "true", "T");
    row("EQUALS", "5", "5", "T");
    row("nequals", "\"a\"", "\"b\"", "T");
    row("nequals", "\"a\"", "\"a\"", "F");
    row("nequals", "\"x\"", "null", "T");
    row("nequals", "null", "null", "F");
    row("neq", "1", "\"1\"", "T");
    // iequals: both sides must be strings.
    row("iequals", "\"ABC\"", "\"abc\"", "T");
    row("ieq", "\"abc\"", "\"abd\"", "F");
    row("iequals", "1", "1", "E:AttributeError");
    row("iequals", "\"a\"", "null", "F");
    // contains family: substring, list membership, dict keys.
    row("contains", "\"haystack with needle\"", "\"needle\"", "T");
    row("contains", "\"haystack\"", "\"needle\"", "F");
    row("contains", "[\"a\", \"b\"]", "\"a\"", "T");
    row("contains", "[\"a\", \"b\"]", "\"c\"", "F");
    row("contains", "[1, 2]", "\"1\"", "F");
    row("contains", "{\"key\": 1}", "\"key\"", "T");
    row("contains", "5", "\"5\"", "E:TypeError");
    row("contains", "\"abc\"", "1", "E:TypeError");
    row("contains", "\"abc\"", "null", "F");
    row("ncontains", "\"haystack\"", "\"needle\"", "T");
    row("ncontains", "[\"a\"]", "\"a\"", "F");
    row("ncontains", "\"abc\"", "null", "F");
    row("icontains", "\"Hello World\"", "\"WORLD\"", "T");
    row("icontains", "\"Hello\"", "\"xyz\"", "F");
    row("icontains", "[\"A\"]", "\"a\"", "E:AttributeError");
    row("incontains", "\"Hello\"", "\"XYZ\"", "T");
    row("incontains", "\"Hello\"", "\"ELL\"", "F");
    // startswith / endswith families.
    row("startswith", "\"abcdef\"", "\"abc\"", "T");
    row("startswith", "\"abcdef\"", "\"ABC\"", "F");
    row("startswith", "\"abcdef\"", "\"def\"", "F");
    row("startswith", "123", "\"1\"", "E:AttributeError");
    row("startswith", "\"123\"", "1", "E:TypeError");
    row("istartswith", "\"ABCdef\"", "\"abc\"", "T");
    row("istartswith", "\"ABCdef\"", "\"def\"", "F");
    row("endswith", "\"abcdef\"", "\"def\"", "T");
    row("endswith", "\"abcdef\"", "\"DEF\"", "F");
    row("iendswith", "\"abcDEF\"", "\"def\"", "T");
    row("iendswith", "\"abcDEF\"", "\"abc\"", "F");
    row("endswith", "\"x\"", "null", "F");
    // lessthan / greaterthan: Python ordering, mixed types raise.
    row("lessthan", "1", "2", "T");
    row("lessthan", "2", "1", "F");
    row("lessthan", "1", "1", "F");
    row("lt", "1.5", "2", "T");
    row("lt", "\"a\"", "\"b\"", "T");
    row("lt", "1", "\"2\"", "E:TypeError");
    row("lt", "null", "1", "E:TypeError");
    row("lt", "1", "null", "F");
    row("greaterthan", "3", "2", "T");
    row("gt", "2", "3", "F");
    row("gt", "\"10\"", "9", "E:TypeError");
    row("gt", "true", "0", "T");
    // matchwildcard: fnmatch, anchored, case-sensitive.
    row("matchwildcard", "\"bar\"", "\"bar\"", "T");
    row("matchwildcard", "\"bar\"", "\"ba*\"", "T");
    row("matchwildcard", "\"bar\"", "\"b?r\"", "T");
    row("matchwildcard", "\"bar\"", "\"b[ab]r\"", "T");
    row("matchwildcard", "\"bar\"", "\"[!b]ar\"", "F");
    row("matchwildcard", "\"car\"", "\"[!b]ar\"", "T");
    row("matchwildcard", "\"bar\"", "\"*\"", "T");
    row("matchwildcard", "\"bar\"", "\"foo\"", "F");
    row("matchwildcard", "\"bar\"", "\"ba\"", "F");
    row("matchwildcard", "\"Bar\"", "\"bar\"", "F");
    row("matchwildcard", "\"a.b\"", "\"a?b\"", "T");
    row("matchwildcard", "\"axb\"", "\"a.b\"", "F");
    row("matchwildcard", "\"[x\"", "\"[x\"", "T");
    row("matchwildcard", "\"line1\\nline2\"", "\"line1*\"", "T");
    row("matchwildcard", "1", "\"1\"", "E:TypeError");
    row("matchwildcard", "\"bar\"", "null", "F");
    // matchregex: re.match with DOTALL (anchored at the start only).
    row("matchregex", "\"v1\"", "\"v1$\"", "T");
    row("matchregex", "\"v1 foo\"", "\"v1$\"", "F");
    row("matchregex", "\"xv1\"", "\"v1\"", "F");
    row("matchregex", "\"v1 and more\"", "\"v1\"", "T");
    row("matchregex", "\"foo\\nbar\"", "\"foo.bar\"", "T");
    row("matchregex", "\"v1\"", "\"(\"", "E:re.error");
    row("matchregex", "5", "\"5\"", "E:TypeError");
    // regex / iregex: re.search.
    row("regex", "\"xv1y\"", "\"v1\"", "T");
    row("regex", "\"V1\"", "\"v1\"", "F");
    row("regex", "\"foo\\nbar\"", "\"foo.bar\"", "F");
    row("regex", "\"abc\"", "\"^b\"", "F");
    row("regex", "\"a1\"", "\"\\\\d\"", "T");
    row("regex", "\"ab\"", "\"(?P<x>a)(?P=x)?b\"", "T");
    row("regex", "\"abc\\n\"", "\"abc\\\\Z\"", "F");
    row("regex", "\"x\"", "null", "F");
    row("iregex", "\"V1\"", "\"v1$\"", "T");
    row("iregex", "\"xyz\"", "\"v1\"", "F");
    // timediff: value age against N seconds; naive timestamps are UTC.
    row("timediff_lt", "@ago:10", "60", "T");
    row("timediff_lt", "@ago:120", "60", "F");
    row("td_lt", "@naive:10", "60", "T");
    row("td_lt", "@ago:10", "\"60\"", "T");
    row("timediff_gt", "@ago:120", "60", "T");
    row("td_gt", "@ago:10", "60.5", "F");
    row("td_gt", "@naive:120", "60", "T");
    // StackStorm str()s the value first: 12345 is the year 12345, out of range.
    row("timediff_lt", "12345", "60", "E:ParserError");
    row("timediff_lt", "\"not a date\"", "60", "E:ParserError");
    row("timediff_lt", "@ago:10", "\"soon\"", "E:ValueError");
    row("timediff_lt", "@ago:10", "null", "F");
    // exists / nexists: "is not None".
    row("exists", "\"x\"", "null", "T");
    row("exists", "0", "null", "T");
    row("exists", "false", "null", "T");
    row("exists", "null", "null", "F");
    row("nexists", "null", "null", "T");
    row("nexists", "\"\"", "null", "F");
    // inside / ninside: value in pattern.
    row("inside", "\"a\"", "[\"a\", \"b\"]", "T");
    row("in", "\"c\"", "[\"a\", \"b\"]", "F");
    row("inside", "\"ell\"", "\"hello\"", "T");
    row("inside", "1", "\"123\"", "E:TypeError");
    row("inside", "\"k\"", "{\"k\": 1}", "T");
    row("inside", "\"a\"", "null", "F");
    row("ninside", "\"c\"", "[\"a\", \"b\"]", "T");
    row("nin", "\"a\"", "[\"a\"]", "F");
    row("ninside", "\"a\"", "null", "F");
    // Unknown operators raise.
    row("frobnicate", "1", "1", "E:ValueError");
}

void TestOperators::apply()
{
    QFETCH(QString, op);
    QFETCH(QString, value);
    QFETCH(QString, pattern);
    QFETCH(QString, expected);
    const Value v = decode(value);
    const Value p = decode(pattern);
    if (expected.startsWith(u"E:")) {
        try {
            const bool r = rules::applyOperator(op, v, p);
            QFAIL(qPrintable(QStringLiteral("expected %1, got %2").arg(expected, r ? u"True" : u"False")));
        } catch (const SquallException &e) {
            QCOMPARE(e.error().kind, expected.mid(2));
        }
        return;
    }
    QCOMPARE(rules::applyOperator(op, v, p), expected == u"T");
}

void TestOperators::names()
{
    for (const QString &name : rules::operatorNames()) {
        QVERIFY(rules::isKnownOperator(name));
        QVERIFY(rules::isKnownOperator(name.toUpper()));
    }
    QCOMPARE(rules::operatorNames().size(), 33);
    QVERIFY(rules::isKnownOperator(QStringLiteral("MatchWildCard")));
    QVERIFY(!rules::isKnownOperator(QStringLiteral("equal")));
    QVERIFY(!rules::isKnownOperator(QString()));
    QCOMPARE(rules::operatorName(*rules::operatorFromName(u"td_gt")), QStringLiteral("timediff_gt"));
    QCOMPARE(rules::operatorName(*rules::operatorFromName(u"NIN")), QStringLiteral("ninside"));
}

void TestOperators::search_data()
{
    QTest::addColumn<QString>("condition");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");  // T, F or E:kind

    // Child criteria: field_name == "Status" AND to_value == "Approved".
    const char *both = "[{\"field_name\": \"Status\", \"to_value\": \"Approved\"},"
                       " {\"field_name\": \"Assignee\", \"to_value\": \"Stanley\"}]";
    const char *none = "[{\"field_name\": \"Status\", \"to_value\": \"Denied\"},"
                       " {\"field_name\": \"Assignee\", \"to_value\": \"Approved\"}]";
    const char *allMatch = "[{\"field_name\": \"Status\", \"to_value\": \"Approved\"},"
                           " {\"field_name\": \"Status\", \"to_value\": \"Approved\"}]";
    const char *eachOne = "[{\"field_name\": \"Status\", \"to_value\": \"x\"},"
                          " {\"field_name\": \"y\", \"to_value\": \"Approved\"}]";
    const auto row = [](const char *tag, const char *cond, const char *value, const char *expected) {
        QTest::newRow(tag) << QString::fromUtf8(cond) << QString::fromUtf8(value) << QString::fromUtf8(expected);
    };
    row("any: one item matches all", "any", both, "T");
    row("any: no item matches all", "any", none, "F");
    row("any: single dict payload", "any", "{\"field_name\": \"Status\", \"to_value\": \"Approved\"}", "T");
    row("any: empty list", "any", "[]", "F");
    row("all: every item matches", "all", allMatch, "T");
    row("all: one item fails", "all", both, "F");
    row("all: empty list", "all", "[]", "T");
    row("any2any: an item matches a child", "any2any", none, "T");
    row("any2any: nothing matches", "any2any", "[{\"field_name\": \"a\", \"to_value\": \"b\"}]", "F");
    row("all2any: each item matches some child", "all2any", eachOne, "T");
    row("all2any: an item matches none", "all2any", "[{\"field_name\": \"Status\"}, {\"field_name\": \"z\"}]", "F");
    row("items without the fields", "any", "[{\"other\": 1}]", "F");
    row("unknown condition", "some", both, "E:UnrecognizedConditionError");
    row("not iterable", "any", "5", "E:TypeError");
    row("null value", "any", "null", "E:TypeError");
}

void TestOperators::search()
{
    QFETCH(QString, condition);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const Value pattern = decode(QStringLiteral(
        "{\"item.field_name\": {\"type\": \"equals\", \"pattern\": \"Status\"},"
        " \"item.to_value\": {\"type\": \"equals\", \"pattern\": \"Approved\"}}"));
    if (expected.startsWith(u"E:")) {
        try {
            rules::applyOperator(QStringLiteral("search"), decode(value), pattern, condition);
            QFAIL("expected an exception");
        } catch (const SquallException &e) {
            QCOMPARE(e.error().kind, expected.mid(2));
        }
        return;
    }
    QCOMPARE(rules::applyOperator(QStringLiteral("search"), decode(value), pattern, condition), expected == u"T");
}

void TestOperators::wildcardTranslation_data()
{
    QTest::addColumn<QString>("glob");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<bool>("matches");
    QTest::newRow("star") << "*.txt" << "a.txt" << true;
    QTest::newRow("star no") << "*.txt" << "a.txt.bak" << false;
    QTest::newRow("class range") << "file[0-9]" << "file7" << true;
    QTest::newRow("negated range") << "file[!0-9]" << "file7" << false;
    QTest::newRow("bracket first in set") << "[]a]" << "]" << true;
    QTest::newRow("regex chars literal") << "a+b(c)" << "a+b(c)" << true;
    QTest::newRow("caret in set") << "[^a]" << "^" << true;
    QTest::newRow("unclosed") << "a[b" << "a[b" << true;
    QTest::newRow("empty") << "" << "" << true;
}

void TestOperators::wildcardTranslation()
{
    QFETCH(QString, glob);
    QFETCH(QString, subject);
    QFETCH(bool, matches);
    const QRegularExpression re(rules::wildcardToRegex(glob));
    QVERIFY2(re.isValid(), qPrintable(re.errorString()));
    QCOMPARE(re.match(subject, 0, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption)
                 .hasMatch(),
             matches);
}

QTEST_GUILESS_MAIN(TestOperators)
#include "tst_operators.moc"
