#include "CliMain.h"

#include <QCoreApplication>
#include <QTextStream>

#ifdef SQUALL_HAVE_SERVE
#include "serve/OfflineCommands.h"
#include "serve/ServeCommand.h"
#endif

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("squall"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SQUALL_VERSION));
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();

    qsizetype at = 0;
    const squall::cli::Route route = squall::cli::routeOf(args, &at);
    if (route != squall::cli::Route::Remote) {
#ifdef SQUALL_HAVE_SERVE
        if (route == squall::cli::Route::Serve)
            return runServe(args.mid(at + 1));
        return runOfflineCommand(args.mid(at));
#else
        std::fputs("squall: this build has no daemon or offline tools (app/squall/serve was not built)\n", stderr);
        return 1;
#endif
    }

    QTextStream out(stdout);
    QTextStream err(stderr);
    const int rc = squall::cli::runCli(args, out, err);
    out.flush();
    err.flush();
    return rc;
}
