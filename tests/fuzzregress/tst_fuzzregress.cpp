#include "FuzzEntries.h"

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

QTEST_GUILESS_MAIN(TestFuzzRegress)
#include "tst_fuzzregress.moc"
