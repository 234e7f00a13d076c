#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace squall::engine {

// The HTTP headers that carry credentials. The REST layer reads the first two to
// authenticate; all of them are removed from anything that is stored or handed to
// rules (webhook payloads, histories), wherever that happens.
inline constexpr char kApiKeyHeader[] = "St2-Api-Key";
inline constexpr char kTokenHeader[] = "X-Auth-Token";
inline constexpr char kCookieHeader[] = "Cookie";
inline constexpr char kAuthorizationHeader[] = "Authorization";

// Case-insensitive, as HTTP header names are.
bool isCredentialHeader(QByteArrayView name);

} // namespace squall::engine
