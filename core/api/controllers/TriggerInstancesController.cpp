#include "api/controllers/TriggerInstancesController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void TriggerInstancesController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/triggerinstances"), [this](ApiCall &c) {
        return list(engine()->listTriggerInstances(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/triggerinstances/{id}"), [this](ApiCall &c) {
        return ok(engine()->getTriggerInstance(c.param(QStringLiteral("id"))));
    });
    router.add("POST", QStringLiteral("/api/v1/triggerinstances/{id}/re_emit"), [this](ApiCall &c) {
        return ok(engine()->reEmitTriggerInstance(c.param(QStringLiteral("id")), c.principal));
    });
}

} // namespace squall::api
