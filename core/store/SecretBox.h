#pragma once

#include "base/Error.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace squall::store {

// Authenticated encryption (AES-256-GCM) for secret datastore values. The
// key lives in its own file, outside the database, so a copied database
// alone does not reveal secrets.
//
// Ciphertext format: "sq1:" + base64(12-byte nonce | ciphertext | 16-byte tag).
class SecretBox
{
public:
    static constexpr int kKeySize = 32;

    // Reads the key file, or creates it (mode 0600, parent directory 0700)
    // with a fresh random key. A key file that group or others may read, or
    // of the wrong size, is refused.
    static std::optional<SecretBox> loadOrCreate(const QString &keyFilePath, Error *error);
    // For tests and tools: a box over the given 32 raw key bytes.
    static std::optional<SecretBox> fromKey(const QByteArray &key);

    SecretBox(const SecretBox &) = default;
    SecretBox &operator=(const SecretBox &) = default;
    SecretBox(SecretBox &&) noexcept = default;
    SecretBox &operator=(SecretBox &&) noexcept = default;
    ~SecretBox();

    QString encrypt(const QString &plain) const;
    // nullopt when the text is not ours, was altered, or was made with another key.
    std::optional<QString> decrypt(const QString &cipher) const;
    static bool looksEncrypted(const QString &text);

private:
    explicit SecretBox(QByteArray key) : m_key(std::move(key)) { }
    QByteArray m_key;
};

} // namespace squall::store
