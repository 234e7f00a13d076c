#include "base/Error.h"

#include <QStringBuilder>

namespace squall {

QString SourceLocation::toString() const
{
    QString out = file;
    if (line > 0) {
        out += (out.isEmpty() ? QString() : QStringLiteral(":")) + QString::number(line);
        if (column > 0)
            out += u':' + QString::number(column);
    }
    return out;
}

QString Error::toString() const
{
    QString out;
    const QString loc = location.toString();
    if (!loc.isEmpty())
        out += loc + u": ";
    if (!field.isEmpty())
        out += field + u": ";
    return out + message;
}

SquallException::SquallException(Error error)
    : m_error(std::move(error)), m_what(m_error.toString().toUtf8())
{
}

SquallException::SquallException(const QString &kind, const QString &message)
    : SquallException(Error{message, {}, {}, kind})
{
}

} // namespace squall
