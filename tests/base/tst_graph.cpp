// graph::cycles, the one cycle finder (parameter dependencies, workflow task graphs).
#include "base/Graph.h"

#include <QHash>
#include <QTest>

using namespace squall;

namespace {

// "a>b,b>c" -> edges
graph::Successors edges(const QString &spec)
{
    QHash<QString, QStringList> next;
    for (const QString &e : spec.split(u',', Qt::SkipEmptyParts)) {
        const QStringList ends = e.split(u'>');
        next[ends.at(0)].append(ends.at(1));
    }
    return [next](const QString &n) { return next.value(n); };
}

QString render(const QList<QStringList> &cycles)
{
    QStringList parts;
    for (const QStringList &c : cycles)
        parts.append(c.join(u' '));
    return parts.join(QStringLiteral(" | "));
}

} // namespace

class TestGraph final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cycles_data()
    {
        QTest::addColumn<QString>("nodes");
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QString() << QString() << QString();
        QTest::newRow("chain") << QStringLiteral("a b c") << QStringLiteral("a>b,b>c") << QString();
        QTest::newRow("self loop") << QStringLiteral("a b") << QStringLiteral("a>b,b>b") << QStringLiteral("b");
        QTest::newRow("two-cycle") << QStringLiteral("a b") << QStringLiteral("a>b,b>a") << QStringLiteral("a b");
        QTest::newRow("cycle off a chain") << QStringLiteral("s a b c t")
                                           << QStringLiteral("s>a,a>b,b>c,c>a,c>t") << QStringLiteral("a b c");
        QTest::newRow("two separate cycles") << QStringLiteral("a b x y")
                                             << QStringLiteral("a>b,b>a,x>y,y>x") << QStringLiteral("a b | x y");
        QTest::newRow("diamond has none") << QStringLiteral("a b c d")
                                          << QStringLiteral("a>b,a>c,b>d,c>d") << QString();
        // Nodes only reached through edges are part of the graph too.
        QTest::newRow("reached node") << QStringLiteral("a") << QStringLiteral("a>z,z>a") << QStringLiteral("a z");
    }

    void cycles()
    {
        QFETCH(QString, nodes);
        QFETCH(QString, spec);
        QFETCH(QString, expected);
        QCOMPARE(render(graph::cycles(nodes.split(u' ', Qt::SkipEmptyParts), edges(spec))), expected);
    }

    // Deep graphs must not recurse: 100,000 nodes in a line closed into a ring.
    void longRing()
    {
        const int n = 100000;
        QStringList nodes;
        for (int i = 0; i < n; ++i)
            nodes.append(QString::number(i));
        const auto next = [n](const QString &v) { return QStringList{QString::number((v.toInt() + 1) % n)}; };
        const QList<QStringList> found = graph::cycles(nodes, next);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().size(), n);
    }
};

QTEST_GUILESS_MAIN(TestGraph)
#include "tst_graph.moc"
