#pragma once

#include <QObject>

class QPalette;

namespace squall::ui {

// Light and dark palettes. "System" follows the desktop: the colour scheme
// the desktop announces (GNOME/GTK settings, KDE's colours, GTK_THEME), else
// the platform palette's own lightness.
class Theme final : public QObject
{
    Q_OBJECT
public:
    enum class Mode { System, Light, Dark };
    Q_ENUM(Mode)

    static void apply(Mode mode);
    static Mode saved();           // from QSettings, System by default
    static void save(Mode mode);
    static bool isDark();          // what is applied now
    static bool desktopPrefersDark();
    // The studio's dark palette (for widgets shown in it without applying it app-wide: tests, previews).
    static QPalette darkPalette();
};

} // namespace squall::ui
