#include "api/controllers/Controller.h"

#include "base/Error.h"

namespace squall::api {

HttpResponse Controller::list(const engine::ListResult &result)
{
    HttpResponse r = HttpResponse::json(200, Value(result.items));
    r.headers.append(Header{"X-Total-Count", QByteArray::number(result.total)});
    r.headers.append(Header{"X-Limit", QByteArray::number(result.limit)});
    return r;
}

HttpResponse Controller::list(const ValueList &items)
{
    HttpResponse r = HttpResponse::json(200, Value(items));
    r.headers.append(Header{"X-Total-Count", QByteArray::number(items.size())});
    return r;
}

Value Controller::findIn(const engine::ListResult &result, const QString &idOrName,
                         std::initializer_list<const char16_t *> keys, const QString &what)
{
    for (const Value &item : result.items) {
        for (const char16_t *key : keys) {
            const Value v = item[QStringView(key)];
            if (v.isString() && v.toString() == idOrName)
                return item;
        }
    }
    throw SquallException(QStringLiteral("NotFound"), QStringLiteral("%1 \"%2\" not found.").arg(what, idOrName));
}

} // namespace squall::api
