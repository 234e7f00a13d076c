#pragma once

#include "base/Error.h"
#include "base/Value.h"
#include "base/Yaml.h"

#include <QList>
#include <QString>
#include <QStringList>

// Static inspection of an Orquesta workflow definition, reporting what
// Orquesta's WorkflowSpec.inspect() reports, with the same messages, paths and
// order, so rehearsal specs' `expected_inspection_errors` compare exactly.
namespace squall::workflow {

struct InspectionError
{
    QString type;        // "syntax", "semantics", "expression" or "context"
    QString message;
    QString specPath;    // e.g. "tasks.task1.next[0].do"; empty = null (document root)
    QString schemaPath;  // e.g. "properties.tasks.patternProperties.^\\w+$.properties.next.items.properties.do"
    QString language;    // expression/context errors: "yaql", "jinja", or empty (mixed languages)
    QString expression;  // expression/context errors: the offending expression or statement
    SourceLocation location;  // where specPath points in the file, when a LocationMap was given
};

// Orquesta's WorkflowSpec.inspect() over a loaded YAML document. Errors come
// grouped by type (syntax, semantics, expression, context), each group sorted
// as Orquesta sorts it (schema path, then spec path). `appContext` are the
// names the caller puts in the initial context (Orquesta's app_ctx keys, e.g.
// "st2" and "parent" under StackStorm); references to them are not context errors.
QList<InspectionError> inspectWorkflow(const Value &doc, const yaml::LocationMap *locations = nullptr,
                                       const QStringList &appContext = {});

// Orquesta's result shape: {"syntax": [...], "semantics": [...], "expressions": [...],
// "context": [...]} (only non-empty groups), entries {message, spec_path, schema_path}
// plus {type: <language>, expression} for expression and context errors.
Value inspectionToValue(const QList<InspectionError> &errors);

// StackStorm's shape of the same errors (st2's workflow service inspect()),
// as a failed execution's result "errors" holds them: one flat list of
// {type: "syntax"|"semantic"|"expression"|"context", message, spec_path,
// schema_path[, language, expression]}, sorted by type, then schema path.
Value inspectionToSt2Errors(const QList<InspectionError> &errors);

// Human-readable, one line per error: "file:line:col: type: spec_path: message".
QString formatInspection(const QList<InspectionError> &errors);

} // namespace squall::workflow
