// squall-studio's start-up: its own engine with the API beside it (moving to
// a free port when the asked one is taken, and saying so), or attached to a
// separately started `squall serve` with --connect.
#include "StudioLauncher.h"
#include "StudioOptions.h"
#include "TestCheck.h"
#include "client/BlockingClient.h"
#include "client/RemoteClient.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/Page.h"

#include <QAbstractItemView>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;
using namespace Qt::StringLiterals;

class TestLauncher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", QByteArray(m_config.path().toUtf8()));
    }

    void parsesOptions()
    {
        StudioOptions o;
        QString error, output;
        bool exitNow = false;
        QVERIFY(StudioOptions::parse({u"--data-dir"_s, u"/tmp/x"_s, u"--listen=127.0.0.1:9200"_s, u"--packs-dir"_s,
                                      u"/a"_s, u"--packs-dir"_s, u"/b"_s},
                                     &o, &error, &exitNow, &output));
        QCOMPARE(o.dataDir, u"/tmp/x"_s);
        QCOMPARE(o.listen, u"127.0.0.1:9200"_s);
        QVERIFY(o.listenGiven);
        QCOMPARE(o.packDirs, (QStringList{u"/a"_s, u"/b"_s}));
        QVERIFY(!o.remote());

        StudioOptions r;
        QVERIFY(StudioOptions::parse({u"--connect"_s, u"http://10.0.0.5:9101/api/v1/"_s, u"--api-key"_s, u"k"_s}, &r,
                                     &error, &exitNow, &output));
        QCOMPARE(r.connectUrl, u"http://10.0.0.5:9101"_s);
        QCOMPARE(r.apiKey, u"k"_s);

        StudioOptions bad;
        QVERIFY(!StudioOptions::parse({u"--connect"_s, u"10.0.0.5"_s}, &bad, &error, &exitNow, &output));
        QVERIFY2(error.contains(u"http://"), qPrintable(error));
        QVERIFY(!StudioOptions::parse({u"--frobnicate"_s}, &bad, &error, &exitNow, &output));
        QVERIFY2(error.contains(u"--frobnicate"), qPrintable(error));
        QVERIFY(!StudioOptions::parse({u"--data-dir"_s}, &bad, &error, &exitNow, &output));
        QVERIFY2(error.contains(u"needs a value"), qPrintable(error));
    }

    void movesOffATakenPortAndSaysSo()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir data;
        StudioOptions o;
        o.dataDir = data.path();
        o.listen = u"127.0.0.1:%1"_s.arg(squatter.serverPort());
        StudioLauncher launcher;
        QSignalSpy ready(&launcher, &StudioLauncher::ready);
        QSignalSpy failed(&launcher, &StudioLauncher::failed);
        launcher.start(o);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() + failed.count() == 1, 20000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY2(launcher.apiNote().contains(u"was taken"), qPrintable(launcher.apiNote()));
        QVERIFY(!launcher.apiUrl().endsWith(u':' + QString::number(squatter.serverPort())));
        ui::MainWindow *window = launcher.window();
        QVERIFY(window->statusBar()->currentMessage().contains(u"was taken"));
        QVERIFY(window->findChild<QLabel *>(u"apiAddress"_s)->text().contains(launcher.apiUrl()));

        // The API served beside the studio answers with the data dir's admin key.
        QFile keyFile(data.filePath(u"admin.key"_s));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        client::RemoteOptions ro;
        ro.baseUrl = launcher.apiUrl();
        ro.apiKey = QString::fromUtf8(keyFile.readAll()).trimmed();
        client::RemoteClient remote(ro);
        const client::ClientResult actions = client::BlockingClient(&remote).call(client::Op::GetAction, u"core.local"_s);
        QVERIFY2(actions.ok(), qPrintable(actions.errorText()));

        // A port given with --listen is a promise: taken means failing, not moving.
        StudioOptions strict = o;
        strict.listenGiven = true;
        QTemporaryDir data2;
        strict.dataDir = data2.path();
        StudioLauncher second;
        QSignalSpy secondFailed(&second, &StudioLauncher::failed);
        second.start(strict);
        QVERIFY(secondFailed.wait(20000));
        QVERIFY2(secondFailed.first().first().toString().contains(u"cannot serve the API"),
                 qPrintable(secondFailed.first().first().toString()));
    }

    void attachesToADaemon()
    {
        QTemporaryDir data;
        QProcess daemon;
        daemon.setProcessChannelMode(QProcess::SeparateChannels);
        daemon.start(QStringLiteral(SQUALL_BINARY_DIR "/app/squall/squall"),
                     {u"serve"_s, u"--data-dir"_s, data.path(), u"--listen"_s, u"127.0.0.1:0"_s, u"--packs-dir"_s,
                      QStringLiteral(SQUALL_SOURCE_DIR "/packs")});
        QVERIFY(daemon.waitForStarted());
        QString url;
        const QRegularExpression listening(u"listening on (http://\\S+)"_s);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto m = listening.match(QString::fromUtf8(daemon.peek(4096)));
                url = m.hasMatch() ? m.captured(1) : QString();
                return !url.isEmpty();
            }(),
            20000);

        // --connect with only the data dir to find the admin key, as the CLI does.
        StudioOptions o;
        o.connectUrl = url;
        o.dataDir = data.path();
        StudioLauncher launcher;
        QSignalSpy ready(&launcher, &StudioLauncher::ready);
        QSignalSpy failed(&launcher, &StudioLauncher::failed);
        launcher.start(o);
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() + failed.count() == 1, 20000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        ui::MainWindow *window = launcher.window();
        window->show();
        QVERIFY(window->windowTitle().contains(url));
        QTRY_VERIFY_WITH_TIMEOUT(window->findChild<QLabel *>(u"engineStatus"_s)->text().contains(u"live"), 20000);
        window->showPage(u"workflows"_s);
        auto *list = window->findChild<QAbstractItemView *>(u"workflowsList"_s);
        QTRY_VERIFY_WITH_TIMEOUT(list->model()->rowCount() >= 5, 20000);

        // A wrong key is said at once, not shown as an empty window.
        StudioOptions wrong = o;
        wrong.apiKey = u"not-a-key"_s;
        StudioLauncher refused;
        QSignalSpy refusedFailed(&refused, &StudioLauncher::failed);
        refused.start(wrong);
        QVERIFY(refusedFailed.wait(20000));
        QVERIFY2(refusedFailed.first().first().toString().contains(u"refused"),
                 qPrintable(refusedFailed.first().first().toString()));

        daemon.terminate();
        QVERIFY(daemon.waitForFinished(20000));
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(TestLauncher)
#include "tst_launcher.moc"
