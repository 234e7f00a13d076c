// The Triggers page against a real engine with a small pack whose trigger
// type has a payload schema and a rule on it: emit from the generated form,
// see the instance, the rule it matched and the execution it started; re-emit.
#include "ui/common/SchemaForm.h"
#include "ui/inquiries/PageTestEngine.h"
#include "ui/triggers/SchemaOutline.h"
#include "ui/triggers/TriggersPage.h"

#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace squall;
using client::Op;

class TestTriggersPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_packs;
    testing::PageTestEngine m_env;

    qint64 instanceCount()
    {
        return m_env.call(Op::ListTriggerInstances, {}, {}, {{QStringLiteral("trigger_type"), QStringLiteral("tdemo.alert")}})
            .total;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString pack = m_packs.filePath(QStringLiteral("tdemo"));
        QVERIFY(testing::PageTestEngine::write(pack + QStringLiteral("/pack.yaml"),
                                               "name: tdemo\nversion: 1.0.0\ndescription: trigger demo\n"));
        QVERIFY(testing::PageTestEngine::write(pack + QStringLiteral("/triggers/alert.yaml"), R"(name: alert
pack: tdemo
description: An alert from monitoring.
payload_schema:
  type: object
  properties:
    host: {type: string, description: Which host}
    severity: {type: string, enum: [low, high], default: low}
)"));
        QVERIFY(testing::PageTestEngine::write(pack + QStringLiteral("/rules/on_alert.yaml"), R"(name: on_alert
pack: tdemo
trigger: {type: tdemo.alert}
action: {ref: core.echo, parameters: {message: "alert on {{ trigger.host }}"}}
enabled: true
)"));
        QString error;
        QVERIFY2(m_env.start({m_packs.path()}, &error), qPrintable(error));
    }

    void emitFromTheFormAndReEmit()
    {
        ui::TriggersPage page(m_env.studio.get());
        page.resize(1300, 800);
        page.show();
        page.activate();
        auto *types = page.findChild<QTreeView *>(QStringLiteral("triggerTypesList"));
        QTRY_VERIFY(types->model()->rowCount() > 5);
        page.showObject(QStringLiteral("tdemo.alert"));
        auto *heading = page.findChild<QLabel *>(QStringLiteral("triggerHeading"));
        QTRY_VERIFY2(heading->text().contains(u"tdemo.alert"), qPrintable(heading->text()));
        auto *outline = page.findChild<ui::SchemaOutline *>(QStringLiteral("triggerPayloadSchema"));
        QCOMPARE(outline->paths(), (QStringList{QStringLiteral("host"), QStringLiteral("severity")}));

        // Emit… opens the payload form; fill it and send.
        auto *emitButton = page.findChild<QPushButton *>(QStringLiteral("triggerEmit"));
        QVERIFY(emitButton->isEnabled());
        QTest::mouseClick(emitButton, Qt::LeftButton);
        auto *dialog = page.findChild<QDialog *>(QStringLiteral("emitDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *host = dialog->findChild<QLineEdit *>(QStringLiteral("field_host"));
        QVERIFY(host);
        QTest::keyClicks(host, QStringLiteral("web-1"));
        test::shoot(dialog, QStringLiteral("triggers-emit"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("emitSend")), Qt::LeftButton);
        QTRY_COMPARE(instanceCount(), 1);
        const Value instance =
            m_env.call(Op::ListTriggerInstances, {}, {}, {{QStringLiteral("trigger_type"), QStringLiteral("tdemo.alert")}})
                .value.toList().value(0);
        QCOMPARE(instance[u"payload"][u"host"].toString(), QStringLiteral("web-1"));

        // The new instance is listed and selected, with its payload and consequences.
        auto *instances = page.findChild<QTreeView *>(QStringLiteral("triggerInstances"));
        QTRY_COMPARE(instances->model()->rowCount(), 1);
        QTRY_COMPARE(instances->currentIndex().row(), 0);
        auto *caused = page.findChild<QTreeWidget *>(QStringLiteral("instanceCaused"));
        QTRY_VERIFY(caused->topLevelItemCount() == 1
                    && caused->topLevelItem(0)->text(0).contains(u"tdemo.on_alert")
                    && caused->topLevelItem(0)->childCount() == 1);
        QVERIFY(caused->topLevelItem(0)->child(0)->text(0).contains(u"core.echo"));
        QTRY_COMPARE(caused->topLevelItem(0)->child(0)->text(1), QStringLiteral("succeeded"));
        test::shoot(&page, QStringLiteral("triggers-instance"));

        // Re-emit the selected instance.
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("instanceReEmit")), Qt::LeftButton);
        QTRY_COMPARE(instanceCount(), 2);
        QTRY_COMPARE(instances->model()->rowCount(), 2);

        // A past instance opened by id (a link from another page).
        page.showObject(instance[u"id"].toString());
        QTRY_COMPARE(instances->currentIndex().siblingAtColumn(3).data().toString(), instance[u"id"].toString());
    }

    void emitRefusesAPayloadOutsideTheSchema()
    {
        ui::TriggersPage page(m_env.studio.get());
        page.show();
        page.activate();
        page.showObject(QStringLiteral("tdemo.alert"));
        auto *heading = page.findChild<QLabel *>(QStringLiteral("triggerHeading"));
        QTRY_VERIFY(heading->text().contains(u"tdemo.alert"));
        const qint64 before = instanceCount();
        page.emitTest();
        auto *dialog = page.findChild<QDialog *>(QStringLiteral("emitDialog"));
        QVERIFY(dialog);
        QPointer<QDialog> guard(dialog);
        auto *form = dialog->findChild<ui::SchemaForm *>(QStringLiteral("emitForm"));
        // A severity outside the enum: refused (by the form or the engine), nothing fired.
        form->setValues(makeDict({{QStringLiteral("host"), QStringLiteral("h")},
                                  {QStringLiteral("severity"), QStringLiteral("critical")}}));
        auto *send = dialog->findChild<QPushButton *>(QStringLiteral("emitSend"));
        QTest::mouseClick(send, Qt::LeftButton);
        auto *problem = dialog->findChild<QLabel *>(QStringLiteral("emitProblem"));
        auto *fieldError = form->findChild<QLabel *>(QStringLiteral("error_severity"));
        QTRY_VERIFY(!problem->isHidden() || (fieldError && !fieldError->isHidden() && !fieldError->text().isEmpty()));
        QVERIFY(dialog->isVisible());
        QCOMPARE(instanceCount(), before);
        form->setValues(makeDict({{QStringLiteral("host"), QStringLiteral("h")}}));
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE(instanceCount(), before + 1);
        // The dialog closes (and goes away) once the engine took the event.
        QTRY_VERIFY(guard.isNull() || !guard->isVisible());
    }

    void everyControlHasAnAccessibleName()
    {
        ui::TriggersPage page(m_env.studio.get());
        page.show();
        page.activate();
        const QStringList unnamed = test::unnamedControls(&page);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestTriggersPage)
#include "tst_triggerspage.moc"
