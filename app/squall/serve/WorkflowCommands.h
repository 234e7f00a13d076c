#pragma once

#include <QStringList>

// `squall workflow test|inspect|simulate`: Orquesta workflows without a
// daemon. `args` starts at the command ("test", ...). Returns the exit code.
int runWorkflowCommand(const QStringList &args);
