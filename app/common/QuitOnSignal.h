#pragma once

class QObject;

// SIGINT and SIGTERM end the event loop (QCoreApplication::quit) instead of
// the process, so that the daemon and the studio shut down in order: running
// actions recorded, window state saved. `context` owns the notifier.
void quitOnSignals(QObject *context);
