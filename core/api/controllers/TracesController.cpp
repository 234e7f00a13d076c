#include "api/controllers/TracesController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void TracesController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/traces"), [this](ApiCall &c) {
        return list(engine()->listTraces(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/traces/{id}"), [this](ApiCall &c) {
        return ok(engine()->getTrace(c.param(QStringLiteral("id"))));
    });
}

} // namespace squall::api
