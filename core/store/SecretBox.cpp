#include "store/SecretBox.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace squall::store {

namespace {

constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;
const QLatin1String kPrefix("sq1:");

std::optional<SecretBox> fail(Error *error, const QString &path, const QString &message)
{
    if (error) {
        error->kind = QStringLiteral("secrets");
        error->location.file = path;
        error->message = message;
    }
    return std::nullopt;
}

struct CipherCtx
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); }
    CipherCtx() = default;
    Q_DISABLE_COPY_MOVE(CipherCtx)
};

const unsigned char *bytes(const QByteArray &b)
{
    return reinterpret_cast<const unsigned char *>(b.constData());
}

unsigned char *bytes(QByteArray &b)
{
    return reinterpret_cast<unsigned char *>(b.data());
}

} // namespace

SecretBox::~SecretBox()
{
    if (!m_key.isEmpty() && !m_key.isDetached())
        return;
    if (!m_key.isEmpty())
        OPENSSL_cleanse(m_key.data(), size_t(m_key.size()));
}

std::optional<SecretBox> SecretBox::fromKey(const QByteArray &key)
{
    if (key.size() != kKeySize)
        return std::nullopt;
    return SecretBox(key);
}

std::optional<SecretBox> SecretBox::loadOrCreate(const QString &keyFilePath, Error *error)
{
    if (keyFilePath.isEmpty())
        return fail(error, keyFilePath, QStringLiteral("no key file path given"));
    const QByteArray native = QFile::encodeName(keyFilePath);
    struct stat st {};
    if (::stat(native.constData(), &st) != 0) {
        if (errno != ENOENT)
            return fail(error, keyFilePath, QString::fromLocal8Bit(std::strerror(errno)));
        const QString dir = QFileInfo(keyFilePath).absolutePath();
        if (!QDir(dir).exists()) {
            if (!QDir().mkpath(dir))
                return fail(error, keyFilePath, QStringLiteral("cannot create the directory %1").arg(dir));
            QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        QByteArray key(kKeySize, Qt::Uninitialized);
        if (RAND_bytes(bytes(key), kKeySize) != 1)
            return fail(error, keyFilePath, QStringLiteral("the system random generator failed"));
        // O_EXCL: if another process created the key meanwhile, use theirs.
        const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            if (errno == EEXIST)
                return loadOrCreate(keyFilePath, error);
            return fail(error, keyFilePath,
                        QStringLiteral("cannot create the key file: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
        }
        const QByteArray text = key.toHex() + '\n';
        const bool written = ::write(fd, text.constData(), size_t(text.size())) == text.size() && ::fsync(fd) == 0;
        ::close(fd);
        if (!written) {
            ::unlink(native.constData());
            return fail(error, keyFilePath, QStringLiteral("cannot write the key file"));
        }
        return SecretBox(key);
    }
    if (!S_ISREG(st.st_mode))
        return fail(error, keyFilePath, QStringLiteral("the key file is not a regular file"));
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        return fail(error, keyFilePath,
                    QStringLiteral("the key file may be read by other users (mode %1); run chmod 600 on it")
                        .arg(st.st_mode & 0777, 4, 8, QLatin1Char('0')));
    }
    QFile f(keyFilePath);
    if (!f.open(QIODevice::ReadOnly))
        return fail(error, keyFilePath, QStringLiteral("cannot read the key file: %1").arg(f.errorString()));
    const QByteArray hex = f.read(4096).trimmed();
    const QByteArray key = QByteArray::fromHex(hex);
    if (hex.size() != kKeySize * 2 || key.size() != kKeySize)
        return fail(error, keyFilePath, QStringLiteral("the key file does not hold a 256-bit key (64 hex digits)"));
    return SecretBox(key);
}

QString SecretBox::encrypt(const QString &plain) const
{
    const QByteArray in = plain.toUtf8();
    QByteArray out(kNonceSize + in.size() + kTagSize, Qt::Uninitialized);
    unsigned char *nonce = bytes(out);
    unsigned char *body = nonce + kNonceSize;
    if (RAND_bytes(nonce, kNonceSize) != 1)
        return QString();
    CipherCtx c;
    int len = 0;
    if (!c.ctx || EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, bytes(m_key), nonce) != 1
        || EVP_EncryptUpdate(c.ctx, body, &len, bytes(in), int(in.size())) != 1
        || EVP_EncryptFinal_ex(c.ctx, body + len, &len) != 1
        || EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, kTagSize, body + in.size()) != 1)
        return QString();
    return kPrefix + QString::fromLatin1(out.toBase64());
}

std::optional<QString> SecretBox::decrypt(const QString &cipher) const
{
    if (!looksEncrypted(cipher))
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(QStringView(cipher).mid(kPrefix.size()).toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() < kNonceSize + kTagSize)
        return std::nullopt;
    const QByteArray &raw = decoded.decoded;
    const int bodySize = int(raw.size()) - kNonceSize - kTagSize;
    const unsigned char *nonce = bytes(raw);
    const unsigned char *body = nonce + kNonceSize;
    QByteArray tag = raw.right(kTagSize);
    QByteArray plain(bodySize, Qt::Uninitialized);
    CipherCtx c;
    int len = 0;
    if (!c.ctx || EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, bytes(m_key), nonce) != 1
        || EVP_DecryptUpdate(c.ctx, bytes(plain), &len, body, bodySize) != 1
        || EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1
        || EVP_DecryptFinal_ex(c.ctx, bytes(plain) + len, &len) != 1)
        return std::nullopt;
    return QString::fromUtf8(plain);
}

bool SecretBox::looksEncrypted(const QString &text)
{
    return text.startsWith(kPrefix);
}

} // namespace squall::store
