// The Datastore page against a real engine: edit a key through the editor,
// undo restores the old value, delete and undo re-creates it, secrets stay
// hidden until revealed, bad names are refused before reaching the engine.
#include "ui/datastore/DatastorePage.h"
#include "ui/inquiries/PageTestEngine.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

using namespace squall;
using client::Op;

class TestDatastorePage : public QObject
{
    Q_OBJECT

    testing::PageTestEngine m_env;

    QString stored(const QString &name, bool decrypt = false)
    {
        QHash<QString, QString> p;
        if (decrypt)
            p.insert(QStringLiteral("decrypt"), QStringLiteral("true"));
        const client::ClientResult r = m_env.call(Op::GetKey, name, {}, p);
        return r.ok() ? r.value[u"value"].toString() : QStringLiteral("<%1>").arg(r.status);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_env.start({}, &error), qPrintable(error));
        QVERIFY(m_env.call(Op::SetKey, QStringLiteral("ui.color"),
                           makeDict({{QStringLiteral("value"), QStringLiteral("blue")}})).ok());
        QVERIFY(m_env.call(Op::SetKey, QStringLiteral("ui.password"),
                           makeDict({{QStringLiteral("value"), QStringLiteral("hunter2")},
                                     {QStringLiteral("secret"), true}})).ok());
        QVERIFY(m_env.call(Op::SetKey, QStringLiteral("ui.lease"),
                           makeDict({{QStringLiteral("value"), QStringLiteral("x")},
                                     {QStringLiteral("ttl"), qint64(3600)}})).ok());
    }

    void editUndoDeleteReveal()
    {
        ui::DatastorePage page(m_env.studio.get());
        page.resize(1100, 600);
        page.show();
        page.activate();
        auto *list = page.findChild<QTreeView *>(QStringLiteral("keysList"));
        QVERIFY(list);
        QTRY_COMPARE(list->model()->rowCount(), 3);

        auto *name = page.findChild<QLineEdit *>(QStringLiteral("keyName"));
        auto *value = page.findChild<QPlainTextEdit *>(QStringLiteral("keyValue"));
        auto *save = page.findChild<QPushButton *>(QStringLiteral("keySave"));
        auto *remove = page.findChild<QPushButton *>(QStringLiteral("keyDelete"));
        auto *reveal = page.findChild<QPushButton *>(QStringLiteral("keyReveal"));
        QVERIFY(name && value && save && remove && reveal);
        QVERIFY(!name->accessibleName().isEmpty() && !save->accessibleName().isEmpty());

        // Edit: select the key, type a value, save.
        page.showObject(QStringLiteral("ui.color"));
        QTRY_COMPARE(name->text(), QStringLiteral("ui.color"));
        QCOMPARE(value->toPlainText(), QStringLiteral("blue"));
        value->selectAll();
        QTest::keyClick(value, Qt::Key_Delete);
        QTest::keyClicks(value, QStringLiteral("green"));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(stored(QStringLiteral("ui.color")), QStringLiteral("green"));
        QTRY_COMPARE(value->toPlainText(), QStringLiteral("green"));

        // Undo puts the old value back, redo the new one.
        m_env.studio->undoStack()->undo();
        QTRY_COMPARE(stored(QStringLiteral("ui.color")), QStringLiteral("blue"));
        QTRY_COMPARE(value->toPlainText(), QStringLiteral("blue"));
        m_env.studio->undoStack()->redo();
        QTRY_COMPARE(stored(QStringLiteral("ui.color")), QStringLiteral("green"));

        // Delete, then undo re-creates it.
        QTest::mouseClick(remove, Qt::LeftButton);
        QTRY_COMPARE(stored(QStringLiteral("ui.color")), QStringLiteral("<404>"));
        QTRY_COMPARE(list->model()->rowCount(), 2);
        m_env.studio->undoStack()->undo();
        QTRY_COMPARE(stored(QStringLiteral("ui.color")), QStringLiteral("green"));
        QTRY_COMPARE(list->model()->rowCount(), 3);

        // A secret is masked in the list and the editor until revealed.
        page.showObject(QStringLiteral("ui.password"));
        QTRY_COMPARE(name->text(), QStringLiteral("ui.password"));
        QVERIFY(!value->toPlainText().contains(u"hunter2"));
        QVERIFY(value->isReadOnly());
        QVERIFY(reveal->isEnabled());
        QTest::mouseClick(reveal, Qt::LeftButton);
        QTRY_COMPARE(value->toPlainText(), QStringLiteral("hunter2"));
        QVERIFY(!value->isReadOnly());
        // Deleting a secret and undoing brings back the same secret value.
        QTest::mouseClick(remove, Qt::LeftButton);
        QTRY_COMPARE(stored(QStringLiteral("ui.password")), QStringLiteral("<404>"));
        m_env.studio->undoStack()->undo();
        QTRY_COMPARE(stored(QStringLiteral("ui.password"), true), QStringLiteral("hunter2"));

        // The expiry of a key with a TTL is shown.
        page.showObject(QStringLiteral("ui.lease"));
        QTRY_COMPARE(name->text(), QStringLiteral("ui.lease"));
        QVERIFY2(page.findChild<QLabel *>(QStringLiteral("keyExpiry"))->text().contains(u"in "),
                 qPrintable(page.findChild<QLabel *>(QStringLiteral("keyExpiry"))->text()));
    }

    void newKeyAndNameValidation()
    {
        ui::DatastorePage page(m_env.studio.get());
        page.show();
        page.activate();
        auto *name = page.findChild<QLineEdit *>(QStringLiteral("keyName"));
        auto *value = page.findChild<QPlainTextEdit *>(QStringLiteral("keyValue"));
        auto *save = page.findChild<QPushButton *>(QStringLiteral("keySave"));
        auto *problem = page.findChild<QLabel *>(QStringLiteral("keyProblem"));
        QTest::mouseClick(page.findChild<QWidget *>(QStringLiteral("keysNew")), Qt::LeftButton);
        QTest::keyClicks(name, QStringLiteral("bad name"));
        QTest::keyClicks(value, QStringLiteral("v"));
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(problem->isVisible());
        QVERIFY(!ui::DatastorePage::isValidKeyName(QStringLiteral("bad name")));
        name->clear();
        QTest::keyClicks(name, QStringLiteral("ui.fresh"));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(stored(QStringLiteral("ui.fresh")), QStringLiteral("v"));
        // Undo of a creation deletes the key.
        m_env.studio->undoStack()->undo();
        QTRY_COMPARE(stored(QStringLiteral("ui.fresh")), QStringLiteral("<404>"));
    }

    void userScopeKeys()
    {
        ui::DatastorePage page(m_env.studio.get());
        page.show();
        page.activate();
        auto *scope = page.findChild<QComboBox *>(QStringLiteral("keysScope"));
        auto *list = page.findChild<QTreeView *>(QStringLiteral("keysList"));
        QTRY_VERIFY(list->model()->rowCount() >= 3);
        scope->setCurrentIndex(scope->findData(QStringLiteral("user")));
        QCOMPARE(page.scope(), QStringLiteral("user"));
        QTRY_COMPARE(list->model()->rowCount(), 0);
        QTest::keyClicks(page.findChild<QLineEdit *>(QStringLiteral("keyName")), QStringLiteral("ui.mine"));
        QTest::keyClicks(page.findChild<QPlainTextEdit *>(QStringLiteral("keyValue")), QStringLiteral("personal"));
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("keySave")), Qt::LeftButton);
        const QHash<QString, QString> user{{QStringLiteral("scope"), QStringLiteral("user")}};
        QTRY_COMPARE(m_env.call(Op::GetKey, QStringLiteral("ui.mine"), {}, user).value[u"value"].toString(),
                     QStringLiteral("personal"));
        QCOMPARE(m_env.call(Op::GetKey, QStringLiteral("ui.mine")).status, 404);  // not a system key
        QTRY_COMPARE(list->model()->rowCount(), 1);
    }

    void everyControlHasAnAccessibleName()
    {
        ui::DatastorePage page(m_env.studio.get());
        page.show();
        page.activate();
        const QStringList unnamed = test::unnamedControls(&page);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestDatastorePage)
#include "tst_datastorepage.moc"
