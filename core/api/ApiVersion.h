#pragma once

#include "base/Value.h"

namespace squall::api {

// The REST API's own version, independent of the daemon's. Bump it and add a
// changelog entry (here and in docs/API.md) with every visible change.
inline constexpr int kApiVersion = 3;
QString apiVersionString();  // "v3"
// [{version, changes: [...]}, ...], newest first.
Value apiChangelog();

} // namespace squall::api
