#include "CliMain.h"

#include "ArgParser.h"
#include "ClientConfig.h"
#include "CommandContext.h"

#include <QTextStream>

namespace squall::cli {

Route routeOf(const QStringList &arguments, qsizetype *commandIndex)
{
    // Skip the global options (and the values of those that take one).
    static const QStringList withValue{QStringLiteral("--url"), QStringLiteral("--api-key"), QStringLiteral("-t"),
                                       QStringLiteral("--token"), QStringLiteral("--data-dir")};
    qsizetype i = 0;
    while (i < arguments.size() && arguments.at(i).startsWith(u'-') && arguments.at(i) != u"-h"
           && arguments.at(i) != u"--help") {
        i += withValue.contains(arguments.at(i)) ? 2 : 1;
    }
    if (commandIndex)
        *commandIndex = i;
    const QString first = arguments.value(i);
    const QString second = arguments.value(i + 1);
    if (first == u"serve")
        return Route::Serve;
    if (first == u"workflow" || (first == u"rule" && second == u"test") || (first == u"pack" && second == u"lint"))
        return Route::Offline;
    return Route::Remote;
}

int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err, const QProcessEnvironment &env)
{
    if (arguments == QStringList{QStringLiteral("--version")}) {
        out << "squall " << SQUALL_VERSION << '\n';
        return 0;
    }
    const CommandSpec root = buildCommandTree();
    const ArgParser parser(root);
    const ParseOutcome parsed = parser.parse(arguments);
    switch (parsed.status) {
    case ParseOutcome::Help:
        out << parser.usage(*parsed.command, parsed.args.commandPath);
        return 0;
    case ParseOutcome::Error:
        err << parser.usage(*parsed.command, parsed.args.commandPath) << "\nerror: " << parsed.error << '\n';
        return 2;
    case ParseOutcome::Ok:
        break;
    }
    CommandContext ctx(ClientConfig::resolve(parsed.args, env), out, err);
    try {
        const int rc = parsed.command->handler(ctx, parsed.args);
        out.flush();
        return rc;
    } catch (const CliError &e) {
        out.flush();
        err << e.message << '\n';
        if (e.exitCode == 2)
            err << "Run 'squall " << parsed.args.commandPath.join(u' ') << " --help' for usage.\n";
        return e.exitCode;
    }
}

} // namespace squall::cli
