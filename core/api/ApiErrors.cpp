#include "api/ApiErrors.h"

#include "base/Error.h"

#include <QHash>

namespace squall::api {

int statusForKind(const QString &kind)
{
    // Kinds thrown by the engine (see engine/EngineApi.h) and by this module.
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

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

HttpResponse errorResponse(int status, const QString &reason)
{
    return HttpResponse::json(status, makeDict({{QStringLiteral("faultstring"), reason}}));
}

HttpResponse errorResponse(const SquallException &e)
{
    const Error &err = e.error();
    const int status = statusForKind(err.kind);
    QString reason = err.location.isValid() || !err.field.isEmpty() ? err.toString() : err.message;
    if (reason.isEmpty())
        reason = QString::fromLatin1(reasonPhrase(status));
    return errorResponse(status, reason);
}

HttpResponse errorResponse(const std::exception &e)
{
    return errorResponse(500, QStringLiteral("Internal server error: %1").arg(QString::fromUtf8(e.what())));
}

} // namespace squall::api
