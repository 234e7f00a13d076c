#include "api/controllers/RootController.h"

#include "api/ApiVersion.h"
#include "engine/EngineApi.h"

namespace squall::api {

void RootController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1"), [this](ApiCall &) {
        Value info = engine()->apiInfo();
        if (!info.isDict())
            info = Value(ValueDict());
        // The API's version and changelog belong to this module; the engine adds its own facts.
        info.dictRef().insert(QStringLiteral("api_version"), apiVersionString());
        info.dictRef().insert(QStringLiteral("api_changelog"), apiChangelog());
        return ok(info);
    });
    router.add("GET", QStringLiteral("/api/v1/user"), [](ApiCall &c) {
        const bool key = c.authMethod == u"api_key";
        return ok(makeDict({
            {QStringLiteral("username"), c.principal.user},
            {QStringLiteral("authentication"),
             makeDict({{QStringLiteral("method"), key ? QStringLiteral("api key") : QStringLiteral("authentication token")},
                       {QStringLiteral("location"), c.authLocation}})},
            {QStringLiteral("rbac"),
             makeDict({{QStringLiteral("enabled"), false},
                       {QStringLiteral("roles"), makeList({Value(c.principal.isAdmin ? QStringLiteral("admin")
                                                                                     : QStringLiteral("user"))})},
                       {QStringLiteral("is_admin"), c.principal.isAdmin}})},
        }));
    });
}

} // namespace squall::api
