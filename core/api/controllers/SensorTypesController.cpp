#include "api/controllers/SensorTypesController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void SensorTypesController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/sensortypes"), [this](ApiCall &c) {
        return list(engine()->listSensorTypes(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/sensortypes/{ref}"), [this](ApiCall &c) {
        return ok(engine()->getSensorType(c.param(QStringLiteral("ref"))));
    });
}

} // namespace squall::api
