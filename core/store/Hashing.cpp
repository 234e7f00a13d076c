#include "store/Hashing.h"

#include <QCryptographicHash>

namespace squall::store {

QString sha256Hex(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

} // namespace squall::store
