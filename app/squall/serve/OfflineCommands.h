#pragma once

#include <QStringList>

// Commands that work without a daemon: `squall rule test`, `squall pack lint`.
// `args` starts at the command group ("rule", "pack", ...). Returns the exit code.
int runOfflineCommand(const QStringList &args);
