#include "api/controllers/TriggerTypesController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void TriggerTypesController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/triggertypes"), [this](ApiCall &c) {
        return list(engine()->listTriggerTypes(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/triggertypes/{ref}"), [this](ApiCall &c) {
        return ok(engine()->getTriggerType(c.param(QStringLiteral("ref"))));
    });
}

} // namespace squall::api
