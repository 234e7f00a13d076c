// The Inquiries page against a real engine: a workflow asks (examples.orquesta-ask
// runs core.ask), the inquiry appears live, the answer is given through the
// form generated from its schema, and the workflow resumes and succeeds with
// the answered value.
#include "ui/inquiries/InquiriesPage.h"
#include "ui/inquiries/PageTestEngine.h"
#include "ui/inquiries/RecentExecutions.h"
#include "ui/inquiries/RelativeTime.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace squall;
using client::Op;

class TestInquiriesPage : public QObject
{
    Q_OBJECT

    testing::PageTestEngine m_env;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_env.start({}, &error), qPrintable(error));
    }

    void answerResumesTheWorkflow()
    {
        ui::InquiriesPage page(m_env.studio.get());
        page.resize(1200, 700);
        page.show();
        page.activate();
        auto *list = page.findChild<QTreeView *>(QStringLiteral("inquiriesList"));
        QVERIFY(list);

        // The workflow starts after the page is open: its inquiry arrives live.
        const client::ClientResult run = m_env.call(
            Op::CreateExecution, {},
            makeDict({{QStringLiteral("action"), QStringLiteral("examples.orquesta-ask")},
                      {QStringLiteral("parameters"), makeDict({{QStringLiteral("question"), QStringLiteral("Ship it?")}})}}));
        QVERIFY2(run.ok(), qPrintable(run.errorText()));
        const QString workflowId = run.value[u"id"].toString();
        QTRY_COMPARE_WITH_TIMEOUT(list->model()->rowCount(), 1, 15000);
        QCOMPARE(list->model()->index(0, 0).data().toString(), QStringLiteral("pending"));
        QCOMPARE(list->model()->index(0, 1).data().toString(), QStringLiteral("examples"));
        QVERIFY(!list->model()->index(0, 3).data().toString().isEmpty());

        list->setCurrentIndex(list->model()->index(0, 0));
        auto *approve = page.findChild<QWidget *>(QStringLiteral("field_approve"));
        QTRY_VERIFY(approve);
        // The paused workflow is shown beside the form.
        auto *workflow = page.findChild<QLabel *>(QStringLiteral("inquiryWorkflow"));
        QTRY_VERIFY2(workflow->text().contains(u"examples.orquesta-ask"), qPrintable(workflow->text()));
        auto *tasks = page.findChild<QTreeWidget *>(QStringLiteral("inquiryTasks"));
        QTRY_COMPARE(tasks->topLevelItemCount(), 1);
        QCOMPARE(tasks->topLevelItem(0)->text(0), QStringLiteral("ask"));

        // Answer "approve = true" through the generated form.
        if (auto *check = qobject_cast<QAbstractButton *>(approve)) {
            QTest::mouseClick(check, Qt::LeftButton, {}, QPoint(8, check->height() / 2));
            QVERIFY(check->isChecked());
        } else {
            QFAIL("a required boolean is a check box");
        }
        auto *answer = page.findChild<QPushButton *>(QStringLiteral("inquiryAnswer"));
        QVERIFY(answer->isEnabled());
        QVERIFY(!answer->accessibleName().isEmpty());
        QTest::mouseClick(answer, Qt::LeftButton);

        // The workflow resumes and finishes with the answer.
        QTRY_COMPARE_WITH_TIMEOUT(m_env.call(Op::GetExecution, workflowId).value[u"status"].toString(),
                                  QStringLiteral("succeeded"), 20000);
        const Value done = m_env.call(Op::GetExecution, workflowId).value;
        QCOMPARE(done[u"result"][u"output"][u"approved"].toBool(), true);
        // The inquiry leaves the pending group; the tasks show the workflow went on.
        QTRY_COMPARE(list->model()->index(0, 0).data().toString(), QStringLiteral("answered"));
        QTRY_COMPARE(tasks->topLevelItemCount(), 2);
        test::shoot(&page, QStringLiteral("inquiries-answered"));
        QVERIFY(!answer->isEnabled());
    }

    void timesAndNewestStates()
    {
        QVERIFY(ui::parseEngineTime(QStringLiteral("2026-12-03T05:41:03.123456+00:00")).isValid());
        QVERIFY(ui::parseEngineTime(QStringLiteral("2026-12-03T05:41:03Z")).isValid());
        QVERIFY(!ui::parseEngineTime(QString()).isValid());
        QCOMPARE(ui::spanText(45), QStringLiteral("45 s"));
        QCOMPARE(ui::spanText(3 * 3600 + 300), QStringLiteral("3 h 5 min"));
        QCOMPARE(ui::relativeText(QDateTime::currentDateTimeUtc()), QStringLiteral("just now"));
        QCOMPARE(ui::relativeText(QDateTime::currentDateTimeUtc().addSecs(-600)), QStringLiteral("10 min ago"));

        ui::RecentExecutions recent(2);
        const auto doc = [](const char *id, const char *status) {
            return makeDict({{QStringLiteral("id"), QString::fromLatin1(id)}, {QStringLiteral("status"), QString::fromLatin1(status)}});
        };
        recent.note(doc("a", "succeeded"));
        QCOMPARE(recent.newest(doc("a", "running"))[u"status"].toString(), QStringLiteral("succeeded"));
        QCOMPARE(recent.newest(doc("b", "running"))[u"status"].toString(), QStringLiteral("running"));
        recent.note(doc("b", "running"));
        QCOMPARE(recent.newest(doc("b", "failed"))[u"status"].toString(), QStringLiteral("failed"));
        recent.note(doc("c", "running"));  // over capacity: the oldest is forgotten
        QCOMPARE(recent.newest(doc("a", "running"))[u"status"].toString(), QStringLiteral("running"));
    }

    void everyControlHasAnAccessibleName()
    {
        ui::InquiriesPage page(m_env.studio.get());
        page.show();
        page.activate();
        const QStringList unnamed = test::unnamedControls(&page);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestInquiriesPage)
#include "tst_inquiriespage.moc"
