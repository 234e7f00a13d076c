#include "OfflineCommands.h"

#include "DataDir.h"
#include "RuleTester.h"
#include "WorkflowCommands.h"
#include "packs/LintReport.h"

#include <QDir>
#include <QFileInfo>
#include <QTextStream>

namespace {

const char *kLintUsage =
    "usage: squall pack lint [--packs-dir DIR] PATH\n"
    "\n"
    "Checks every file of the pack at PATH (or of every pack in the folder PATH) without a daemon,\n"
    "and prints each problem as file:line:column: field: message. Exit 0 when there is no error.\n"
    "  --packs-dir DIR   packs whose actions and triggers count as known (default: the bundled packs)\n";

int packLint(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QString path;
    squall::packs::LintOptions options;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == u"-h" || a == u"--help") {
            out << kLintUsage;
            return 0;
        }
        if (a == u"--packs-dir" && i + 1 < args.size()) {
            options.knownPackRoots << args.at(++i);
        } else if (a.startsWith(u'-')) {
            err << "squall pack lint: unknown option " << a << "\n\n" << kLintUsage;
            return 2;
        } else if (path.isEmpty()) {
            path = a;
        } else {
            err << "squall pack lint: one path at a time\n\n" << kLintUsage;
            return 2;
        }
    }
    if (path.isEmpty()) {
        err << kLintUsage;
        return 2;
    }
    if (options.knownPackRoots.isEmpty())
        options.knownPackRoots << bundledPacksDir();
    // Lint through the path relative to here, so that paths the loader builds
    // (in locations and in messages) all come out in that one form.
    const QString relative = QDir::current().relativeFilePath(QFileInfo(path).absoluteFilePath());
    const squall::packs::LintReport report = squall::packs::lint(relative.isEmpty() ? QStringLiteral(".") : relative, options);
    // Every path relative to where the command was called, whatever form the
    // loader produced it in.
    const QString text = report.format(QDir::currentPath());
    out << text;
    if (!text.endsWith(u'\n'))
        out << '\n';
    return report.ok() ? 0 : 1;
}

} // namespace

int runOfflineCommand(const QStringList &args)
{
    const QString group = args.value(0);
    const QString command = args.value(1);
    if (group == u"pack" && command == u"lint")
        return packLint(args.mid(2));
    if (group == u"rule" && command == u"test")
        return runRuleTest(args.mid(2));
    if (group == u"workflow")
        return runWorkflowCommand(args.mid(1));
    QTextStream(stderr) << "squall: \"" << args.join(u' ') << "\" is not an offline command\n";
    return 2;
}
