#include "api/controllers/StreamController.h"

#include "api/StreamFilter.h"
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
            m_hub->addEventStream(c.reply, StreamFilter::fromParams(c.query));
            return HttpResponse::deferred();
        });
    }
}

} // namespace squall::api
