#include "workflow/inspect/InspectChecks.h"
#include "workflow/inspect/InlineParams.h"
#include "workflow/inspect/WorkflowModel.h"

#include "base/Python.h"
#include "expr/ExprString.h"

#include <QQueue>
#include <QSet>

namespace squall::workflow::inspect {

namespace {

using Ctx = QSet<QString>;

class ContextWalker
{
public:
    explicit ContextWalker(QList<InspectionError> *out) : m_out(out) { }

    // One property of a spec, as Orquesta's Spec.inspect_context() treats it:
    // skipped when falsy, a string with inline `k=v` parameters becomes their
    // list, lists are checked item by item ("path[i]").
    void property(Value v, const QString &specPath, const QString &schemaPath, Ctx &rolling, bool assigns)
    {
        if (!py::truthy(v))
            return;
        if (v.isString()) {
            ValueList params = parseInlineParams(v.toString());
            if (!params.isEmpty())
                v = Value(std::move(params));
        }
        if (v.isList()) {
            const ValueList &items = v.toList();
            for (qsizetype i = 0; i < items.size(); ++i)
                check(items.at(i), specPath + u'[' + QString::number(i) + u']', schemaPath, rolling, assigns);
            return;
        }
        check(v, specPath, schemaPath, rolling, assigns);
    }

    void workflow(const WorkflowModel &m, Ctx rolling)
    {
        const Value &doc = m.doc;
        property(doc[u"input"], QStringLiteral("input"), QStringLiteral("properties.input"), rolling, true);
        property(doc[u"vars"], QStringLiteral("vars"), QStringLiteral("properties.vars"), rolling, true);
        if (m.tasksIsMapping)
            rolling.unite(tasks(m, rolling));
        property(doc[u"output"], QStringLiteral("output"), QStringLiteral("properties.output"), rolling, true);
    }

private:
    void check(const Value &v, const QString &specPath, const QString &schemaPath, Ctx &rolling, bool assigns)
    {
        // Orquesta's regex-based references (ctx().x, ctx(x), ctx('x'), ctx("x")
        // inside <% %> or {{ }}); `$.x` and {% %} blocks are not checked.
        for (const expr::ContextVariable &ref : expr::extractVariables(v)) {
            if (ref.name.startsWith(u"__"))
                error(ref, QStringLiteral("Variable \"%1\" that is prefixed with double underscores is considered a "
                                          "private variable and cannot be referenced.")
                               .arg(ref.name),
                      specPath, schemaPath);
            if (!rolling.contains(ref.name))
                error(ref, QStringLiteral("Variable \"%1\" is referenced before assignment.").arg(ref.name), specPath,
                      schemaPath);
        }
        if (!assigns)
            return;
        if (v.isDict()) {
            for (const auto &entry : v.toDict())
                rolling.insert(entry.first);
        } else if (v.isList()) {
            for (const Value &item : v.toList()) {
                if (item.isString())
                    rolling.insert(item.toString());
                else if (item.isDict() && item.toDict().size() == 1)
                    rolling.insert(item.toDict().entries().front().first);
            }
        } else if (v.isString()) {
            rolling.insert(v.toString());
        }
    }

    void error(const expr::ContextVariable &ref, const QString &message, const QString &specPath, const QString &schemaPath)
    {
        InspectionError e;
        e.type = QStringLiteral("context");
        e.message = message;
        e.specPath = specPath;
        e.schemaPath = schemaPath;
        e.language = expr::languageName(ref.language);
        e.expression = ref.statement;
        m_out->append(e);
    }

