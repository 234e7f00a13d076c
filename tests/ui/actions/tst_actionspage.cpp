// The Actions page against a real in-process engine: actions by pack, the
// parameter table, running core.local from its generated form and following
// the execution to its result, and the per-action history linking to History.
#include "AccessibilityCheck.h"
#include "StudioTestEngine.h"
#include "WidgetTestSupport.h"
#include "client/BlockingClient.h"
#include "ui/actions/ActionsPage.h"
#include "ui/actions/RunActionDialog.h"
#include "ui/common/JsonTreeView.h"
#include "ui/common/SchemaForm.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/RecentRunsView.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/shell/Studio.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace squall;

class TestActionsPage : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::StudioTestEngine> m_engine;
    client::Client *m_client = nullptr;
    ui::Studio *m_studio = nullptr;
    std::unique_ptr<ui::ActionsPage> m_page;

private Q_SLOTS:
    void initTestCase()
    {
        m_engine = std::make_unique<test::StudioTestEngine>();
        QVERIFY(m_engine->ok());
        m_client = m_engine->client();
        m_studio = m_engine->studio();
        m_page = std::make_unique<ui::ActionsPage>(m_studio);
        m_studio->startEvents();
        m_page->resize(1280, 800);
        m_page->show();
        m_page->activate();
        QTRY_VERIFY(m_page->list()->model()->rowOf(QStringLiteral("core.local")) >= 0);
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_engine.reset();
    }

    void byPackWithParameters()
    {
        QComboBox *packs = m_page->packFilter();
        QVERIFY(packs->findText(QStringLiteral("examples")) > 0);
        packs->setCurrentIndex(packs->findText(QStringLiteral("core")));
        const ValueList shown = m_page->list()->model()->items();
        QVERIFY(shown.size() >= 5);
        for (const Value &a : shown)
            QCOMPARE(a[u"pack"].toString(), QStringLiteral("core"));
        QTest::keyClicks(m_page->list()->searchField(), QStringLiteral("core.local"));
        QVERIFY(m_page->list()->select(QStringLiteral("core.local")));
        QCOMPARE(m_page->findChild<QLabel *>(QStringLiteral("actionRunner"))->text(), QStringLiteral("local-shell-cmd"));
        QTreeWidget *params = m_page->parameterTable();
        QTRY_VERIFY(params->topLevelItemCount() > 2);
        QTreeWidgetItem *cmd = params->findItems(QStringLiteral("cmd"), Qt::MatchExactly).value(0);
        QVERIFY(cmd);
        QCOMPARE(cmd->text(1), QStringLiteral("string"));
        QCOMPARE(cmd->text(2), QStringLiteral("yes"));
        QCOMPARE(params->topLevelItem(0)->text(0), QStringLiteral("cmd"));  // required first
        QTreeWidgetItem *sudoPassword = params->findItems(QStringLiteral("sudo_password"), Qt::MatchExactly).value(0);
        QVERIFY(sudoPassword);
        QCOMPARE(sudoPassword->text(4), QStringLiteral("yes"));
        m_page->list()->searchField()->clear();
    }

    void runFromTheForm()
    {
        QVERIFY(m_page->list()->select(QStringLiteral("core.local")));
        QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("actionRun")), Qt::LeftButton);
        auto *dialog = m_page->findChild<ui::RunActionDialog *>(QStringLiteral("runActionDialog"));
        QVERIFY(dialog);
        QWidget *cmd = nullptr;
        QTRY_VERIFY((cmd = dialog->form()->editorFor(QStringLiteral("cmd"))) != nullptr);
        auto *run = dialog->findChild<QPushButton *>(QStringLiteral("runButton"));
        QTRY_VERIFY(run->isEnabled());

        // Required and empty: the form says so and nothing runs.
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(dialog->executionId().isEmpty());

        cmd->setFocus();
        QTest::keyClicks(cmd, QStringLiteral("echo studio-run-$((40+2))"));
        QTest::mouseClick(run, Qt::LeftButton);
        QTRY_VERIFY(!dialog->executionId().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(dialog->status(), QStringLiteral("succeeded"), 15000);
        QTRY_VERIFY(dialog->output()->toPlainText().contains(u"studio-run-42"));
        QTRY_VERIFY(dialog->resultView()->value()[u"stdout"].toString().contains(u"studio-run-42"));
        QCOMPARE(dialog->resultView()->value()[u"return_code"].toInt(), 0);

        // The engine has it, with the typed parameter.
        const client::ClientResult done =
            client::BlockingClient(m_client).call(client::Op::GetExecution, dialog->executionId());
        QCOMPARE(done.value[u"parameters"][u"cmd"].toString(), QStringLiteral("echo studio-run-$((40+2))"));

        // Open in History, and the action's history lists the run.
        QSignalSpy shown(m_studio, &ui::Studio::showRequested);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("runOpenInHistory")), Qt::LeftButton);
        QCOMPARE(shown.count(), 1);
        QCOMPARE(shown.first().at(0).toString(), QStringLiteral("history"));
        QCOMPARE(shown.first().at(1).toString(), dialog->executionId());
        QTreeWidget *history = m_page->historyList();
        QTRY_VERIFY(history->topLevelItemCount() >= 1);
        QTRY_COMPARE(history->topLevelItem(0)->text(0), QStringLiteral("succeeded"));
        QCOMPARE(history->topLevelItem(0)->text(4), dialog->executionId());
        // SQUALL_SCREENSHOTS=<dir>: the page and the run window, to look at.
        QVERIFY(test::shoot(m_page.get(), QStringLiteral("actions-page")));
        QVERIFY(test::shoot(dialog, QStringLiteral("actions-run")));
        dialog->close();
    }

    // The recent runs follow a run started elsewhere (the CLI, a rule) from its
    // events alone, and a double-click opens it in History.
    void recentRunsFollowEventsAndOpenHistory()
    {
        QVERIFY(m_page->list()->select(QStringLiteral("core.local")));
        ui::RecentRunsView *recent = m_page->recentRuns();
        QCOMPARE(recent->actionRef(), QStringLiteral("core.local"));
        QCOMPARE(recent->list()->accessibleName(), QStringLiteral("Recent executions"));
        const client::ClientResult run = client::BlockingClient(m_client)
                                             .call(client::Op::CreateExecution, {},
                                                   makeDict({{QStringLiteral("action"), Value(QStringLiteral("core.local"))},
                                                             {QStringLiteral("parameters"),
                                                              makeDict({{QStringLiteral("cmd"), Value(QStringLiteral("true"))}})}}));
        QVERIFY2(run.ok(), qPrintable(run.errorText()));
        const QString id = run.value[u"id"].toString();
        QTreeWidget *list = recent->list();
        QTRY_VERIFY(list->topLevelItemCount() >= 1 && list->topLevelItem(0)->text(4) == id);
        QTRY_COMPARE(list->topLevelItem(0)->text(0), QStringLiteral("succeeded"));

        QSignalSpy shown(m_studio, &ui::Studio::showRequested);
        const QRect row = list->visualItemRect(list->topLevelItem(0));
        // QTest's double-click carries no press of its own: the view needs one first.
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, row.center());
        QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, row.center());
        QTRY_COMPARE(shown.count(), 1);
        QCOMPARE(shown.first().at(0).toString(), QStringLiteral("history"));
        QCOMPARE(shown.first().at(1).toString(), id);

        // Another action: its own runs, none of core.local's.
        QVERIFY(m_page->list()->select(QStringLiteral("core.echo")));
        QCOMPARE(recent->actionRef(), QStringLiteral("core.echo"));
        QTRY_VERIFY(list->findItems(id, Qt::MatchExactly, 4).isEmpty());
    }

    void everyControlIsNamed()
    {
        QStringList missing = test::unnamedControls(m_page.get());
        ui::RunActionDialog *dialog = m_page->runCurrent();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->form()->editorFor(QStringLiteral("cmd")));
        missing += test::unnamedControls(dialog);
        dialog->close();
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    }

    void engineErrorsGoNextToTheField()
    {
        QVERIFY(m_page->list()->select(QStringLiteral("core.local")));
        ui::RunActionDialog *dialog = m_page->runCurrent();
        QVERIFY(dialog);
        QWidget *cmd = nullptr;
        QTRY_VERIFY((cmd = dialog->form()->editorFor(QStringLiteral("cmd"))) != nullptr);
        cmd->setFocus();
        QTest::keyClicks(cmd, QStringLiteral("true"));
        QWidget *timeout = dialog->form()->editorFor(QStringLiteral("timeout"));
        QVERIFY(timeout);
        // A template passes the form (it may be a rule parameter) but not the engine.
        timeout->setFocus();
        QTest::keyClicks(timeout, QStringLiteral("{{ nope }}"));
        auto *run = dialog->findChild<QPushButton *>(QStringLiteral("runButton"));
        QTRY_VERIFY(run->isEnabled());
        QTest::mouseClick(run, Qt::LeftButton);
        auto *status = dialog->findChild<QLabel *>(QStringLiteral("runStatus"));
        QTRY_VERIFY2(status->text().startsWith(u"Not run"), qPrintable(status->text()));
        QVERIFY(dialog->executionId().isEmpty());
        auto *message = dialog->findChild<QLabel *>(QStringLiteral("error_timeout"));
        QVERIFY(message);
        QTRY_VERIFY(message->isVisible());
        QVERIFY2(message->text().contains(u"timeout"), qPrintable(message->text()));
        dialog->close();
    }
};

QTEST_MAIN(TestActionsPage)
#include "tst_actionspage.moc"
