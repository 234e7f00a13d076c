#include "api/controllers/TriggersController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void TriggersController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/triggers"), [this](ApiCall &c) {
        return list(engine()->listTriggers(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/triggers/{ref}"), [this](ApiCall &c) {
        return ok(engine()->getTrigger(c.param(QStringLiteral("ref"))));
    });
}

} // namespace squall::api
