#include "api/controllers/ActionsController.h"

#include "engine/EngineApi.h"

namespace squall::api {

void ActionsController::addRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/api/v1/actions"), [this](ApiCall &c) {
        return list(engine()->listActions(c.query));
    });
    router.add("POST", QStringLiteral("/api/v1/actions"), [this](ApiCall &c) {
        return created(engine()->createAction(c.jsonObject(), c.principal, c.query));
    });
    router.add("GET", QStringLiteral("/api/v1/actions/{ref}"), [this](ApiCall &c) {
        return ok(engine()->getAction(c.param(QStringLiteral("ref"))));
    });
    router.add("PUT", QStringLiteral("/api/v1/actions/{ref}"), [this](ApiCall &c) {
        return ok(engine()->updateAction(c.param(QStringLiteral("ref")), c.jsonObject(), c.principal, c.query));
    });
    // st2 sends `{"remove_files": true}` as the body of the DELETE.
    router.add("DELETE", QStringLiteral("/api/v1/actions/{ref}"), [this](ApiCall &c) {
        engine::Params p = c.query;
        if (c.jsonObject()[u"remove_files"].toBool())
            p.insert(QStringLiteral("remove_files"), QStringLiteral("true"));
        engine()->deleteAction(c.param(QStringLiteral("ref")), c.principal, p);
        return noContent();
    });
    router.add("GET", QStringLiteral("/api/v1/actions/views/parameters/{ref}"), [this](ApiCall &c) {
        return ok(engine()->actionParameters(c.param(QStringLiteral("ref"))));
    });
    router.add("GET", QStringLiteral("/api/v1/actions/views/overview"), [this](ApiCall &c) {
        // The overview of each action on the page: runner parameters merged in.
        engine::ListResult page = engine()->listActions(c.query);
        for (Value &item : page.items) {
            const QString ref = item[u"ref"].toString();
            if (!ref.isEmpty())
                item = engine()->actionOverview(ref);
        }
        return list(page);
    });
    router.add("GET", QStringLiteral("/api/v1/actions/views/overview/{ref}"), [this](ApiCall &c) {
        return ok(engine()->actionOverview(c.param(QStringLiteral("ref"))));
    });
    router.add("GET", QStringLiteral("/api/v1/actions/views/entry_point/{ref}"), [this](ApiCall &c) {
        return HttpResponse::text(200, engine()->actionEntryPoint(c.param(QStringLiteral("ref"))));
    });
}

} // namespace squall::api
