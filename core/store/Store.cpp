#include "store/Store.h"

#include "store/Schema.h"
#include "store/SqliteStore.h"

namespace squall::store {

std::unique_ptr<Store> openSqliteStore(const QString &path, Error *error)
{
    return openSqliteStore(path, SqliteOptions(), error);
}

std::unique_ptr<Store> openSqliteStore(const QString &path, const SqliteOptions &options, Error *error)
{
    auto store = std::make_unique<SqliteStore>(options);
    if (!store->open(path, error))
        return nullptr;
    return store;
}

int sqliteSchemaVersion()
{
    return schema::latestVersion();
}

} // namespace squall::store
