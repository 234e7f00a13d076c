// Engine: the inquiries part of EngineApi.
#include "engine/Engine.h"

#include "base/Error.h"
#include "engine/InquiryService.h"

namespace squall::engine {

ListResult Engine::listInquiries(const Params &p)
{
    return m_inquiries->list(p);
}

Value Engine::getInquiry(const QString &id)
{
    return m_inquiries->get(id);
}

Value Engine::respondInquiry(const QString &id, const Value &body, const Principal &by)
{
    if (!body.isDict())
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("the request body must be a JSON object {\"id\": ..., \"response\": {...}}"));
    const Value response = body[u"response"];
    if (!response.isDict())
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("\"response\" is required and must be a JSON object"));
    // The body's "id" is informative: the path names the inquiry, as in st2.
    return m_inquiries->respond(id, response, by.user);
}

} // namespace squall::engine
