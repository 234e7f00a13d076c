// Bad input over HTTP against the real daemon: every refusal is a 4xx with a
// JSON reason that names what was wrong, and nothing is left half-created.
#include "Daemon.h"

#include <QFile>
#include <QTest>

using namespace squall;

class TestBadInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_daemon.start(), qPrintable(m_daemon.output())); }
    void cleanupTestCase() { m_daemon.stop(); }
    void init() { QVERIFY2(m_daemon.isRunning(), qPrintable(m_daemon.output())); }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");
        QFile f(QStringLiteral(SQUALL_SOURCE_DIR "/tests/e2e/data/badinput.tsv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        int line = 0;
        while (!f.atEnd()) {
            const QByteArray raw = f.readLine().chopped(1);
            ++line;
            if (raw.isEmpty() || raw.startsWith('#'))
                continue;
            const QList<QByteArray> cols = raw.split('\t');
            QVERIFY2(cols.size() == 5, qPrintable(QStringLiteral("badinput.tsv:%1: five columns expected").arg(line)));
            QTest::addRow("%d %s %s", line, cols[0].constData(), cols[1].constData())
                << cols[0] << QString::fromUtf8(cols[1]) << (cols[2] == "-" ? QByteArray() : cols[2]) << cols[3].toInt()
                << QString::fromUtf8(cols[4]);
        }
    }

    void refused()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, reason);
        const Daemon::Reply r = m_daemon.request(method, path, body);
        const QString fault = r.json[u"faultstring"].toString();
        QVERIFY2(r.status == status,
                 qPrintable(QStringLiteral("got %1: %2").arg(r.status).arg(QString::fromUtf8(r.body))));
        QVERIFY2(!fault.isEmpty(), r.body.constData());
        QVERIFY2(fault.contains(reason, Qt::CaseInsensitive), qPrintable(fault));
    }

    // Refused writes leave nothing behind.
    void nothingHalfCreated()
    {
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/rules/p.r1")).status, 404);
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/actions/p.a1")).status, 404);
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/keys/k1")).status, 404);
        QCOMPARE(m_daemon.request("GET", QStringLiteral("/api/v1/executions")).json.toList().size(), 0);
    }

private:
    Daemon m_daemon;
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"