    void task(const WorkflowModel::Task &t, const QString &specPath, const QString &schemaPath, Ctx &ctx)
    {
        auto prop = [&](const Value &v, const QString &name, Ctx &rolling) {
            property(v, specPath + u'.' + name, schemaPath + QStringLiteral(".properties.") + name, rolling, false);
        };
        prop(t.delay, QStringLiteral("delay"), ctx);
        if (py::truthy(t.with)) {
            if (t.with.isDict()) {
                const QString withSpec = specPath + QStringLiteral(".with");
                const QString withSchema = schemaPath + QStringLiteral(".properties.with");
                property(t.with[u"items"], withSpec + QStringLiteral(".items"),
                         withSchema + QStringLiteral(".properties.items"), ctx, false);
                property(t.with[u"concurrency"], withSpec + QStringLiteral(".concurrency"),
                         withSchema + QStringLiteral(".properties.concurrency"), ctx, false);
            } else {
                prop(t.with, QStringLiteral("with"), ctx);
            }
        }
        prop(t.action, QStringLiteral("action"), ctx);
        prop(t.input, QStringLiteral("input"), ctx);
    }

    Ctx transition(const WorkflowModel::Transition &tr, const QString &specPath, const QString &schemaPath, Ctx ctx)
    {
        property(tr.when, specPath + QStringLiteral(".when"), schemaPath + QStringLiteral(".properties.when"), ctx,
                 false);
        property(tr.publish, specPath + QStringLiteral(".publish"), schemaPath + QStringLiteral(".properties.publish"),
                 ctx, true);
        property(tr.doValue, specPath + QStringLiteral(".do"), schemaPath + QStringLiteral(".properties.do"), ctx,
                 false);
        return ctx;
    }

    // Orquesta's TaskMappingSpec.inspect_context(): breadth-first from the
    // start tasks, each task seeing what its inbound transition published; a
    // join task sees the union of its inbound branches. A task already
    // visited is not entered again, but one queued twice is checked twice.
    Ctx tasks(const WorkflowModel &m, const Ctx &initial)
    {
        const QString taskSchema = QStringLiteral("properties.tasks.patternProperties.^\\w+$");
        QHash<QString, Ctx> joinCtx;
        QSet<QString> traversed;
        Ctx rolling = initial;
        QQueue<std::pair<QString, Ctx>> q;
        for (const QString &s : m.startTasks())
            q.enqueue({s, initial});
        // As Orquesta walks (each queued copy checked, repeats reported again)
        // while that stays small: copies double at each fork joined again, so
        // past kExactDequeues a task seen before with the same context is not
        // checked again (same errors, without the repeats).
        constexpr int kExactDequeues = 5000;
        int repeats = 0;
        QSet<std::pair<QString, QStringList>> checked;
        while (!q.isEmpty()) {
            auto [name, taskCtx] = q.dequeue();
            const bool again = traversed.contains(name);
            traversed.insert(name);
            if (taskCtx.isEmpty())
                taskCtx = joinCtx.value(name);
            if (again && ++repeats > kExactDequeues) {
                QStringList key = taskCtx.values();
                key.sort();
                if (checked.contains({name, key}))
                    continue;
                checked.insert({name, key});
            }
            const WorkflowModel::Task *t = m.task(name);
            if (!t)
                continue;
            const QString specPath = QStringLiteral("tasks.") + name;
            task(*t, specPath, taskSchema, taskCtx);
            rolling.unite(taskCtx);

            for (qsizetype i = 0; i < t->next.size(); ++i) {
                const auto &tr = t->next.at(i);
                const QString trSpec = specPath + QStringLiteral(".next[") + QString::number(i) + u']';
                const QString trSchema = taskSchema + QStringLiteral(".properties.next.items");
                for (const QString &next : tr.doNames) {
                    Ctx branch = transition(tr, trSpec, trSchema, taskCtx);
                    if (traversed.contains(next) || !m.hasTask(next))
                        continue;
                    const WorkflowModel::Task *nt = m.task(next);
                    if (!py::truthy(nt->join)) {
                        q.enqueue({next, branch});
                    } else {
                        joinCtx[next].unite(branch);
                        q.enqueue({next, Ctx()});
                    }
                }
            }
        }
        return rolling;
    }

    QList<InspectionError> *m_out;
};

} // namespace

QList<InspectionError> checkContext(const WorkflowModel &model, const QStringList &appContext)
{
    QList<InspectionError> out;
    if (!model.doc.isDict())
        return out;
    ContextWalker walker(&out);
    walker.workflow(model, Ctx(appContext.begin(), appContext.end()));
    return out;
}

} // namespace squall::workflow::inspect
