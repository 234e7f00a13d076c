#pragma once

#include <QStringList>

// `squall serve`: the headless daemon (engine + REST API) in the foreground.
int runServe(const QStringList &args);
