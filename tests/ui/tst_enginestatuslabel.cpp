// A widget translation unit that includes engine and client headers, against
// a real in-process engine: the GUI side of core/client builds and works.
#include "client/BlockingClient.h"
#include "client/EngineThread.h"
#include "client/InProcessClient.h"
#include "ui/shell/EngineStatusLabel.h"

#include <QApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace squall;

class TestEngineStatusLabel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheEngine()
    {
        QTemporaryDir dir;
        client::EngineThread engine;
        engine::EngineOptions o;
        o.dataDir = dir.path();
        QString error;
        QVERIFY2(engine.startAndWait(o, &error), qPrintable(error));
        client::InProcessClient client(&engine, client::InProcessClient::localAdmin());

        ui::EngineStatusLabel label;
        QCOMPARE(label.text(), QStringLiteral("No engine"));
        QVERIFY(!label.accessibleName().isEmpty());
        label.attach(&client);
        QTRY_VERIFY(label.text().contains(u"live"));
        QVERIFY2(label.text().contains(u" 0 event"), qPrintable(label.text()));
        client::BlockingClient(&client).call(client::Op::SetKey, QStringLiteral("ui.k"),
                                             makeDict({{QStringLiteral("value"), QStringLiteral("v")}}));
        // The key's event (and the trigger instance it fires) reach the widget.
        QTRY_VERIFY2(!label.text().contains(u" 0 event"), qPrintable(label.text()));
    }
};

QTEST_MAIN(TestEngineStatusLabel)
#include "tst_enginestatuslabel.moc"
