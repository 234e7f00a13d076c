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
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Squall"));
    QApplication::setApplicationName(QStringLiteral("Squall Studio"));
    QApplication::setApplicationVersion(QStringLiteral(SQUALL_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.squall.Studio"));

    StudioOptions options;
    QString error, output;
    bool exitNow = false;
    if (!StudioOptions::parse(QApplication::arguments().mid(1), &options, &error, &exitNow, &output)) {
        QTextStream(stderr) << "squall-studio: " << error << "\n(squall-studio --help lists the options)\n";
        return 2;
    }
    if (exitNow) {
        QTextStream(stdout) << output;
        return 0;
    }
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
