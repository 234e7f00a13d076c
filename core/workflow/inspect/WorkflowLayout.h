#pragma once

#include <QList>
#include <QString>

namespace squall::workflow {

struct WorkflowGraph;

// A layered drawing of a workflow graph (Sugiyama-style): transitions that
// close a loop are set aside, every task sits one layer below the tasks that
// lead to it, tasks in a layer are ordered to cross few transitions, and boxes
// are sized to their text. For files opened the first time, `squall workflow
// graph --format svg`, and the designer.
struct WorkflowLayout
{
    struct Box
    {
        QString id;
        double x = 0, y = 0, width = 0, height = 0;  // top-left corner and size
        int layer = 0;
        int order = 0;  // position in its layer, left to right
    };
    struct Options
    {
        double boxHeight = 46;
        double minBoxWidth = 120;
        double charWidth = 7.2;   // an average glyph of the label font
        double columnGap = 36;
        double layerGap = 64;
        int sweeps = 4;           // barycentre passes (down and up) to reduce crossings
    };

    QList<Box> boxes;        // in the graph's node order
    QList<int> backEdges;    // indexes into the graph's edges that loop back
    double width = 0, height = 0;

    static WorkflowLayout compute(const WorkflowGraph &graph);
    static WorkflowLayout compute(const WorkflowGraph &graph, const Options &options);

    // The graph drawn as a standalone SVG document.
    QString toSvg(const WorkflowGraph &graph) const;
};

} // namespace squall::workflow
