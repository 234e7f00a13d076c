#include "engine/CredentialHeaders.h"

namespace squall::engine {

bool isCredentialHeader(QByteArrayView name)
{
    for (const char *h : {kApiKeyHeader, kTokenHeader, kCookieHeader, kAuthorizationHeader}) {
        if (name.compare(QByteArrayView(h), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace squall::engine
