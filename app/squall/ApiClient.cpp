#include "ApiClient.h"

#include "base/Json.h"
#include "client/BlockingClient.h"

#include <QNetworkRequest>
#include <QTextStream>
#include <QUrl>

namespace squall::cli {

namespace {
void debugLine(const ClientConfig &c, const QByteArray &method, const QNetworkRequest &req, const QByteArray &body);
}

ApiClient::ApiClient(ClientConfig config)
    : m_config(std::move(config))
{
    client::RemoteOptions o = m_config.remoteOptions();
    o.onRequest = [this](const QByteArray &method, const QNetworkRequest &req, const QByteArray &body) {
        debugLine(m_config, method, req, body);
    };
    m_remote = std::make_unique<client::RemoteClient>(o);
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
    const client::RawReply raw = client::BlockingClient(m_remote.get()).send(method, path, query, body);
    if (!raw.transportError.isEmpty())
        throw CliError{unreachable(raw.transportError)};
    ApiReply out;
    out.status = raw.status;
    out.body = raw.body;
    out.totalCount = raw.total;
    if (!out.body.isEmpty()) {
        json::ParseError pe;
        Value v = json::parse(out.body, &pe);
        if (pe.ok())
            out.json = std::move(v);
    }
    if (m_config.debug)
        QTextStream(stderr) << "# HTTP " << out.status << '\n';
    if (out.status >= 400 && !allowHttpErrors)
        throw CliError{httpErrorMessage(out.status, raw.reasonPhrase, out.body)};
    return out;
}

} // namespace squall::cli
