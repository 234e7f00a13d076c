#pragma once

#include "base/Value.h"

#include <functional>
#include <optional>

namespace squall::store { class Store; class SecretBox; }

namespace squall::engine {

// The key-value datastore (system and user scopes, TTL, secrets encrypted with a
// key kept outside the database) and the `st2kv` variable templates read it through.
class KeyValueService final
{
public:
    // Called with a trigger ref (core.st2.key_value_pair.*) and its payload.
    using ChangeHook = std::function<void(const QString &triggerRef, const Value &payload)>;

    KeyValueService(store::Store *store, const store::SecretBox *box);
    void setChangeHook(ChangeHook hook) { m_hook = std::move(hook); }

    static QString normalizeScope(const QString &scope);  // "st2kv.system"/"system" -> "system"

    // The stored value (ciphertext for secrets) or nullopt when missing/expired.
    std::optional<Value> find(const QString &scope, const QString &user, const QString &name) const;
    // For templates: the value as StackStorm renders it ("" when missing).
    QString lookup(const QString &scope, const QString &user, const QString &name) const;
    std::optional<QString> decrypt(const QString &cipher) const;

    // API documents; secrets masked unless `decrypt`.
    Value toApi(const Value &stored, bool decrypt) const;
    ValueList list(const QString &scope, const QString &user, const QString &prefix) const;
    Value set(const QString &name, const Value &body, const QString &user);  // returns stored doc
    bool remove(const QString &scope, const QString &user, const QString &name);
    int purgeExpired();

    // The `st2kv` template variable for a given user (`st2kv.system.x`, `st2kv.user.x`).
    Value templateVariable(const QString &user) const;

private:
    store::Store *m_store;
    const store::SecretBox *m_box;
    ChangeHook m_hook;
};

} // namespace squall::engine
