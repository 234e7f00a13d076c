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
    // Enabling and disabling, as st2 does it: a PUT of the document with "enabled" changed.
    router.add("PUT", QStringLiteral("/api/v1/sensortypes/{ref}"), [this](ApiCall &c) {
        return ok(engine()->updateSensorType(c.param(QStringLiteral("ref")), c.jsonObject(), c.principal));
    });
}

} // namespace squall::api
