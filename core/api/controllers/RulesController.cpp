#include "api/controllers/RulesController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void RulesController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/rules"), [this](ApiCall &c) {
        return list(engine()->listRules(c.query, &c.principal));
    });
    router.add("POST", QStringLiteral("/api/v1/rules"), [this](ApiCall &c) {
        return created(engine()->createRule(c.jsonObject(), c.principal, c.query));
    });
    // A dry run of a rule against a trigger instance (the studio's explainer).
    router.add("POST", QStringLiteral("/api/v1/rules/test"), [this](ApiCall &c) {
        return ok(engine()->testRule(c.jsonObject(), c.principal));
    });
    router.add("GET", QStringLiteral("/api/v1/rules/{ref}"), [this](ApiCall &c) {
        return ok(engine()->getRule(c.param(QStringLiteral("ref")), c.query, &c.principal));
    });
    // Enabling and disabling is a PUT of the rule with "enabled" changed.
    router.add("PUT", QStringLiteral("/api/v1/rules/{ref}"), [this](ApiCall &c) {
        return ok(engine()->updateRule(c.param(QStringLiteral("ref")), c.jsonObject(), c.principal, c.query));
    });
    router.add("DELETE", QStringLiteral("/api/v1/rules/{ref}"), [this](ApiCall &c) {
        engine()->deleteRule(c.param(QStringLiteral("ref")), c.principal);
        return noContent();
    });
    router.add("GET", QStringLiteral("/api/v1/rules/views"), [this](ApiCall &c) {
        return list(engine()->listRules(c.query, &c.principal));
    });
    router.add("GET", QStringLiteral("/api/v1/rules/views/{ref}"), [this](ApiCall &c) {
        return ok(engine()->getRule(c.param(QStringLiteral("ref")), c.query, &c.principal));
    });
    router.add("GET", QStringLiteral("/api/v1/ruletypes"), [this](ApiCall &c) {
        return list(engine()->listRuleTypes(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/ruletypes/{id}"), [this](ApiCall &c) {
        engine::Params all;
        all.insert(QStringLiteral("limit"), QStringLiteral("-1"));
        return ok(findIn(engine()->listRuleTypes(all), c.param(QStringLiteral("id")), {u"id", u"name"},
                         QStringLiteral("Rule type")));
    });
}

} // namespace squall::api
