// The Rules page against a real in-process engine: the seed's webhook rule is
// made through the form (drop-downs, trigger parameter form, criteria rows,
// action parameter form), saved (registered and written into a temporary
// pack folder), fired through the client, toggled and undone, duplicated,
// deleted and undone, and explained.
#include "AccessibilityCheck.h"
#include "WidgetTestSupport.h"
#include "StudioTestEngine.h"
#include "base/Json.h"
#include "client/BlockingClient.h"
#include "rules/Operators.h"
#include "ui/common/JsonTreeView.h"
#include "ui/common/SchemaForm.h"
#include "ui/lists/ListPane.h"
#include "ui/lists/ResourceTableModel.h"
#include "ui/rules/CriteriaTable.h"
#include "ui/rules/RuleEditor.h"
#include "ui/rules/RuleExplainer.h"
#include "ui/rules/RuleOperators.h"
#include "ui/rules/RulesPage.h"
#include "ui/shell/Studio.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QStringListModel>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>

#include <memory>

using namespace squall;

namespace {

// sample2_rule_with_webhook.json from the seed article, as the article shows it.
const char *kSeedRule =
    "{\n"
    "  \"tags\": [],\n"
    "  \"uid\": \"rule:ineat:sample_rule_with_webhook\",\n"
    "  \"metadata_file\": \"\",\n"
    "  \"name\": \"sample_rule_with_webhook\",\n"
    "  \"ref\": \"ineat.sample_rule_with_webhook\",\n"
    "  \"description\": \"Sample rule dumping webhook payload to a file.\",\n"
    "  \"pack\": \"ineat\",\n"
    "  \"type\": {\"ref\": \"standard\", \"parameters\": {}},\n"
    "  \"trigger\": {\n"
    "    \"type\": \"core.st2.webhook\",\n"
    "    \"parameters\": {\"url\": \"ineat\"},\n"
    "    \"ref\": \"core.504f5fc7-72b7-4a6b-8759-3805c0a4296b\",\n"
    "    \"description\": \"Trigger type for registering webhooks that can consume arbitrary payload.\"\n"
    "  },\n"
    "  \"criteria\": {\"trigger.body.name\": {\"pattern\": \"test\", \"type\": \"equals\"}},\n"
    "  \"action\": {\n"
    "    \"ref\": \"core.local\",\n"
    "    \"parameters\": {\n"
    "      \"cmd\": \"echo \\\"{{trigger.body}}\\\" >> /tmp/ineat.webhook_sample.out ; sync\",\n"
    "      \"sudo_password\": \"Ch@ngeMe\"\n"
    "    },\n"
    "    \"description\": \"Action that executes an arbitrary Linux command on the localhost.\"\n"
    "  },\n"
    "  \"context\": {\"user\": \"st2admin\"},\n"
    "  \"enabled\": true,\n"
    "  \"id\": \"5fa3b7abefbface9864e1fb7\"\n"
    "}\n";

template <typename T>
T *child(QObject *parent, const QString &name)
{
    return parent->findChild<T *>(name);
}

void typeInto(QWidget *w, const QString &text)
{
    w->setFocus();
    QTest::keyClicks(w, text);
}

} // namespace

class TestRulesPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_packs, m_out;
    std::unique_ptr<test::StudioTestEngine> m_engine;
    client::Client *m_client = nullptr;
    ui::Studio *m_studio = nullptr;
    std::unique_ptr<ui::RulesPage> m_page;
    const QString m_ref = QStringLiteral("ineat.sample_rule_with_webhook");

    client::ClientResult call(client::Op op, const QString &id = {}, const Value &body = {},
                              const QHash<QString, QString> &params = {})
    {
        return client::BlockingClient(m_client).call(op, id, body, params);
    }
    Value rule(const QString &ref) { return call(client::Op::GetRule, ref).value; }
    ui::RuleEditor *editor() { return m_page->editor(); }
    QModelIndex indexOf(const QString &ref, int column)
    {
        const int row = m_page->list()->model()->rowOf(ref);
        return m_page->list()->proxy()->mapFromSource(m_page->list()->model()->index(row, column));
    }

