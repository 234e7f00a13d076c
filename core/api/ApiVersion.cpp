#include "api/ApiVersion.h"

namespace squall::api {

QString apiVersionString()
{
    return QStringLiteral("v%1").arg(kApiVersion);
}

Value apiChangelog()
{
    return makeList({
        makeDict({{QStringLiteral("version"), QStringLiteral("v2")},
                  {QStringLiteral("changes"),
                   makeList({Value(QStringLiteral("Workflows (orquesta, action-chain) run; PUT status pausing/resuming; "
                                                  "re-run from tasks.")),
                             Value(QStringLiteral("Inquiries: GET /api/v1/inquiries, GET|PUT /api/v1/inquiries/{id}; "
                                                  "st2.inquiry__create and st2.inquiry__update stream events.")),
                             Value(QStringLiteral("Bad limit/offset values and bodies that are not JSON objects "
                                                  "answer 400."))})}}),
        makeDict({{QStringLiteral("version"), QStringLiteral("v1")},
                  {QStringLiteral("changes"),
                   makeList({Value(QStringLiteral("Initial API: StackStorm-compatible paths under /api/v1, "
                                                  "/auth/v1 and /stream/v1; WebSocket stream on /api/v1/stream."))})}}),
    });
}

} // namespace squall::api
