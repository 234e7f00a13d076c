#pragma once

#include "api/HttpResponse.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>

namespace squall::api {

struct ApiCall;

using RouteHandler = std::function<HttpResponse(ApiCall &call)>;

// Routes are declared as (method, pattern, handler). Pattern segments are
// literals, "{name}" (one path segment, percent-decoded) or a final "{name+}"
// (the rest of the path, slashes included, without leading/trailing '/').
// When several patterns match, the one with literals earliest wins, so
// "/api/v1/actions/views/overview" beats "/api/v1/actions/{ref}".
class Router
{
public:
    void add(const QByteArray &method, const QString &pattern, RouteHandler handler);

    struct Match
    {
        const RouteHandler *handler = nullptr;  // null: no route for this method
        QString pattern;
        QHash<QString, QString> params;
        QList<QByteArray> allowedMethods;      // methods any matching pattern accepts
        bool pathKnown() const { return !allowedMethods.isEmpty(); }
    };
    Match match(const QByteArray &method, const QString &encodedPath) const;

    struct RouteInfo { QByteArray method; QString pattern; };
    QList<RouteInfo> routes() const;

private:
    enum class Kind : quint8 { Literal, Param, Rest };
    struct Segment { Kind kind; QString text; };
    struct Route
    {
        QByteArray method;
        QString pattern;
        QList<Segment> segments;
        RouteHandler handler;
    };
    static bool matches(const Route &route, const QList<QStringView> &segments,
                        QHash<QString, QString> *params);
    static bool moreSpecific(const Route &a, const Route &b);

    QList<Route> m_routes;
};

} // namespace squall::api
