#include "api/ApiVersion.h"

namespace squall::api {

QString apiVersionString()
{
    return QStringLiteral("v%1").arg(kApiVersion);
}

Value apiChangelog()
{
    return makeList({
        makeDict({{QStringLiteral("version"), QStringLiteral("v3")},
                  {QStringLiteral("changes"),
                   makeList({Value(QStringLiteral("Traces: GET /api/v1/traces (filters trace_tag, execution, rule, "
                                                  "trigger_instance; sort_asc, sort_desc) and GET /api/v1/traces/{id}.")),
                             Value(QStringLiteral("PUT /api/v1/sensortypes/{ref_or_id} enables or disables a sensor type.")),
                             Value(QStringLiteral("Runner types, trigger types, sensor types, packs and implicit "
                                                  "triggers have stable ids.")),
                             Value(QStringLiteral("GET /api/v1/webhooks returns whole trigger documents, whatever "
                                                  "include_attributes says (as StackStorm does)."))})}}),
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
