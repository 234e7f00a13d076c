#include "workflow/inspect/InspectChecks.h"
#include "workflow/inspect/WorkflowModel.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/ExprString.h"

namespace squall::workflow::inspect {

namespace {

class ExpressionWalker
{
public:
    explicit ExpressionWalker(QList<InspectionError> *out) : m_out(out) { }

    void value(const Value &v, const QString &specPath, const QString &schemaPath)
    {
        if (v.isNull() || v.isBool() || v.isInt() || v.isDouble())
            return;
        QList<expr::ExprProblem> problems;
        try {
            problems = expr::validateValue(v);
        } catch (const SquallException &e) {
            // Validation only parses; should a parser still throw, report
            // it against the property rather than abort the inspection.
            problems.append({QString(), py::str(v), e.error().message});
        }
        for (const expr::ExprProblem &p : problems) {
            InspectionError e;
            e.type = QStringLiteral("expression");
            e.message = p.message;
            e.specPath = specPath;
            e.schemaPath = schemaPath;
            e.language = p.language;
            e.expression = p.expression;
            m_out->append(e);
        }
    }

    // A child spec's property, by Orquesta's path rules.
    void property(const Value &v, const QString &specPath, const QString &schemaPath, const QString &name)
    {
        value(v, childPath(specPath, name), childPath(schemaPath, QStringLiteral("properties.") + name));
    }

    void task(const WorkflowModel::Task &t, const QString &specPath, const QString &schemaPath)
    {
        property(t.delay, specPath, schemaPath, QStringLiteral("delay"));
        property(t.join, specPath, schemaPath, QStringLiteral("join"));
        const QString withSpec = specPath + QStringLiteral(".with");
        const QString withSchema = schemaPath + QStringLiteral(".properties.with");
        if (t.with.isDict() && !t.with.toDict().isEmpty()) {
            property(t.with[u"items"], withSpec, withSchema, QStringLiteral("items"));
            property(t.with[u"concurrency"], withSpec, withSchema, QStringLiteral("concurrency"));
        } else {
            value(t.with, withSpec, withSchema);
        }
        property(t.action, specPath, schemaPath, QStringLiteral("action"));
        property(t.input, specPath, schemaPath, QStringLiteral("input"));
        const QString retrySpec = specPath + QStringLiteral(".retry");
        const QString retrySchema = schemaPath + QStringLiteral(".properties.retry");
        if (t.retry.isDict() && !t.retry.toDict().isEmpty()) {
            property(t.retry[u"when"], retrySpec, retrySchema, QStringLiteral("when"));
            property(t.retry[u"count"], retrySpec, retrySchema, QStringLiteral("count"));
            property(t.retry[u"delay"], retrySpec, retrySchema, QStringLiteral("delay"));
        } else {
            value(t.retry, retrySpec, retrySchema);
        }
        if (t.next.isEmpty()) {
            value(t.nextRaw, specPath + QStringLiteral(".next"), schemaPath + QStringLiteral(".properties.next"));
            return;
        }
        const QString itemSchema = schemaPath + QStringLiteral(".properties.next.items");
        for (qsizetype i = 0; i < t.next.size(); ++i) {
            const auto &tr = t.next.at(i);
            if (!tr.isSpec)
                continue;
            const QString itemSpec = specPath + QStringLiteral(".next[") + QString::number(i) + u']';
            property(tr.when, itemSpec, itemSchema, QStringLiteral("when"));
            property(tr.publish, itemSpec, itemSchema, QStringLiteral("publish"));
            property(tr.doValue, itemSpec, itemSchema, QStringLiteral("do"));
        }
    }

private:
    QList<InspectionError> *m_out;
};

} // namespace

QList<InspectionError> checkExpressions(const WorkflowModel &model)
{
    QList<InspectionError> out;
    if (!model.doc.isDict())
        return out;
    ExpressionWalker walker(&out);
    for (const QString &name : {QStringLiteral("vars"), QStringLiteral("input"), QStringLiteral("output")})
        walker.property(model.doc[name], QString(), QString(), name);
    const QString taskSchema = QStringLiteral("properties.tasks.patternProperties.^\\w+$");
    for (const auto &t : model.tasks) {
        if (t.isSpec)
            walker.task(t, QStringLiteral("tasks.") + t.name, taskSchema);
    }
    return out;
}

} // namespace squall::workflow::inspect
