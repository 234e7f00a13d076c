#include "base/JsonType.h"

#include "base/Python.h"

namespace squall::json {

bool isKnownType(QStringView type)
{
    return type == u"string" || type == u"integer" || type == u"number" || type == u"boolean" || type == u"object"
        || type == u"array" || type == u"null" || type == u"any";
}

bool isOfType(const Value &value0, QStringView type)
{
    const Value value = value0.isObject() ? py::resolved(value0) : value0;
    if (type == u"string")
        return value.isString();
    if (type == u"integer")
        return value.isInt();
    if (type == u"number")
        return value.isInt() || value.isDouble();
    if (type == u"boolean")
        return value.isBool();
    if (type == u"object")
        return value.isDict();
    if (type == u"array")
        return value.isList();
    if (type == u"null")
        return value.isNull();
    return type == u"any";
}

} // namespace squall::json
