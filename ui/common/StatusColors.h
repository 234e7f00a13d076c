#pragma once

#include <QColor>

class QPalette;

namespace squall::ui {

enum class Status { Error, Warning, Success };

// A status colour that reads on the palette's Base colour: the status hue,
// darkened on light backgrounds and lightened on dark ones until its contrast
// reaches WCAG's 4.5:1 for text.
QColor statusColor(Status status, const QPalette &palette);
// WCAG contrast ratio between two colours (1 .. 21).
double contrastRatio(const QColor &a, const QColor &b);

} // namespace squall::ui
