#include "api/controllers/AuthController.h"

#include "base/Error.h"
#include "engine/EngineApi.h"

namespace squall::api {

namespace {

// The user named by HTTP Basic credentials, which `st2 auth` sends. Squall does
// not check passwords: the caller is already authenticated by key or token, and
// the engine decides whether it may issue a token for that user.
QString basicUser(const HttpRequest &request)
{
    const QByteArray auth = request.header("Authorization");
    if (!auth.startsWith("Basic "))
        return {};
    const QByteArray decoded = QByteArray::fromBase64(auth.mid(6).trimmed());
    const qsizetype colon = decoded.indexOf(':');
    return QString::fromUtf8(colon < 0 ? decoded : decoded.left(colon));
}

HttpResponse issueToken(engine::EngineApi *engine, ApiCall &c)
{
    const Value body = c.jsonBody();
    if (!body.isNull() && !body.isDict())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("The body must be a JSON object."));
    QString user = body[u"user"].toString();
    if (user.isEmpty())
        user = basicUser(c.request);
    if (user.isEmpty())
        user = c.principal.user;
    const Value ttl = body[u"ttl"];
    if (!ttl.isNull() && !ttl.isInt())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("\"ttl\" must be an integer."));
    return HttpResponse::json(201, engine->createToken(c.principal, user, int(ttl.toInt())));
}

} // namespace

void AuthController::addRoutes(Router &router)
{
    router.add("POST", QStringLiteral("/auth/v1/tokens"), [this](ApiCall &c) { return issueToken(engine(), c); });
    router.add("POST", QStringLiteral("/api/v1/tokens"), [this](ApiCall &c) { return issueToken(engine(), c); });
    router.add("POST", QStringLiteral("/auth/v1/tokens/validate"), [this](ApiCall &c) {
        const QString token = c.jsonBody()[u"token"].toString();
        const bool valid = !token.isEmpty() && engine()->authenticate(QString(), token).has_value();
        return ok(makeDict({{QStringLiteral("valid"), valid}}));
    });

    router.add("GET", QStringLiteral("/api/v1/apikeys"), [this](ApiCall &c) {
        return list(engine()->listApiKeys(c.query, c.principal));
    });
    router.add("POST", QStringLiteral("/api/v1/apikeys"), [this](ApiCall &c) {
        return created(engine()->createApiKey(c.jsonObject(), c.principal));
    });
    router.add("DELETE", QStringLiteral("/api/v1/apikeys/{id_or_key}"), [this](ApiCall &c) {
        engine()->deleteApiKey(c.param(QStringLiteral("id_or_key")), c.principal);
        return noContent();
    });
}

} // namespace squall::api
