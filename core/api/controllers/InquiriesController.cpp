#include "api/controllers/InquiriesController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void InquiriesController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/inquiries"), [this](ApiCall &c) {
        return list(engine()->listInquiries(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/inquiries/{id}"), [this](ApiCall &c) {
        return ok(engine()->getInquiry(c.param(QStringLiteral("id"))));
    });
    router.add("PUT", QStringLiteral("/api/v1/inquiries/{id}"), [this](ApiCall &c) {
        return ok(engine()->respondInquiry(c.param(QStringLiteral("id")), c.jsonBody(), c.principal));
    });
}

} // namespace squall::api
