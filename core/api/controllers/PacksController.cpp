#include "api/controllers/PacksController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void PacksController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/packs"), [this](ApiCall &c) {
        return list(engine()->listPacks(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/packs/{ref}"), [this](ApiCall &c) {
        return ok(engine()->getPack(c.param(QStringLiteral("ref"))));
    });
    router.add("POST", QStringLiteral("/api/v1/packs/register"), [this](ApiCall &c) {
        return ok(engine()->registerPacks(c.jsonObject(), c.principal));
    });
    router.add("POST", QStringLiteral("/api/v1/packs/install"), [this](ApiCall &c) {
        return ok(engine()->installPacks(c.jsonObject(), c.principal));
    });
}

} // namespace squall::api
