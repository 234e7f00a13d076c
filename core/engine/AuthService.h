#pragma once

#include "engine/EngineApi.h"

namespace squall::store { class Store; }

namespace squall::engine {

// API keys and tokens. Only hashes are stored, so a copied database file grants
// nothing; the clear admin key lives in a 0600 file next to it.
class AuthService final
{
public:
    explicit AuthService(store::Store *store);

    // Creates the admin key on first start and writes it to `keyFile` (0600).
    // Returns true when a new key was created.
    bool ensureAdminKey(const QString &keyFile, QString *error);

    std::optional<Principal> authenticate(const QString &apiKey, const QString &token) const;
    Value createToken(const QString &user, int ttlSeconds);
    Value createApiKey(const QString &user, const Value &metadata);  // includes the clear key once
    ValueList apiKeys() const;
    bool deleteApiKey(const QString &idOrKey);

private:
    store::Store *m_store;
};

} // namespace squall::engine
