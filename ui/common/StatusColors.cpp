#include "ui/common/StatusColors.h"

#include <QPalette>

#include <cmath>

namespace squall::ui {

namespace {

double channel(double c)
{
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &c)
{
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

} // namespace

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

QColor statusColor(Status status, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const int hue = status == Status::Error ? 0 : status == Status::Warning ? 35 : 120;
    const bool darkBase = luminance(base) < 0.5;
    // Step lightness away from the background until the text is readable.
    int lightness = 128;
    QColor c = QColor::fromHsl(hue, 200, lightness);
    while (contrastRatio(c, base) < 4.5 && lightness > 0 && lightness < 255) {
        lightness += darkBase ? 8 : -8;
        lightness = qBound(0, lightness, 255);
        c = QColor::fromHsl(hue, 200, lightness);
    }
    return c;
}

} // namespace squall::ui
