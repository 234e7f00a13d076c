#include "ApiClient.h"

#include "base/Json.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTextStream>
#include <QUrl>

namespace squall::cli {

ApiClient::ApiClient(ClientConfig config)
    : m_config(std::move(config)), m_nam(std::make_unique<QNetworkAccessManager>())
{
}

ApiClient::~ApiClient() = default;

QString ApiClient::unreachable(const QString &why) const
{
    return QStringLiteral("cannot reach the Squall daemon at %1 (%2) — start it with `squall serve`")
        .arg(m_config.baseUrl, why);
}

QString ApiClient::httpErrorMessage(int status, const QString &reason, const QByteArray &body)
{
    QString message;
    json::ParseError pe;
    const Value v = json::parse(body, &pe);
    if (pe.ok() && v.isDict()) {
        const Value fault = v[u"faultstring"];
        message = fault.isString() ? fault.toString() : QString::fromUtf8(body);
    } else {
        message = QString::fromUtf8(body).trimmed();
    }
    QString text = QStringLiteral("ERROR: %1 %2").arg(status).arg(reason.isEmpty() ? QStringLiteral("Error") : reason);
    if (!message.isEmpty())
        text += QStringLiteral("\nMESSAGE: ") + message;
    return text;
}

namespace {

QNetworkRequest makeRequest(const ClientConfig &c, const QString &path, const QUrlQuery &query)
{
    QUrl url(c.baseUrl + path);
    if (!query.isEmpty())
        url.setQuery(query);
    QNetworkRequest req(url);
    if (!c.apiKey.isEmpty())
        req.setRawHeader("St2-Api-Key", c.apiKey.toUtf8());
    if (!c.token.isEmpty())
        req.setRawHeader("X-Auth-Token", c.token.toUtf8());
    req.setRawHeader("Accept", "application/json");
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    return req;
}

QString reasonFor(QNetworkReply::NetworkError e, const QString &fallback)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError: return QStringLiteral("connection refused");
    case QNetworkReply::HostNotFoundError: return QStringLiteral("host not found");
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: return QStringLiteral("timed out");
    case QNetworkReply::RemoteHostClosedError: return QStringLiteral("connection closed by the server");
    default: return fallback;
    }
}

bool isTransportError(QNetworkReply::NetworkError e)
{
    return e != QNetworkReply::NoError && e < QNetworkReply::ContentAccessDenied;
}

void debugLine(const ClientConfig &c, const QByteArray &method, const QNetworkRequest &req, const QByteArray &body)
{
    if (!c.debug)
        return;
    // The equivalent curl command, as st2 --debug prints it.
    QTextStream err(stderr);
    err << "# -------- begin request ----------\ncurl -X " << method;
    const auto headers = req.rawHeaderList();
    for (const QByteArray &h : headers) {
        const QByteArray v = (h == "St2-Api-Key" || h == "X-Auth-Token") ? QByteArray("****") : req.rawHeader(h);
        err << " -H '" << h << ": " << v << '\'';
    }
    if (!body.isEmpty())
        err << " --data-binary '" << body << '\'';
    err << ' ' << req.url().toString(QUrl::FullyEncoded) << "\n# -------- end request ----------\n";
}

} // namespace

ApiReply ApiClient::request(const QByteArray &method, const QString &path, const QUrlQuery &query,
                            const std::optional<Value> &body, bool allowHttpErrors)
{
    QNetworkRequest req = makeRequest(m_config, path, query);
    req.setTransferTimeout(120000);
    QByteArray payload;
    if (body) {
        payload = json::serialize(*body);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    }
    debugLine(m_config, method, req, payload);
    QNetworkReply *reply = body ? m_nam->sendCustomRequest(req, method, payload) : m_nam->sendCustomRequest(req, method);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    std::unique_ptr<QNetworkReply> guard(reply);

    ApiReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    const QByteArray total = reply->rawHeader("X-Total-Count");
    if (!total.isEmpty())
        out.totalCount = total.toLongLong();
    if (out.status == 0 && isTransportError(reply->error()))
        throw CliError{unreachable(reasonFor(reply->error(), reply->errorString()))};
    if (!out.body.isEmpty()) {
        json::ParseError pe;
        Value v = json::parse(out.body, &pe);
        if (pe.ok())
            out.json = std::move(v);
    }
    if (m_config.debug)
        QTextStream(stderr) << "# HTTP " << out.status << '\n';
    if (out.status >= 400 && !allowHttpErrors) {
        throw CliError{httpErrorMessage(out.status,
                                        reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
                                        out.body)};
    }
    return out;
}

void ApiClient::stream(const QString &path, const QUrlQuery &query,
                       const std::function<bool(const QString &, const QByteArray &)> &onEvent)
{
    QNetworkRequest req = makeRequest(m_config, path, query);
    req.setRawHeader("Accept", "text/event-stream");
    debugLine(m_config, "GET", req, {});
    QNetworkReply *reply = m_nam->get(req);
    std::unique_ptr<QNetworkReply> guard(reply);
    QEventLoop loop;
    QByteArray buffer;
    QString event;
    QByteArray data;
    bool stopped = false;

    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        buffer += reply->readAll();
        qsizetype nl;
        while (!stopped && (nl = buffer.indexOf('\n')) >= 0) {
            QByteArray line = buffer.left(nl);
            buffer.remove(0, nl + 1);
            if (line.endsWith('\r'))
                line.chop(1);
            if (line.isEmpty()) {
                if (!event.isEmpty() || !data.isEmpty()) {
                    if (!onEvent(event, data)) {
                        stopped = true;
                        loop.quit();
                    }
                }
                event.clear();
                data.clear();
            } else if (line.startsWith("event:")) {
                event = QString::fromUtf8(line.mid(6).trimmed());
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty())
                    data += '\n';
                data += line.mid(5).startsWith(' ') ? line.mid(6) : line.mid(5);
            }
        }
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    if (stopped) {
        reply->abort();
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0 && isTransportError(reply->error()))
        throw CliError{unreachable(reasonFor(reply->error(), reply->errorString()))};
    if (status >= 400) {
        throw CliError{httpErrorMessage(status, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
                                        buffer + reply->readAll())};
    }
}

} // namespace squall::cli
