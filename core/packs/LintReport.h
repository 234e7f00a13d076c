#pragma once

#include "packs/PackContent.h"

#include <QStringList>

namespace squall::packs {

// What `squall pack lint DIR` prints: every problem in every file of every
// pack found under DIR, plus cross-checks between packs (rule action refs and
// trigger types that resolve to nothing known: warnings).
struct LintReport
{
    QStringList packDirs;
    QList<PackContent> packs;
    QList<Error> errors;      // every pack's errors, then the cross-checks

    int errorCount() const;
    int warningCount() const;
    bool ok() const { return errorCount() == 0; }
    // "file:line:col: field: message" per line ("warning: " before warnings'
    // messages), then a summary line. With `baseDir`, every file is shown
    // relative to it (the CLI passes the directory it was called from), so one
    // report never mixes absolute and relative forms.
    QString format(const QString &baseDir = QString()) const;
};

struct LintOptions
{
    PackLoadOptions load;
    // Packs whose content counts as known for the cross-checks without being
    // linted (the installed packs, Squall's packs/core).
    QStringList knownPackRoots;
};

// One error as lint prints it: "file:line:col: field: message", with
// "warning: " before the message of a warning.
QString formatError(const Error &error);

// `path` is one pack directory or a folder of packs.
LintReport lint(const QString &path, const LintOptions &options = {});

} // namespace squall::packs
