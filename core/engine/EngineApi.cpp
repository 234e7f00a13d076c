// EngineApi is an interface; this file gives its library a home, so the REST
// layer and the client can use it without linking the engine.
#include "engine/EngineApi.h"

#include <QHash>

namespace squall::engine {

int httpStatusForKind(const QString &kind)
{
    // Kinds thrown by the engine (see EngineApi.h) and by the REST layer.
    static const QHash<QString, int> statuses = {
        {QStringLiteral("NotFound"), 404},
        {QStringLiteral("BadRequest"), 400},
        {QStringLiteral("ValidationError"), 400},
        {QStringLiteral("ParameterError"), 400},
        // Input documents that fail to load are the client's fault too.
        {QStringLiteral("yaml"), 400},
        {QStringLiteral("schema"), 400},
        {QStringLiteral("json"), 400},
        {QStringLiteral("Conflict"), 409},
        {QStringLiteral("Unauthorized"), 401},
        {QStringLiteral("Forbidden"), 403},
        {QStringLiteral("MethodNotAllowed"), 405},
        {QStringLiteral("PayloadTooLarge"), 413},
        {QStringLiteral("UnsupportedMediaType"), 415},
        {QStringLiteral("NotImplemented"), 501},
        // The engine sheds webhooks while its backlog is full; clients retry.
        {QStringLiteral("Unavailable"), 503},
    };
    return statuses.value(kind, 500);
}

} // namespace squall::engine
