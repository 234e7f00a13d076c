#include "client/RemoteClient.h"

#include "base/Json.h"
#include "client/RemoteSubscription.h"
#include "engine/EngineApi.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>
#include <QUrl>

namespace squall::client {

namespace {

bool isTransportError(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        return false;
    }
}

QString reasonFor(QNetworkReply::NetworkError e, const QString &fallback)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError: return QStringLiteral("connection refused");
    case QNetworkReply::HostNotFoundError: return QStringLiteral("host not found");
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: return QStringLiteral("timed out");
    case QNetworkReply::RemoteHostClosedError: return QStringLiteral("the connection was closed");
    default: return fallback;
    }
}

// "/api/v1/executions/{}" with the id encoded segment by segment (webhook
// names may hold slashes that are part of the route).
QString fillPath(const char *pattern, const QString &id)
{
    QString path = QString::fromLatin1(pattern);
    const qsizetype at = path.indexOf(QStringLiteral("{}"));
    if (at < 0)
        return path;
    QStringList segments;
    for (const QString &s : id.split(u'/'))
        segments.append(QString::fromLatin1(QUrl::toPercentEncoding(s)));
    return path.replace(at, 2, segments.join(u'/'));
}

} // namespace

RemoteClient::RemoteClient(RemoteOptions options, QObject *parent)
    : Client(parent)
    , m_options(std::move(options))
    , m_nam(new QNetworkAccessManager(this))
{
    while (m_options.baseUrl.endsWith(u'/'))
        m_options.baseUrl.chop(1);
    m_nam->setAutoDeleteReplies(false);
}

RemoteClient::~RemoteClient() = default;

QNetworkRequest RemoteClient::makeRequest(const QString &path, const QUrlQuery &query) const
{
    QUrl url(m_options.baseUrl + path);
    if (!query.isEmpty())
        url.setQuery(query);
    QNetworkRequest req(url);
    if (!m_options.apiKey.isEmpty())
        req.setRawHeader("St2-Api-Key", m_options.apiKey.toUtf8());
    else if (!m_options.token.isEmpty())
        req.setRawHeader("X-Auth-Token", m_options.token.toUtf8());
    req.setRawHeader("Accept", "application/json");
    return req;
}

void RemoteClient::send(const QByteArray &method, const QString &path, const QUrlQuery &query,
                        const std::optional<Value> &body, QObject *context, std::function<void(const RawReply &)> callback,
                        const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest req = makeRequest(path, query);
    for (const auto &[name, value] : headers)
        req.setRawHeader(name, value);
    req.setTransferTimeout(m_options.timeoutMs);
    QByteArray payload;
    if (body) {
        payload = json::serialize(*body);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    }
    if (m_options.onRequest)
        m_options.onRequest(method, req, payload);
    QNetworkReply *reply = body ? m_nam->sendCustomRequest(req, method, payload) : m_nam->sendCustomRequest(req, method);
    QPointer<QObject> ctx = context;
    connect(reply, &QNetworkReply::finished, this, [reply, ctx, callback = std::move(callback)] {
        reply->deleteLater();
        RawReply out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.reasonPhrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        out.body = reply->readAll();
        if (const QByteArray total = reply->rawHeader("X-Total-Count"); !total.isEmpty())
            out.total = total.toLongLong();
        if (const QByteArray limit = reply->rawHeader("X-Limit"); !limit.isEmpty())
            out.limit = limit.toInt();
        if (out.status == 0 && (isTransportError(reply->error()) || reply->error() != QNetworkReply::NoError))
            out.transportError = reasonFor(reply->error(), reply->errorString());
        if (ctx)
            callback(out);
    });
}

ClientResult RemoteClient::toResult(const RawReply &reply, bool text)
{
    ClientResult r;
    r.status = reply.status;
    r.total = reply.total;
    r.limit = reply.limit;
    if (!reply.transportError.isEmpty()) {
        r.error = Error{reply.transportError, {}, {}, QStringLiteral("ConnectionError")};
        return r;
    }
    json::ParseError pe;
    const Value parsed = reply.body.isEmpty() ? Value() : json::parse(reply.body, &pe);
    if (reply.status >= 400) {
        Error e;
        e.kind = parsed[u"kind"].isString() ? parsed[u"kind"].toString() : QString();
        const QString fault = parsed[u"faultstring"].toString();
        e.message = parsed[u"message"].isString() ? parsed[u"message"].toString()
                  : !fault.isEmpty()               ? fault
                                                   : QString::fromUtf8(reply.body);
        e.field = parsed[u"field"].toString();
        const Value loc = parsed[u"location"];
        if (loc.isDict()) {
            e.location.file = loc[u"file"].toString();
            e.location.line = int(loc[u"line"].toInt());
            e.location.column = int(loc[u"column"].toInt());
        }
        if (e.kind.isEmpty()) {
            // A server that does not name kinds (StackStorm itself): infer from the status.
            static const QHash<int, QString> kinds = {
                {400, QStringLiteral("BadRequest")}, {401, QStringLiteral("Unauthorized")},
                {403, QStringLiteral("Forbidden")},  {404, QStringLiteral("NotFound")},
                {409, QStringLiteral("Conflict")},   {503, QStringLiteral("Unavailable")}};
            e.kind = kinds.value(reply.status, QStringLiteral("Internal"));
        }
        if (e.message.isEmpty())
            e.message = reply.reasonPhrase;
        r.error = e;
        return r;
    }
    if (text || !pe.ok())
        r.value = Value(QString::fromUtf8(reply.body));
    else
        r.value = parsed;
    return r;
}

void RemoteClient::call(const Request &request, QObject *context, ResultCallback callback)
{
    const RouteSpec &route = routeOf(request.op);
    QUrlQuery query;
    for (auto it = request.params.cbegin(); it != request.params.cend(); ++it)
        query.addQueryItem(it.key(), it.value());
    const QByteArray method(route.method);
    std::optional<Value> body;
    if (method == "POST" || method == "PUT")
        body = request.body.isNull() ? Value(ValueDict()) : request.body;
    else if (method == "DELETE" && !request.body.isNull())
        body = request.body;  // st2's DELETE /actions/{ref} takes {"remove_files": true}
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const auto &[name, value] : request.headers.toDict())
        headers.append({name.toUtf8(), value.toString().toUtf8()});
    const bool text = route.text;
    send(method, fillPath(route.path, request.id), query, body, context,
         [callback = std::move(callback), text](const RawReply &reply) { callback(toResult(reply, text)); }, headers);
}

Subscription *RemoteClient::subscribe(const engine::EventFilter &filter, qint64 sinceId, QObject *parent)
{
    return new RemoteSubscription(this, filter, sinceId, parent);
}

} // namespace squall::client
