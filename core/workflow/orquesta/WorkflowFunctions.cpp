// Orquesta's workflow functions (expressions/functions/{common,workflow}.py)
// and st2's task(), registered once in the shared function registry.

#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "expr/ExprString.h"
#include "expr/FunctionHost.h"
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

// st2's task(task_id=None, route=None) (orquesta_functions/runtime.py):
// the task's latest state entry on `route` (or on the route it split from),
// completed with its execution record from the host.
Value fnTask(const ValueList &args, const ValueDict &kwargs, const CallContext &cc)
{
    const expr::ArgBinder a("task", args, kwargs, {"task_id", "route"}, 0);
    const Value context = contextOf(cc);
    const Value current = context[u"__current_task"].isDict() ? context[u"__current_task"] : Value(ValueDict());
    QString name;
    if (a.get(0).isNull()) {
        if (!current.contains(u"id"))
            throw SquallException(QStringLiteral("KeyError"), QStringLiteral("'id'"));
        name = py::str(current[u"id"]);
    } else {
        name = py::str(a.get(0));
    }
    const Value routeArg = a.get(1).isNull() ? current.toDict().value(u"route", Value(0)) : a.get(1);
    if (!routeArg.isInt())
        expr::throwTypeError(QStringLiteral("The route of task() is not an integer."));
    const int route = int(routeArg.toInt());

    int entryRoute = route;
    QString entryStatus;
    bool found = false;
    const Value state = context[u"__state"];
    if (const auto *so = state.isObject() ? dynamic_cast<const StateObject *>(state.toObject().get()) : nullptr) {
        const Conductor::Private *d = so->state();
        if (const int idx = d->entryFor(name, route); idx >= 0) {
            const TaskEntry &e = *d->sequence.at(idx);
            found = true;
            entryRoute = e.route;
            entryStatus = e.status.isEmpty() ? status::Unset : e.status;
        }
    } else if (const Value idx = state[u"tasks"][Conductor::Private::key(name, route)]; !idx.isNull()) {
        const Value e = state[u"sequence"][idx.toInt()];
        found = true;
        entryRoute = int(e[u"route"].toInt());
        entryStatus = e[u"status"].isString() ? e[u"status"].toString() : status::Unset;
    }
    auto notFound = [&name]() -> Value {
        throw SquallException(QStringLiteral("ExpressionEvaluationException"),
                              QStringLiteral("Unable to find task execution for \"%1\".").arg(name));
    };
    if (!found)
        return notFound();

    Value record;
    if (const expr::Function *hosted = expr::hostedFunction(cc, kTaskRecordFunction)) {
        record = (*hosted)({Value(name), Value(entryRoute), Value(entryStatus)}, {}, cc);
        // A task with a state entry always has a record in StackStorm, even
        // one that ran no action (or whose action was refused).
        if (!record.isDict())
            record = makeDict({{QStringLiteral("workflow_execution_id"),
                                context[u"st2"][u"workflow_execution_id"]}});
    } else {
        // No engine behind this conductor: what the state itself knows.
        ValueDict known;
        known.insert(QStringLiteral("workflow_execution_id"), context[u"st2"][u"workflow_execution_id"]);
        if (current[u"id"].toString() == name && current[u"route"].toInt() == entryRoute)
            known.insert(QStringLiteral("result"), current[u"result"]);
        record = Value(std::move(known));
    }
    ValueDict out;
    out.insert(QStringLiteral("task_execution_id"), record[u"task_execution_id"]);
    out.insert(QStringLiteral("workflow_execution_id"), record[u"workflow_execution_id"]);
    out.insert(QStringLiteral("task_name"), name);
    out.insert(QStringLiteral("task_id"), name);
    out.insert(QStringLiteral("route"), entryRoute);
    out.insert(QStringLiteral("result"), record[u"result"]);
    out.insert(QStringLiteral("status"), entryStatus);
    out.insert(QStringLiteral("start_timestamp"), record[u"start_timestamp"]);
    out.insert(QStringLiteral("end_timestamp"), record[u"end_timestamp"]);
    return Value(std::move(out));
}

// st2kv() and decrypt_kv() belong to the engine evaluating the expression.
Value fnHosted(const char *name, const ValueList &args, const ValueDict &kwargs, const CallContext &cc)
{
    if (const expr::Function *hosted = expr::hostedFunction(cc, QString::fromLatin1(name)))
        return (*hosted)(args, kwargs, cc);
    throw SquallException(QStringLiteral("TemplateError"),
                          QStringLiteral("%1 is not available: no datastore is attached to this engine")
                              .arg(QLatin1StringView(name)));
}

} // namespace

Value workflowData(const expr::CallContext &cc) { return contextOf(cc); }

Value st2kv(const Datastore &store, const QString &user, const ValueList &args, const ValueDict &kwargs,
            const expr::CallContext &cc)
{
    const expr::ArgBinder a("st2kv", args, kwargs, {"key", "decrypt", "default"}, 1);
    if (!a.at(0).isString())
        expr::throwTypeError(QStringLiteral("Given key is not typeof string."));
    if (!a.get(1, false).isBool())
        expr::throwTypeError(QStringLiteral("Decrypt parameter is not typeof bool."));
    const QString key = a.at(0).toString();
    QString owner = user;
    const Value u = contextOf(cc)[u"st2"][u"user"];
    if (u.isString() && !u.toString().isEmpty())
        owner = u.toString();
    const bool system = key.startsWith(u"system.");
    const QString name = system ? key.mid(7) : key;
    Value value;
    bool secret = false;
    if (!store.find(system, owner, name, &value, &secret)) {
        if (a.has(2))
            return a.get(2);
        // StackStorm names a user key by its stored name, "user:key".
        throw SquallException(QStringLiteral("ExpressionEvaluationException"),
                              QStringLiteral("The key \"%1\" does not exist in the StackStorm datastore.")
                                  .arg(system ? name : owner + u':' + name));
    }
    if (secret && a.get(1, false).toBool()) {
        QString plain;
        if (!store.decrypt(value.toString(), &plain))
            throw SquallException(QStringLiteral("ExpressionEvaluationException"),
                                  QStringLiteral("Unable to decrypt the value of key \"%1\".").arg(key));
        return plain;
    }
    return value;
}

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
        r.add(QStringLiteral("st2kv"), [](const ValueList &args, const ValueDict &kwargs, const CallContext &cc) {
            return fnHosted("st2kv", args, kwargs, cc);
        });
    });
}

} // namespace squall::orquesta
