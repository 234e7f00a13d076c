#pragma once

#include <QColor>
#include <QFont>
#include <QFontMetricsF>

class QPalette;

namespace squall::ui {

// Fonts and colours every canvas item paints with, built once per palette so
// painting allocates nothing. Items hold a pointer to the canvas's instance.
struct CanvasStyle
{
    QFont nameFont, actionFont, badgeFont, labelFont;
    QFontMetricsF nameMetrics{QFont()}, actionMetrics{QFont()}, badgeMetrics{QFont()}, labelMetrics{QFont()};
    QColor base, boxFill, text, dim, border, highlight, success, failure, other, joinBorder;
    bool readOnly = false;
    bool exporting = false;
    bool detailCached = true;  // task items cache their pictures (at detailed zoom levels)  // hide interaction handles (outlets) in exported pictures

    void setPalette(const QPalette &palette, const QFont &font);
    // The colour of a run status ("running", "failed" ...), readable on `base`.
    QColor statusColour(const QString &status) const;

    // Below this scale, items draw plain shapes without text.
    static constexpr double detailThreshold = 0.4;
    // Box size the same as WorkflowLayout's default options.
    static double boxWidth(qsizetype chars);
    static constexpr double boxHeight = 46;
    static constexpr double layerGap = 64;
    static constexpr double columnGap = 36;
};

} // namespace squall::ui
