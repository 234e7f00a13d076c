#pragma once

// Helpers for the studio's benchmarks (offscreen widgets): waiting on the
// event loop and timing frames, reported like every other workload.
#include "BenchUtil.h"

#include <QAbstractScrollArea>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QWidget>

#include <functional>

namespace squall::bench {

// Processes events until `done` or `timeoutMs`; true when done.
inline bool waitFor(const std::function<bool()> &done, int timeoutMs = 60000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

inline QJsonObject frameFigures(const std::vector<double> &ms)
{
    double max = 0, sum = 0;
    for (double v : ms) {
        max = std::max(max, v);
        sum += v;
    }
    return {{QStringLiteral("frames"), qint64(ms.size())},
            {QStringLiteral("mean_ms"), ms.empty() ? 0 : sum / double(ms.size())},
            {QStringLiteral("p50_ms"), percentile(ms, 50)},
            {QStringLiteral("p99_ms"), percentile(ms, 99)},
            {QStringLiteral("max_ms"), max},
            {QStringLiteral("over_16ms"), qint64(std::count_if(ms.begin(), ms.end(), [](double v) { return v > 16.0; }))}};
}

// One frame: what the GUI thread does for an input, then a synchronous paint.
inline double frame(QAbstractScrollArea *view, const std::function<void()> &input)
{
    QElapsedTimer t;
    t.start();
    input();
    QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents, 0);
    view->viewport()->repaint();
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace squall::bench
