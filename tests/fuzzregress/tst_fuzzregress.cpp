#include "FuzzEntries.h"

#include "base/Error.h"
#include "base/Json.h"
#include "expr/Jinja.h"
#include "expr/Yaql.h"

#include <QDirIterator>
#include <QFile>
#include <QTest>

using namespace squall;

// Replays stored fuzz inputs. Each must come back from its entry function
// (no crash, no sanitizer report, no exception other than the component's own
// SquallException, which the entry turns into a stage error with a message).
class TestFuzzRegress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replay_data();
    void replay();
    void everyTargetHasInputs();
    // The fixes behind the stored inputs, asserted directly.
    void jinjaNestingIsBounded();
    void yaqlNestingIsBounded();
    void jsonKeepsLoneSurrogates();
    void resultSizeIsBounded();
    void yaqlBuiltinWithoutArguments();
};

namespace {

// (target, file) for every stored input under `root`/<target>/.
QList<std::pair<QString, QString>> inputsUnder(const QString &root)
{
    QList<std::pair<QString, QString>> found;
    for (const QString &target : fuzz::entryNames()) {
        QDirIterator it(root + u'/' + target, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            found.append({target, it.next()});
    }
    std::sort(found.begin(), found.end());
    return found;
}

QList<std::pair<QString, QString>> allInputs()
{
    return inputsUnder(QStringLiteral(SQUALL_SOURCE_DIR "/tests/fuzzregress/data"))
         + inputsUnder(QStringLiteral(SQUALL_SOURCE_DIR "/bench/fuzz/seeds"));
}

} // namespace

void TestFuzzRegress::replay_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("file");
    for (const auto &[target, file] : allInputs()) {
        const QString tag = target + u':' + file.section(u'/', -2);
        QTest::newRow(qPrintable(tag)) << target << file;
    }
}

void TestFuzzRegress::replay()
{
    QFETCH(QString, target);
    QFETCH(QString, file);
    QFile f(file);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
    const QByteArray input = f.readAll();
    const fuzz::Entry entry = fuzz::entryByName(target);
    QVERIFY(entry);
    fuzz::Outcome outcome;
    try {
        outcome = entry(input);
    } catch (const std::exception &e) {
        QFAIL(qPrintable(QStringLiteral("%1 threw: %2").arg(file, QString::fromUtf8(e.what()))));
    }
    if (qEnvironmentVariableIsSet("FUZZREGRESS_VERBOSE"))
        qInfo().noquote() << outcome.stages.join(u'\n');
    // Every input gets an answer: at least one stage produced a value or a
    // SquallException with a message (the entry rejects empty messages).
    QVERIFY2(outcome.results + outcome.errors > 0, qPrintable(file));
    QCOMPARE(outcome.results + outcome.errors, outcome.stages.size());
}

void TestFuzzRegress::everyTargetHasInputs()
{
    QSet<QString> targets;
    for (const auto &[target, file] : allInputs())
        targets.insert(target);
    for (const QString &name : fuzz::entryNames())
        QVERIFY2(targets.contains(name), qPrintable(name + QStringLiteral(" has no stored inputs")));
}

