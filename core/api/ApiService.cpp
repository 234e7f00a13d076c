#include "api/ApiService.h"

#include "api/ApiCall.h"
#include "api/ApiErrors.h"
#include "api/StreamHub.h"
#include "api/controllers/ActionsController.h"
#include "api/controllers/AuthController.h"
#include "api/controllers/ConfigsController.h"
#include "api/controllers/ExecutionsController.h"
#include "api/controllers/InquiriesController.h"
#include "api/controllers/KeysController.h"
#include "api/controllers/PacksController.h"
#include "api/controllers/RootController.h"
#include "api/controllers/RuleEnforcementsController.h"
#include "api/controllers/RulesController.h"
#include "api/controllers/RunnerTypesController.h"
#include "api/controllers/SensorTypesController.h"
#include "api/controllers/StreamController.h"
#include "api/controllers/TimersController.h"
#include "api/controllers/TracesController.h"
#include "api/controllers/TriggerInstancesController.h"
#include "api/controllers/TriggerTypesController.h"
#include "api/controllers/TriggersController.h"
#include "api/controllers/WebhooksController.h"
#include "base/Error.h"
#include "engine/CredentialHeaders.h"
#include "engine/EngineApi.h"

#include <QUrlQuery>
#include <QWebSocket>

namespace squall::api {

namespace {

const QString kApiKeyParam = QStringLiteral("st2-api-key");
const QString kTokenParam = QStringLiteral("x-auth-token");

QString unauthorizedReason()
{
    return QStringLiteral("Authentication required: send an API key (St2-Api-Key header or st2-api-key "
                          "query parameter) or a token (X-Auth-Token header, x-auth-token query "
                          "parameter or auth-token cookie).");
}

} // namespace

ApiService::ApiService(engine::EngineApi *engine, const ApiConfig &config, StreamHub *hub)
    : m_engine(engine)
    , m_config(config)
    , m_hub(hub)
{
    m_controllers.push_back(std::make_unique<RootController>(engine));
    m_controllers.push_back(std::make_unique<AuthController>(engine));
    m_controllers.push_back(std::make_unique<ActionsController>(engine));
    m_controllers.push_back(std::make_unique<ExecutionsController>(engine));
    m_controllers.push_back(std::make_unique<InquiriesController>(engine));
    m_controllers.push_back(std::make_unique<RulesController>(engine));
    m_controllers.push_back(std::make_unique<RuleEnforcementsController>(engine));
    m_controllers.push_back(std::make_unique<RunnerTypesController>(engine));
    m_controllers.push_back(std::make_unique<TriggerTypesController>(engine));
    m_controllers.push_back(std::make_unique<TriggersController>(engine));
    m_controllers.push_back(std::make_unique<TriggerInstancesController>(engine));
    m_controllers.push_back(std::make_unique<SensorTypesController>(engine));
    m_controllers.push_back(std::make_unique<TimersController>(engine));
    m_controllers.push_back(std::make_unique<TracesController>(engine));
    m_controllers.push_back(std::make_unique<WebhooksController>(engine));
    m_controllers.push_back(std::make_unique<PacksController>(engine));
    m_controllers.push_back(std::make_unique<ConfigsController>(engine));
    m_controllers.push_back(std::make_unique<KeysController>(engine));
    m_controllers.push_back(std::make_unique<StreamController>(engine, hub));
    for (const auto &controller : m_controllers)
        controller->addRoutes(m_router);
}

ApiService::~ApiService() = default;

ApiService::Credentials ApiService::credentials(const HttpRequest &request)
{
    // Both kinds are collected; the engine decides which one wins.
    Credentials c;
    if (const QByteArray key = request.header(engine::kApiKeyHeader); !key.isEmpty()) {
        c.apiKey = QString::fromUtf8(key);
        c.apiKeyLocation = QStringLiteral("header");
    } else if (const QString q = request.queryValue(kApiKeyParam); !q.isEmpty()) {
        c.apiKey = q;
        c.apiKeyLocation = QStringLiteral("query");
    }
    if (const QByteArray token = request.header(engine::kTokenHeader); !token.isEmpty()) {
        c.token = QString::fromUtf8(token);
        c.tokenLocation = QStringLiteral("header");
    } else if (const QString q = request.queryValue(kTokenParam); !q.isEmpty()) {
        c.token = q;
        c.tokenLocation = QStringLiteral("query");
    } else if (const QString cookie = request.cookie(QStringLiteral("auth-token")); !cookie.isEmpty()) {
        c.token = cookie;
        c.tokenLocation = QStringLiteral("cookie");
    }
    return c;
}

std::optional<engine::Principal> ApiService::authenticate(const Credentials &c) const
{
    if (c.apiKey.isEmpty() && c.token.isEmpty())
        return std::nullopt;
    return m_engine->authenticate(c.apiKey, c.token);
}

QList<QPair<QByteArray, QByteArray>> ApiService::corsHeaders(const HttpRequest &request, bool preflight) const
{
    const QString origin = QString::fromUtf8(request.header("Origin"));
    if (origin.isEmpty() || m_config.allowedOrigins.isEmpty())
        return {};
    if (!m_config.allowedOrigins.contains(origin) && !m_config.allowedOrigins.contains(QStringLiteral("*")))
        return {};
    QList<QPair<QByteArray, QByteArray>> h{{"Access-Control-Allow-Origin", origin.toUtf8()},
                                           {"Access-Control-Allow-Credentials", "true"},
                                           {"Vary", "Origin"}};
    if (preflight) {
        h.append(Header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"));
        h.append(Header("Access-Control-Allow-Headers",
                         "Content-Type, Authorization, X-Auth-Token, St2-Api-Key, St2-Trace-Tag, st2-context, X-Request-ID"));
        h.append(Header("Access-Control-Max-Age", "600"));
    } else {
        h.append(Header("Access-Control-Expose-Headers", "Content-Type, X-Total-Count, X-Limit"));
    }
    return h;
}

void ApiService::handleRequest(const HttpRequest &request, const HttpReply &reply)
{
    const bool preflight = request.method == "OPTIONS";
    reply.addHeaders(corsHeaders(request, preflight));
    HttpResponse response;
    try {
        response = dispatch(request, reply);
    } catch (const SquallException &e) {
        response = errorResponse(e);
    } catch (const std::exception &e) {
        response = errorResponse(e);
    }
    if (!response.isDeferred())
        reply.send(std::move(response));
}

HttpResponse ApiService::dispatch(const HttpRequest &request, const HttpReply &reply)
{
    const Router::Match match = m_router.match(request.method, request.path);
    if (!match.pathKnown()) {
        return errorResponse(404, QStringLiteral("No such endpoint: %1 %2")
                                      .arg(QString::fromLatin1(request.method), QUrl::fromPercentEncoding(request.path.toUtf8())));
    }
    QByteArray allow = match.allowedMethods.join(", ");
    if (request.method == "OPTIONS")
        return HttpResponse::empty(204).withHeader("Allow", allow + ", OPTIONS");
    if (!match.handler) {
        return errorResponse(405, QStringLiteral("Method %1 is not allowed here; allowed: %2.")
                                      .arg(QString::fromLatin1(request.method), QString::fromLatin1(allow)))
            .withHeader("Allow", allow);
    }

    const Credentials creds = credentials(request);
    const std::optional<engine::Principal> principal = authenticate(creds);
    if (!principal) {
        return errorResponse(401, creds.apiKey.isEmpty() && creds.token.isEmpty()
                                      ? unauthorizedReason()
                                      : QStringLiteral("Invalid or expired API key or token."));
    }

    const bool byKey = principal->method == u"api_key" || (principal->method.isEmpty() && !creds.apiKey.isEmpty());
    ApiCall call{request, reply, match.params, {}, *principal,
                 byKey ? QStringLiteral("api_key") : QStringLiteral("token"),
                 byKey ? creds.apiKeyLocation : creds.tokenLocation};
    for (const auto &[key, value] : request.queryItems()) {
        if (key != kApiKeyParam && key != kTokenParam)
            call.query.insert(key, value);
    }
    return (*match.handler)(call);
}

bool ApiService::acceptWebSocket(const HttpRequest &request, HttpResponse *refusal)
{
    const QString path = QUrl::fromPercentEncoding(request.path.toUtf8());
    if (path != u"/api/v1/stream" && path != u"/stream/v1/stream") {
        *refusal = errorResponse(404, QStringLiteral("No WebSocket endpoint at %1.").arg(path));
        return false;
    }
    const Credentials creds = credentials(request);
    try {
        if (authenticate(creds))
            return true;
        *refusal = errorResponse(401, creds.apiKey.isEmpty() && creds.token.isEmpty()
                                          ? unauthorizedReason()
                                          : QStringLiteral("Invalid or expired API key or token."));
    } catch (const SquallException &e) {
        *refusal = errorResponse(e);
    }
    return false;
}

void ApiService::handleWebSocket(std::unique_ptr<QWebSocket> socket)
{
    const QUrl url = socket->requestUrl();
    const QString path = url.path();
    QWebSocket *ws = socket.get();
    // Qt 6.4 has asked acceptWebSocket() already; later Qt versions upgrade first,
    // so the checks are repeated here.
    auto refuse = [&](QWebSocketProtocol::CloseCode code, const QString &reason) {
        QWebSocket *raw = socket.release();
        QObject::connect(raw, &QWebSocket::disconnected, raw, &QObject::deleteLater);
        raw->close(code, reason);
    };
    if (path != u"/api/v1/stream" && path != u"/stream/v1/stream") {
        refuse(QWebSocketProtocol::CloseCodeBadOperation, QStringLiteral("No WebSocket endpoint at this path."));
        return;
    }

    // Browsers cannot set headers on a WebSocket handshake: the query carries the
    // credentials there; headers and the auth-token cookie work too.
    HttpRequest handshake;
    handshake.method = "GET";
    handshake.path = url.path(QUrl::FullyEncoded);
    handshake.rawQuery = url.query(QUrl::FullyEncoded);
    const QNetworkRequest nr = ws->request();
    for (const QByteArray &name : nr.rawHeaderList())
        handshake.headers.append(Header{name, nr.rawHeader(name)});
    std::optional<engine::Principal> principal;
    try {
        principal = authenticate(credentials(handshake));
    } catch (const SquallException &) {
        principal.reset();
    }
    if (!principal) {
        refuse(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("Unauthorized: API key or token required."));
        return;
    }
    engine::Params params;
    for (const auto &[key, value] : handshake.queryItems())
        params.insert(key, value);
    qint64 since = -1;
    QString error;
    if (!resumeIdFrom(params.value(QStringLiteral("since")), QByteArray(), &since, &error)) {
        refuse(QWebSocketProtocol::CloseCodeBadOperation, error);
        return;
    }
    m_hub->addWebSocket(std::move(socket), engine::EventFilter::fromParams(params), since);
}

} // namespace squall::api
