#pragma once

#include <QStringList>

// What `squall-studio` was asked for on its command line.
struct StudioOptions
{
    QString dataDir;                               // empty: the default data dir
    QString listen = QStringLiteral("127.0.0.1:9101");
    bool listenGiven = false;                      // --listen given: a taken port is an error
    QStringList packDirs;
    QString connectUrl;                            // attach to this daemon instead of running one
    QString apiKey;

    bool remote() const { return !connectUrl.isEmpty(); }

    // Parses arguments (without the program name). Returns false with `error`
    // set on bad input; `exitNow` is set for --help / --version (`output` holds the text).
    static bool parse(const QStringList &args, StudioOptions *options, QString *error, bool *exitNow, QString *output);
};
