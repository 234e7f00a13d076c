#include "QuitOnSignal.h"
#include "StudioLauncher.h"
#include "StudioOptions.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/Theme.h"

#include <QApplication>
#include <QMessageBox>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("Squall"));
    QCoreApplication::setApplicationName(QStringLiteral("Squall Studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SQUALL_VERSION));

    // Options first: --help, --version and mistakes need no display.
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    StudioOptions options;
    QString error, output;
    bool exitNow = false;
    if (!StudioOptions::parse(args, &options, &error, &exitNow, &output)) {
        QTextStream(stderr) << "squall-studio: " << error << "\n(squall-studio --help lists the options)\n";
        return 2;
    }
    if (exitNow) {
        QTextStream(stdout) << output;
        return 0;
    }
    const bool platformGiven = args.contains(QStringLiteral("-platform")) || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
    if (!platformGiven && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        QTextStream(stderr) << "squall-studio: no display (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                               "On a machine without one, run the daemon, `squall serve`, and attach to it from a\n"
                               "desktop with `squall-studio --connect http://HOST:9101`.\n";
        return 1;
    }

    QApplication app(argc, argv);
    QApplication::setDesktopFileName(QStringLiteral("io.squall.Studio"));
    squall::ui::Theme::apply(squall::ui::Theme::saved());

    StudioLauncher launcher;
    QObject::connect(&launcher, &StudioLauncher::ready, &app, [](squall::ui::MainWindow *window) { window->show(); });
    QObject::connect(&launcher, &StudioLauncher::failed, &app, [](const QString &message) {
        QTextStream(stderr) << "squall-studio: " << message << '\n';
        QMessageBox::critical(nullptr, QObject::tr("Squall Studio"), message);
        QApplication::exit(1);
    });
    // A logout or `kill` closes the window the usual way (state saved) and
    // stops the engine in order.
    quitOnSignals(&app);
    QObject::connect(&app, &QApplication::aboutToQuit, &launcher, [&launcher] {
        if (launcher.window())
            launcher.window()->close();
    });
    launcher.start(options);
    return QApplication::exec();
}
