#include "base/Yaml.h"
#include "base/Python.h"

#include <QTest>

using namespace squall;

class TestYaml : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pyyamlScalars_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("repr");
        QTest::newRow("bools 1.1") << "[yes, No, on, OFF, true]" << "[True, False, True, False, True]";
        QTest::newRow("nulls") << "[~, null, ]" << "[None, None]";
        QTest::newRow("ints") << "[1, -2, 0x1f, 010, 1_000]" << "[1, -2, 31, 8, 1000]";
        QTest::newRow("floats") << "[1.0, .5, 1.5e+3, .inf]" << "[1.0, 0.5, 1500.0, inf]";
        QTest::newRow("not floats in 1.1") << "[1e3, 1.0.0]" << "['1e3', '1.0.0']";
        QTest::newRow("quoted stay strings") << "['1', \"true\", 'null']" << "['1', 'true', 'null']";
        QTest::newRow("version") << "{version: 1.0}" << "{'version': 1.0}";
    }
    void pyyamlScalars()
    {
        QFETCH(QString, yaml);
        QFETCH(QString, repr);
        QCOMPARE(py::repr(yaml::load(yaml.toUtf8()).value), repr);
    }

    void locations()
    {
        const QByteArray text = "name: x\nparameters:\n  cmd:\n    type: strin\n  list:\n    - a\n    - b\n";
        const auto doc = yaml::load(text, QStringLiteral("a.yaml"));
        const SourceLocation loc = doc.locations->locate(QStringLiteral("parameters.cmd.type"));
        QCOMPARE(loc.file, QStringLiteral("a.yaml"));
        QCOMPARE(loc.line, 4);
        QCOMPARE(loc.column, 5);
        QCOMPARE(doc.locations->locate(QStringLiteral("parameters.list[1]")).line, 7);
        // An unknown child falls back to its nearest known ancestor.
        QCOMPARE(doc.locations->locate(QStringLiteral("parameters.cmd.nope")).line, 3);
        QCOMPARE(doc.locations->error(QStringLiteral("parameters.cmd.type"), QStringLiteral("bad type")).toString(),
                 QStringLiteral("a.yaml:4:5: parameters.cmd.type: bad type"));
    }

    void syntaxErrorNamesLine()
    {
        try {
            yaml::load("a: 1\nb: [1, 2\nc: 3\n", QStringLiteral("bad.yaml"));
            QFAIL("expected an error");
        } catch (const SquallException &e) {
            QCOMPARE(e.error().location.file, QStringLiteral("bad.yaml"));
            QVERIFY(e.error().location.line >= 2);
            QCOMPARE(e.error().kind, QStringLiteral("yaml"));
        }
    }

    void mergeKeys()
    {
        const auto doc = yaml::load("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n");
        QCOMPARE(py::repr(doc.value[u"d"]), QStringLiteral("{'x': 1, 'y': 3}"));
    }

    void dumpRoundTrips()
    {
        const auto doc = yaml::load("a: 1\nb:\n  - x\n  - {c: 'yes', d: null}\ne: {}\nf: \"multi\\nline\"\n");
        const QString dumped = yaml::dump(doc.value);
        QCOMPARE(yaml::load(dumped.toUtf8()).value, doc.value);
    }
};

QTEST_GUILESS_MAIN(TestYaml)
#include "tst_yaml.moc"
