#include "api/controllers/ExecutionsController.h"

#include "base/Error.h"
#include "base/Json.h"
#include "engine/EngineApi.h"

namespace squall::api {

namespace {

// The st2-context header (JSON object) is merged into the body's context, as
// StackStorm does for clients that cannot change the body.
Value withContextHeader(const ApiCall &c, Value body)
{
    const QByteArray header = c.request.header("st2-context");
    if (header.isEmpty())
        return body;
    json::ParseError error;
    const Value extra = json::parse(header, &error);
    if (!error.ok() || !extra.isDict()) {
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("The st2-context header must be a JSON object."));
    }
    if (body.isNull())
        body = Value(ValueDict());
    if (!body.isDict())
        return body;  // the engine reports the malformed body
    Value context = body[u"context"];
    if (!context.isDict())
        context = Value(ValueDict());
    for (const auto &[key, value] : extra.toDict())
        context.dictRef().insert(key, value);
    body.dictRef().insert(QStringLiteral("context"), context);
    return body;
}

} // namespace

void ExecutionsController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/executions"), [this](ApiCall &c) {
        return list(engine()->listExecutions(c.query));
    });
    router.add("POST", QStringLiteral("/api/v1/executions"), [this](ApiCall &c) {
        return created(engine()->createExecution(withContextHeader(c, c.jsonObject()), c.principal));
    });
    router.add("GET", QStringLiteral("/api/v1/executions/{id}"), [this](ApiCall &c) {
        return ok(engine()->getExecution(c.param(QStringLiteral("id")), c.query));
    });
    router.add("PUT", QStringLiteral("/api/v1/executions/{id}"), [this](ApiCall &c) {
        return ok(engine()->updateExecution(c.param(QStringLiteral("id")), c.jsonObject(), c.principal));
    });
    router.add("DELETE", QStringLiteral("/api/v1/executions/{id}"), [this](ApiCall &c) {
        return ok(engine()->cancelExecution(c.param(QStringLiteral("id")), c.principal));
    });
    router.add("POST", QStringLiteral("/api/v1/executions/{id}/re_run"), [this](ApiCall &c) {
        return created(engine()->reRunExecution(c.param(QStringLiteral("id")), c.jsonObject(), c.query, c.principal));
    });
    router.add("GET", QStringLiteral("/api/v1/executions/{id}/output"), [this](ApiCall &c) {
        const QString type = c.query.value(QStringLiteral("output_type"), QStringLiteral("all"));
        return HttpResponse::text(200, engine()->executionOutput(c.param(QStringLiteral("id")), type));
    });
    router.add("GET", QStringLiteral("/api/v1/executions/{id}/children"), [this](ApiCall &c) {
        return list(engine()->executionChildren(c.param(QStringLiteral("id")), c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/executions/{id}/workflow"), [this](ApiCall &c) {
        return ok(engine()->executionWorkflow(c.param(QStringLiteral("id"))));
    });
}

} // namespace squall::api
