#include "api/controllers/TimersController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void TimersController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/timers"), [this](ApiCall &c) {
        return list(engine()->listTimers(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/timers/{ref}"), [this](ApiCall &c) {
        return ok(engine()->getTimer(c.param(QStringLiteral("ref"))));
    });
}

} // namespace squall::api
