// The studio's window with every page on a real in-process engine: navigation,
// the command palette, state kept between runs, and accessible names.
#include "AccessibilityCheck.h"
#include "StudioTestEngine.h"
#include "TestCheck.h"
#include "ui/lists/ListPane.h"
#include "client/BlockingClient.h"
#include "ui/shell/CommandPalette.h"
#include "ui/shell/LiveCounts.h"
#include "ui/shell/TrayNotifier.h"
#include "ui/shell/MainWindow.h"
#include "ui/workflow/panes/WorkflowYamlEditor.h"
#include "ui/workflows/WorkflowDesigner.h"
#include "ui/shell/Page.h"
#include "ui/shell/StudioPages.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabBar>
#include <QTest>
#include <QTextEdit>

using namespace squall;
using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void navigatesAndKeepsState()
    {
        test::StudioTestEngine engine;
        QVERIFY(engine.ok());
        QList<int> left;  // the workflows splitter as the user left it
        {
            ui::MainWindow window(engine.studio(), ui::createPages(engine.studio()));
            window.resize(1366, 768);  // room for the designer beside the list
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY2(window.windowTitle().startsWith(u"Squall — "), qPrintable(window.windowTitle()));
            QVERIFY(window.windowTitle().contains(u"test engine"));

            // The rail: click Workflows, its list loads from the engine.
            auto *rail = window.findChild<QListWidget *>(QStringLiteral("navigation"));
            QVERIFY(rail);
            QCOMPARE(rail->count(), 8);
            QStringList titles;
            for (int i = 0; i < rail->count(); ++i)
                titles << rail->item(i)->text();
            QCOMPARE(titles, (QStringList{u"History"_s, u"Actions"_s, u"Rules"_s, u"Packs"_s, u"Triggers"_s,
                                          u"Inquiries"_s, u"Workflows"_s, u"Datastore"_s}));
            const QRect workflowsRow = rail->visualItemRect(rail->item(6));
            QTest::mouseClick(rail->viewport(), Qt::LeftButton, {}, workflowsRow.center());
            QCOMPARE(window.currentPage()->pageId(), u"workflows"_s);
            QVERIFY(window.windowTitle().startsWith(u"Squall — Workflows"));
            auto *workflows = window.findChild<QAbstractItemView *>(QStringLiteral("workflowsList"));
            QVERIFY(workflows);
            QTRY_VERIFY(workflows->model()->rowCount() >= 5);
            // The first workflow opens in the designer, its file in the YAML pane.
            auto *designer = window.findChild<ui::WorkflowDesigner *>();
            QVERIFY(designer);
            QTRY_VERIFY2(designer->yamlEditor()->text().contains(u"version") || designer->yamlEditor()->text().contains(u"chain"),
                         qPrintable(designer->yamlEditor()->text()));

            // Ctrl+K, type, Enter: the palette runs "Go to Datastore".
            QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
            auto *palette = window.findChild<ui::CommandPalette *>(QStringLiteral("commandPalette"));
            QVERIFY(palette);
            QTRY_VERIFY(palette->isVisible());
            QTest::keyClicks(palette->input(), QStringLiteral("go data"));
            QCOMPARE(palette->list()->count(), 1);
            QTest::keyClick(palette->input(), Qt::Key_Return);
            QVERIFY(!palette->isVisible());
            QCOMPARE(window.currentPage()->pageId(), u"datastore"_s);

            // Ctrl+3 is Rules.
            QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
            QCOMPARE(window.currentPage()->pageId(), u"rules"_s);
            QTest::keyClick(&window, Qt::Key_7, Qt::ControlModifier);
            QCOMPARE(window.currentPage()->pageId(), u"workflows"_s);

            auto *splitter = window.findChild<QSplitter *>(QStringLiteral("workflowsSplitter"));
            QVERIFY(splitter);
            splitter->setSizes({300, 700});
            left = splitter->sizes();
            window.close();
        }
        // A new window opens where the last one was left.
        ui::MainWindow again(engine.studio(), ui::createPages(engine.studio()));
        QCOMPARE(again.currentPage()->pageId(), u"workflows"_s);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        auto *splitter = again.findChild<QSplitter *>(QStringLiteral("workflowsSplitter"));
        const QList<int> sizes = splitter->sizes();
        QCOMPARE(sizes.value(0) * 10 / (sizes.value(0) + sizes.value(1)), left.value(0) * 10 / (left.value(0) + left.value(1)));
    }

    void announcesWhatNeedsAPerson()
    {
        test::StudioTestEngine engine;
        QVERIFY(engine.ok());
        ui::MainWindow window(engine.studio(), ui::createPages(engine.studio()));
        window.show();
        QSignalSpy announced(window.tray(), &ui::TrayNotifier::announced);
        auto *counts = window.findChild<ui::LiveCounts *>(u"liveCounts"_s);
        QVERIFY(counts);
        client::BlockingClient api(engine.client());
        const client::ClientResult failing = api.call(
            client::Op::CreateExecution, {},
            makeDict({{u"action"_s, u"core.local"_s}, {u"parameters"_s, makeDict({{u"cmd"_s, u"exit 3"_s}})}}));
        QVERIFY2(failing.ok(), qPrintable(failing.errorText()));
        const client::ClientResult asking =
            api.call(client::Op::CreateExecution, {}, makeDict({{u"action"_s, u"examples.orquesta-ask"_s}}));
        QVERIFY2(asking.ok(), qPrintable(asking.errorText()));
        QTRY_COMPARE_WITH_TIMEOUT(announced.count(), 2, 20000);
        QStringList pages;
        for (const QList<QVariant> &a : std::as_const(announced))
            pages << a.at(2).toString() + u':' + a.at(3).toString();
        QVERIFY2(pages.contains(u"history:"_s + failing.value[u"id"].toString()), qPrintable(pages.join(u' ')));
        QVERIFY2(std::any_of(pages.begin(), pages.end(), [](const QString &p) { return p.startsWith(u"inquiries:"); }),
                 qPrintable(pages.join(u' ')));
        // The status bar counts the waiting inquiry; the workflow is running (paused on it).
        QTRY_COMPARE_WITH_TIMEOUT(counts->pendingInquiries(), 1, 10000);
        QVERIFY2(counts->text().contains(u"1 inquiry waiting"), qPrintable(counts->text()));
        // Nothing is announced twice, even as the failed execution is updated again.
        QTest::qWait(300);
        QCOMPARE(announced.count(), 2);
    }

    // What a screen reader user does: the keyboard only, from the window.
    void aKeyboardUserRunsAnActionAndAnswersAnInquiry()
    {
        test::StudioTestEngine engine;
        QVERIFY(engine.ok());
        ui::MainWindow window(engine.studio(), ui::createPages(engine.studio()));
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto typeKeys = [](const QString &text) { QTest::keyClicks(QApplication::focusWidget(), text); };
        auto press = [](int key, Qt::KeyboardModifiers mods = {}) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key(key), mods);
        };
        // Tab until `name` has the focus (what a keyboard user does), within reason.
        auto tabTo = [&](const QString &name) {
            for (int i = 0; i < 40; ++i) {
                QWidget *w = QApplication::focusWidget();
                if (w && w->objectName() == name)
                    return true;
                QTest::keyClick(w ? w : QApplication::activeWindow(), Qt::Key_Tab);
            }
            return false;
        };

        // Actions: Ctrl+2, Ctrl+F, type, Enter to the list, Ctrl+R, Tab to the field, type, Ctrl+Enter.
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        auto *actions = window.findChild<QAbstractItemView *>(u"actionsList"_s);
        QTRY_VERIFY(actions->model()->rowCount() > 5);
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget()->objectName(), u"actionsSearch"_s);
        typeKeys(u"core.echo"_s);
        press(Qt::Key_Return);
        QCOMPARE(QApplication::focusWidget(), actions);
        QCOMPARE(actions->currentIndex().data().toString(), u"core.echo"_s);
        press(Qt::Key_R, Qt::ControlModifier);
        QTRY_VERIFY(QApplication::activeModalWidget() || QApplication::activeWindow() != &window);
        QTRY_VERIFY(QApplication::activeWindow()->findChild<QWidget *>(u"field_message"_s));
        QVERIFY(tabTo(u"field_message"_s));
        typeKeys(u"typed, not clicked"_s);
        press(Qt::Key_Return, Qt::ControlModifier);
        client::BlockingClient api(engine.client());
        auto echoed = [&] {
            const client::ClientResult r = api.call(client::Op::ListExecutions, {}, {}, {{u"action"_s, u"core.echo"_s}});
            return r.ok() && !r.value.toList().isEmpty() ? r.value[0] : Value();
        };
        QTRY_COMPARE_WITH_TIMEOUT(echoed()[u"status"].toString(), u"succeeded"_s, 20000);
        QCOMPARE(echoed()[u"parameters"][u"message"].toString(), u"typed, not clicked"_s);
        QApplication::activeWindow()->close();  // the run window
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        // Inquiries: a workflow asks; Ctrl+6, Tab to the answer, Space, Ctrl+Enter.
        const client::ClientResult asking =
            api.call(client::Op::CreateExecution, {}, makeDict({{u"action"_s, u"examples.orquesta-ask"_s}}));
        QVERIFY2(asking.ok(), qPrintable(asking.errorText()));
        QTest::keyClick(&window, Qt::Key_6, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QWidget *>(u"field_approve"_s)
                                     && window.findChild<QWidget *>(u"field_approve"_s)->isVisible(),
                                 20000);
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(tabTo(u"field_approve"_s));
        press(Qt::Key_Space);
        press(Qt::Key_Return, Qt::ControlModifier);
        const QString workflow = asking.value[u"id"].toString();
        QTRY_COMPARE_WITH_TIMEOUT(api.call(client::Op::GetExecution, workflow).value[u"status"].toString(),
                                  u"succeeded"_s, 20000);
    }

    void everyControlHasAnAccessibleNameAndDescription()
    {
        test::StudioTestEngine engine;
        QVERIFY(engine.ok());
        ui::MainWindow window(engine.studio(), ui::createPages(engine.studio()));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Visit every page so that each builds and loads what it shows.
        for (int i = 1; i <= 8; ++i) {
            QTest::keyClick(&window, Qt::Key(Qt::Key_0 + i), Qt::ControlModifier);
            QTest::qWait(50);
        }
        const QStringList unnamed = test::unnamedControls(&window, test::Accessibility::Strict);
        // What it does, read after the name (an explicit description, or the tooltip).
        const QStringList undescribed = test::undescribedControls(&window);
        QVERIFY2(unnamed.isEmpty(), qPrintable(u"controls without an accessible name:\n  "_s + unnamed.join(u"\n  "_s)));
        QVERIFY2(undescribed.isEmpty(),
                 qPrintable(u"controls without an accessible description:\n  "_s + undescribed.join(u"\n  "_s)));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
