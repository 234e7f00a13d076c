// Golden error files: every bad file under data/errors/ has a <file>.errors
// next to it listing, one per line, exactly the errors the loader must report
// ("file:line:col: field: message"). Set SQUALL_UPDATE_GOLDEN=1 to rewrite them.
#include "base/Yaml.h"
#include "model/Builtins.h"
#include "model/DocumentLoader.h"
#include "model/Loaders.h"
#include "model/RuleNormalizer.h"
#include "packs/LintReport.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using namespace squall;

class TestPacksGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errors_data();
    void errors();

private:
    static QString dataDir() { return QStringLiteral(SQUALL_SOURCE_DIR "/tests/packs/data/errors"); }
};

void TestPacksGolden::errors_data()
{
    QTest::addColumn<QString>("file");
    const QDir d(dataDir());
    const QStringList files = d.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.json")}, QDir::Files,
                                          QDir::Name);
    QVERIFY(files.size() >= 20);
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << f;
}

void TestPacksGolden::errors()
{
    QFETCH(QString, file);
    const QString path = QDir(dataDir()).filePath(file);
    const QString pack = QStringLiteral("golden");
    QList<Error> errs;
    bool valid = false;
    if (file.startsWith(QStringLiteral("action_"))) {
        valid = model::loadAction(path, pack, dataDir(), &errs).has_value();
    } else if (file.startsWith(QStringLiteral("rule_"))) {
        auto doc = model::loadDocument(path, &errs);
        if (doc) {
            const Value rule = model::normalizeRule(doc->value, doc->locations.get(), pack, &errs, path);
            valid = !rule.isNull();
            if (valid) {
                if (const auto *tt = model::findBuiltinTriggerType(rule[u"trigger"][u"type"].toString()))
                    valid = model::checkTriggerParameters(*tt, rule[u"trigger"][u"parameters"],
                                                          doc->locations.get(), &errs, path) == 0;
            }
        }
    } else if (file.startsWith(QStringLiteral("trigger_"))) {
        valid = model::loadTriggerType(path, pack, &errs).has_value();
    } else if (file.startsWith(QStringLiteral("sensor_"))) {
        valid = model::loadSensor(path, pack, dataDir(), &errs).has_value();
    } else if (file.startsWith(QStringLiteral("pack_"))) {
        const qsizetype before = errs.size();
        valid = model::loadPackDef(path, &errs).has_value() && errs.size() == before;
    } else {
        QFAIL("unknown golden file prefix");
    }

    QStringList got;
    for (const Error &e : errs) {
        QString line = packs::formatError(e);
        line.replace(dataDir() + u'/', QString());
        got.append(line);
    }
    const QString goldenPath = path + QStringLiteral(".errors");
    if (qEnvironmentVariableIsSet("SQUALL_UPDATE_GOLDEN")) {
        QFile out(goldenPath);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write((got.join(u'\n') + u'\n').toUtf8());
    }
    QFile in(goldenPath);
    QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(goldenPath));
    QStringList expected;
    for (const QString &l : QString::fromUtf8(in.readAll()).split(u'\n'))
        if (!l.isEmpty())
            expected.append(l);
    QCOMPARE(got, expected);
    // Every golden file is bad: the loader must refuse it.
    QVERIFY(!valid);
    for (const Error &e : errs) {
        QVERIFY2(!e.location.file.isEmpty(), qPrintable(e.toString()));
        if (e.kind != QStringLiteral("io"))
            QVERIFY2(e.location.line > 0, qPrintable(e.toString()));
    }
}

QTEST_GUILESS_MAIN(TestPacksGolden)
#include "tst_packsgolden.moc"
