#include "expr/Undefined.h"

#include "base/Error.h"
#include "base/Python.h"

namespace squall::expr {

Value Undefined::attribute(const QString &) const
{
    raise();
}

Value Undefined::resolve() const
{
    if (!m_strict)
        return QString();
    raise();
}

void Undefined::raise() const
{
    throw SquallException(QStringLiteral("UndefinedError"), m_message);
}

bool isUndefined(const Value &v)
{
    return v.isObject() && dynamic_cast<const Undefined *>(v.toObject().get()) != nullptr;
}

Value undefinedWithMessage(const QString &message)
{
    return Value(std::shared_ptr<const ValueObject>(std::make_shared<Undefined>(message)));
}

Value lenientUndefined(const QString &message)
{
    return Value(std::shared_ptr<const ValueObject>(std::make_shared<Undefined>(message, false)));
}

Value undefinedVariable(QStringView name)
{
    return undefinedWithMessage(QStringLiteral("'%1' is undefined").arg(name));
}

QString objectTypeRepr(const Value &v)
{
    if (v.isNull())
        return QStringLiteral("None");
    if (v.isObject())
        return QStringLiteral("object");
    return QLatin1StringView(v.typeName()) + QStringLiteral(" object");
}

Value undefinedAttribute(const Value &obj, const Value &attr)
{
    if (!attr.isString())
        return undefinedWithMessage(QStringLiteral("%1 has no element %2").arg(objectTypeRepr(obj), py::repr(attr)));
    return undefinedWithMessage(QStringLiteral("%1 has no attribute %2").arg(py::repr(QStringView(objectTypeRepr(obj))), py::repr(attr)));
}

const Value &checkDefined(const Value &v)
{
    if (v.isObject()) {
        if (auto *u = dynamic_cast<const Undefined *>(v.toObject().get()); u && u->isStrict())
            u->raise();
    }
    return v;
}

} // namespace squall::expr
