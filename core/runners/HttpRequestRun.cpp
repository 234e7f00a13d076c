#include "runners/HttpRequestRun.h"

#include "base/Json.h"
#include "base/Error.h"
#include "base/Python.h"
#include "schema/PyLiteral.h"
#include "runners/ProcessRun.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStringBuilder>
#include <QStringDecoder>
#include <QTimer>
#include <QUrlQuery>

namespace squall::runners {

namespace {

QString hostOf(const QUrl &url)
{
    return url.host();
}

bool listContains(const Value &list, const QString &host)
{
    for (const Value &item : list.toList()) {
        if (py::str(item) == host)
            return true;
    }
    return false;
}

void addQueryItems(QUrlQuery &query, const QString &key, const Value &value)
{
    if (value.isList()) {
        for (const Value &item : value.toList())
            query.addQueryItem(key, py::str(item));
    } else if (!value.isNull()) {
        query.addQueryItem(key, py::str(value));
    }
}

QByteArray formEncode(const Value &dict)
{
    QUrlQuery query;
    for (const auto &[key, value] : dict.toDict())
        addQueryItems(query, key, value);
    return query.toString(QUrl::FullyEncoded).toUtf8();
}

} // namespace

HttpRequestRun::HttpRequestRun(const RunRequest &request, QObject *parent)
    : ActionRun(request, parent)
{
}

HttpRequestRun::~HttpRequestRun()
{
    if (m_reply)
        m_reply->abort();
}

QByteArray HttpRequestRun::userAgent()
{
    const QString version = QCoreApplication::applicationVersion();
    return "squall/" + (version.isEmpty() ? QByteArray("0.1.0") : version.toUtf8());
}

void HttpRequestRun::fail(const QString &status, const QString &error, bool later)
{
    const RunResult r {status, makeDict({{QStringLiteral("error"), error}})};
    if (later)
        finishLater(r);
    else
        finish(r);
}

void HttpRequestRun::start()
{
    const RunRequest &req = request();
    const Value &rp = req.runnerParameters;
    const QUrl url(py::str(rp[u"url"]), QUrl::StrictMode);
    if (rp[u"url"].isNull() || !url.isValid() || url.scheme().isEmpty()) {
        fail(QStringLiteral("failed"),
             QStringLiteral("Invalid or missing URL: \"%1\"").arg(py::str(rp[u"url"])), true);
        return;
    }
    const Value blacklist = rp[u"url_hosts_blacklist"];
    const Value whitelist = rp[u"url_hosts_whitelist"];
    if (py::truthy(blacklist) && py::truthy(whitelist)) {
        fail(QStringLiteral("failed"),
             QStringLiteral("\"url_hosts_blacklist\" and \"url_hosts_whitelist\" parameters are "
                            "mutually exclusive. Only one should be provided."),
             true);
        return;
    }
    if (py::truthy(blacklist) && listContains(blacklist, hostOf(url))) {
        fail(QStringLiteral("failed"), QStringLiteral("URL \"%1\" is blacklisted").arg(url.toString()), true);
        return;
    }
    if (py::truthy(whitelist) && !listContains(whitelist, hostOf(url))) {
        fail(QStringLiteral("failed"), QStringLiteral("URL \"%1\" is not whitelisted").arg(url.toString()), true);
        return;
    }

    QUrl target = url;
    const Value params = parameter(u"params");
    if (params.isDict() && !params.toDict().isEmpty()) {
        QUrlQuery query(target);
        for (const auto &[key, value] : params.toDict())
            addQueryItems(query, key, value);
        target.setQuery(query);
    }

    QNetworkRequest nreq(target);
    bool jsonContent = false;
    bool hasContentType = false;
    for (const auto &[name, value] : rp[u"headers"].toDict()) {
        const QString v = py::str(value);
        if (name.compare(u"content-type", Qt::CaseInsensitive) == 0) {
            hasContentType = true;
            jsonContent = v == u"application/json";
        }
        nreq.setRawHeader(name.toUtf8(), v.toUtf8());
    }
    nreq.setRawHeader("User-Agent", userAgent());
    nreq.setRawHeader("X-Stanley-Action", req.actionName.toUtf8());

    const Value cookies = rp[u"cookies"];
    if (cookies.isDict() && !cookies.toDict().isEmpty()) {
        QStringList pairs;
        for (const auto &[name, value] : cookies.toDict())
            pairs.append(name % u'=' % py::str(value));
        nreq.setRawHeader("Cookie", pairs.join(QStringLiteral("; ")).toUtf8());
    }

    const Value username = rp[u"username"];
    const Value password = rp[u"password"];
    if (py::truthy(username) || py::truthy(password)) {
        const QByteArray credentials = (username.isNull() ? QString() : py::str(username)).toUtf8()
            + ':' + (password.isNull() ? QString() : py::str(password)).toUtf8();
        nreq.setRawHeader("Authorization", "Basic " + credentials.toBase64());
    }

    nreq.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                      py::truthy(rp[u"allow_redirects"]) ? QNetworkRequest::NoLessSafeRedirectPolicy
                                                         : QNetworkRequest::ManualRedirectPolicy);

