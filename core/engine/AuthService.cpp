#include "engine/AuthService.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "store/Hashing.h"
#include "store/SecretBox.h"
#include "store/Store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace squall::engine {

namespace {
constexpr auto kAdminUser = "st2admin";
}

AuthService::AuthService(store::Store *store) : m_store(store) { }

bool AuthService::ensureAdminKey(const QString &keyFile, QString *error)
{
    QFile existing(keyFile);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(keyFile, existing.errorString());
            return false;
        }
        const QString key = QString::fromUtf8(existing.readAll()).trimmed();
        if (m_store->apiKeyByHash(store::sha256Hex(key)))
            return false;
        // The file survived but the database was replaced: register the key again
        // so the user's saved key keeps working.
        m_store->putApiKey(makeDict({{QStringLiteral("id"), newId()},
                                     {QStringLiteral("key_hash"), store::sha256Hex(key)},
                                     {QStringLiteral("user"), QString::fromLatin1(kAdminUser)},
                                     {QStringLiteral("enabled"), true},
                                     {QStringLiteral("admin"), true},
                                     {QStringLiteral("created_at"), nowTimestamp()}}));
        m_store->flush();
        return false;
    }
    QDir().mkpath(QFileInfo(keyFile).absolutePath());
    const QString key = randomHex(32);
    QSaveFile f(keyFile);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(keyFile, f.errorString());
        return false;
    }
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(key.toUtf8() + '\n');
    if (!f.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(keyFile, f.errorString());
        return false;
    }
    QFile::setPermissions(keyFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    m_store->putApiKey(makeDict({{QStringLiteral("id"), newId()},
                                 {QStringLiteral("key_hash"), store::sha256Hex(key)},
                                 {QStringLiteral("user"), QString::fromLatin1(kAdminUser)},
                                 {QStringLiteral("enabled"), true},
                                 {QStringLiteral("admin"), true},
                                 {QStringLiteral("created_at"), nowTimestamp()}}));
    m_store->flush();
    return true;
}

std::optional<Principal> AuthService::authenticate(const QString &apiKey, const QString &token) const
{
    if (!apiKey.isEmpty()) {
        const auto doc = m_store->apiKeyByHash(store::sha256Hex(apiKey));
        if (doc && (*doc)[u"enabled"].toBool()) {
            return Principal{(*doc)[u"user"].toString(), (*doc)[u"admin"].toBool(), QStringLiteral("api_key")};
        }
    }
    if (!token.isEmpty()) {
        const auto doc = m_store->tokenByHash(store::sha256Hex(token));
        if (doc) {
            const QDateTime expiry = parseTimestamp((*doc)[u"expiry"].toString());
            if (expiry.isValid() && expiry > QDateTime::currentDateTimeUtc())
                return Principal{(*doc)[u"user"].toString(), (*doc)[u"admin"].toBool(), QStringLiteral("token")};
        }
    }
    return std::nullopt;
}

Value AuthService::createToken(const QString &user, int ttlSeconds)
{
    const QString token = randomHex(24);
    const QString expiry = isoTimestamp(QDateTime::currentDateTimeUtc().addSecs(ttlSeconds > 0 ? ttlSeconds : 86400));
    m_store->putToken(makeDict({{QStringLiteral("token_hash"), store::sha256Hex(token)},
                                {QStringLiteral("user"), user},
                                {QStringLiteral("admin"), user == QLatin1StringView(kAdminUser)},
                                {QStringLiteral("expiry"), expiry}}));
    return makeDict({{QStringLiteral("user"), user},
                     {QStringLiteral("token"), token},
                     {QStringLiteral("expiry"), expiry},
                     {QStringLiteral("metadata"), ValueDict()}});
}

Value AuthService::createApiKey(const QString &user, const Value &metadata)
{
    const QString key = randomHex(32);
    Value doc = makeDict({{QStringLiteral("id"), newId()},
                          {QStringLiteral("key_hash"), store::sha256Hex(key)},
                          {QStringLiteral("user"), user},
                          {QStringLiteral("enabled"), true},
                          {QStringLiteral("admin"), user == QLatin1StringView(kAdminUser)},
                          {QStringLiteral("metadata"), metadata.isDict() ? metadata : Value(ValueDict())},
                          {QStringLiteral("created_at"), nowTimestamp()}});
    m_store->putApiKey(doc);
    doc.dictRef().insert(QStringLiteral("key"), key);
    doc.dictRef().remove(u"key_hash");
    return doc;
}

ValueList AuthService::apiKeys() const
{
    ValueList out;
    for (Value k : m_store->apiKeys()) {
        k.dictRef().remove(u"key_hash");
        // st2's ApiKey documents always carry metadata; the admin key's record has none.
        if (!k[u"metadata"].isDict())
            k.dictRef().insert(QStringLiteral("metadata"), ValueDict());
        out.append(k);
    }
    return out;
}

bool AuthService::deleteApiKey(const QString &idOrKey)
{
    for (const Value &k : m_store->apiKeys()) {
        if (k[u"id"].toString() == idOrKey || k[u"key_hash"].toString() == store::sha256Hex(idOrKey)) {
            Value disabled = k;
            disabled.dictRef().insert(QStringLiteral("enabled"), false);
            disabled.dictRef().insert(QStringLiteral("deleted"), true);
            m_store->putApiKey(disabled);
            return true;
        }
    }
    return false;
}

} // namespace squall::engine
