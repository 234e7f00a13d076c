// The Packs page against a real engine: the core pack's contents link to their
// pages; a pack installed from a folder appears; its configuration form (from
// config.schema.yaml) saves to the engine, secrets stay masked, undo restores.
#include "ui/inquiries/PageTestEngine.h"
#include "ui/packs/PacksPage.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>

using namespace squall;
using client::Op;

namespace {

QTreeWidgetItem *findItem(QTreeWidget *tree, const QString &text)
{
    const auto found = tree->findItems(text, Qt::MatchExactly | Qt::MatchRecursive, 0);
    return found.isEmpty() ? nullptr : found.first();
}

QLineEdit *lineEditOf(QWidget *field)
{
    if (auto *edit = qobject_cast<QLineEdit *>(field))
        return edit;
    return field ? field->findChild<QLineEdit *>() : nullptr;
}

} // namespace

class TestPacksPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_source;
    testing::PageTestEngine m_env;

    Value storedConfig()
    {
        return m_env.call(Op::GetConfig, QStringLiteral("cfgpack"), {}, {{QStringLiteral("show_secrets"), QStringLiteral("true")}})
            .value[u"values"];
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString dir = m_source.filePath(QStringLiteral("cfgpack"));
        QVERIFY(testing::PageTestEngine::write(dir + QStringLiteral("/pack.yaml"),
                                               "name: cfgpack\nversion: 0.3.0\ndescription: A pack with a config\n"));
        QVERIFY(testing::PageTestEngine::write(dir + QStringLiteral("/config.schema.yaml"), R"(host:
  type: string
  description: Database host
  required: true
port:
  type: integer
  default: 80
token:
  type: string
  secret: true
)"));
        QVERIFY(testing::PageTestEngine::write(dir + QStringLiteral("/actions/hello.yaml"),
                                               "name: hello\nrunner_type: local-shell-cmd\ndescription: Says hi\n"
                                               "parameters: {cmd: {default: echo hi}}\n"));
        QString error;
        QVERIFY2(m_env.start({}, &error), qPrintable(error));
    }

    void coreContentsLinkToTheirPages()
    {
        ui::PacksPage page(m_env.studio.get());
        page.resize(1200, 700);
        page.show();
        page.activate();
        auto *list = page.findChild<QTreeView *>(QStringLiteral("packsList"));
        QTRY_VERIFY(list->model()->rowCount() >= 2);
        page.showObject(QStringLiteral("core"));
        auto *contents = page.findChild<QTreeWidget *>(QStringLiteral("packContents"));
        QTRY_VERIFY(findItem(contents, QStringLiteral("core.local")));
        QVERIFY(findItem(contents, QStringLiteral("core.echo")));
        QVERIFY(findItem(contents, QStringLiteral("core.ask")));
        QVERIFY(findItem(contents, QStringLiteral("core.local"))->parent()->text(0).startsWith(u"Actions ("));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("packHeading"))->text().contains(u"core"));

        QSignalSpy shown(m_env.studio.get(), &ui::Studio::showRequested);
        QTreeWidgetItem *local = findItem(contents, QStringLiteral("core.local"));
        contents->setCurrentItem(local);
        Q_EMIT contents->itemActivated(local, 0);
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.first().at(0).toString(), QStringLiteral("actions"));
        QCOMPARE(shown.first().at(1).toString(), QStringLiteral("core.local"));

        // The examples pack's workflows are grouped apart from its actions.
        page.showObject(QStringLiteral("examples"));
        QTRY_VERIFY(findItem(contents, QStringLiteral("examples.orquesta-ask")));
        QVERIFY(findItem(contents, QStringLiteral("examples.orquesta-ask"))->parent()->text(0).startsWith(u"Workflows"));
    }

    void installAndConfigure()
    {
        ui::PacksPage page(m_env.studio.get());
        page.resize(1200, 700);
        page.show();
        page.activate();
        auto *list = page.findChild<QTreeView *>(QStringLiteral("packsList"));
        QTRY_VERIFY(list->model()->rowCount() >= 2);

        page.installFrom(m_source.filePath(QStringLiteral("cfgpack")));
        QTRY_VERIFY(m_env.call(Op::GetPack, QStringLiteral("cfgpack")).ok());
        QVERIFY(QFileInfo::exists(m_env.dataDir() + QStringLiteral("/packs/cfgpack/pack.yaml")));
        auto *heading = page.findChild<QLabel *>(QStringLiteral("packHeading"));
        QTRY_VERIFY2(heading->text().contains(u"cfgpack"), qPrintable(heading->text()));
        auto *contents = page.findChild<QTreeWidget *>(QStringLiteral("packContents"));
        QTRY_VERIFY(findItem(contents, QStringLiteral("cfgpack.hello")));

        // The configuration form comes from config.schema.yaml.
        page.findChild<QTabWidget *>(QStringLiteral("packTabs"))->setCurrentIndex(1);
        auto *save = page.findChild<QPushButton *>(QStringLiteral("packConfigSave"));
        QTRY_VERIFY(save->isEnabled());
        QLineEdit *host = lineEditOf(page.findChild<QWidget *>(QStringLiteral("field_host")));
        QLineEdit *token = lineEditOf(page.findChild<QWidget *>(QStringLiteral("field_token")));
        QVERIFY(host && token);
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        QTest::keyClicks(host, QStringLiteral("db.local"));
        QTest::keyClicks(token, QStringLiteral("s3cret"));
        test::shoot(&page, QStringLiteral("packs-config"));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(storedConfig()[u"host"].toString(), QStringLiteral("db.local"));
        QCOMPARE(storedConfig()[u"token"].toString(), QStringLiteral("s3cret"));
        QCOMPARE(storedConfig()[u"port"].toInt(), 80);
        QVERIFY(QFileInfo::exists(m_env.dataDir() + QStringLiteral("/configs/cfgpack.yaml")));

        // Shown again masked; saving a change elsewhere keeps the secret.
        // (the form is rebuilt after a save: find its editors again)
        auto field = [&page](const char *name) {
            return lineEditOf(page.findChild<QWidget *>(QStringLiteral("field_") + QLatin1String(name)));
        };
        QTRY_VERIFY(save->isEnabled() && field("host") && field("host")->text() == u"db.local");
        host = field("host");
        token = lineEditOf(page.findChild<QWidget *>(QStringLiteral("field_token")));
        QVERIFY(token->text() != u"s3cret");
        host->selectAll();
        QTest::keyClicks(host, QStringLiteral("db2.local"));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(storedConfig()[u"host"].toString(), QStringLiteral("db2.local"));
        QCOMPARE(storedConfig()[u"token"].toString(), QStringLiteral("s3cret"));

        // Undo puts the previous configuration back.
        m_env.studio->undoStack()->undo();
        QTRY_COMPARE(storedConfig()[u"host"].toString(), QStringLiteral("db.local"));
        QCOMPARE(storedConfig()[u"token"].toString(), QStringLiteral("s3cret"));
    }

    void installExplainsWhatIsWrong()
    {
        ui::PacksPage page(m_env.studio.get());
        page.activate();
        QSignalSpy told(m_env.studio.get(), &ui::Studio::message);
        QTemporaryDir notAPack;
        page.installFrom(notAPack.path());
        QCOMPARE(told.size(), 1);
        QVERIFY2(told.first().at(0).toString().contains(u"pack.yaml"), qPrintable(told.first().at(0).toString()));
        // A pack named like a built-in one is refused by the engine, which says why.
        const QString dir = notAPack.filePath(QStringLiteral("core"));
        QVERIFY(testing::PageTestEngine::write(dir + QStringLiteral("/pack.yaml"), "name: core\nversion: 9.9.9\n"));
        told.clear();
        page.installFrom(dir);
        QTRY_COMPARE(told.size(), 1);
        QVERIFY2(told.first().at(0).toString().contains(u"reserved"), qPrintable(told.first().at(0).toString()));
    }

    void everyControlHasAnAccessibleName()
    {
        ui::PacksPage page(m_env.studio.get());
        page.show();
        page.activate();
        const QStringList unnamed = test::unnamedControls(&page);
        QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestPacksPage)
#include "tst_packspage.moc"
