#include "store/SecretBox.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace squall;
using namespace squall::store;

class TestSecretBox : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    static int mode(const QString &path)
    {
        struct stat st {};
        return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("plain");
        QTest::newRow("ascii") << QStringLiteral("hunter2");
        QTest::newRow("empty") << QString();
        QTest::newRow("unicode") << QStringLiteral("p\u00e4ss \u2603 \U0001F511");
        QTest::newRow("long") << QString(100000, QLatin1Char('z'));
    }
    void roundTrip()
    {
        QFETCH(QString, plain);
        Error err;
        const auto box = SecretBox::loadOrCreate(m_dir.filePath(QStringLiteral("keys/datastore.key")), &err);
        QVERIFY2(box, qPrintable(err.message));
        const QString cipher = box->encrypt(plain);
        QVERIFY(SecretBox::looksEncrypted(cipher));
        QVERIFY(plain.isEmpty() || !cipher.contains(plain));
        QCOMPARE(box->decrypt(cipher), std::optional<QString>(plain));
        // A fresh nonce each time: the same secret never encrypts the same way twice.
        QVERIFY(box->encrypt(plain) != cipher);
    }

    void keyFileIsPrivateAndReused()
    {
        const QString path = m_dir.filePath(QStringLiteral("sub/dir/k.key"));
        Error err;
        const auto first = SecretBox::loadOrCreate(path, &err);
        QVERIFY(first);
        QCOMPARE(mode(path), 0600);
        QCOMPARE(mode(QFileInfo(path).absolutePath()), 0700);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().trimmed().size(), 64);
        const auto second = SecretBox::loadOrCreate(path, &err);
        QVERIFY(second);
        QCOMPARE(second->decrypt(first->encrypt(QStringLiteral("s3cret"))), std::optional<QString>(QStringLiteral("s3cret")));
    }

    void wrongKeyOrTamperingFails()
    {
        Error err;
        const auto a = SecretBox::loadOrCreate(m_dir.filePath(QStringLiteral("a.key")), &err);
        const auto b = SecretBox::loadOrCreate(m_dir.filePath(QStringLiteral("b.key")), &err);
        QVERIFY(a && b);
        const QString cipher = a->encrypt(QStringLiteral("top secret"));
        QVERIFY(!b->decrypt(cipher));
        QString tampered = cipher;
        const qsizetype mid = tampered.size() / 2;
        tampered[mid] = tampered.at(mid) == u'A' ? u'B' : u'A';
        QVERIFY(!a->decrypt(tampered));
        QVERIFY(!a->decrypt(QStringLiteral("plain text")));
        QVERIFY(!a->decrypt(QStringLiteral("sq1:!!notbase64!!")));
        QVERIFY(!a->decrypt(QStringLiteral("sq1:AAAA")));
        QVERIFY(!a->decrypt(cipher.left(cipher.size() - 4)));
    }

    void fromKey()
    {
        QVERIFY(!SecretBox::fromKey(QByteArray(16, 'k')));
        const auto box = SecretBox::fromKey(QByteArray(32, 'k'));
        QVERIFY(box);
        const auto same = SecretBox::fromKey(QByteArray(32, 'k'));
        QCOMPARE(same->decrypt(box->encrypt(QStringLiteral("x"))), std::optional<QString>(QStringLiteral("x")));
    }

    void badKeyFiles_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<int>("fileMode");
        QTest::addColumn<QString>("message");
        QTest::newRow("world readable") << QByteArray(64, 'a') << 0644 << QStringLiteral("chmod 600");
        QTest::newRow("group readable") << QByteArray(64, 'a') << 0640 << QStringLiteral("chmod 600");
        QTest::newRow("short") << QByteArray(32, 'a') << 0600 << QStringLiteral("256-bit");
        QTest::newRow("not hex") << QByteArray(64, 'g') << 0600 << QStringLiteral("256-bit");
        QTest::newRow("empty") << QByteArray() << 0600 << QStringLiteral("256-bit");
    }
    void badKeyFiles()
    {
        QFETCH(QByteArray, contents);
        QFETCH(int, fileMode);
        QFETCH(QString, message);
        const QString path = m_dir.filePath(QStringLiteral("bad-%1.key").arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(contents);
        f.close();
        QCOMPARE(::chmod(QFile::encodeName(path).constData(), mode_t(fileMode)), 0);
        Error err;
        QVERIFY(!SecretBox::loadOrCreate(path, &err));
        QVERIFY2(err.message.contains(message), qPrintable(err.message));
        QCOMPARE(err.location.file, path);
    }

    void unusableKeyPaths()
    {
        Error err;
        QVERIFY(!SecretBox::loadOrCreate(QString(), &err));
        QVERIFY(!err.message.isEmpty());
        QVERIFY(!SecretBox::loadOrCreate(m_dir.path(), &err));  // a directory
        QVERIFY(err.message.contains(QStringLiteral("regular file")));
        QVERIFY(!SecretBox::loadOrCreate(QStringLiteral("/proc/squall/none.key"), &err));
    }
};

QTEST_GUILESS_MAIN(TestSecretBox)
#include "tst_secretbox.moc"
