#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace squall::api {

// One HTTP request, copied out of Qt's per-connection request object so that it
// stays valid while a reply is deferred.
struct HttpRequest
{
    QByteArray method;         // upper case: GET, POST, ...
    QString path;              // percent-encoded path, without the query
    QString rawQuery;          // percent-encoded query, without '?'
    QList<QPair<QByteArray, QByteArray>> headers;  // original case, in arrival order
    QByteArray body;
    QHostAddress remoteAddress;
    qint64 receivedAtMicros = 0;

    // Case-insensitive; repeated headers are joined with ", ".
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // Query items decoded as HTML forms do ('+' is a space); a repeated key keeps its last value.
    QList<QPair<QString, QString>> queryItems() const;
    QString queryValue(const QString &key) const;
    QString cookie(const QString &name) const;
    // The media type of Content-Type, lower-cased, without parameters.
    QByteArray mediaType() const;
};

} // namespace squall::api
