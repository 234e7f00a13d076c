#include "api/controllers/KeysController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void KeysController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/keys"), [this](ApiCall &c) {
        return list(engine()->listKeys(c.query, c.principal));
    });
    router.add("GET", QStringLiteral("/api/v1/keys/{name}"), [this](ApiCall &c) {
        return ok(engine()->getKey(c.param(QStringLiteral("name")), c.query, c.principal));
    });
    router.add("PUT", QStringLiteral("/api/v1/keys/{name}"), [this](ApiCall &c) {
        return ok(engine()->setKey(c.param(QStringLiteral("name")), c.jsonObject(), c.principal));
    });
    router.add("DELETE", QStringLiteral("/api/v1/keys/{name}"), [this](ApiCall &c) {
        engine()->deleteKey(c.param(QStringLiteral("name")), c.query, c.principal);
        return noContent();
    });
}

} // namespace squall::api
