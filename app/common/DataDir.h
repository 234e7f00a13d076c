#pragma once

#include <QString>

// Where the daemon keeps its data unless told otherwise: $SQUALL_DATA_DIR, else
// ~/.local/share/squall (XDG data home).
QString defaultDataDir();
// The packs Squall ships: next to the sources in a build tree, or the installed copy.
QString bundledPacksDir();
