#include "engine/Engine.h"

#include "base/Error.h"
#include "base/Python.h"
#include "engine/KeyValueService.h"
#include "store/Store.h"
#include "workflow/orquesta/Conductor.h"
#include "workflow/orquesta/WorkflowFunctions.h"
#include "expr/Functions.h"

namespace squall::engine {

namespace {

[[noreturn]] void noDatastore(const char *function)
{
    throw SquallException(QStringLiteral("TemplateError"),
                          QStringLiteral("%1 is not available: the engine that provided the datastore has stopped")
                              .arg(QLatin1StringView(function)));
}

} // namespace

void Engine::registerWorkflowDatastore()
{
    expr::FunctionRegistry &registry = expr::FunctionRegistry::instance();
    const std::weak_ptr<int> alive = m_alive;
    KeyValueService *kv = m_kv.get();
    const QString systemUser = m_options.systemUser;

    // st2kv('system.k') / st2kv('k') (user scope of ctx().st2.user), with
    // decrypt and default as StackStorm's workflow function has them.
    registry.add(QStringLiteral("st2kv"),
                 [alive, kv, systemUser](const ValueList &args, const ValueDict &kwargs,
                                         const expr::CallContext &cc) -> Value {
                     if (alive.expired())
                         noDatastore("st2kv");
                     const expr::ArgBinder a("st2kv", args, kwargs, {"key", "decrypt", "default"}, 1);
                     const QString key = a.at(0).toString();
                     QString user = systemUser;
                     const Value u = orquesta::workflowData(cc)[u"st2"][u"user"];
                     if (u.isString() && !u.toString().isEmpty())
                         user = u.toString();
                     const bool system = key.startsWith(u"system.");
                     const QString name = system ? key.mid(7) : key;
                     const auto doc = kv->find(system ? QStringLiteral("system") : QStringLiteral("user"), user, name);
                     if (!doc) {
                         if (a.has(2))
                             return a.get(2);
                         throw SquallException(QStringLiteral("KeyError"),
                                               QStringLiteral("The key \"%1\" does not exist in the StackStorm datastore.")
                                                   .arg(key));
                     }
                     const QString value = (*doc)[u"value"].toString();
                     if ((*doc)[u"secret"].toBool() && py::truthy(a.get(1, false))) {
                         if (const auto plain = kv->decrypt(value))
                             return *plain;
                         throw SquallException(QStringLiteral("ValueError"),
                                               QStringLiteral("Unable to decrypt the value of key \"%1\".").arg(key));
                     }
                     return value;
                 },
                 expr::FilterAndGlobal);

    // task(name): Orquesta's view of the task plus what StackStorm adds from
    // the task's execution record (ids, timestamps, and the result of a task
    // other than the current one).
    orquesta::registerWorkflowFunctions();
    if (const auto slot = registry.global(u"task")) {
        const std::shared_ptr<const expr::Function> base = slot->function();
        store::Store *store = m_store.get();
        registry.add(QStringLiteral("task"),
                     [alive, store, base](const ValueList &args, const ValueDict &kwargs,
                                          const expr::CallContext &cc) -> Value {
                         Value out = (*base)(args, kwargs, cc);
                         const QString workflow =
                             orquesta::workflowData(cc)[u"st2"][u"workflow_execution_id"].toString();
                         if (alive.expired() || workflow.isEmpty() || !out.isDict())
                             return out;
                         const QString name = out[u"task_name"].toString();
                         const qint64 route = out[u"route"].toInt();
                         Value child;
                         for (const Value &c : store->children(workflow)) {
                             const Value orq = c[u"context"][u"orquesta"];
                             if (orq[u"task_name"].toString() == name && orq[u"task_route"].toInt() == route)
                                 child = c;  // oldest first: the latest wins
                         }
                         ValueDict &d = out.dictRef();
                         d.insert(QStringLiteral("workflow_execution_id"), workflow);
                         if (child.isNull())
                             return out;
                         d.insert(QStringLiteral("task_execution_id"), child[u"id"]);
                         d.insert(QStringLiteral("start_timestamp"), child[u"start_timestamp"]);
                         d.insert(QStringLiteral("end_timestamp"), child[u"end_timestamp"]);
                         // A with-items task's result is its item list, which only the conductor has.
                         if (d.value(u"result").isNull() && child[u"context"][u"orquesta"][u"item_id"].isNull())
                             d.insert(QStringLiteral("result"), child[u"result"]);
                         return out;
                     },
                     expr::FilterAndGlobal);
    }

    registry.add(QStringLiteral("decrypt_kv"),
                 [alive, kv](const ValueList &args, const ValueDict &kwargs, const expr::CallContext &) -> Value {
                     if (alive.expired())
                         noDatastore("decrypt_kv");
                     const expr::ArgBinder a("decrypt_kv", args, kwargs, {"value"}, 1);
                     const QString cipher = a.at(0).toString();
                     if (const auto plain = kv->decrypt(cipher))
                         return *plain;
                     throw SquallException(QStringLiteral("ValueError"),
                                           QStringLiteral("Referenced datastore item is not a secret or cannot be "
                                                          "decrypted."));
                 },
                 expr::FilterAndGlobal);
}

} // namespace squall::engine
