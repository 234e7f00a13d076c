#include "ui/workflow/canvas/CanvasStyle.h"

#include "ui/common/StatusColors.h"

#include <QPalette>

#include <algorithm>

namespace squall::ui {

namespace {

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

} // namespace

void CanvasStyle::setPalette(const QPalette &palette, const QFont &font)
{
    nameFont = font;
    nameFont.setBold(true);
    actionFont = font;
    actionFont.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.88));
    badgeFont = font;
    badgeFont.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.75));
    labelFont = badgeFont;
    nameMetrics = QFontMetricsF(nameFont);
    actionMetrics = QFontMetricsF(actionFont);
    badgeMetrics = QFontMetricsF(badgeFont);
    labelMetrics = QFontMetricsF(labelFont);

    base = palette.color(QPalette::Base);
    text = palette.color(QPalette::Text);
    const bool dark = base.lightnessF() < 0.5;
    // Boxes stand slightly off the background so they read as objects.
    boxFill = mix(base, text, dark ? 0.10 : 0.035);
    dim = mix(text, base, 0.38);
    border = mix(text, base, dark ? 0.45 : 0.55);
    highlight = palette.color(QPalette::Highlight);
    if (dark)
        highlight = highlight.lighter(130);
    joinBorder = mix(highlight, border, 0.25);
    success = statusColor(Status::Success, palette);
    failure = statusColor(Status::Error, palette);
    other = mix(text, base, 0.5);
}

QColor CanvasStyle::statusColour(const QString &status) const
{
    if (status == u"succeeded")
        return success;
    if (status == u"failed" || status == u"timeout" || status == u"abandoned")
        return failure;
    if (status == u"paused" || status == u"pausing" || status == u"pending" || status == u"canceled"
        || status == u"canceling")
        return QColor::fromHsl(35, 200, base.lightnessF() < 0.5 ? 150 : 105);
    if (status == u"running" || status == u"resuming")
        return highlight;
    return dim;  // requested, scheduled, delayed ...
}

double CanvasStyle::boxWidth(qsizetype chars)
{
    return std::max(120.0, double(chars) * 7.2 + 28);
}

} // namespace squall::ui
