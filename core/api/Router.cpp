#include "api/Router.h"

#include <QUrl>

namespace squall::api {

namespace {

QString decode(QStringView segment)
{
    return QUrl::fromPercentEncoding(segment.toUtf8());
}

} // namespace

void Router::add(const QByteArray &method, const QString &pattern, RouteHandler handler)
{
    Route route{method, pattern, {}, std::move(handler)};
    for (QStringView part : QStringView(pattern).split(u'/', Qt::SkipEmptyParts)) {
        if (part.startsWith(u'{') && part.endsWith(u"+}"))
            route.segments.append(Segment{Kind::Rest, part.mid(1, part.size() - 3).toString()});
        else if (part.startsWith(u'{') && part.endsWith(u'}'))
            route.segments.append(Segment{Kind::Param, part.mid(1, part.size() - 2).toString()});
        else
            route.segments.append(Segment{Kind::Literal, part.toString()});
    }
    m_routes.append(std::move(route));
}

bool Router::matches(const Route &route, const QList<QStringView> &segments, QHash<QString, QString> *params)
{
    params->clear();
    qsizetype i = 0;
    for (const Segment &seg : route.segments) {
        if (seg.kind == Kind::Rest) {
            if (i >= segments.size())
                return false;
            QString rest;
            for (qsizetype j = i; j < segments.size(); ++j)
                rest += (j > i ? QStringLiteral("/") : QString()) + segments.at(j);
            params->insert(seg.text, decode(rest));
            return true;
        }
        if (i >= segments.size())
            return false;
        if (seg.kind == Kind::Literal) {
            if (segments.at(i) != seg.text)
                return false;
        } else {
            params->insert(seg.text, decode(segments.at(i)));
        }
        ++i;
    }
    return i == segments.size();
}

bool Router::moreSpecific(const Route &a, const Route &b)
{
    const qsizetype n = qMin(a.segments.size(), b.segments.size());
    for (qsizetype i = 0; i < n; ++i) {
        const Kind ka = a.segments.at(i).kind;
        const Kind kb = b.segments.at(i).kind;
        if (ka != kb)
            return ka < kb;  // Literal < Param < Rest in declaration order
    }
    return a.segments.size() > b.segments.size();
}

Router::Match Router::match(const QByteArray &method, const QString &encodedPath) const
{
    const QList<QStringView> segments = QStringView(encodedPath).split(u'/', Qt::SkipEmptyParts);
    Match result;
    const Route *best = nullptr;
    QHash<QString, QString> params;
    for (const Route &route : m_routes) {
        if (!matches(route, segments, &params))
            continue;
        if (!result.allowedMethods.contains(route.method))
            result.allowedMethods.append(route.method);
        if (route.method != method)
            continue;
        if (!best || moreSpecific(route, *best)) {
            best = &route;
            result.params = params;
        }
    }
    if (best) {
        result.handler = &best->handler;
        result.pattern = best->pattern;
    }
    return result;
}

QList<Router::RouteInfo> Router::routes() const
{
    QList<RouteInfo> out;
    for (const Route &r : m_routes)
        out.append(RouteInfo{r.method, r.pattern});
    return out;
}

} // namespace squall::api
