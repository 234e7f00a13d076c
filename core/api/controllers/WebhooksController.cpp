#include "api/controllers/WebhooksController.h"

#include "api/ApiErrors.h"
#include "api/WebhookBody.h"
#include "base/Error.h"
#include "engine/EngineApi.h"

namespace squall::api {

void WebhooksController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/webhooks"), [this](ApiCall &c) {
        return list(engine()->listWebhooks(c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/webhooks/{url+}"), [this](ApiCall &c) {
        return ok(engine()->getWebhook(c.param(QStringLiteral("url"))));
    });
    // Acknowledged only once the engine has stored the trigger instance(s): the
    // 202 goes out from `done`, possibly long after this handler returned.
    router.add("POST", QStringLiteral("/api/v1/webhooks/{hook+}"), [this](ApiCall &c) {
        const Value body = parseWebhookBody(c.request);
        const Value headers = webhookHeaders(c.request);
        const HttpReply reply = c.reply;
        engine()->postWebhook(c.param(QStringLiteral("hook")), body, headers, c.principal,
                              [reply](const Value &response, const std::optional<Error> &error) {
                                  if (!error)
                                      reply.send(HttpResponse::json(202, response));
                                  else
                                      reply.send(errorResponse(SquallException(*error)));
                              });
        return HttpResponse::deferred();
    });
}

} // namespace squall::api
