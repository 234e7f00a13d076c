#include "api/WebhookBody.h"

#include "api/HttpRequest.h"
#include "base/Error.h"
#include "base/Json.h"
#include "engine/CredentialHeaders.h"

#include <QUrl>

namespace squall::api {

namespace {

void appendValue(ValueDict &dict, const QString &key, const QString &value)
{
    if (Value *existing = dict.find(key))
        existing->listRef().append(value);
    else
        dict.insert(key, makeList({Value(value)}));
}

QByteArray contentTypeParam(const QByteArray &contentType, QByteArrayView name)
{
    for (QByteArray part : contentType.split(';')) {
        part = part.trimmed();
        const qsizetype eq = part.indexOf('=');
        if (eq > 0 && part.left(eq).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
            QByteArray value = part.mid(eq + 1).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.mid(1, value.size() - 2);
            return value;
        }
    }
    return {};
}

Value parseJsonBody(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return Value(ValueDict());
    json::ParseError error;
    Value v = json::parse(body, &error);
    if (!error.ok()) {
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("Malformed JSON body at line %1, column %2: %3")
                                  .arg(error.line).arg(error.column).arg(error.message));
    }
    return v;
}

} // namespace

Value parseQueryString(const QByteArray &query)
{
    ValueDict dict;
    for (const QByteArray &pair : query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0)
            continue;  // parse_qs skips fields without '=' unless strict
        QByteArray key = pair.left(eq);
        QByteArray value = pair.mid(eq + 1);
        key.replace('+', ' ');
        value.replace('+', ' ');
        if (value.isEmpty())
            continue;  // keep_blank_values=False
        appendValue(dict, QUrl::fromPercentEncoding(key), QUrl::fromPercentEncoding(value));
    }
    return Value(std::move(dict));
}

Value parseMultipart(const QByteArray &body, const QByteArray &boundary)
{
    if (boundary.isEmpty())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("multipart/form-data without a boundary."));
    ValueDict dict;
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            break;  // closing delimiter
        const qsizetype headStart = body.indexOf("\r\n", pos);
        if (headStart < 0)
            break;
        const qsizetype headEnd = body.indexOf("\r\n\r\n", headStart);
        const qsizetype next = body.indexOf(delimiter, headStart);
        if (headEnd < 0 || next < 0 || headEnd > next)
            throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("Malformed multipart/form-data body."));
        QString name;
        for (const QByteArray &line : body.mid(headStart + 2, headEnd - headStart - 2).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare("content-disposition", Qt::CaseInsensitive) == 0)
                name = QString::fromUtf8(contentTypeParam(line.mid(colon + 1), "name"));
        }
        QByteArray value = body.mid(headEnd + 4, next - headEnd - 4);
        if (value.endsWith("\r\n"))
            value.chop(2);
        if (!name.isEmpty() && !value.isEmpty())
            appendValue(dict, name, QString::fromUtf8(value));
        pos = next;
    }
    return Value(std::move(dict));
}

Value parseWebhookBody(const HttpRequest &request)
{
    const QByteArray type = request.mediaType();
    if (type == "text/plain")
        return QString::fromUtf8(request.body);
    if (type == "application/x-www-form-urlencoded")
        return parseQueryString(request.body);
    if (type == "multipart/form-data")
        return parseMultipart(request.body, contentTypeParam(request.header("Content-Type"), "boundary"));
    return parseJsonBody(request.body);
}

Value webhookHeaders(const HttpRequest &request)
{
    ValueDict dict;
    for (const auto &[name, value] : request.headers) {
        if (engine::isCredentialHeader(name))
            continue;
        const QString key = QString::fromLatin1(name);
        const QString text = QString::fromUtf8(value);
        if (Value *existing = dict.find(key))
            *existing = QString(existing->toString() + QStringLiteral(", ") + text);
        else
            dict.insert(key, text);
    }
    return Value(std::move(dict));
}

} // namespace squall::api
