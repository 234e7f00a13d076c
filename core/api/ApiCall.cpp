#include "api/ApiCall.h"

#include "base/Error.h"
#include "base/Json.h"

namespace squall::api {

Value ApiCall::jsonBody() const
{
    if (request.body.trimmed().isEmpty())
        return {};
    json::ParseError error;
    Value v = json::parse(request.body, &error);
    if (!error.ok()) {
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("Malformed JSON body at line %1, column %2: %3")
                                  .arg(error.line).arg(error.column).arg(error.message));
    }
    return v;
}

Value ApiCall::jsonObject() const
{
    Value v = jsonBody();
    if (v.isNull())
        return Value(ValueDict());
    if (!v.isDict())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("The body must be a JSON object."));
    return v;
}

} // namespace squall::api
