// Orquesta's workflow functions (expressions/functions/{common,workflow}.py)
// and st2's task(), registered once in the shared function registry.

#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "expr/ExprString.h"
#include "expr/Functions.h"
#include "workflow/orquesta/Conductor.h"
#include "workflow/orquesta/ConductorPrivate.h"
#include "workflow/orquesta/Statuses.h"
#include "workflow/orquesta/WorkflowFunctions.h"

#include <mutex>

namespace squall::orquesta {

namespace {

using expr::CallContext;

[[noreturn]] void evalError(const QString &message)
{
    throw SquallException(QStringLiteral("ExpressionEvaluationException"), message);
}

// The workflow context the expression is evaluated over (Orquesta's __vars).
Value contextOf(const CallContext &cc)
{
    for (const expr::Scope *s = cc.scope; s;) {
        if (const auto *ds = dynamic_cast<const expr::DataScope *>(s))
            return ds->data();
        Value vars;
        if (s->lookup(u"__vars", &vars))
            return vars;
        break;
    }
    return {};
}

Value currentTaskOf(const Value &context)
{
    const Value current = context[u"__current_task"];
    if (!py::truthy(current))
        evalError(QStringLiteral("The current task is not set in the context."));
    return current;
}

QString statusOf(const Value &context, const QString &taskId, const Value &routeArg)
{
    if (!py::truthy(context))
        return status::Unset;
    int route = 0;
    if (routeArg.isNull()) {
        const Value current = context[u"__current_task"];
        route = current.isDict() && current.contains(u"route") ? int(current[u"route"].toInt()) : 0;
    } else {
        route = int(routeArg.toInt());
    }
    const Value state = context[u"__state"];
    if (state.isObject())
        if (const auto *so = dynamic_cast<const StateObject *>(state.toObject().get()))
            return so->state()->taskStatusFor(taskId, route);
    // A plain serialized state: follow the same lookup over its dicts.
    const Value idx = state[u"tasks"][QString(taskId + QStringLiteral("__r") + QString::number(route))];
    if (idx.isNull())
        return status::Unset;
    const Value entry = state[u"sequence"][idx.toInt()];
    return entry[u"status"].isString() ? entry[u"status"].toString() : status::Unset;
}

QString currentStatus(const CallContext &cc)
{
    const Value context = contextOf(cc);
    const Value current = currentTaskOf(context);
    return statusOf(context, current[u"id"].toString(), current[u"route"]);
}

Value fnCtx(const ValueList &args, const ValueDict &kwargs, const CallContext &cc)
{
    const expr::ArgBinder a("ctx", args, kwargs, {"key"}, 0);
    const Value context = contextOf(cc);
    const Value key = a.get(0);
    if (py::truthy(key)) {
        const QString name = py::str(key);
        if (!context.contains(name))
            throw SquallException(QStringLiteral("VariableUndefinedError"),
                                  QStringLiteral("The variable \"%1\" is undefined.").arg(name));
        if (name.startsWith(QLatin1String("__")))
            throw SquallException(QStringLiteral("VariableInaccessibleError"),
                                  QStringLiteral("The variable \"%1\" is for internal use and inaccessible.").arg(name));
        return context[name];
    }
    ValueDict out;
    for (const auto &[k, v] : context.toDict())
        if (!k.startsWith(QLatin1String("__")))
            out.insert(k, v);
    return Value(std::move(out));
}

Value fnTaskStatus(const ValueList &args, const ValueDict &kwargs, const CallContext &cc)
{
    const expr::ArgBinder a("task_status", args, kwargs, {"task_id", "route"}, 1);
    return statusOf(contextOf(cc), py::str(a.at(0)), a.get(1));
}

Value fnItem(const ValueList &args, const ValueDict &kwargs, const CallContext &cc)
{
    const expr::ArgBinder a("item", args, kwargs, {"key"}, 0);
    const Value context = contextOf(cc);
    if (!py::truthy(context))
        evalError(QStringLiteral("The context is not set."));
    // Outside with-items there is no current item: item() is null there.
    const Value item = context[u"__current_item"];
    const Value key = a.get(0);
    if (!py::truthy(key))
        return item;
    if (!item.isDict())
        evalError(QStringLiteral("Item is not type of collections.Mapping."));
    const QString name = py::str(key);
    if (!item.contains(name))
        evalError(QStringLiteral("Item does not have key \"%1\".").arg(name));
    return item[name];
}

Value fnJson(const ValueList &args, const ValueDict &kwargs, const CallContext &)
{
    const expr::ArgBinder a("json", args, kwargs, {"s"}, 1);
    const Value s = a.at(0);
    if (s.isDict())
        return s;
    if (!s.isString())
        expr::throwTypeError(QStringLiteral("Given object is not typeof string."));
    json::ParseError err;
    const Value v = json::parse(QStringView(s.toString()), &err);
    if (!err.ok())
        expr::throwValueError(err.message);
    return v;
}

Value fnZip(const ValueList &args, const ValueDict &kwargs, const CallContext &)
{
    ValueList lists;
    for (const Value &x : args)
        lists.append(x.isNull() ? Value(ValueList()) : x);
    if (lists.size() == 1)
        return lists.first();
    const Value pad = kwargs.value(u"pad");
    qsizetype longest = 0;
    for (const Value &l : std::as_const(lists))
        longest = std::max(longest, l.toList().size());
    ValueList out;
    for (qsizetype i = 0; i < longest; ++i) {
        ValueList row;
        for (const Value &l : std::as_const(lists))
            row.append(i < l.toList().size() ? l.toList().at(i) : pad);
        out.append(Value(std::move(row)));
    }
    return Value(std::move(out));
}

// st2's task(): what is known about a task execution in this conductor. The
// engine replaces it with a version that adds execution ids and timestamps.
Value fnTask(const ValueList &args, const ValueDict &kwargs, const CallContext &cc)
{
    const expr::ArgBinder a("task", args, kwargs, {"task_name"}, 0);
    const Value context = contextOf(cc);
    const Value current = context[u"__current_task"];
    QString name = a.get(0).isNull() ? current[u"id"].toString() : py::str(a.get(0));
    const Value route = current.isDict() ? current[u"route"] : Value(0);
    const QString st = statusOf(context, name, route);
    if (name.isEmpty() || st == status::Unset)
        throw SquallException(QStringLiteral("ValueError"),
                              QStringLiteral("Unable to find task execution for \"%1\".").arg(name));
    ValueDict out;
    out.insert(QStringLiteral("task_name"), name);
    out.insert(QStringLiteral("task_id"), name);
    out.insert(QStringLiteral("route"), route.isNull() ? Value(0) : route);
    out.insert(QStringLiteral("status"), st);
    out.insert(QStringLiteral("result"), name == current[u"id"].toString() ? current[u"result"] : Value());
    return Value(std::move(out));
}

} // namespace

Value workflowData(const expr::CallContext &cc) { return contextOf(cc); }

QString workflowTaskStatus(const expr::CallContext &cc, const QString &taskId, int route)
{
    return statusOf(contextOf(cc), taskId, route < 0 ? Value() : Value(route));
}

void registerWorkflowFunctions()
{
    static std::once_flag once;
    std::call_once(once, [] {
        auto &r = expr::FunctionRegistry::instance();
        r.add(QStringLiteral("ctx"), fnCtx);
        r.add(QStringLiteral("task_status"), fnTaskStatus);
        r.add(QStringLiteral("succeeded"), [](const ValueList &, const ValueDict &, const CallContext &cc) {
            return Value(currentStatus(cc) == status::Succeeded);
        });
        r.add(QStringLiteral("failed"), [](const ValueList &, const ValueDict &, const CallContext &cc) {
            return Value(currentStatus(cc) == status::Failed);
        });
        r.add(QStringLiteral("completed"), [](const ValueList &, const ValueDict &, const CallContext &cc) {
            return Value(status::isCompleted(currentStatus(cc)));
        });
        r.add(QStringLiteral("result"), [](const ValueList &, const ValueDict &, const CallContext &cc) {
            return currentTaskOf(contextOf(cc))[u"result"];
        });
        r.add(QStringLiteral("item"), fnItem);
        r.add(QStringLiteral("json"), fnJson);
        r.add(QStringLiteral("zip"), fnZip);
        r.add(QStringLiteral("task"), fnTask);
    });
}

} // namespace squall::orquesta
