#include "engine/KeyValueService.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "store/SecretBox.h"
#include "store/Store.h"

#include <QDateTime>

namespace squall::engine {

namespace {

const QString kMask = QStringLiteral("********");

// `st2kv.<scope>.<a>.<b>`: each attribute step extends the key name, and the
// object turns into the stored string only when a template uses it.
class KeyLookupObject final : public ValueObject
{
public:
    KeyLookupObject(const KeyValueService *kv, QString scope, QString user, QString prefix)
        : m_kv(kv), m_scope(std::move(scope)), m_user(std::move(user)), m_prefix(std::move(prefix))
    {
    }
    Value attribute(const QString &name) const override
    {
        const QString key = m_prefix.isEmpty() ? name : m_prefix + u'.' + name;
        return Value(std::make_shared<KeyLookupObject>(m_kv, m_scope, m_user, key));
    }
    Value resolve() const override
    {
        return m_prefix.isEmpty() ? Value(QString()) : Value(m_kv->lookup(m_scope, m_user, m_prefix));
    }

private:
    const KeyValueService *m_kv;
    QString m_scope;
    QString m_user;
    QString m_prefix;
};

class DatastoreRootObject final : public ValueObject
{
public:
    DatastoreRootObject(const KeyValueService *kv, QString user) : m_kv(kv), m_user(std::move(user)) { }
    Value attribute(const QString &name) const override
    {
        if (name == u"system" || name == u"user")
            return Value(std::make_shared<KeyLookupObject>(m_kv, name, m_user, QString()));
        return Value();
    }
    Value resolve() const override { return Value(ValueDict()); }

private:
    const KeyValueService *m_kv;
    QString m_user;
};

bool expired(const Value &doc)
{
    const QString exp = doc[u"expire_timestamp"].toString();
    if (exp.isEmpty())
        return false;
    const QDateTime t = parseTimestamp(exp);
    return t.isValid() && t <= QDateTime::currentDateTimeUtc();
}

} // namespace

KeyValueService::KeyValueService(store::Store *store, const store::SecretBox *box) : m_store(store), m_box(box) { }

QString KeyValueService::normalizeScope(const QString &scope)
{
    if (scope.isEmpty() || scope == u"system" || scope == u"st2kv.system")
        return QStringLiteral("system");
    if (scope == u"user" || scope == u"st2kv.user")
        return QStringLiteral("user");
    if (scope == u"all")
        return QStringLiteral("all");
    throw SquallException(QStringLiteral("BadRequest"),
                          QStringLiteral("invalid scope '%1': use system, user or all").arg(scope));
}

std::optional<Value> KeyValueService::find(const QString &scope, const QString &user, const QString &name) const
{
    const QString s = normalizeScope(scope);
    auto doc = m_store->key(s, s == u"user" ? user : QString(), name);
    if (!doc || expired(*doc))
        return std::nullopt;
    return doc;
}

QString KeyValueService::lookup(const QString &scope, const QString &user, const QString &name) const
{
    const auto doc = find(scope, user, name);
    return doc ? (*doc)[u"value"].toString() : QString();
}

std::optional<QString> KeyValueService::decrypt(const QString &cipher) const
{
    return m_box ? m_box->decrypt(cipher) : std::nullopt;
}

Value KeyValueService::toApi(const Value &stored, bool decryptValue) const
{
    Value out = stored;
    ValueDict &d = out.dictRef();
    const QString scope = stored[u"scope"].toString();
    d.insert(QStringLiteral("scope"), QStringLiteral("st2kv.") + scope);
    d.insert(QStringLiteral("uid"), QStringLiteral("key_value_pair:st2kv.%1:%2").arg(scope, stored[u"name"].toString()));
    if (!d.contains(u"id"))
        d.insert(QStringLiteral("id"), stored[u"name"].toString());
    if (stored[u"secret"].toBool()) {
        d.insert(QStringLiteral("encrypted"), !decryptValue);
        if (decryptValue) {
            const auto plain = decrypt(stored[u"value"].toString());
            d.insert(QStringLiteral("value"), plain ? Value(*plain) : Value(kMask));
        } else {
            d.insert(QStringLiteral("value"), kMask);
        }
    }
    return out;
}

ValueList KeyValueService::list(const QString &scope, const QString &user, const QString &prefix) const
{
    ValueList out;
    for (const Value &doc : m_store->keys(normalizeScope(scope), user, prefix))
        if (!expired(doc))
            out.append(doc);
    return out;
}

Value KeyValueService::set(const QString &name, const Value &body, const QString &user)
{
    if (name.isEmpty())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("a key needs a name"));
    const Value rawValue = body[u"value"];
    if (!rawValue.isString())
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("key values are strings; encode structured data as JSON text"));
    const QString scope = normalizeScope(body[u"scope"].toString());
    if (scope == u"all")
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("cannot write to scope 'all'"));
    const QString owner = scope == u"user" ? (body[u"user"].toString().isEmpty() ? user : body[u"user"].toString())
                                           : QString();
    const bool alreadyEncrypted = body[u"encrypted"].toBool();
    const bool secret = body[u"secret"].toBool() || alreadyEncrypted;
    QString stored = rawValue.toString();
    if (secret && !alreadyEncrypted) {
        if (!m_box)
            throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("no encryption key is configured"));
        stored = m_box->encrypt(stored);
    }
    const auto previous = m_store->key(scope, owner, name);
    Value doc = makeDict({{QStringLiteral("id"), previous ? (*previous)[u"id"] : Value(newId())},
                          {QStringLiteral("name"), name},
                          {QStringLiteral("value"), stored},
                          {QStringLiteral("secret"), secret},
                          {QStringLiteral("scope"), scope},
                          {QStringLiteral("user"), owner.isEmpty() ? Value() : Value(owner)},
                          {QStringLiteral("description"), body[u"description"].toString()}});
    const Value ttlValue = body[u"ttl"];
    if (!ttlValue.isNull() && !ttlValue.isInt())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("ttl must be an integer number of seconds"));
    const qint64 ttl = ttlValue.toInt();
    if (ttl > 0)
        doc.dictRef().insert(QStringLiteral("expire_timestamp"),
                             isoTimestamp(QDateTime::currentDateTimeUtc().addSecs(ttl)));
    m_store->putKey(doc);
    if (m_hook) {
        const Value api = toApi(doc, false);
        if (!previous) {
            m_hook(QStringLiteral("core.st2.key_value_pair.create"), makeDict({{QStringLiteral("object"), api}}));
        } else {
            m_hook(QStringLiteral("core.st2.key_value_pair.update"), makeDict({{QStringLiteral("object"), api}}));
            if ((*previous)[u"value"] != doc[u"value"]) {
                m_hook(QStringLiteral("core.st2.key_value_pair.value_change"),
                       makeDict({{QStringLiteral("old_object"), toApi(*previous, false)},
                                 {QStringLiteral("new_object"), api}}));
            }
        }
    }
    return doc;
}

bool KeyValueService::remove(const QString &scope, const QString &user, const QString &name)
{
    const QString s = normalizeScope(scope);
    const QString owner = s == u"user" ? user : QString();
    const auto previous = m_store->key(s, owner, name);
    if (!previous)
        return false;
    m_store->removeKey(s, owner, name);
    if (m_hook)
        m_hook(QStringLiteral("core.st2.key_value_pair.delete"),
               makeDict({{QStringLiteral("object"), toApi(*previous, false)}}));
    return true;
}

int KeyValueService::purgeExpired()
{
    return m_store->purgeExpiredKeys(nowTimestamp());
}

Value KeyValueService::templateVariable(const QString &user) const
{
    return Value(std::make_shared<DatastoreRootObject>(this, user));
}

} // namespace squall::engine
