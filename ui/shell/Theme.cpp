#include "ui/shell/Theme.h"

#include "ui/shell/Icons.h"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>

namespace squall::ui {

namespace {

QPalette makeDarkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe6, 0xe7, 0xe9);
    const QColor disabled(0x80, 0x84, 0x8a);
    const QColor highlight(0x3d, 0x7e, 0xd6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x38, 0x3d));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4e));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::Mid, QColor(0x2f, 0x31, 0x35));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0e));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xf0));
    p.setColor(QPalette::LinkVisited, QColor(0xa5, 0x8c, 0xf0));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x44, 0x47, 0x4c));
    return p;
}

bool s_dark = false;

// The palette the platform gave before any was applied.
const QPalette &platformPalette()
{
    static const QPalette palette = QApplication::palette();
    return palette;
}

} // namespace

bool Theme::desktopPrefersDark()
{
    const QString gtkTheme = qEnvironmentVariable("GTK_THEME");
    if (gtkTheme.endsWith(u":dark", Qt::CaseInsensitive) || gtkTheme.contains(u"-dark", Qt::CaseInsensitive))
        return true;
    // GNOME (and others using its settings) announce the scheme here.
    if (!QStandardPaths::findExecutable(QStringLiteral("gsettings")).isEmpty()) {
        QProcess gsettings;
        gsettings.start(QStringLiteral("gsettings"),
                        {QStringLiteral("get"), QStringLiteral("org.gnome.desktop.interface"), QStringLiteral("color-scheme")});
        if (gsettings.waitForFinished(1500) && gsettings.exitCode() == 0)
            return gsettings.readAllStandardOutput().contains("dark");
    }
    // KDE writes its colour scheme to kdeglobals.
    const QString kdeglobals = QStandardPaths::locate(QStandardPaths::GenericConfigLocation, QStringLiteral("kdeglobals"));
    if (!kdeglobals.isEmpty()) {
        QSettings kde(kdeglobals, QSettings::IniFormat);
        const QStringList rgb = kde.value(QStringLiteral("Colors:Window/BackgroundNormal")).toStringList();
        if (rgb.size() == 3)
            return QColor(rgb[0].toInt(), rgb[1].toInt(), rgb[2].toInt()).lightness() < 128;
    }
    return platformPalette().color(QPalette::Window).lightness() < 128;
}

void Theme::apply(Mode mode)
{
    platformPalette();
    // Fusion draws the same on every desktop and honours both palettes fully.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    s_dark = mode == Mode::Dark || (mode == Mode::System && desktopPrefersDark());
    icons::clearCache();
    QApplication::setPalette(s_dark ? makeDarkPalette() : QApplication::style()->standardPalette());
    // A little air in every list: the default rows are cramped for reading.
    qApp->setStyleSheet(QStringLiteral("QTreeView::item { padding: 3px 2px; } QListView::item { padding: 2px; }"));
}

Theme::Mode Theme::saved()
{
    const QString v = QSettings().value(QStringLiteral("appearance/theme")).toString();
    if (v == u"light")
        return Mode::Light;
    if (v == u"dark")
        return Mode::Dark;
    return Mode::System;
}

void Theme::save(Mode mode)
{
    QSettings().setValue(QStringLiteral("appearance/theme"),
                         mode == Mode::Light ? QStringLiteral("light") : mode == Mode::Dark ? QStringLiteral("dark")
                                                                                             : QStringLiteral("system"));
}

QPalette Theme::darkPalette()
{
    return makeDarkPalette();
}

bool Theme::isDark()
{
    return s_dark;
}

} // namespace squall::ui
