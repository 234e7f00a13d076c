#pragma once

#include "api/HttpReply.h"
#include "api/HttpRequest.h"
#include "engine/EngineApi.h"

#include <QHash>

namespace squall::api {

// Everything a route handler gets: the request, its path parameters (decoded),
// its query (decoded, credentials removed), the caller, and the reply handle.
struct ApiCall
{
    const HttpRequest &request;
    HttpReply reply;
    QHash<QString, QString> pathParams;
    engine::Params query;
    engine::Principal principal;
    QString authMethod;    // "api_key" | "token"
    QString authLocation;  // "header" | "query" | "cookie"

    QString param(const QString &name) const { return pathParams.value(name); }
    // The body parsed as JSON; an empty body is null. Malformed JSON throws
    // SquallException kind BadRequest naming the line and column.
    Value jsonBody() const;
    // The body as a JSON object; an empty body is {}. Anything else is a 400.
    Value jsonObject() const;
};

} // namespace squall::api
