#include "api/HttpResponse.h"

#include "base/Json.h"

namespace squall::api {

HttpResponse HttpResponse::json(int status, const Value &document)
{
    return HttpResponse{status, {{"Content-Type", "application/json"}}, json::serialize(document)};
}

HttpResponse HttpResponse::text(int status, const QString &text)
{
    return HttpResponse{status, {{"Content-Type", "text/plain; charset=utf-8"}}, text.toUtf8()};
}

HttpResponse HttpResponse::empty(int status)
{
    return HttpResponse{status, {}, {}};
}

HttpResponse &HttpResponse::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append(Header{name, value});
    return *this;
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace squall::api
