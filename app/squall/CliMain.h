#pragma once

#include <QProcessEnvironment>
#include <QStringList>

class QTextStream;

namespace squall::cli {

struct CommandSpec;

// The full `squall` command tree (st2's, plus serve and the offline tools).
CommandSpec buildCommandTree();

// Commands handled outside the REST client: `serve`, and the offline tools
// (`rule test`, `pack lint`, `workflow ...`) that run without a daemon.
enum class Route { Remote, Serve, Offline };
// Which route the arguments take; *commandIndex is where the command word sits
// once the leading global options are skipped.
Route routeOf(const QStringList &arguments, qsizetype *commandIndex = nullptr);

// Runs one invocation of a REST-backed command and returns its exit code:
// 0 success, 1 remote or file error (or a failed execution for `run`), 2 usage error.
int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

} // namespace squall::cli
