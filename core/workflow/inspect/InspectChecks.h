#pragma once

#include "base/Value.h"
#include "workflow/inspect/Inspector.h"

#include <QList>
#include <QString>
#include <QStringList>

// The four passes of Orquesta's WorkflowSpec.inspect(); internal to the inspector.
namespace squall::workflow::inspect {

struct WorkflowModel;

// Orquesta's JSON schema of a workflow (WorkflowSpec.get_schema()).
const Value &workflowSchema();

// jsonschema (Draft 4, as pinned by Orquesta) over the raw document, with
// its messages and Orquesta's spec_path / schema_path spelling.
QList<InspectionError> checkSyntax(const Value &doc);
// Reserved names, missing start task, undefined next tasks, unreachable
// joins, with-items without action.
QList<InspectionError> checkSemantics(const WorkflowModel &model);
// Parse errors of every expression, property by property.
QList<InspectionError> checkExpressions(const WorkflowModel &model);
// Variables referenced before assignment along the graph.
QList<InspectionError> checkContext(const WorkflowModel &model, const QStringList &appContext);

// What Python's bytes(s, "utf-8").decode("unicode_escape") makes of a
// message: Orquesta passes every jsonschema message through it.
QString pyUnescape(const QString &s);

// Orquesta's spec path of a child: "a" + "b" -> "a.b"; a root child is "b".
inline QString childPath(const QString &parent, const QString &key)
{
    return parent.isEmpty() ? key : parent + u'.' + key;
}

} // namespace squall::workflow::inspect
