#pragma once

#include "base/Error.h"

class QSqlDatabase;

namespace squall::store::schema {

// Marks the file as a Squall store (PRAGMA application_id), so another
// application's SQLite file is refused instead of being migrated.
constexpr int kApplicationId = 0x53514c4c;  // "SQLL"

int latestVersion();
// Brings the database to latestVersion(), each migration in its own
// transaction. Refuses a file from a newer build or from another application.
bool migrate(QSqlDatabase &db, Error *error);

} // namespace squall::store::schema
