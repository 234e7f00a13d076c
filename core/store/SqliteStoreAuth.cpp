// API keys and tokens. Only hashes of the secrets are ever stored.
#include "store/SqliteStore.h"

#include "store/DocFields.h"

#include "base/Ids.h"

#include <QSqlQuery>
#include <QVariant>

namespace squall::store {

using namespace fields;

namespace {

std::optional<Value> first(ValueList list)
{
    if (list.isEmpty())
        return std::nullopt;
    return list.first();
}

} // namespace

void SqliteStore::putApiKey(const Value &doc)
{
    const QString id = text(doc[u"id"]);
    const QString hash = text(doc[u"key_hash"]);
    if (id.isEmpty() || hash.isEmpty()) {
        setError(QStringLiteral("putApiKey: \"id\" and \"key_hash\" are required"));
        return;
    }
    write(QStringLiteral("INSERT INTO api_keys (id, key_hash, username, doc) VALUES (?, ?, ?, ?)"
                         " ON CONFLICT (id) DO UPDATE SET key_hash = excluded.key_hash,"
                         " username = excluded.username, doc = excluded.doc"),
          {id, hash, text(doc[u"user"]), toJson(doc)});
}

ValueList SqliteStore::apiKeys()
{
    QSqlQuery *q = select(QStringLiteral("SELECT doc FROM api_keys ORDER BY id"), {});
    return q ? docs(q) : ValueList();
}

std::optional<Value> SqliteStore::apiKey(const QString &id)
{
    return oneDoc(QStringLiteral("SELECT doc FROM api_keys WHERE id = ?"), id);
}

std::optional<Value> SqliteStore::apiKeyByHash(const QString &hash)
{
    return oneDoc(QStringLiteral("SELECT doc FROM api_keys WHERE key_hash = ?"), hash);
}

bool SqliteStore::removeApiKey(const QString &id)
{
    return write(QStringLiteral("DELETE FROM api_keys WHERE id = ?"), {id}) > 0;
}

void SqliteStore::putToken(const Value &doc)
{
    const QString hash = text(doc[u"token_hash"]);
    if (hash.isEmpty()) {
        setError(QStringLiteral("putToken: \"token_hash\" is required"));
        return;
    }
    write(QStringLiteral("INSERT INTO tokens (token_hash, username, expiry, doc) VALUES (?, ?, ?, ?)"
                         " ON CONFLICT (token_hash) DO UPDATE SET username = excluded.username,"
                         " expiry = excluded.expiry, doc = excluded.doc"),
          {hash, text(doc[u"user"]), timestamp(doc[u"expiry"]), toJson(doc)});
}

std::optional<Value> SqliteStore::tokenByHash(const QString &hash)
{
    QSqlQuery *q = select(QStringLiteral("SELECT doc FROM tokens WHERE token_hash = ?"
                                         " AND (expiry IS NULL OR expiry > ?)"),
                          {hash, nowTimestamp()});
    return q ? first(docs(q)) : std::nullopt;
}

bool SqliteStore::removeToken(const QString &hash)
{
    return write(QStringLiteral("DELETE FROM tokens WHERE token_hash = ?"), {hash}) > 0;
}

int SqliteStore::purgeExpiredTokens(const QString &nowIso)
{
    return std::max(0, write(QStringLiteral("DELETE FROM tokens WHERE expiry IS NOT NULL AND expiry <= ?"),
                             {timestamp(nowIso)}));
}

} // namespace squall::store
