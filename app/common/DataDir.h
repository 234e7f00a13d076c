#pragma once

#include <QStringList>

// Where the daemon keeps its data unless told otherwise: $SQUALL_DATA_DIR, else
// ~/.local/share/squall (XDG data home).
QString defaultDataDir();
// The packs Squall ships: next to the sources in a build tree, or the installed copy.
QString bundledPacksDir();
// The packs a daemon or studio loads when given no --packs-dir: the bundled
// ones, then DATADIR/packs (created when missing) for packs the user adds.
QStringList defaultPackRoots(const QString &dataDir);