private Q_SLOTS:
    void initTestCase()
    {
        // A writable pack folder for the seed's "ineat" pack (the bundled ones stay untouched).
        QVERIFY(QDir().mkpath(m_packs.filePath(QStringLiteral("ineat"))));
        QFile pack(m_packs.filePath(QStringLiteral("ineat/pack.yaml")));
        QVERIFY(pack.open(QIODevice::WriteOnly));
        pack.write("name: ineat\nref: ineat\nversion: 1.0.0\nauthor: ineat\ndescription: The seed article's pack\n");
        pack.close();

        m_engine = std::make_unique<test::StudioTestEngine>(QStringList{m_packs.path()});
        QVERIFY(m_engine->ok());
        m_client = m_engine->client();
        m_studio = m_engine->studio();
        m_page = std::make_unique<ui::RulesPage>(m_studio);
        m_studio->startEvents();
        m_page->resize(1280, 800);
        m_page->show();
        m_page->activate();
        QTRY_VERIFY(editor()->catalogsLoaded());
        QVERIFY(editor()->triggerBox()->findText(QStringLiteral("core.st2.webhook")) > 0);
        QVERIFY(editor()->actionBox()->findText(QStringLiteral("core.local")) > 0);
    }

    void cleanupTestCase()
    {
        m_page.reset();
        m_engine.reset();
    }

    void everyEngineOperatorIsOffered()
    {
        QStringList offered;
        for (const ui::RuleOperator &o : ui::ruleOperators())
            offered.append(o.name);
        QStringList engine = rules::operatorNames();
        engine.sort();
        offered.sort();
        QCOMPARE(offered, engine);
    }

    void createTheSeedRuleThroughTheForm()
    {
        const Value seed = json::parse(QByteArray(kSeedRule));
        QTest::mouseClick(child<QToolButton>(m_page.get(), QStringLiteral("rulesNew")), Qt::LeftButton);
        QCOMPARE(editor()->ruleRef(), QString());

        auto *pack = child<QComboBox>(m_page.get(), QStringLiteral("rulePack"));
        pack->lineEdit()->clear();
        typeInto(pack->lineEdit(), seed[u"pack"].toString());
        typeInto(child<QLineEdit>(m_page.get(), QStringLiteral("ruleName")), seed[u"name"].toString());
        typeInto(child<QLineEdit>(m_page.get(), QStringLiteral("ruleDescription")), seed[u"description"].toString());

        // When: the webhook trigger, its url typed into the trigger parameter form.
        QComboBox *trigger = editor()->triggerBox();
        trigger->setCurrentIndex(trigger->findText(seed[u"trigger"][u"type"].toString()));
        QWidget *url = nullptr;
        QTRY_VERIFY((url = editor()->triggerForm()->editorFor(QStringLiteral("url"))) != nullptr);
        typeInto(url, seed[u"trigger"][u"parameters"][u"url"].toString());

        // If: one criteria row per seed criterion.
        const ValueDict criteria = seed[u"criteria"].toDict();
        for (const auto &[key, c] : criteria) {
            const int row = editor()->criteriaTable()->rowCount();
            QTest::mouseClick(child<QToolButton>(m_page.get(), QStringLiteral("ruleAddCriterion")), Qt::LeftButton);
            QCOMPARE(editor()->criteriaTable()->rowCount(), row + 1);
            auto *keyEdit = child<QLineEdit>(m_page.get(), QStringLiteral("criterionKey_%1").arg(row));
            // Keys complete from the webhook's payload schema.
            QVERIFY(keyEdit->completer());
            const QStringList offered =
                qobject_cast<QStringListModel *>(keyEdit->completer()->model())->stringList();
            QVERIFY2(offered.contains(u"trigger.body"), qPrintable(offered.join(u' ')));
            typeInto(keyEdit, key);
            auto *op = child<QComboBox>(m_page.get(), QStringLiteral("criterionOperator_%1").arg(row));
            QVERIFY(op->findText(c[u"type"].toString()) >= 0);
            op->setCurrentIndex(op->findText(c[u"type"].toString()));
            typeInto(child<QLineEdit>(m_page.get(), QStringLiteral("criterionPattern_%1").arg(row)),
                     c[u"pattern"].toString());
        }

        // Then: core.local, its parameters typed into the action form. The
        // command writes where this test can read it back.
        QComboBox *action = editor()->actionBox();
        action->setCurrentIndex(action->findText(seed[u"action"][u"ref"].toString()));
        QTRY_VERIFY(editor()->actionFormReady());
        QWidget *cmd = editor()->actionForm()->editorFor(QStringLiteral("cmd"));
        QVERIFY(cmd);
        const QString outFile = m_out.filePath(QStringLiteral("ineat.webhook_sample.out"));
        QString command = seed[u"action"][u"parameters"][u"cmd"].toString();
        command.replace(QStringLiteral("/tmp/ineat.webhook_sample.out"), outFile);
        typeInto(cmd, command);
        QWidget *password = editor()->actionForm()->editorFor(QStringLiteral("sudo_password"));
        QVERIFY(password);
        typeInto(password, seed[u"action"][u"parameters"][u"sudo_password"].toString());

        // The live preview follows the form.
        const QString yaml = editor()->yamlPreview()->toPlainText();
        QVERIFY2(yaml.contains(u"trigger.body.name") && yaml.contains(u"core.st2.webhook") && yaml.contains(u"url: ineat"),
                 qPrintable(yaml));
        const Value formRule = editor()->rule();
        QCOMPARE(formRule[u"criteria"], seed[u"criteria"]);
        QCOMPARE(formRule[u"action"][u"parameters"][u"cmd"].toString(), command);

        const int undoBefore = m_studio->undoStack()->count();
        QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("ruleSave")), Qt::LeftButton);
        QTRY_COMPARE(editor()->ruleRef(), m_ref);
        QCOMPARE(m_studio->undoStack()->count(), undoBefore + 1);
        QVERIFY(!editor()->isDirty());

        const Value stored = rule(m_ref);
        QCOMPARE(stored[u"trigger"][u"type"].toString(), QStringLiteral("core.st2.webhook"));
        QCOMPARE(stored[u"trigger"][u"parameters"], seed[u"trigger"][u"parameters"]);
        QCOMPARE(stored[u"criteria"], seed[u"criteria"]);
        QCOMPARE(stored[u"action"][u"ref"].toString(), QStringLiteral("core.local"));
        QCOMPARE(stored[u"action"][u"parameters"][u"cmd"].toString(), command);
        QCOMPARE(stored[u"enabled"].toBool(), true);
        // Saved into the pack's folder too, and the list shows it.
        QVERIFY(QFile::exists(m_packs.filePath(QStringLiteral("ineat/rules/sample_rule_with_webhook.yaml"))));
        QVERIFY2(child<QLabel>(m_page.get(), QStringLiteral("ruleFileStatus"))->text().contains(u"sample_rule_with_webhook.yaml"),
                 qPrintable(child<QLabel>(m_page.get(), QStringLiteral("ruleFileStatus"))->text()));
        QTRY_VERIFY(m_page->list()->model()->rowOf(m_ref) >= 0);

        // Fire it as the article does (POST /webhooks/ineat {"foo": "bar", "name": "test"}).
        const client::ClientResult fired =
            call(client::Op::PostWebhook, QStringLiteral("ineat"), json::parse(QByteArray("{\"foo\": \"bar\", \"name\": \"test\"}")));
        QVERIFY2(fired.ok(), qPrintable(fired.errorText()));
        Value execution;
        auto ran = [&] {
            const client::ClientResult list = call(client::Op::ListExecutions, {}, {},
                                                   {{QStringLiteral("action"), QStringLiteral("core.local")}});
            for (const Value &e : list.value.toList()) {
                if (e[u"context"][u"rule"][u"ref"].toString() == m_ref)
                    execution = e;
            }
            return execution[u"status"].toString() == u"succeeded";
        };
        QTRY_VERIFY_WITH_TIMEOUT(ran(), 15000);
        QFile out(outFile);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QVERIFY2(out.readAll().contains("test"), "the rule's command did not write the payload");
    }

    void toggleEnabledAndUndo()
    {
        QVERIFY(m_page->list()->select(m_ref));
        const QModelIndex check = indexOf(m_ref, 0);
        QVERIFY(check.isValid());
        QCOMPARE(check.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QTreeView *view = m_page->list()->view();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(check).center());
        QTRY_COMPARE(rule(m_ref)[u"enabled"].toBool(), false);
        QTRY_COMPARE(indexOf(m_ref, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        // The editor shows the change (it was not being edited).
        QTRY_VERIFY(!child<QCheckBox>(m_page.get(), QStringLiteral("ruleEnabled"))->isChecked());
        m_studio->undoStack()->undo();
        QTRY_COMPARE(rule(m_ref)[u"enabled"].toBool(), true);
        QTRY_COMPARE(indexOf(m_ref, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        m_studio->undoStack()->redo();
        QTRY_COMPARE(rule(m_ref)[u"enabled"].toBool(), false);
        m_studio->undoStack()->undo();
        QTRY_COMPARE(rule(m_ref)[u"enabled"].toBool(), true);
    }

    void explainerShowsEachVerdict()
    {
        QVERIFY(m_page->list()->select(m_ref));
        QTRY_COMPARE(editor()->ruleRef(), m_ref);
        ui::RuleExplainer *explainer = editor()->explainer();
        // A stored instance: the webhook fired above matches.
        QTRY_VERIFY(explainer->instanceBox()->count() > 1);
        explainer->instanceBox()->setCurrentIndex(1);
        QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("ruleTest")), Qt::LeftButton);
        QTRY_VERIFY2(explainer->verdictLabel()->text().startsWith(u"Match"), qPrintable(explainer->verdictLabel()->text()));
        QCOMPARE(explainer->criteriaView()->topLevelItemCount(), 1);
        QCOMPARE(explainer->criteriaView()->topLevelItem(0)->text(0), QStringLiteral("true"));
        QVERIFY(explainer->parametersView()->value()[u"cmd"].toString().contains(u"'name': 'test'")
                || explainer->parametersView()->value()[u"cmd"].toString().contains(u"test"));

        // A pasted payload whose name is not "test": the criterion says false.
        explainer->instanceBox()->setCurrentIndex(0);
        explainer->payloadEdit()->clear();
        typeInto(explainer->payloadEdit(), QStringLiteral("{\"body\": {\"name\": \"prod\"}}"));
        QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("explainRun")), Qt::LeftButton);
        QTRY_VERIFY2(explainer->verdictLabel()->text().startsWith(u"No match"), qPrintable(explainer->verdictLabel()->text()));
        QTreeWidgetItem *row = explainer->criteriaView()->topLevelItem(0);
        QCOMPARE(row->text(0), QStringLiteral("false"));
        QCOMPARE(row->text(1), QStringLiteral("trigger.body.name"));
        QCOMPARE(row->text(2), QStringLiteral("\"prod\""));
        QCOMPARE(row->text(3), QStringLiteral("equals"));
        QCOMPARE(row->text(4), QStringLiteral("\"test\""));
        QVERIFY(explainer->parametersView()->isHidden());  // nothing would run
        // SQUALL_SCREENSHOTS=<dir>: the editor with the explainer, to look at.
        QVERIFY(test::shoot(m_page.get(), QStringLiteral("rules-explainer")));
    }

    void duplicateThenDeleteAndUndo()
    {
        QVERIFY(m_page->list()->select(m_ref));
        const QString copy = m_ref + QStringLiteral("_copy");
        QTest::mouseClick(child<QToolButton>(m_page.get(), QStringLiteral("rulesDuplicate")), Qt::LeftButton);
        QTRY_VERIFY(!rule(copy).isNull());
        QCOMPARE(rule(copy)[u"enabled"].toBool(), false);
        QCOMPARE(rule(copy)[u"criteria"], rule(m_ref)[u"criteria"]);
        QTRY_COMPARE(m_page->list()->currentId(), copy);

        QTest::mouseClick(child<QToolButton>(m_page.get(), QStringLiteral("rulesDelete")), Qt::LeftButton);
        QTRY_COMPARE(call(client::Op::GetRule, copy).status, 404);
        QTRY_COMPARE(m_page->list()->model()->rowOf(copy), -1);
        m_studio->undoStack()->undo();
        QTRY_VERIFY(!rule(copy).isNull());
        QTRY_VERIFY(m_page->list()->model()->rowOf(copy) >= 0);
        // The copy, and the copy brought back, carry the real secret, not the mask a list shows.
        const QHash<QString, QString> unmasked{{QStringLiteral("show_secrets"), QStringLiteral("true")}};
        const Value secret = call(client::Op::GetRule, m_ref, {}, unmasked).value[u"action"][u"parameters"][u"sudo_password"];
        QVERIFY(!secret.toString().isEmpty());
        QVERIFY(!secret.toString().contains(u"****"));
        QCOMPARE(call(client::Op::GetRule, copy, {}, unmasked).value[u"action"][u"parameters"][u"sudo_password"], secret);
        m_studio->undoStack()->undo();  // and the duplicate itself
        QTRY_COMPARE(call(client::Op::GetRule, copy).status, 404);
        QVERIFY(!rule(m_ref).isNull());
    }

    void everyControlIsNamed()
    {
        const QStringList missing = test::unnamedControls(m_page.get());
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    }

    void ruleInCoreIsRegisteredButNotWritten()
    {
        QTest::mouseClick(child<QToolButton>(m_page.get(), QStringLiteral("rulesNew")), Qt::LeftButton);
        auto *pack = child<QComboBox>(m_page.get(), QStringLiteral("rulePack"));
        pack->lineEdit()->clear();
        typeInto(pack->lineEdit(), QStringLiteral("core"));
        typeInto(child<QLineEdit>(m_page.get(), QStringLiteral("ruleName")), QStringLiteral("studio_core_rule"));
        editor()->triggerBox()->setCurrentIndex(editor()->triggerBox()->findText(QStringLiteral("core.st2.webhook")));
        QWidget *url = nullptr;
        QTRY_VERIFY((url = editor()->triggerForm()->editorFor(QStringLiteral("url"))) != nullptr);
        typeInto(url, QStringLiteral("core-hook"));
        editor()->actionBox()->setCurrentIndex(editor()->actionBox()->findText(QStringLiteral("core.noop")));
        QTRY_VERIFY(editor()->actionFormReady());
        QTest::mouseClick(child<QPushButton>(m_page.get(), QStringLiteral("ruleSave")), Qt::LeftButton);
        QTRY_COMPARE(editor()->ruleRef(), QStringLiteral("core.studio_core_rule"));
        QVERIFY(!rule(QStringLiteral("core.studio_core_rule")).isNull());
        const QString status = child<QLabel>(m_page.get(), QStringLiteral("ruleFileStatus"))->text();
        QVERIFY2(status.contains(u"not written") && status.contains(u"read-only"), qPrintable(status));
        QVERIFY(!QFile::exists(QStringLiteral(SQUALL_SOURCE_DIR "/packs/core/rules/studio_core_rule.yaml")));
    }
};

QTEST_MAIN(TestRulesPage)
#include "tst_rulespage.moc"
