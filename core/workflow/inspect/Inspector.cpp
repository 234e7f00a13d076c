#include "workflow/inspect/Inspector.h"

#include "workflow/inspect/InspectChecks.h"
#include "workflow/inspect/WorkflowModel.h"

#include <algorithm>

namespace squall::workflow {

namespace {

// Orquesta sorts each group by (schema_path, spec_path), keeping the order
// in which equal entries were found.
void sortGroup(QList<InspectionError> &errors)
{
    std::stable_sort(errors.begin(), errors.end(), [](const InspectionError &a, const InspectionError &b) {
        const int bySchema = QString::compare(a.schemaPath, b.schemaPath);
        if (bySchema != 0)
            return bySchema < 0;
        return QString::compare(a.specPath, b.specPath) < 0;
    });
}

Value pathValue(const QString &path)
{
    return path.isEmpty() ? Value() : Value(path);
}

QString groupName(const QString &type)
{
    return type == u"expression" ? QStringLiteral("expressions") : type;
}

} // namespace

QList<InspectionError> inspectWorkflow(const Value &doc, const yaml::LocationMap *locations,
                                       const QStringList &appContext)
{
    const inspect::WorkflowModel model = inspect::WorkflowModel::build(doc);
    QList<InspectionError> groups[] = {
        inspect::checkSyntax(model.doc),
        inspect::checkSemantics(model),
        inspect::checkExpressions(model),
        inspect::checkContext(model, appContext),
    };
    QList<InspectionError> all;
    for (auto &group : groups) {
        sortGroup(group);
        all.append(group);
    }
    if (locations) {
        for (auto &e : all)
            e.location = locations->locate(e.specPath);
    }
    return all;
}

Value inspectionToValue(const QList<InspectionError> &errors)
{
    ValueDict out;
    for (const InspectionError &e : errors) {
        ValueDict entry;
        const bool expression = e.type == u"expression" || e.type == u"context";
        if (expression) {
            entry.insert(QStringLiteral("type"), e.language.isEmpty() ? Value() : Value(e.language));
            entry.insert(QStringLiteral("expression"), Value(e.expression));
        }
        entry.insert(QStringLiteral("message"), Value(e.message));
        entry.insert(QStringLiteral("spec_path"), pathValue(e.specPath));
        entry.insert(QStringLiteral("schema_path"), pathValue(e.schemaPath));
        const QString group = groupName(e.type);
        Value *list = out.find(group);
        if (!list) {
            out.insert(group, Value(ValueList()));
            list = out.find(group);
        }
        list->listRef().append(Value(std::move(entry)));
    }
    return Value(std::move(out));
}

Value inspectionToSt2Errors(const QList<InspectionError> &errors)
{
    QList<const InspectionError *> sorted;
    for (const InspectionError &e : errors)
        sorted.append(&e);
    auto st2Type = [](const QString &type) { return type == u"semantics" ? QStringLiteral("semantic") : type; };
    std::stable_sort(sorted.begin(), sorted.end(), [&](const InspectionError *a, const InspectionError *b) {
        const int byType = QString::compare(st2Type(a->type), st2Type(b->type));
        if (byType != 0)
            return byType < 0;
        return QString::compare(a->schemaPath, b->schemaPath) < 0;
    });
    ValueList out;
    for (const InspectionError *e : sorted) {
        ValueDict entry;
        if (e->type == u"expression" || e->type == u"context") {
            entry.insert(QStringLiteral("expression"), Value(e->expression));
            entry.insert(QStringLiteral("language"), e->language.isEmpty() ? Value() : Value(e->language));
        }
        entry.insert(QStringLiteral("message"), Value(e->message));
        entry.insert(QStringLiteral("spec_path"), pathValue(e->specPath));
        entry.insert(QStringLiteral("schema_path"), pathValue(e->schemaPath));
        entry.insert(QStringLiteral("type"), Value(st2Type(e->type)));
        out.append(Value(std::move(entry)));
    }
    return Value(std::move(out));
}

QString formatInspection(const QList<InspectionError> &errors)
{
    QString text;
    for (const InspectionError &e : errors) {
        if (e.location.isValid())
            text += e.location.toString() + QStringLiteral(": ");
        text += e.type + QStringLiteral(": ");
        if (!e.specPath.isEmpty())
            text += e.specPath + QStringLiteral(": ");
        text += e.message;
        if (e.type == u"context" && !e.expression.isEmpty())
            text += QStringLiteral(" (in ") + e.expression + u')';
        text += u'\n';
    }
    return text;
}

} // namespace squall::workflow
