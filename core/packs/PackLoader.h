#pragma once

#include "packs/PackContent.h"

#include <QStringList>

namespace squall::packs {

// Loads one pack directory (StackStorm layout: pack.yaml, actions/, rules/,
// triggers/, sensors/, config.schema.yaml). Never stops at a bad file: every
// problem is collected in PackContent::errors with file, line, column and field.
PackContent loadPack(const QString &dir, const PackLoadOptions &options = {});

// Each root is either a pack directory or a folder of packs; every directory
// holding a pack.yaml is loaded (sorted by name). A pack ref seen twice is an
// error reported on the second pack.
QList<PackContent> loadPackDirs(const QStringList &roots, const PackLoadOptions &options = {});

// Applies the schema defaults of a config schema (attribute -> parameter
// schema, nested `properties` included) to a config dict.
Value applyConfigDefaults(const Value &schema, const Value &config);

} // namespace squall::packs
