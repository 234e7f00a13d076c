#pragma once

#include "base/Value.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace squall::api {

using Header = QPair<QByteArray, QByteArray>;
using HeaderList = QList<Header>;

// A complete response. Handlers return one; status 0 ("deferred") means the
// handler kept its HttpReply and answers later.
struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    static HttpResponse json(int status, const Value &document);
    static HttpResponse text(int status, const QString &text);
    static HttpResponse empty(int status);
    static HttpResponse deferred() { return HttpResponse{0, {}, {}}; }

    bool isDeferred() const { return status == 0; }
    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;
};

} // namespace squall::api
