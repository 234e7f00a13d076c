#include "workflow/inspect/WorkflowLayout.h"

#include "workflow/inspect/WorkflowGraph.h"

#include <QHash>
#include <QSet>
#include <QStringBuilder>

#include <algorithm>
#include <numeric>

namespace squall::workflow {

namespace {

QString xmlEscaped(const QString &s)
{
    return s.toHtmlEscaped();
}

QString labelOf(const WorkflowGraph::Node &n)
{
    return n.action.isString() ? n.action.toString() : QString();
}

} // namespace

WorkflowLayout WorkflowLayout::compute(const WorkflowGraph &graph)
{
    return compute(graph, Options());
}

WorkflowLayout WorkflowLayout::compute(const WorkflowGraph &graph, const Options &o)
{
    WorkflowLayout layout;
    const int n = int(graph.nodes.size());
    QHash<QString, int> index;
    for (int i = 0; i < n; ++i)
        index.insert(graph.nodes.at(i).id, i);

    // Distinct successor lists, in edge order.
    QList<QList<int>> next(n);
    QList<QList<int>> edgeOf(n);  // edge index per (node, successor)
    for (int e = 0; e < graph.edges.size(); ++e) {
        const int a = index.value(graph.edges.at(e).from, -1);
        const int b = index.value(graph.edges.at(e).to, -1);
        if (a < 0 || b < 0)
            continue;
        next[a].append(b);
        edgeOf[a].append(e);
    }

    // Back edges: those reaching a task still on the depth-first path (iterative,
    // so a 10,000-task chain does not exhaust the stack).
    QList<int> state(n, 0);  // 0 new, 1 on the path, 2 done
    QSet<int> back;
    for (int root = 0; root < n; ++root) {
        if (state[root])
            continue;
        QList<std::pair<int, int>> stack{{root, 0}};
        state[root] = 1;
        while (!stack.isEmpty()) {
            auto &[v, i] = stack.last();
            if (i < next[v].size()) {
                const int w = next[v][i];
                const int e = edgeOf[v][i];
                ++i;
                if (state[w] == 1)
                    back.insert(e);
                else if (state[w] == 0) {
                    state[w] = 1;
                    stack.append({w, 0});
                }
            } else {
                state[v] = 2;
                stack.removeLast();
            }
        }
    }
    layout.backEdges = QList<int>(back.cbegin(), back.cend());
    std::sort(layout.backEdges.begin(), layout.backEdges.end());

    // Layers: the longest path from a start task, over forward edges only.
    QList<int> indegree(n, 0);
    QList<QList<int>> forward(n), backward(n);
    for (int v = 0; v < n; ++v) {
        for (int i = 0; i < next[v].size(); ++i) {
            if (back.contains(edgeOf[v][i]))
                continue;
            const int w = next[v][i];
            if (forward[v].contains(w))
                continue;
            forward[v].append(w);
            backward[w].append(v);
            ++indegree[w];
        }
    }
    QList<int> layer(n, 0), queue;
    for (int v = 0; v < n; ++v) {
        if (indegree[v] == 0)
            queue.append(v);
    }
    for (qsizetype head = 0; head < queue.size(); ++head) {
        const int v = queue[head];
        for (const int w : std::as_const(forward[v])) {
            layer[w] = std::max(layer[w], layer[v] + 1);
            if (--indegree[w] == 0)
                queue.append(w);
        }
    }
    const int layers = n ? *std::max_element(layer.cbegin(), layer.cend()) + 1 : 0;
    QList<QList<int>> rows(layers);
    for (int v = 0; v < n; ++v)
        rows[layer[v]].append(v);  // graph order first: the composer's breadth-first order

    // Fewer crossings: order each layer by the mean position of its neighbours
    // in the layer above (going down) or below (going up).
    QList<double> position(n, 0);
    auto renumber = [&](const QList<int> &row) {
        for (int i = 0; i < row.size(); ++i)
            position[row[i]] = i;
    };
    for (const QList<int> &row : std::as_const(rows))
        renumber(row);
    for (int sweep = 0; sweep < o.sweeps; ++sweep) {
        const bool down = sweep % 2 == 0;
        for (int k = 0; k < layers; ++k) {
            QList<int> &row = rows[down ? k : layers - 1 - k];
            QHash<int, double> key;
            for (const int v : std::as_const(row)) {
                const QList<int> &near = down ? backward[v] : forward[v];
                if (near.isEmpty()) {
                    key.insert(v, position[v]);
                    continue;
                }
                double sum = 0;
                for (const int u : near)
                    sum += position[u];
                key.insert(v, sum / double(near.size()));
            }
            std::stable_sort(row.begin(), row.end(), [&](int a, int b) { return key.value(a) < key.value(b); });
            renumber(row);
        }
    }

    // Coordinates: boxes sized to their text, each layer centred.
    QList<double> widths(n);
    for (int v = 0; v < n; ++v) {
        const WorkflowGraph::Node &node = graph.nodes.at(v);
        const qsizetype chars = std::max(node.id.size(), labelOf(node).size());
        widths[v] = std::max(o.minBoxWidth, double(chars) * o.charWidth + 28);
    }
    QList<double> rowWidth(layers, 0);
    for (int k = 0; k < layers; ++k) {
        for (const int v : std::as_const(rows[k]))
            rowWidth[k] += widths[v];
        rowWidth[k] += o.columnGap * std::max<qsizetype>(0, rows[k].size() - 1);
    }
    const double widest = layers ? *std::max_element(rowWidth.cbegin(), rowWidth.cend()) : 0;
    layout.boxes.resize(n);
    for (int k = 0; k < layers; ++k) {
        double x = (widest - rowWidth[k]) / 2;
        for (int i = 0; i < rows[k].size(); ++i) {
            const int v = rows[k][i];
            Box &b = layout.boxes[v];
            b.id = graph.nodes.at(v).id;
            b.layer = k;
            b.order = i;
            b.x = x;
            b.y = k * (o.boxHeight + o.layerGap);
            b.width = widths[v];
            b.height = o.boxHeight;
            x += widths[v] + o.columnGap;
        }
    }
    layout.width = widest;
    layout.height = layers ? layers * o.boxHeight + (layers - 1) * o.layerGap : 0;
    return layout;
}

QString WorkflowLayout::toSvg(const WorkflowGraph &graph) const
{
    const double margin = 24;
    QHash<QString, int> index;
    for (int i = 0; i < boxes.size(); ++i)
        index.insert(boxes.at(i).id, i);
    QString svg = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"%3 %3 %1 %2\""
                                 " font-family=\"sans-serif\" font-size=\"12\">\n")
                      .arg(width + 2 * margin)
                      .arg(height + 2 * margin)
                      .arg(-margin);
    // One arrowhead per colour: SVG 1.1 markers cannot take the line's colour.
    svg += QStringLiteral("<defs>");
    for (const char *colour : {"2e9d57", "d64541", "8a8f98"})
        svg += QStringLiteral("<marker id=\"arrow%1\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\""
                              " markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"#%1\"/></marker>")
                   .arg(QLatin1String(colour));
    svg += QStringLiteral("</defs>\n");
    const QSet<int> back(backEdges.cbegin(), backEdges.cend());
    for (int e = 0; e < graph.edges.size(); ++e) {
        const WorkflowGraph::Edge &edge = graph.edges.at(e);
        const int a = index.value(edge.from, -1), b = index.value(edge.to, -1);
        if (a < 0 || b < 0)
            continue;
        const Box &from = boxes.at(a), &to = boxes.at(b);
        const QString when = edge.when.toString();
        const QString outcome = WorkflowGraph::outcomeOf(edge.when);
        const QString colour = outcome == u"failure"   ? QStringLiteral("#d64541")
                               : outcome == u"success" ? QStringLiteral("#2e9d57")
                                                       : QStringLiteral("#8a8f98");
        QString path;
        double lx, ly;
        if (back.contains(e)) {
            // Around the right side, back up to the task it returns to.
            const double x1 = from.x + from.width, y1 = from.y + from.height / 2;
            const double x2 = to.x + to.width, y2 = to.y + to.height / 2;
            const double bend = std::max(x1, x2) + 40;
            path = QStringLiteral("M%1 %2 C%3 %2 %3 %4 %5 %4").arg(x1).arg(y1).arg(bend).arg(y2).arg(x2);
            lx = bend;
            ly = (y1 + y2) / 2;
        } else {
            const double x1 = from.x + from.width / 2, y1 = from.y + from.height;
            const double x2 = to.x + to.width / 2, y2 = to.y;
            const double mid = (y1 + y2) / 2;
            path = QStringLiteral("M%1 %2 C%1 %3 %4 %3 %4 %5").arg(x1).arg(y1).arg(mid).arg(x2).arg(y2);
            // Nearer the source than the middle: transitions that meet at a
            // join keep their labels apart.
            lx = x1 + (x2 - x1) * 0.3;
            ly = y1 + (y2 - y1) * 0.42;
        }
        svg += QStringLiteral("<path d=\"%1\" fill=\"none\" stroke=\"%2\" stroke-width=\"1.6\" marker-end=\"url(#arrow%3)\"/>\n")
                   .arg(path, colour, colour.mid(1));
        if (!when.isEmpty()) {
            const QString shown = when.size() > 40 ? when.left(39) + u'…' : when;
            svg += QStringLiteral("<text x=\"%1\" y=\"%2\" fill=\"%3\" font-size=\"10\" text-anchor=\"middle\"><title>%4</title>%5</text>\n")
                       .arg(lx)
                       .arg(ly - 3)
                       .arg(colour, xmlEscaped(when), xmlEscaped(shown));
        }
    }
    for (int i = 0; i < boxes.size(); ++i) {
        const Box &b = boxes.at(i);
        const WorkflowGraph::Node &node = graph.nodes.at(i);
        svg += QStringLiteral("<g><rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" rx=\"7\" fill=\"#f4f6f9\" stroke=\"%5\""
                              " stroke-width=\"%6\"/>\n")
                   .arg(b.x)
                   .arg(b.y)
                   .arg(b.width)
                   .arg(b.height)
                   .arg(node.join.isNull() ? QStringLiteral("#5b6472") : QStringLiteral("#2f7fd6"))
                   .arg(node.join.isNull() ? 1.2 : 2.4);
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#1f2328\">%3</text>\n")
                   .arg(b.x + b.width / 2)
                   .arg(b.y + 19)
                   .arg(xmlEscaped(b.id));
        if (!labelOf(node).isEmpty())
            svg += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\" fill=\"#5b6472\">%3</text>\n")
                       .arg(b.x + b.width / 2)
                       .arg(b.y + 35)
                       .arg(xmlEscaped(labelOf(node)));
        svg += QStringLiteral("</g>\n");
    }
    svg += QStringLiteral("</svg>\n");
    return svg;
}

} // namespace squall::workflow
