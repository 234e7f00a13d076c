#include "api/ApiErrors.h"

#include "base/Error.h"
#include "engine/EngineApi.h"

#include <QHash>

namespace squall::api {

int statusForKind(const QString &kind)
{
    return engine::httpStatusForKind(kind);
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
    // StackStorm clients read `faultstring`; Squall's client also gets the parts,
    // so an error keeps its kind, field and location across the wire.
    ValueDict body;
    body.insert(QStringLiteral("faultstring"), reason);
    body.insert(QStringLiteral("kind"), err.kind);
    if (!err.message.isEmpty() && err.message != reason)
        body.insert(QStringLiteral("message"), err.message);
    if (!err.field.isEmpty())
        body.insert(QStringLiteral("field"), err.field);
    if (err.location.isValid()) {
        body.insert(QStringLiteral("location"),
                    makeDict({{QStringLiteral("file"), err.location.file},
                              {QStringLiteral("line"), err.location.line},
                              {QStringLiteral("column"), err.location.column}}));
    }
    return HttpResponse::json(status, Value(std::move(body)));
}

HttpResponse errorResponse(const std::exception &e)
{
    return errorResponse(500, QStringLiteral("Internal server error: %1").arg(QString::fromUtf8(e.what())));
}

} // namespace squall::api
