#include "api/controllers/RuleEnforcementsController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void RuleEnforcementsController::addRoutes(Router &router)
{
    for (const QString &base : {QStringLiteral("/api/v1/ruleenforcements"),
                                QStringLiteral("/api/v1/ruleenforcements/views")}) {
        router.add("GET", base, [this](ApiCall &c) {
            return list(engine()->listRuleEnforcements(c.query));
        });
        router.add("GET", base + QStringLiteral("/{id}"), [this](ApiCall &c) {
            return ok(engine()->getRuleEnforcement(c.param(QStringLiteral("id"))));
        });
    }
}

} // namespace squall::api
