// JsonTreeModel and JsonTreeView: lazy children, search over the document,
// copy of values and paths, the raw text view.
#include "WidgetTestSupport.h"
#include "base/Json.h"
#include "ui/common/JsonTreeModel.h"
#include "ui/common/JsonTreeView.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace squall;
using namespace Qt::StringLiterals;

namespace {

using test::parseJson;

const char *kDoc = R"({
  "result": {
    "items": [
      {"name": "alpha", "size": 1},
      {"name": "beta", "size": 2},
      {"name": "gamma", "size": 3},
      {"name": "delta", "size": 4, "tags": ["x", "needle-tag"]}
    ],
    "my key": {"deep": {"needle": null}}
  },
  "exit_code": 0,
  "stdout": "line one\nline two"
})";

} // namespace

class TestJsonTree : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelShape()
    {
        ui::JsonTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setValue(parseJson(kDoc));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 3);
        const QModelIndex result = model.index(0, 0);
        QCOMPARE(result.data().toString(), u"result"_s);
        QCOMPARE(model.index(0, ui::JsonTreeModel::ValueColumn).data().toString(), u"{2 keys}"_s);
        QCOMPARE(model.index(0, ui::JsonTreeModel::TypeColumn).data().toString(), u"object"_s);
        const QModelIndex items = model.index(0, 0, result);
        QCOMPARE(model.rowCount(items), 4);
        QCOMPARE(model.index(0, ui::JsonTreeModel::ValueColumn, result).data().toString(), u"[4 items]"_s);
        const QModelIndex third = model.index(3, 0, items);
        QCOMPARE(third.data().toString(), u"3"_s);
        QCOMPARE(model.parent(third), items);
        QCOMPARE(model.parent(items), result);
        const QModelIndex name = model.index(0, ui::JsonTreeModel::ValueColumn, third);
        QCOMPARE(name.data().toString(), u"delta"_s);
        QCOMPARE(model.pathOf(name), u"result.items[3].name"_s);
        QCOMPARE(model.pathOf(model.index(1, 0, result)), u"result[\"my key\"]"_s);
        QCOMPARE(model.indexForRows({0, 0, 3, 0}), name.siblingAtColumn(0));
        // A multi-line string shows its first line, the tooltip all of it.
        const QModelIndex out = model.index(2, ui::JsonTreeModel::ValueColumn);
        QCOMPARE(out.data().toString(), u"line one\u2026"_s);
        QCOMPARE(out.data(Qt::ToolTipRole).toString(), u"line one\nline two"_s);
        QCOMPARE(model.index(1, ui::JsonTreeModel::ValueColumn).data().toString(), u"0"_s);
        QCOMPARE(model.index(1, ui::JsonTreeModel::TypeColumn).data().toString(), u"integer"_s);

        // Long strings are elided.
        model.setValue(makeDict({{u"s"_s, QString(5000, u'a')}}));
        const QString shown = model.index(0, ui::JsonTreeModel::ValueColumn).data().toString();
        QCOMPARE(shown.size(), ui::JsonTreeModel::elideLength() + 1);
        QCOMPARE(model.index(0, ui::JsonTreeModel::ValueColumn).data(Qt::ToolTipRole).toString().size(), 5000);

        // A scalar document is one row.
        model.setValue(Value(u"just text"_s));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 1).data().toString(), u"just text"_s);
        QVERIFY(!model.hasChildren(model.index(0, 0)));
    }

    void largeListIsLazy()
    {
        ValueList items;
        items.reserve(200000);
        for (int i = 0; i < 200000; ++i)
            items << makeDict({{u"id"_s, i}, {u"name"_s, QStringLiteral("item %1").arg(i)}});
        const Value doc = makeDict({{u"result"_s, Value(std::move(items))}});

        ui::JsonTreeView view;
        view.resize(600, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setValue(doc);
        ui::JsonTreeModel *model = view.model();
        QCOMPARE(model->rowCount(), 1);
        const QModelIndex result = model->index(0, 0);
        QCOMPARE(model->rowCount(result), 200000);
        // Too big to open by itself.
        QVERIFY(!view.treeView()->isExpanded(result));
        const QModelIndex last = model->index(199999, 0, result);
        QCOMPARE(model->rowCount(last), 2);
        QCOMPARE(model->index(1, 1, last).data().toString(), u"item 199999"_s);

        // Search walks the value and expands to the match.
        QCOMPARE(view.findAll(u"item 199998"_s), 1);
        QCOMPARE(view.currentPath(), u"result[199998].name"_s);
        QVERIFY(view.treeView()->isExpanded(result));
        QCOMPARE(view.findAll(u"item"_s), ui::JsonTreeView::matchLimit());
    }

    void searchSelectsAndIterates()
    {
        ui::JsonTreeView view;
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setValue(parseJson(kDoc));
        // The first level is open.
        QVERIFY(view.treeView()->isExpanded(view.model()->index(0, 0)));
        QCOMPARE(view.findAll(u"needle"_s), 2);
        QCOMPARE(view.currentPath(), u"result.items[3].tags[1]"_s);
        QVERIFY(view.treeView()->isExpanded(view.model()->indexForRows({0, 0, 3, 2})));
        QVERIFY(view.treeView()->selectionModel()->isRowSelected(view.treeView()->currentIndex().row(),
                                                                  view.treeView()->currentIndex().parent()));
        view.findNext();
        QCOMPARE(view.currentPath(), u"result[\"my key\"].deep.needle"_s);
        view.findNext();  // wraps
        QCOMPARE(view.currentPath(), u"result.items[3].tags[1]"_s);

        // Through the search field: typing, Enter for next, Shift+Enter for previous.
        auto *search = view.findChild<QLineEdit *>(u"jsonSearch"_s);
        QVERIFY(search);
        QVERIFY(!search->accessibleName().isEmpty());
        QTest::keyClicks(search, u"SIZE"_s);
        QTest::keyClick(search, Qt::Key_Return);  // runs the pending search
        QCOMPARE(view.matchCount(), 4);
        QCOMPARE(view.currentPath(), u"result.items[0].size"_s);
        QTest::keyClick(search, Qt::Key_Return);
        QCOMPARE(view.currentPath(), u"result.items[1].size"_s);
        QTest::keyClick(search, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClick(search, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(view.currentPath(), u"result.items[3].size"_s);
        QCOMPARE(view.findChild<QLabel *>(u"jsonMatchCount"_s)->text(), u"4 of 4"_s);

        QCOMPARE(view.findAll(u"no such thing"_s), 0);
        QCOMPARE(view.findChild<QLabel *>(u"jsonMatchCount"_s)->text(), u"No matches"_s);
    }

    void copyValueAndPath()
    {
        ui::JsonTreeView view;
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setValue(parseJson(kDoc));
        QCOMPARE(view.findAll(u"gamma"_s), 1);
        view.treeView()->setFocus();
        QTest::keyClick(view.treeView(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(QApplication::clipboard()->text(), u"result.items[2].name"_s);
        QTest::keyClick(view.treeView(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), u"gamma"_s);
        // A container copies as JSON.
        view.treeView()->setCurrentIndex(view.model()->indexForRows({0, 0, 0}));
        view.copyValue();
        QCOMPARE(json::parse(QStringView(QApplication::clipboard()->text())), parseJson(R"({"name": "alpha", "size": 1})"));
        view.copyPath();
        QCOMPARE(QApplication::clipboard()->text(), u"result.items[0]"_s);
    }

    void expandCollapseAndRaw()
    {
        ui::JsonTreeView view;
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setValue(parseJson(kDoc));
        const QModelIndex tags = view.model()->indexForRows({0, 0, 3, 2});
        QVERIFY(!view.treeView()->isExpanded(tags));
        QTest::mouseClick(view.findChild<QToolButton *>(u"jsonExpandAll"_s), Qt::LeftButton);
        QVERIFY(view.treeView()->isExpanded(tags));
        QTest::mouseClick(view.findChild<QToolButton *>(u"jsonCollapseAll"_s), Qt::LeftButton);
        QVERIFY(!view.treeView()->isExpanded(view.model()->index(0, 0)));

        auto *raw = view.findChild<QPlainTextEdit *>(u"jsonRaw"_s);
        QVERIFY(raw && !raw->isVisible());
        QVERIFY(raw->toPlainText().isEmpty());  // not built until asked for
        QTest::mouseClick(view.findChild<QToolButton *>(u"jsonRawToggle"_s), Qt::LeftButton);
        QVERIFY(view.isRawVisible());
        QVERIFY(raw->isVisible());
        QVERIFY(!view.treeView()->isVisible());
        QVERIFY(raw->toPlainText().contains(u"\n  \"result\": {"_s));
        QCOMPARE(json::parse(QStringView(raw->toPlainText())), parseJson(kDoc));
        // A new document while raw is shown replaces the text.
        view.setValue(parseJson(R"({"other": true})"));
        QCOMPARE(json::parse(QStringView(raw->toPlainText())), parseJson(R"({"other": true})"));
        QTest::mouseClick(view.findChild<QToolButton *>(u"jsonRawToggle"_s), Qt::LeftButton);
        QVERIFY(view.treeView()->isVisible());
    }

    // SQUALL_SCREENSHOTS=<dir>: the tree after a search, to look at.
    void screenshots()
    {
        if (test::screenshotDir().isEmpty())
            QSKIP(test::kNoScreenshots);
        ui::JsonTreeView view;
        view.resize(640, 420);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setValue(parseJson(kDoc));
        view.findAll(u"needle"_s);
        QVERIFY(test::shoot(&view, u"jsontree"_s));
        view.setRawVisible(true);
        QVERIFY(test::shoot(&view, u"jsontree-raw"_s));
    }
};

QTEST_MAIN(TestJsonTree)
#include "tst_jsontree.moc"