namespace {

QString repeated(const QString &s, int n)
{
    QString out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

template<typename F>
Error thrown(F &&fn)
{
    try {
        fn();
    } catch (const SquallException &e) {
        return e.error();
    }
    return {};
}

} // namespace

void TestFuzzRegress::jinjaNestingIsBounded()
{
    const expr::DictScope scope(makeDict({{QStringLiteral("x"), makeDict({})}}));
    // Depths a person writes still work...
    QCOMPARE(expr::Template::compile(QStringLiteral("{{ ") + repeated(QStringLiteral("("), 90) + u'1'
                                     + repeated(QStringLiteral(")"), 90) + QStringLiteral(" }}"))
                 ->evaluate(scope),
             Value(1));
    QCOMPARE(expr::Template::compile(QStringLiteral("{{ 0") + repeated(QStringLiteral("+1"), 100) + QStringLiteral(" }}"))
                 ->evaluate(scope),
             Value(100));
    // ...and crafted ones are a syntax error instead of a stack overflow.
    const QStringList deep = {
        QStringLiteral("{{ ") + repeated(QStringLiteral("("), 3000) + u'1' + repeated(QStringLiteral(")"), 3000) + QStringLiteral(" }}"),
        QStringLiteral("{{ 1") + repeated(QStringLiteral("+1"), 3000) + QStringLiteral(" }}"),
        QStringLiteral("{{ 1") + repeated(QStringLiteral("|abs"), 3000) + QStringLiteral(" }}"),
        QStringLiteral("{{ x") + repeated(QStringLiteral(".a"), 3000) + QStringLiteral(" }}"),
        repeated(QStringLiteral("{% if 1 %}"), 3000) + repeated(QStringLiteral("{% endif %}"), 3000),
    };
    for (const QString &source : deep) {
        const Error e = thrown([&] { expr::Template::compile(source); });
        QCOMPARE(e.kind, QStringLiteral("TemplateSyntaxError"));
        QVERIFY2(e.message.contains(QLatin1String("nested too deeply")), qPrintable(e.message));
    }
}

void TestFuzzRegress::yaqlNestingIsBounded()
{
    const Value data = makeDict({{QStringLiteral("a"), makeList({Value(7)})}});
    QCOMPARE(expr::yaql::Expression::compile(QStringLiteral("0") + repeated(QStringLiteral(" + 1"), 150))->evaluate(data),
             Value(150));
    const QStringList deep = {
        QStringLiteral("1") + repeated(QStringLiteral("+1"), 3000),
        QStringLiteral("$") + repeated(QStringLiteral(".a"), 3000),
        QStringLiteral("$.a") + repeated(QStringLiteral("[0]"), 3000),
        repeated(QStringLiteral("("), 3000) + u'1' + repeated(QStringLiteral(")"), 3000),
    };
    for (const QString &text : deep) {
        const Error e = thrown([&] { expr::yaql::Expression::compile(text); });
        QCOMPARE(e.kind, QStringLiteral("YaqlGrammarException"));
        QVERIFY2(e.message.contains(QLatin1String("nested too deeply")), qPrintable(e.message));
    }
}

void TestFuzzRegress::jsonKeepsLoneSurrogates()
{
    // "\ud800" is valid JSON (Python reads it as a one-character string); its
    // UTF-8 output must not turn it into U+FFFD.
    const Value v = json::parse(QByteArrayLiteral(R"(["\ud800", "x\udc00y", "\ud83d\ude00"])"));
    QCOMPARE(v[0].toString(), QString(QChar(char16_t(0xD800))));
    const QByteArray written = json::serialize(v);
    QCOMPARE(written, QByteArray("[\"\\ud800\",\"x\\udc00y\",\"\xf0\x9f\x98\x80\"]"));
    QCOMPARE(json::parse(written), v);
}

void TestFuzzRegress::resultSizeIsBounded()
{
    const expr::DictScope scope(makeDict({}));
    auto render = [&](const char *source) { return expr::Template::compile(QString::fromUtf8(source))->render(scope); };
    QCOMPARE(render(R"({{ "ab" * 3 }} {{ "-5".zfill(5) }} {{ "x".center(5, "*") }} {{ "%5d|%-3s|" % (42, "a") }})"),
             QStringLiteral("ababab -0005 **x**    42|a  |"));
    QCOMPARE(render(R"({{ ("a" * 1000) | replace("a", "bb") | length }})"), QStringLiteral("2000"));
    const char *const huge[] = {
        R"({{ "x" * 1000000000 }})",
        R"({{ [1, 2] * 100000000 }})",
        R"({{ "x" | center(1000000000) }})",
        R"({{ "%1000000000d" % 1 }})",
        R"({{ "{:>1000000000}".format(1) }})",
        R"({{ "a b" | indent(1000000000) }})",
        R"({{ "7".zfill(1000000000) }})",
        R"({% set ns = namespace(s="xx") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %})",
    };
    for (const char *source : huge) {
        const Error e = thrown([&] { render(source); });
        QVERIFY2(e.kind == u"MemoryError", source);
        QVERIFY2(e.message.contains(QLatin1String("more than the limit")), qPrintable(e.message));
    }
    // A large value passed through is not growth: only what an operation adds counts.
    const QString big(12'000'000, u'x');
    const expr::DictScope bigScope(makeDict({{QStringLiteral("big"), Value(big)}}));
    QCOMPARE(expr::Template::compile(QStringLiteral("{{ (big ~ '!') | length }} {{ (big + '?') | length }}"))->render(bigScope),
             QStringLiteral("12000001 12000001"));
    QCOMPARE(thrown([&] { expr::Template::compile(QStringLiteral("{{ big ~ big }}"))->render(bigScope); }).kind,
             QStringLiteral("MemoryError"));

    const Value data = makeDict({});
    QCOMPARE(expr::yaql::Expression::compile(QStringLiteral("'ab' * 2 + 'c'"))->evaluate(data), Value(QStringLiteral("ababc")));
    for (const char *text : {"'ab' * 100000000", "format('{0:>1000000000}', 1)",
                             "'x'.replace('x', 'yyyyyyyyyyyyyyyy').replace('y', 'yyyyyyyyyyyyyyyy')"
                             ".replace('y', 'yyyyyyyyyyyyyyyy').replace('y', 'yyyyyyyyyyyyyyyy')"
                             ".replace('y', 'yyyyyyyyyyyyyyyy').replace('y', 'yyyyyyyyyyyyyyyy')"}) {
        const Error e = thrown([&] { expr::yaql::Expression::compile(QString::fromUtf8(text))->evaluate(data); });
        QVERIFY2(e.kind == u"MemoryError", text);
    }
}

void TestFuzzRegress::yaqlBuiltinWithoutArguments()
{
    const Value data = makeDict({});
    for (const char *text : {"distinct()", "[1] * distinct()", "len()"}) {
        const Error e = thrown([&] { expr::yaql::Expression::compile(QString::fromUtf8(text))->evaluate(data); });
        QVERIFY2(e.kind.startsWith(QLatin1String("NoMatching")), qPrintable(e.kind + QStringLiteral(": ") + e.message));
    }
}

QTEST_GUILESS_MAIN(TestFuzzRegress)
#include "tst_fuzzregress.moc"
