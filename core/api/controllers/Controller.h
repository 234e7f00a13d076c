#pragma once

#include "api/ApiCall.h"
#include "api/HttpResponse.h"
#include "api/Router.h"

namespace squall::engine {
class EngineApi;
}

namespace squall::api {

// One controller per REST resource. Each declares its routes, next to their
// handlers, in addRoutes(); failures are thrown as SquallException and mapped
// to statuses by ApiErrors, never here.
class Controller
{
public:
    explicit Controller(engine::EngineApi *engine) : m_engine(engine) { }
    virtual ~Controller() = default;
    Q_DISABLE_COPY_MOVE(Controller)

    virtual void addRoutes(Router &router) = 0;

protected:
    engine::EngineApi *engine() const { return m_engine; }

    static HttpResponse ok(const Value &document) { return HttpResponse::json(200, document); }
    static HttpResponse created(const Value &document) { return HttpResponse::json(201, document); }
    static HttpResponse noContent() { return HttpResponse::empty(204); }
    // A page of a list, with X-Total-Count and X-Limit.
    static HttpResponse list(const engine::ListResult &result);
    static HttpResponse list(const ValueList &items);
    // The first item whose `keys` equals `idOrName`, or NotFound.
    static Value findIn(const engine::ListResult &result, const QString &idOrName,
                        std::initializer_list<const char16_t *> keys, const QString &what);

private:
    engine::EngineApi *m_engine;
};

} // namespace squall::api
