#include "api/controllers/RunnerTypesController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void RunnerTypesController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/runnertypes"), [this](ApiCall &c) {
        return list(engine()->listRunnerTypes(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/runnertypes/{name}"), [this](ApiCall &c) {
        return ok(engine()->getRunnerType(c.param(QStringLiteral("name"))));
    });
}

} // namespace squall::api
