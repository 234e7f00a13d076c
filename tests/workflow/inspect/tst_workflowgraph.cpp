// The graph `squall workflow graph` prints and the designer draws: the tasks
// Orquesta's composer reaches, in its order, and one edge per next entry.
#include "base/Json.h"
#include "base/Yaml.h"
#include "workflow/inspect/WorkflowGraph.h"
#include "workflow/inspect/WorkflowLayout.h"

#include <QTest>

using namespace squall;
using namespace Qt::StringLiterals;

namespace {

workflow::WorkflowGraph graphOf(const char *yamlText)
{
    return workflow::WorkflowGraph::fromOrquesta(yaml::load(QByteArray(yamlText)).value);
}

QStringList ids(const workflow::WorkflowGraph &g)
{
    QStringList out;
    for (const auto &n : g.nodes)
        out << n.id;
    return out;
}

QStringList edges(const workflow::WorkflowGraph &g)
{
    QStringList out;
    for (const auto &e : g.edges)
        out << QStringLiteral("%1>%2#%3%4").arg(e.from, e.to).arg(e.nextIndex).arg(e.when.isNull() ? QString() : u' ' + e.when.toString());
    return out;
}

} // namespace

class TestWorkflowGraph : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void branchesJoinAndOrder()
    {
        // Next tasks are taken sorted by name (b before c), breadth first from
        // the start; the unreachable task is no node.
        const auto g = graphOf(R"(
version: 1.0
tasks:
  a:
    action: core.noop
    next:
      - when: <% succeeded() %>
        do: c, b
      - when: <% failed() %>
        do: [fail]
  b:
    action: core.local cmd="true"
    next:
      - do: d
  c:
    with: <% ctx().items %>
    action: core.echo
    next:
      - when: <% succeeded() %>
        publish: x=1
        do: d
  d:
    join: 2
    action: core.noop
  orphan:
    action: core.noop
    next:
      - do: orphan
)");
        QCOMPARE(ids(g), (QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
        QCOMPARE(edges(g), (QStringList{u"a>b#0 <% succeeded() %>"_s, u"a>c#0 <% succeeded() %>"_s,
                                        u"b>d#0"_s, u"c>d#0 <% succeeded() %>"_s}));
        QCOMPARE(g.nodes[0].commands.size(), 1);
        QCOMPARE(g.nodes[0].commands[0].name, u"fail"_s);
        QCOMPARE(g.nodes[0].commands[0].nextIndex, 1);
        QCOMPARE(g.nodes[1].action.toString(), u"core.local"_s);   // inline parameters are not the ref
        QCOMPARE(g.nodes[2].withItems.toString(), u"<% ctx().items %>"_s);
        QCOMPARE(g.nodes[3].join.toInt(), 2);
        // `c` publishes and goes on: its transition has a `do`, so no `continue`.
        QVERIFY(g.nodes[2].commands.isEmpty());
    }

    void retryCyclesAndTheJsonShape()
    {
        const auto g = graphOf(R"(
version: 1.0
tasks:
  begin:
    action: core.noop
    next:
      - do: check
  check:
    action: core.local
    next:
      - when: <% failed() %>
        do: retry
      - when: <% succeeded() and ctx().again %>
        do: check
      - when: <% succeeded() %>
        publish: done=true
)");
        QCOMPARE(ids(g), (QStringList{u"begin"_s, u"check"_s}));
        QCOMPARE(edges(g), (QStringList{u"begin>check#0"_s, u"check>check#1 <% succeeded() and ctx().again %>"_s}));
        QCOMPARE(g.nodes[1].retry[u"when"].toString(), u"<% failed() %>"_s);
        QCOMPARE(g.nodes[1].retry[u"count"].toInt(), 3);
        // A transition without `do` continues (an engine command, on the node).
        QCOMPARE(g.nodes[1].commands.size(), 1);
        QCOMPARE(g.nodes[1].commands[0].name, u"continue"_s);
        QCOMPARE(g.nodes[1].commands[0].nextIndex, 2);
        // A task every task leads back to has no start: no graph (the inspector says why).
        QVERIFY(graphOf("version: 1.0\ntasks:\n  loop:\n    action: core.noop\n    next:\n      - do: loop\n").nodes.isEmpty());

        const Value v = g.toValue();
        QCOMPARE(v[u"edges"][1][u"from"].toString(), u"check"_s);
        QCOMPARE(v[u"edges"][1][u"next_index"].toInt(), 1);
        QVERIFY(v[u"nodes"][0].contains(u"with_items"));
        QVERIFY(v[u"nodes"][0][u"join"].isNull());
        QVERIFY(g.toDot().contains(u"\"check\" -> \"check\""_s));
    }

    // Layers: every forward transition goes down; a loop is set aside and drawn
    // on the side; boxes of a layer do not overlap; a big graph lays out whole.
    void allTasksAppendsUnreachedInDocumentOrder()
    {
        // `orphan2` and `orphan1` only reach each other: no start task leads to them.
        const QByteArray text = R"(version: 1.0
tasks:
  orphan2:
    action: core.noop
    next:
      - do: orphan1
  start:
    action: core.noop
    next:
      - when: <% succeeded() %>
        do: done
  orphan1:
    action: core.noop
    next:
      - do: [orphan2, done]
  done:
    action: core.noop
)";
        const Value doc = yaml::load(text).value;
        const auto reached = workflow::WorkflowGraph::fromOrquesta(doc);
        QCOMPARE(ids(reached), (QStringList{u"start"_s, u"done"_s}));
        const auto all = workflow::WorkflowGraph::fromOrquesta(doc, workflow::WorkflowGraph::Reach::AllTasks);
        QCOMPARE(ids(all), (QStringList{u"start"_s, u"done"_s, u"orphan2"_s, u"orphan1"_s}));
        QCOMPARE(edges(all), (QStringList{u"start>done#0 <% succeeded() %>"_s, u"orphan2>orphan1#0"_s,
                                          u"orphan1>done#0"_s, u"orphan1>orphan2#0"_s}));
    }

    void layoutInLayers()
    {
        const auto g = graphOf(R"(
version: 1.0
tasks:
  a:
    next:
      - do: [b, c]
  b:
    next:
      - do: d
  c:
    next:
      - do: d
  d:
    join: all
    next:
      - when: <% ctx().again %>
        do: a2
  a2:
    next:
      - do: d
)");
        const auto layout = workflow::WorkflowLayout::compute(g);
        QCOMPARE(layout.boxes.size(), g.nodes.size());
        QHash<QString, workflow::WorkflowLayout::Box> box;
        for (const auto &b : layout.boxes)
            box.insert(b.id, b);
        QCOMPARE(box[u"a"_s].layer, 0);
        QCOMPARE(box[u"b"_s].layer, 1);
        QCOMPARE(box[u"d"_s].layer, 2);
        QCOMPARE(layout.backEdges.size(), 1);
        const auto &loop = g.edges.at(layout.backEdges.first());
        QCOMPARE(loop.from + u'>' + loop.to, u"a2>d"_s);
        for (int e = 0; e < g.edges.size(); ++e) {
            if (layout.backEdges.contains(e))
                continue;
            QVERIFY(box[g.edges[e].from].layer < box[g.edges[e].to].layer);
        }
        for (const auto &x : layout.boxes) {
            for (const auto &y : layout.boxes) {
                if (x.id != y.id && x.layer == y.layer)
                    QVERIFY2(x.x + x.width <= y.x || y.x + y.width <= x.x, qPrintable(x.id + u' ' + y.id));
            }
        }
        const QString svg = layout.toSvg(g);
        QCOMPARE(svg.count(u"<rect"), 5);
        QCOMPARE(svg.count(u"stroke-width=\"1.6\""), 6);  // one line per transition

        // 1,002 tasks in a ladder of pairs: every task placed, nothing loops back.
        QByteArray big = "version: 1.0\ntasks:\n";
        for (int i = 0; i < 500; ++i) {
            big += "  l" + QByteArray::number(i) + ":\n    next:\n      - do: [l" + QByteArray::number(i + 1) + ", r"
                   + QByteArray::number(i + 1) + "]\n";
            big += "  r" + QByteArray::number(i) + ":\n    next:\n      - do: l" + QByteArray::number(i + 1) + "\n";
        }
        big += "  l500:\n    action: core.noop\n  r500:\n    action: core.noop\n";
        const auto ladder = workflow::WorkflowGraph::fromOrquesta(yaml::load(big).value);
        QCOMPARE(ladder.nodes.size(), 1002);  // l0 and r0 both start
        const auto bigLayout = workflow::WorkflowLayout::compute(ladder);
        QCOMPARE(bigLayout.boxes.size(), 1002);
        QVERIFY(bigLayout.backEdges.isEmpty());
    }

    void everyBundledWorkflowHasAGraph_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *name : {"orquesta-ask", "orquesta-error-handling", "orquesta-join", "orquesta-retry",
                                 "orquesta-sequential", "orquesta-subworkflow", "orquesta-with-items"})
            QTest::newRow(name) << QStringLiteral(SQUALL_SOURCE_DIR "/packs/examples/actions/workflows/%1.yaml")
                                       .arg(QString::fromLatin1(name));
    }
    void everyBundledWorkflowHasAGraph()
    {
        QFETCH(QString, file);
        const auto g = workflow::WorkflowGraph::fromOrquesta(yaml::loadFile(file).value);
        QVERIFY(!g.nodes.isEmpty());
        // Every edge joins two nodes of the graph.
        for (const auto &e : g.edges) {
            QVERIFY2(ids(g).contains(e.from) && ids(g).contains(e.to), qPrintable(e.from + u'>' + e.to));
        }
    }
};

QTEST_GUILESS_MAIN(TestWorkflowGraph)
#include "tst_workflowgraph.moc"
