#include "api/ApiVersion.h"

namespace squall::api {

QString apiVersionString()
{
    return QStringLiteral("v%1").arg(kApiVersion);
}

Value apiChangelog()
{
    return makeList({
        makeDict({{QStringLiteral("version"), QStringLiteral("v1")},
                  {QStringLiteral("changes"),
                   makeList({Value(QStringLiteral("Initial API: StackStorm-compatible paths under /api/v1, "
                                                  "/auth/v1 and /stream/v1; WebSocket stream on /api/v1/stream."))})}}),
    });
}

} // namespace squall::api
