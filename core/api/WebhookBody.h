#pragma once

#include "base/Value.h"

namespace squall::api {

struct HttpRequest;

// Webhook bodies are read as StackStorm reads them, by Content-Type:
//   application/json (and */*+json), or none/unknown: JSON (an empty body is {});
//     malformed JSON throws BadRequest with line and column;
//   text/plain: the text as a string;
//   application/x-www-form-urlencoded, multipart/form-data: a dict whose values
//     are lists of strings (Python's parse_qs: blank values dropped).
Value parseWebhookBody(const HttpRequest &request);

// The request headers as a dict (original case; repeats joined with ", "),
// without the credential headers (engine/CredentialHeaders.h).
Value webhookHeaders(const HttpRequest &request);

// Python's urllib.parse.parse_qs on a query string.
Value parseQueryString(const QByteArray &query);
// multipart/form-data with the given boundary, in the same dict-of-lists shape.
Value parseMultipart(const QByteArray &body, const QByteArray &boundary);

} // namespace squall::api
