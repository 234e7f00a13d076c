#pragma once

#include "base/Error.h"
#include "base/Value.h"

#include <QList>
#include <QStringList>

namespace squall::yaml {
class LocationMap;
}

namespace squall::model {

// Validates a rule document and returns it in StackStorm's REST shape:
//   {tags, uid "rule:<pack>:<name>", metadata_file, name, ref "<pack>.<name>",
//    description, pack, type {ref: standard|backstop, parameters},
//    trigger {type, parameters, ref?, description?, ...}, criteria,
//    action {ref, parameters, description?}, context, enabled, id?}
// Both hand-written YAML rules and full JSON rule documents exported by
// StackStorm (with uid, ref, id, type, context, metadata_file, trigger.ref...)
// are accepted; what they carry is kept. Defaults: pack = the document's pack,
// else `packHint`, else "default"; enabled = false (a rule without
// `enabled: true` is created disabled); criteria/parameters/context = {};
// tags = []; type = {ref: standard, parameters: {}}; description = "".
// `id` is kept when it is a 24-hex id. Every problem is appended to `errors`
// (file:line:col: field: message when `locations` is given, with `file`
// otherwise); the result is a null Value when any error (not warning) was found.
Value normalizeRule(const Value &doc, const yaml::LocationMap *locations, const QString &packHint,
                    QList<Error> *errors, const QString &file = {});

// Reads a YAML or JSON rule file and normalizes it.
Value loadRule(const QString &path, const QString &packHint, QList<Error> *errors);

// The criteria operator names (with aliases), lower case, as StackStorm knows them.
const QStringList &criteriaOperators();
// As written, like StackStorm's API check ("Equals" is not an operator name).
bool isKnownCriteriaOperator(QStringView name);
// "pack.name" with a non-empty pack and name (trigger type and action refs).
bool isValidResourceRef(QStringView ref);

} // namespace squall::model

namespace squall::model {

struct TriggerTypeDef;

// Checks a rule's `trigger.parameters` against its trigger type's
// parameters_schema: required properties, unknown ones when
// additionalProperties is false, simple `type`s, `anyOf` of types and `enum`.
// Errors point at "trigger.parameters[.name]". Returns the number of errors.
int checkTriggerParameters(const TriggerTypeDef &type, const Value &parameters, const yaml::LocationMap *locations,
                           QList<Error> *errors, const QString &file = {});

} // namespace squall::model
