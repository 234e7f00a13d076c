#pragma once

#include "api/HttpResponse.h"

#include <QString>

#include <exception>

namespace squall {
class SquallException;
}

namespace squall::api {

// The one place where failures become HTTP statuses. Every error body is
// {"faultstring": "<reason>"}.
int statusForKind(const QString &kind);
QByteArray reasonPhrase(int status);
HttpResponse errorResponse(int status, const QString &reason);
HttpResponse errorResponse(const SquallException &e);
// For anything else a handler lets escape (std::exception or unknown): 500.
HttpResponse errorResponse(const std::exception &e);

} // namespace squall::api