    const Value body = parameter(u"body");
    QByteArray data;
    if (jsonContent && !body.isNull()) {
        Value object = body;
        if (body.isString()) {
            json::ParseError error;
            object = json::parse(QStringView(body.toString()), &error);
            if (!error.ok()) {
                // st2 falls back to ast.literal_eval: "{'a': 1}" is accepted too.
                try {
                    object = schema::literalEval(body.toString());
                    error = {};
                } catch (const SquallException &) {
                }
            }
            if (!error.ok()) {
                fail(QStringLiteral("failed"),
                     QStringLiteral("Request body (%1) can't be parsed as JSON").arg(body.toString()),
                     true);
                return;
            }
        }
        data = json::dumpsPython(object).toUtf8();
    } else if (body.isDict()) {
        data = formEncode(body);
        if (!hasContentType)
            nreq.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    } else if (!body.isNull()) {
        data = py::str(body).toUtf8();
    }
    const bool hasBody = py::truthy(body);

    QString method = py::str(parameter(u"method")).toUpper();
    if (parameter(u"method").isNull() || method.isEmpty())
        method = hasBody ? QStringLiteral("POST") : QStringLiteral("GET");

    m_nam = new QNetworkAccessManager(this);
    // Like requests, use the proxy given for the URL's scheme, and none otherwise.
    const Value proxyParam = target.scheme() == u"https" ? rp[u"https_proxy"] : rp[u"http_proxy"];
    if (proxyParam.isString() && !proxyParam.toString().isEmpty()) {
        const QUrl proxyUrl = QUrl::fromUserInput(proxyParam.toString());
        m_nam->setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, proxyUrl.host(), quint16(proxyUrl.port(3128)),
                                      proxyUrl.userName(), proxyUrl.password()));
    } else {
        m_nam->setProxy(QNetworkProxy::NoProxy);
    }
    if (method == u"HEAD")
        m_reply = m_nam->head(nreq);
    else if (method == u"GET" && data.isEmpty())
        m_reply = m_nam->get(nreq);
    else
        m_reply = m_nam->sendCustomRequest(nreq, method.toLatin1(), data);

    if (rp[u"verify_ssl_cert"].isBool() && !rp[u"verify_ssl_cert"].toBool()) {
        connect(m_reply, &QNetworkReply::sslErrors, this,
                [this](const QList<QSslError> &) { m_reply->ignoreSslErrors(); });
    }
    connect(m_reply, &QNetworkReply::finished, this, &HttpRequestRun::onFinished);

    m_timeout = parameter(u"timeout");
    if (m_timeout.isNull())
        m_timeout = Value(qint64(kDefaultTimeout));
    const double seconds = ProcessRun::timeoutSeconds(m_timeout, kDefaultTimeout);
    if (seconds > 0) {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] {
            m_timedOut = true;
            if (m_reply)
                m_reply->abort();
        });
        m_timer->start(qint64(seconds * 1000.0));
    }
    emitStartedLater();
}

void HttpRequestRun::cancel()
{
    if (isFinished())
        return;
    m_canceled = true;
    if (m_reply) {
        m_reply->abort();
    } else {
        fail(QStringLiteral("canceled"), QStringLiteral("Canceled before the request was sent"), true);
    }
}

void HttpRequestRun::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (m_timer)
        m_timer->stop();

    if (m_canceled) {
        // abort() reports synchronously; callers of cancel() get finished() later.
        fail(QStringLiteral("canceled"), QStringLiteral("Request canceled"), true);
        return;
    }
    if (m_timedOut) {
        fail(QStringLiteral("timeout"),
             QStringLiteral("Request to %1 timed out after %2 seconds")
                 .arg(reply->url().toString(), py::str(m_timeout)),
             false);
        return;
    }
    const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttr.isValid()) {
        // No HTTP response at all: connection refused, DNS, TLS...
        fail(QStringLiteral("failed"),
             QStringLiteral("Request to %1 failed: %2").arg(reply->url().toString(), reply->errorString()),
             false);
        return;
    }
    const int statusCode = statusAttr.toInt();

    ValueDict headers;
    for (const auto &[name, value] : reply->rawHeaderPairs())
        headers.insert(QString::fromLatin1(name), QString::fromLatin1(value));

    const QByteArray raw = reply->readAll();
    const QString contentType = QString::fromLatin1(reply->rawHeader("Content-Type"));
    const QString mime = contentType.section(u';', 0, 0).trimmed();
    QString text;
    const qsizetype charsetAt = contentType.indexOf(QStringLiteral("charset="), 0, Qt::CaseInsensitive);
    if (charsetAt >= 0) {
        const QString charset = contentType.mid(charsetAt + 8).section(u';', 0, 0).trimmed().remove(u'"');
        QStringDecoder decoder(charset.toLatin1().constData());
        text = decoder.isValid() ? decoder.decode(raw) : QString::fromUtf8(raw);
    } else {
        text = QString::fromUtf8(raw);
    }

    Value bodyValue = text;
    bool parsed = false;
    if (mime == u"application/json") {
        json::ParseError error;
        Value v = json::parse(raw, &error);
        if (error.ok()) {
            bodyValue = std::move(v);
            parsed = true;
        }
    }

    ValueDict result {
        {QStringLiteral("status_code"), statusCode},
        {QStringLiteral("body"), bodyValue},
        {QStringLiteral("parsed"), parsed},
        {QStringLiteral("headers"), Value(std::move(headers))},
    };
    const bool ok = statusCode >= 200 && statusCode <= 206;
    finish({ok ? QStringLiteral("succeeded") : QStringLiteral("failed"), Value(std::move(result))});
}

} // namespace squall::runners
