#pragma once

#include "base/Error.h"
#include "base/Value.h"
#include "model/ActionDef.h"
#include "model/PackDef.h"
#include "model/RunnerType.h"
#include "model/SensorDef.h"
#include "model/TriggerTypeDef.h"

#include <QList>

#include <optional>

namespace squall::yaml {
class LocationMap;
}

namespace squall::model {

// Loaders for the metadata files of a pack. Each appends every problem it finds
// to `errors` (file:line:col: field: message; warnings have kind "warning") and
// returns the definition, or nullopt when any error (not warning) was found, so
// a caller can go on with the next file. YAML and JSON files are both accepted.
//
// The *FromValue variants take an already parsed document (an API request body,
// for instance); `locations` may be null, `file` then names the source.

// `<pack>/actions/<x>.yaml`. `packName` wins over a `pack` field (a different
// one is an error); `packPath` (the pack directory) resolves the entry point,
// which must stay inside the pack and exist. The runner type must be known
// (built-in names and aliases) and runner-parameter overrides must be legal.
std::optional<ActionDef> loadAction(const QString &path, const QString &packName, const QString &packPath,
                                    QList<Error> *errors);
std::optional<ActionDef> actionFromValue(const Value &doc, const std::shared_ptr<const yaml::LocationMap> &locations,
                                         const QString &file, const QString &packName, const QString &packPath,
                                         QList<Error> *errors);

// `<pack>/triggers/<x>.yaml`, or one entry of a sensor's `trigger_types`.
std::optional<TriggerTypeDef> loadTriggerType(const QString &path, const QString &packName, QList<Error> *errors);
std::optional<TriggerTypeDef> triggerTypeFromValue(const Value &doc, const yaml::LocationMap *locations,
                                                   const QString &file, const QString &fieldPrefix,
                                                   const QString &packName, QList<Error> *errors);

// `<pack>/sensors/<x>.yaml`; its trigger types get the pack's name.
std::optional<SensorDef> loadSensor(const QString &path, const QString &packName, const QString &packPath,
                                    QList<Error> *errors);
std::optional<SensorDef> sensorFromValue(const Value &doc, const yaml::LocationMap *locations, const QString &file,
                                         const QString &packName, const QString &packPath, QList<Error> *errors);

// `<pack>/pack.yaml`. Missing name/description/version/author are errors; the
// returned PackDef is still filled as far as possible (check the error count
// yourself when you want to go on), so nullopt only means "unreadable".
std::optional<PackDef> loadPackDef(const QString &packYamlPath, QList<Error> *errors);
PackDef packDefFromValue(const Value &doc, const yaml::LocationMap *locations, const QString &file,
                         QList<Error> *errors);

// A runner definition (the built-in YAML files under resources/runners).
std::optional<RunnerType> runnerTypeFromValue(const Value &doc, const yaml::LocationMap *locations,
                                              const QString &file, const QString &fieldPrefix, QList<Error> *errors);

// Pack refs: ^[a-z0-9_]+$. Versions: semver; "1.2" is normalized to "1.2.0".
bool isValidPackRef(QStringView ref);
bool isValidSemver(QStringView version);
QString normalizePackVersion(const QString &version);

// Makes `path` relative to `base` when it is inside it (for metadata_file).
QString relativePath(const QString &base, const QString &path);

} // namespace squall::model
