#pragma once

#include <QIcon>

class QPalette;

namespace squall::ui {

// The studio's icons (resources/icons/ui). Line icons take the palette's text
// colour so they read in light and dark; status icons keep their own colours.
namespace icons {

QIcon get(const QString &name);
QIcon get(const QString &name, const QPalette &palette);
// An execution / inquiry status ("succeeded", "running" ...) as an icon.
QIcon status(const QString &status);
// Forget rendered icons (after a palette change).
void clearCache();

} // namespace icons
} // namespace squall::ui
