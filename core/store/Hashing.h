#pragma once

#include <QString>

namespace squall::store {

// Lower-case hex SHA-256 of the UTF-8 text: how API keys and tokens are kept.
QString sha256Hex(const QString &text);

} // namespace squall::store
