// The History page against a real in-process engine with the bundled packs:
// live rows, workflow tasks, filters sent to the query, replay with an edited
// parameter and its comparison, cancel, and paging on scroll.
#include "StudioTestEngine.h"
#include "client/BlockingClient.h"
#include "ui/common/SchemaForm.h"
#include "ui/history/CompareView.h"
#include "ui/history/ExecutionDetail.h"
#include "ui/history/HistoryChart.h"
#include "ui/history/HistoryModel.h"
#include "ui/history/HistoryPage.h"
#include "ui/history/ReRunDialog.h"
#include "ui/history/ReRunTasksDialog.h"
#include "ui/shell/Studio.h"
#include "ui/shell/Theme.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QHeaderView>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

#include <memory>

using namespace squall;
using namespace Qt::StringLiterals;

namespace {
const int kLong = 30000;
}

class TestHistoryPage : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::StudioTestEngine> m_engine;
    client::Client *m_client = nullptr;
    ui::Studio *m_studio = nullptr;
    std::unique_ptr<ui::HistoryPage> m_page;

    client::BlockingClient api() { return client::BlockingClient(m_client); }

    QString run(const QString &action, const Value &parameters = Value(ValueDict()))
    {
        const client::ClientResult r = api().call(
            client::Op::CreateExecution, {},
            makeDict({{u"action"_s, action}, {u"parameters"_s, parameters}}));
        if (r.error)
            qWarning() << r.error->message;
        return r.value[u"id"].toString();
    }

    Value execution(const QString &id) { return api().call(client::Op::GetExecution, id).value; }
    QString status(const QString &id) { return execution(id)[u"status"].toString(); }

    template <typename T>
    T *find(const QString &name)
    {
        T *w = m_page->findChild<T *>(name);
        if (!w)
            qWarning() << "no widget" << name;
        return w;
    }

    void select(const QString &id)
    {
        const QModelIndex i = m_page->model()->indexOf(id);
        QVERIFY(i.isValid());
        m_page->view()->setCurrentIndex(i);
        QTRY_COMPARE(m_page->detail()->executionId(), id);
        QTRY_VERIFY(!m_page->detail()->execution().isNull());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"Squall"_s);
        QCoreApplication::setApplicationName(u"Squall Studio Test"_s);
        m_engine = std::make_unique<test::StudioTestEngine>();
        QVERIFY(m_engine->ok());
        m_client = m_engine->client();
        m_studio = m_engine->studio();
        m_page = std::make_unique<ui::HistoryPage>(m_studio);
        m_studio->startEvents();
        m_page->resize(1280, 760);
        m_page->show();
        m_page->activate();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        QTRY_VERIFY(!m_page->model()->isFetching());
        QCOMPARE(m_page->model()->rowCount(), 0);
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_engine.reset();
    }

    void rowsAppearLiveAndWorkflowsExpand()
    {
        const QString local = run(u"core.local"_s, makeDict({{u"cmd"_s, u"echo hello"_s}}));
        QTRY_VERIFY(m_page->model()->indexOf(local).isValid());
        QCOMPARE(m_page->model()->indexOf(local).row(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_page->model()->indexOf(local).data(ui::HistoryModel::StatusRole).toString(),
                                  u"succeeded"_s, kLong);
        QCOMPARE(m_page->model()->indexOf(local).data(ui::HistoryModel::OriginRole).toString(), u"manual"_s);

        const QString flow = run(u"examples.orquesta-sequential"_s, makeDict({{u"name"_s, u"Ada"_s}}));
        QTRY_VERIFY(m_page->model()->indexOf(flow).isValid());
        QCOMPARE(m_page->model()->indexOf(flow).row(), 0);   // the newest on top
        QTRY_COMPARE_WITH_TIMEOUT(status(flow), u"succeeded"_s, kLong);
        // The tasks are no top-level rows of their own.
        QCOMPARE(m_page->model()->rowCount(), 2);
        QModelIndex flowIndex = m_page->model()->indexOf(flow);
        QVERIFY(m_page->model()->hasChildren(flowIndex));
        m_page->view()->expand(flowIndex);
        QTRY_COMPARE(m_page->model()->rowCount(m_page->model()->indexOf(flow)), 3);
        flowIndex = m_page->model()->indexOf(flow);
        const QModelIndex task = m_page->model()->index(0, 0, flowIndex);
        QVERIFY2(task.data().toString().startsWith(u"task1"_s), qPrintable(task.data().toString()));
        QCOMPARE(task.data(ui::HistoryModel::OriginRole).toString(), u"workflow"_s);

        // The detail: header, parameters, output and tasks of the workflow.
        select(flow);
        QTRY_COMPARE(m_page->detail()->tasks().size(), 3);
        auto *tasks = find<QTreeWidget>(u"historyTasks"_s);
        QCOMPARE(tasks->topLevelItemCount(), 3);
        select(local);
        QTRY_COMPARE(find<QPlainTextEdit>(u"historyOutput"_s)->toPlainText().trimmed(), u"hello"_s);

        // Output events the fetch already held are not shown twice; the rest are
        // joined at their offset (what a chunk in flight during the fetch looks like).
        auto chunk = [&](qint64 offset, const QString &data) {
            engine::Event e;
            e.kind = engine::EventKind::ExecutionOutput;
            e.doc = makeDict({{u"execution_id"_s, local}, {u"output_type"_s, u"stdout"_s}, {u"data"_s, data},
                              {u"offset"_s, offset}});
            return e;
        };
        Q_EMIT m_studio->eventsReceived({chunk(0, u"hello\n"_s), chunk(4, u"o\nwor"_s), chunk(8, u"rld\n"_s)});
        QCOMPARE(find<QPlainTextEdit>(u"historyOutput"_s)->toPlainText(), u"hello\nworld\n"_s);
    }

    void statusFilterNarrowsTheQuery()
    {
        const QString failing = run(u"core.local"_s, makeDict({{u"cmd"_s, u"exit 3"_s}}));
        QTRY_COMPARE_WITH_TIMEOUT(status(failing), u"failed"_s, kLong);
        QTRY_COMPARE(m_page->model()->rowCount(), 3);
        auto *combo = find<QComboBox>(u"historyStatusFilter"_s);
        const int failed = combo->findData(u"failed"_s);
        QVERIFY(failed > 0);
        // Choose it as a user would: open the popup's model index and activate.
        combo->setFocus();
        combo->setCurrentIndex(failed);
        Q_EMIT combo->activated(failed);
        QCOMPARE(m_page->model()->filter().status, u"failed"_s);
        QTRY_VERIFY(!m_page->model()->isFetching());
        QCOMPARE(m_page->model()->rowCount(), 1);
        QCOMPARE(m_page->model()->index(0, 0).data(ui::HistoryModel::IdRole).toString(), failing);

        // A saved filter comes back from the combo.
        m_page->saveFilter(u"Failures"_s);
        auto *saved = find<QComboBox>(u"historySavedFilters"_s);
        QVERIFY(saved->findText(u"Failures"_s) > 0);
        combo->setCurrentIndex(0);
        Q_EMIT combo->activated(0);
        QTRY_COMPARE(m_page->model()->rowCount(), 3);
        const int i = saved->findText(u"Failures"_s);
        saved->setCurrentIndex(i);
        Q_EMIT saved->activated(i);
        QCOMPARE(m_page->model()->filter().status, u"failed"_s);
        QTRY_COMPARE(m_page->model()->rowCount(), 1);

        // Free text goes to the engine's search.
        combo->setCurrentIndex(0);
        Q_EMIT combo->activated(0);
        auto *search = find<QLineEdit>(u"historySearch"_s);
        QTest::keyClicks(search, u"sequential"_s);
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_VERIFY(!m_page->model()->isFetching());
        QTRY_COMPARE(m_page->model()->rowCount(), 1);
        QVERIFY(m_page->model()->index(0, 0).data().toString().contains(u"orquesta-sequential"_s));
        search->clear();
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_COMPARE(m_page->model()->rowCount(), 3);

        // A click on "Started" asks the engine for the oldest first; another, newest first again.
        auto *view = find<QTreeView>(u"historyList"_s);
        const QString newest = m_page->model()->index(0, 0).data(ui::HistoryModel::IdRole).toString();
        const QString oldest = m_page->model()->index(2, 0).data(ui::HistoryModel::IdRole).toString();
        QHeaderView *header = view->header();
        const QPoint started(header->sectionViewportPosition(ui::HistoryModel::StartColumn) + 10, header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, started);
        QVERIFY(m_page->model()->filter().oldestFirst);
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        QTRY_VERIFY(!m_page->model()->isFetching());
        QTRY_COMPARE(m_page->model()->index(0, 0).data(ui::HistoryModel::IdRole).toString(), oldest);
        QCOMPARE(m_page->model()->index(2, 0).data(ui::HistoryModel::IdRole).toString(), newest);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, started);
        QVERIFY(!m_page->model()->filter().oldestFirst);
        QTRY_COMPARE(m_page->model()->index(0, 0).data(ui::HistoryModel::IdRole).toString(), newest);
    }

    void reRunWithAnEditedParameterAndCompare()
    {
        // The first core.local run: "echo hello".
        const ValueList list = api().call(client::Op::ListExecutions, {}, {},
                                          {{u"action"_s, u"core.local"_s}, {u"status"_s, u"succeeded"_s}})
                                   .value.toList();
        QCOMPARE(list.size(), 1);
        const QString original = list.first()[u"id"].toString();
        select(original);
        QTRY_VERIFY(!m_page->detail()->parameterSchema().isNull());
        auto *button = find<QToolButton>(u"historyReRunWithChangesButton"_s);
        QVERIFY(button && button->isEnabled());
        QVERIFY(!button->accessibleName().isEmpty());
        QTest::mouseClick(button, Qt::LeftButton);
        ui::ReRunDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_page->findChild<ui::ReRunDialog *>()) != nullptr);
        QTRY_VERIFY(dialog->isVisible());
        QWidget *cmd = dialog->form()->editorFor(u"cmd"_s);
        QVERIFY(cmd);
        if (auto *line = qobject_cast<QLineEdit *>(cmd)) {
            QCOMPARE(line->text(), u"echo hello"_s);
            line->selectAll();
            QTest::keyClick(line, Qt::Key_Delete);
            QTest::keyClicks(line, u"echo changed"_s);
        } else {
            auto *text = qobject_cast<QPlainTextEdit *>(cmd);
            QVERIFY2(text, cmd->metaObject()->className());
            QCOMPARE(text->toPlainText(), u"echo hello"_s);
            text->selectAll();
            QTest::keyClick(text, Qt::Key_Delete);
            QTest::keyClicks(text, u"echo changed"_s);
        }
        auto *ok = dialog->findChild<QPushButton *>(u"reRunOk"_s);
        QVERIFY(ok);
        QTest::mouseClick(ok, Qt::LeftButton);

        QTRY_VERIFY(!m_page->lastReplayId().isEmpty());
        const QString again = m_page->lastReplayId();
        QVERIFY(again != original);
        const Value doc = execution(again);
        QCOMPARE(doc[u"parameters"][u"cmd"].toString(), u"echo changed"_s);
        QCOMPARE(doc[u"context"][u"re-run"][u"ref"].toString(), original);
        QTRY_COMPARE_WITH_TIMEOUT(status(again), u"succeeded"_s, kLong);
        QTRY_COMPARE(m_page->model()->indexOf(again).data(ui::HistoryModel::OriginRole).toString(), u"re-run"_s);

        auto *compare = find<QPushButton>(u"historyCompareWithOriginalButton"_s);
        QVERIFY(compare && compare->isVisible());
        QTest::mouseClick(compare, Qt::LeftButton);
        QTRY_VERIFY(m_page->compareView() && m_page->compareView()->isReady());
        ui::CompareView *view = m_page->compareView();
        QCOMPARE(view->leftId(), original);
        QCOMPARE(view->rightId(), again);
        const QList<QTreeWidgetItem *> rows = view->tree()->findItems(u"cmd"_s, Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first()->text(1), u"echo hello"_s);
        QCOMPARE(rows.first()->text(2), u"echo changed"_s);
        QVERIFY(!rows.first()->text(3).isEmpty());   // marked as a difference
        if (const QString dir = qEnvironmentVariable("SQUALL_SCREENSHOTS"); !dir.isEmpty())
            view->grab().save(dir + u"/history-compare.png"_s);
        const QList<QTreeWidgetItem *> stdoutRows = view->tree()->findItems(u"stdout"_s, Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(stdoutRows.size(), 1);
        QCOMPARE(stdoutRows.first()->text(2), u"changed"_s);
        view->close();

        // Two rows chosen in the list compare too.
        m_page->view()->selectionModel()->clearSelection();
        m_page->view()->selectionModel()->select(m_page->model()->indexOf(original),
                                                 QItemSelectionModel::Select | QItemSelectionModel::Rows);
        m_page->view()->selectionModel()->select(m_page->model()->indexOf(again),
                                                 QItemSelectionModel::Select | QItemSelectionModel::Rows);
        auto *compareButton = find<QToolButton>(u"historyCompareButton"_s);
        QTRY_VERIFY(compareButton->isEnabled());
        QTest::mouseClick(compareButton, Qt::LeftButton);
        QTRY_VERIFY(m_page->compareView() && m_page->compareView()->isReady());
        QCOMPARE(m_page->compareView()->leftId(), original);
        QVERIFY(m_page->compareView()->differenceCount() > 0);
        m_page->compareView()->close();
    }

    void reRunAWorkflowFromATask()
    {
        const ValueList flows = api().call(client::Op::ListExecutions, {}, {},
                                           {{u"action"_s, u"examples.orquesta-sequential"_s}})
                                    .value.toList();
        QCOMPARE(flows.size(), 1);
        const QString flow = flows.first()[u"id"].toString();
        select(flow);
        QTRY_COMPARE(m_page->detail()->tasks().size(), 3);
        auto *button = find<QToolButton>(u"historyReRunFromTasksButton"_s);
        QTRY_VERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        ui::ReRunTasksDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_page->findChild<ui::ReRunTasksDialog *>()) != nullptr);
        QListWidget *list = dialog->list();
        QCOMPARE(list->count(), 3);
        auto *ok = dialog->findChild<QPushButton *>(u"reRunTasksOk"_s);
        QVERIFY(!ok->isEnabled());   // nothing chosen yet
        QListWidgetItem *task2 = list->item(1);
        QCOMPARE(task2->data(Qt::UserRole).toString(), u"task2"_s);
        // The check box sits at the row's left edge.
        const QRect rect = list->visualItemRect(task2);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, QPoint(rect.left() + 8, rect.center().y()));
        if (task2->checkState() != Qt::Checked)
            task2->setCheckState(Qt::Checked);
        QTRY_VERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(m_page->lastReplayId() != QString() && execution(m_page->lastReplayId())[u"context"][u"re-run"][u"ref"].toString() == flow);
        const QString again = m_page->lastReplayId();
        const Value doc = execution(again);
        QCOMPARE(doc[u"context"][u"re-run"][u"tasks"].toList(), ValueList{Value(u"task2"_s)});
        QTRY_COMPARE_WITH_TIMEOUT(status(again), u"succeeded"_s, kLong);
        // Only task2 and what follows it ran again.
        const ValueList kids = api().call(client::Op::ExecutionChildren, again).value.toList();
        QStringList names;
        for (const Value &k : kids)
            names << k[u"context"][u"orquesta"][u"task_name"].toString();
        QCOMPARE(names, (QStringList{u"task2"_s, u"task3"_s}));
        // The comparison lists each task's status and output.
        m_page->compareWithOriginal();
        QTRY_VERIFY(m_page->compareView() && m_page->compareView()->isReady());
        const auto rows = m_page->compareView()->tree()->findItems(u"task1.status"_s, Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first()->text(1), u"succeeded"_s);
        QCOMPARE(rows.first()->text(2), u"(none)"_s);
        m_page->compareView()->close();
    }

    void reEmitTheTriggerOfARuleRun()
    {
        const Value rule = makeDict({{u"name"_s, u"history_hook"_s}, {u"pack"_s, u"examples"_s},
                                     {u"trigger"_s, makeDict({{u"type"_s, u"core.st2.webhook"_s},
                                                              {u"parameters"_s, makeDict({{u"url"_s, u"history/hook"_s}})}})},
                                     {u"action"_s, makeDict({{u"ref"_s, u"core.local"_s},
                                                             {u"parameters"_s, makeDict({{u"cmd"_s, u"echo {{ trigger.body.x }}"_s}})}})},
                                     {u"enabled"_s, true}});
        const client::ClientResult created = api().call(client::Op::CreateRule, {}, rule);
        QVERIFY2(!created.error, created.error ? qPrintable(created.error->message) : "");
        const client::ClientResult posted = api().call(client::Op::PostWebhook, u"history/hook"_s, makeDict({{u"x"_s, 7}}));
        QVERIFY(!posted.error);
        const QString instance = posted.value[u"trigger_instance_id"].toString();
        ValueList runs;
        QTRY_VERIFY((runs = api().call(client::Op::ListExecutions, {}, {}, {{u"trigger_instance"_s, instance}})
                                .value.toList())
                        .size() == 1);
        const QString first = runs.first()[u"id"].toString();
        QTRY_VERIFY(m_page->model()->indexOf(first).isValid());
        QCOMPARE(m_page->model()->indexOf(first).data(ui::HistoryModel::OriginRole).toString(), u"rule"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(first), u"succeeded"_s, kLong);
        select(first);
        // The header links to the rule and the trigger instance.
        auto *header = find<QLabel>(u"historyDetailHeader"_s);
        QVERIFY2(header->text().contains(u"squall:rules/examples.history_hook"_s), qPrintable(header->text()));
        QVERIFY(header->text().contains(u"squall:triggers/"_s + instance));
        QSignalSpy shown(m_studio, &ui::Studio::showRequested);
        Q_EMIT header->linkActivated(u"squall:rules/examples.history_hook"_s);
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.first().at(0).toString(), u"rules"_s);
        QCOMPARE(shown.first().at(1).toString(), u"examples.history_hook"_s);

        auto *reEmit = find<QToolButton>(u"historyReEmitButton"_s);
        QTRY_VERIFY(reEmit->isEnabled());
        QTest::mouseClick(reEmit, Qt::LeftButton);
        QTRY_VERIFY(!m_page->lastReplayId().isEmpty() && m_page->lastReplayId() != first
                    && execution(m_page->lastReplayId())[u"action"][u"ref"].toString() == u"core.local"_s
                    && execution(m_page->lastReplayId())[u"context"][u"rule"][u"ref"].toString() == u"examples.history_hook"_s);
        const QString again = m_page->lastReplayId();
        QVERIFY(execution(again)[u"context"][u"trigger_instance"][u"id"].toString() != instance);
        QTRY_VERIFY(m_page->model()->indexOf(again).isValid());
        QCOMPARE(m_page->model()->indexOf(again).data(ui::HistoryModel::OriginRole).toString(), u"re-emit"_s);
        QTRY_COMPARE_WITH_TIMEOUT(status(again), u"succeeded"_s, kLong);
        QCOMPARE(execution(again)[u"parameters"][u"cmd"].toString(), u"echo 7"_s);
    }

    void cancelALongRun()
    {
        const QString id = run(u"core.local"_s, makeDict({{u"cmd"_s, u"sleep 30"_s}}));
        QTRY_VERIFY(m_page->model()->indexOf(id).isValid());
        QTRY_COMPARE_WITH_TIMEOUT(status(id), u"running"_s, kLong);
        select(id);
        auto *cancel = find<QToolButton>(u"historyCancelButton"_s);
        QTRY_VERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(status(id), u"canceled"_s, kLong);
        QTRY_COMPARE(m_page->model()->indexOf(id).data(ui::HistoryModel::StatusRole).toString(), u"canceled"_s);
        QTRY_VERIFY(!cancel->isEnabled());
    }

    void pagesAsTheViewScrolls()
    {
        m_page->model()->setPageSize(100);
        QStringList ids;
        for (int i = 0; i < 250; ++i)
            ids << run(u"core.noop"_s);
        QVERIFY(!ids.contains(QString()));
        for (const QString &id : std::as_const(ids))
            QTRY_COMPARE_WITH_TIMEOUT(status(id), u"succeeded"_s, kLong);
        m_page->reload();
        QTRY_VERIFY(!m_page->model()->isFetching());
        // One page, not everything.
        QCOMPARE(m_page->model()->rowCount(), 100);
        QCOMPARE(m_page->model()->pagesRequested(), 1);
        // More is there, but the view does not need it until it scrolls.
        QVERIFY(!m_page->model()->isExhausted());
        QVERIFY(!m_page->model()->canFetchMore({}));
        // Scrolling to the end asks for the next page, and the next.
        QTreeView *view = m_page->view();
        const int topLevel = int(api().call(client::Op::ListExecutions, {}, {},
                                            {{u"parent"_s, u"null"_s}, {u"limit"_s, u"1"_s}})
                                     .total);
        QVERIFY(topLevel > 250 && topLevel < 300);
        for (int expected : {200, topLevel}) {
            view->scrollToBottom();
            QTRY_VERIFY(!m_page->model()->isFetching());
            QTRY_COMPARE(m_page->model()->rowCount(), expected);
        }
        QTRY_VERIFY(m_page->model()->isExhausted());
        QVERIFY(!m_page->model()->canFetchMore({}));
        QCOMPARE(m_page->model()->pagesRequested(), 3);

        // Rows trimmed off the end (a long live session) come back as pages.
        view->scrollToTop();
        m_page->model()->trimTo(100);
        QCOMPARE(m_page->model()->rowCount(), 100);
        QVERIFY(!m_page->model()->isExhausted());
        view->scrollToBottom();
        QTRY_COMPARE(m_page->model()->rowCount(), 200);
        view->scrollToBottom();
        QTRY_COMPARE(m_page->model()->rowCount(), topLevel);

        // Live rows at the top keep a scrolled-down reader where they were.
        view->scrollTo(m_page->model()->index(120, 0), QAbstractItemView::PositionAtTop);
        const QModelIndex topBefore = view->indexAt(QPoint(2, 2));
        const QString topId = topBefore.data(ui::HistoryModel::IdRole).toString();
        QVERIFY(!topId.isEmpty());
        const QString fresh = run(u"core.noop"_s);
        QTRY_VERIFY(m_page->model()->indexOf(fresh).isValid());
        QCOMPARE(m_page->model()->indexOf(fresh).row(), 0);
        QTRY_COMPARE(view->indexAt(QPoint(2, 2)).data(ui::HistoryModel::IdRole).toString(), topId);
    }

    void chartCountsTheFilter()
    {
        QSignalSpy refreshed(m_page->chart(), &ui::HistoryChart::refreshed);
        m_page->chart()->refresh();
        QVERIFY(refreshed.wait(kLong));
        // Everything of the last day: the top-level runs and the workflow's tasks.
        const qint64 all = api().call(client::Op::ListExecutions, {}, {}, {{u"limit"_s, u"1"_s}}).total;
        QVERIFY(all > 255);
        QCOMPARE(m_page->chart()->counted(), int(all));
    }

    // SQUALL_SCREENSHOTS=<dir>: the page with a workflow selected, to look at.
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("SQUALL_SCREENSHOTS");
        if (dir.isEmpty())
            QSKIP("set SQUALL_SCREENSHOTS to a folder to write screenshots");
        m_page->resize(1366 - 160, 768 - 60);
        const ValueList flows = api().call(client::Op::ListExecutions, {}, {},
                                           {{u"action"_s, u"examples.orquesta-sequential"_s}})
                                    .value.toList();
        QVERIFY(!flows.isEmpty());
        m_page->view()->scrollToTop();
        select(flows.last()[u"id"].toString());
        m_page->view()->expand(m_page->model()->indexOf(flows.last()[u"id"].toString()));
        QTRY_COMPARE(m_page->detail()->tasks().size(), 3);
        m_page->detail()->tabs()->setCurrentWidget(m_page->findChild<QWidget *>(u"historyTasks"_s));
        QTest::qWait(200);
        m_page->grab().save(dir + u"/history-workflow.png"_s);
        m_page->detail()->tabs()->setCurrentIndex(1);
        QTest::qWait(100);
        m_page->grab().save(dir + u"/history-result.png"_s);
        ui::Theme::apply(ui::Theme::Mode::Dark);
        m_page->chart()->refresh();
        QTest::qWait(300);
        m_page->grab().save(dir + u"/history-dark.png"_s);
        ui::Theme::apply(ui::Theme::Mode::Light);
    }
};

QTEST_MAIN(TestHistoryPage)
#include "tst_historypage.moc"
