#include "api/controllers/ConfigsController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void ConfigsController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/configs/{pack}"), [this](ApiCall &c) {
        return ok(engine()->getConfig(c.param(QStringLiteral("pack")), c.query, c.principal));
    });
    router.add("PUT", QStringLiteral("/api/v1/configs/{pack}"), [this](ApiCall &c) {
        return ok(engine()->updateConfig(c.param(QStringLiteral("pack")), c.jsonObject(), c.principal));
    });
    router.add("GET", QStringLiteral("/api/v1/config_schemas/{pack}"), [this](ApiCall &c) {
        return ok(engine()->getConfigSchema(c.param(QStringLiteral("pack"))));
    });
}

} // namespace squall::api
