#include "base/Graph.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace squall::graph {

QList<QStringList> cycles(const QStringList &nodes, const Successors &next)
{
    struct Frame
    {
        QString node;
        QStringList next;
        qsizetype pos = 0;
        bool selfLoop = false;
    };
    QHash<QString, int> index;
    QHash<QString, int> low;
    QSet<QString> onStack;
    QStringList stack;
    QList<QStringList> out;
    int counter = 0;
    for (const QString &start : nodes) {
        if (index.contains(start))
            continue;
        QList<Frame> frames;
        auto push = [&](const QString &n) {
            index.insert(n, counter);
            low.insert(n, counter);
            ++counter;
            stack.append(n);
            onStack.insert(n);
            frames.append(Frame{n, next(n), 0, false});
        };
        push(start);
        while (!frames.isEmpty()) {
            Frame &f = frames.last();
            if (f.pos < f.next.size()) {
                const QString w = f.next.at(f.pos++);
                if (w == f.node)
                    f.selfLoop = true;
                if (!index.contains(w))
                    push(w);  // invalidates f
                else if (onStack.contains(w))
                    low[f.node] = std::min(low.value(f.node), index.value(w));
                continue;
            }
            const Frame done = frames.takeLast();
            if (!frames.isEmpty())
                low[frames.last().node] = std::min(low.value(frames.last().node), low.value(done.node));
            if (low.value(done.node) != index.value(done.node))
                continue;
            QStringList component;
            QString w;
            do {
                w = stack.takeLast();
                onStack.remove(w);
                component.append(w);
            } while (w != done.node);
            if (component.size() > 1 || done.selfLoop) {
                std::sort(component.begin(), component.end());
                out.append(component);
            }
        }
    }
    return out;
}

} // namespace squall::graph
