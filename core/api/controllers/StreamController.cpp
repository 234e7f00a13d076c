#include "api/controllers/StreamController.h"

#include "api/ApiErrors.h"
#include "api/StreamHub.h"

namespace squall::api {

StreamController::StreamController(engine::EngineApi *engine, StreamHub *hub)
    : Controller(engine)
    , m_hub(hub)
{
}

void StreamController::addRoutes(Router &router)
{
    for (const QString &path : {QStringLiteral("/stream/v1/stream"), QStringLiteral("/api/v1/stream")}) {
        router.add("GET", path, [this](ApiCall &c) {
            qint64 since = -1;
            QString error;
            if (!resumeIdFrom(c.query.value(QStringLiteral("since")), c.request.header("Last-Event-ID"), &since, &error))
                return errorResponse(400, error);
            m_hub->addEventStream(c.reply, engine::EventFilter::fromParams(c.query), since);
            return HttpResponse::deferred();
        });
    }
}

} // namespace squall::api
