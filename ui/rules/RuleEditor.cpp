#include "ui/rules/RuleEditor.h"

#include "base/Yaml.h"
#include "client/Client.h"
#include "ui/common/SchemaForm.h"
#include "ui/rules/CriteriaTable.h"
#include "ui/rules/RuleEditCommand.h"
#include "ui/rules/RuleExplainer.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace squall::ui {

namespace {
const QHash<QString, QString> kAll{{QStringLiteral("limit"), QStringLiteral("-1")}};
const QHash<QString, QString> kWriteFile{{QStringLiteral("write_file"), QStringLiteral("true")}};

// `trigger.a.b` for every property of a payload JSON schema.
void schemaKeys(const Value &schema, const QString &prefix, QStringList *out, int depth = 0)
{
    if (depth > 5)
        return;
    for (const auto &[name, sub] : schema[u"properties"].toDict()) {
        const QString key = prefix + u'.' + name;
        out->append(key);
        schemaKeys(sub, key, out, depth + 1);
    }
}

// The same from a payload seen: dict keys, a few levels down.
void valueKeys(const Value &v, const QString &prefix, QStringList *out, int depth = 0)
{
    if (depth > 4 || !v.isDict())
        return;
    for (const auto &[name, sub] : v.toDict()) {
        const QString key = prefix + u'.' + name;
        out->append(key);
        valueKeys(sub, key, out, depth + 1);
    }
}

// What the engine answers beyond the rule (the file note) stays out of documents sent back.
Value stored(Value doc)
{
    if (doc.isDict()) {
        doc.dictRef().remove(QStringLiteral("file_error"));
        doc.dictRef().remove(QStringLiteral("file_path"));
    }
    return doc;
}

QGroupBox *group(const QString &title, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    box->setFlat(true);
    return box;
}
} // namespace

RuleEditor::RuleEditor(Studio *studio, QWidget *parent)
    : QWidget(parent), m_studio(studio), m_title(new QLabel(this)), m_fileStatus(new QLabel(this)),
      m_save(new QPushButton(icons::get(QStringLiteral("save")), tr("Save"), this)),
      m_revert(new QPushButton(icons::get(QStringLiteral("reload")), tr("Revert"), this)),
      m_test(new QPushButton(icons::get(QStringLiteral("test")), tr("Test…"), this)), m_pack(new QComboBox(this)),
      m_name(new QLineEdit(this)), m_description(new QLineEdit(this)), m_enabled(new QCheckBox(tr("Enabled"), this)),
      m_trigger(new QComboBox(this)), m_triggerHelp(new QLabel(this)), m_triggerForm(new SchemaForm(this)),
      m_criteria(new CriteriaTable(this)), m_action(new QComboBox(this)), m_actionHelp(new QLabel(this)),
      m_actionForm(new SchemaForm(this)), m_side(new QTabWidget(this)), m_yaml(new QPlainTextEdit(this)),
      m_explainer(new RuleExplainer(studio, this))
{
    auto named = [](QWidget *w, const char *object, const QString &name, const QString &description) {
        w->setObjectName(QString::fromLatin1(object));
        w->setAccessibleName(name);
        w->setAccessibleDescription(description);
    };
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setObjectName(QStringLiteral("ruleTitle"));
    m_fileStatus->setObjectName(QStringLiteral("ruleFileStatus"));
    m_fileStatus->setForegroundRole(QPalette::PlaceholderText);
    m_fileStatus->setWordWrap(true);
    m_fileStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);

    named(m_save, "ruleSave", tr("Save rule"),
          tr("Registers the rule with the engine and writes it into its pack's rules folder"));
    m_save->setDefault(true);
    named(m_revert, "ruleRevert", tr("Revert"), tr("Discards the changes made in the form"));
    named(m_test, "ruleTest", tr("Test rule"),
          tr("Runs the rule against a trigger instance or payload and explains each criterion"));
    connect(m_save, &QPushButton::clicked, this, &RuleEditor::save);
    connect(m_revert, &QPushButton::clicked, this, &RuleEditor::revert);
    connect(m_test, &QPushButton::clicked, this, &RuleEditor::test);

    named(m_pack, "rulePack", tr("Pack"), tr("The pack the rule belongs to; its file goes into that pack's rules folder"));
    m_pack->setEditable(true);
    m_pack->setInsertPolicy(QComboBox::NoInsert);
    named(m_name, "ruleName", tr("Rule name"), tr("The rule's name, unique in its pack"));
    m_name->setPlaceholderText(tr("e.g. notify_on_webhook"));
    named(m_description, "ruleDescription", tr("Description"), tr("What the rule is for"));
    named(m_enabled, "ruleEnabled", tr("Enabled"), tr("Whether the rule reacts to its trigger"));
    named(m_trigger, "ruleTriggerType", tr("Trigger type"), tr("The trigger that fires the rule"));
    named(m_triggerForm, "ruleTriggerParameters", tr("Trigger parameters"),
          tr("Parameters of the trigger, e.g. the webhook's url"));
    named(m_action, "ruleAction", tr("Action"), tr("The action the rule runs when its criteria match"));
    named(m_actionForm, "ruleActionParameters", tr("Action parameters"),
          tr("Values for the action's parameters; {{ trigger.… }} and {{ st2kv.system.… }} complete"));
    for (QLabel *help : {m_triggerHelp, m_actionHelp}) {
        help->setWordWrap(true);
        help->setForegroundRole(QPalette::PlaceholderText);
    }
    m_trigger->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_action->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_trigger->setMinimumContentsLength(16);
    m_action->setMinimumContentsLength(16);

    // The form, in the order a rule reads: what, when, if, then.
    auto *body = new QWidget;
    auto *bodyLayout = new QVBoxLayout(body);
    auto *ruleBox = group(tr("Rule"), body);
    auto *ruleForm = new QFormLayout(ruleBox);
    ruleForm->addRow(tr("&Pack:"), m_pack);
    ruleForm->addRow(tr("&Name:"), m_name);
    ruleForm->addRow(tr("&Description:"), m_description);
    ruleForm->addRow(QString(), m_enabled);
    auto *triggerBox = group(tr("When this trigger fires"), body);
    auto *triggerForm = new QFormLayout(triggerBox);
    triggerForm->addRow(tr("&Trigger:"), m_trigger);
    triggerForm->addRow(QString(), m_triggerHelp);
    triggerForm->addRow(m_triggerForm);
    auto *criteriaBox = group(tr("If its payload matches"), body);
    auto *criteriaLayout = new QVBoxLayout(criteriaBox);
    criteriaLayout->addWidget(m_criteria);
    auto *actionBox = group(tr("Then run"), body);
    auto *actionForm = new QFormLayout(actionBox);
    actionForm->addRow(tr("&Action:"), m_action);
    actionForm->addRow(QString(), m_actionHelp);
    actionForm->addRow(m_actionForm);
    bodyLayout->addWidget(ruleBox);
    bodyLayout->addWidget(triggerBox);
    bodyLayout->addWidget(criteriaBox);
    bodyLayout->addWidget(actionBox);
    bodyLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("ruleForm"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(body);

    m_yaml->setObjectName(QStringLiteral("ruleYaml"));
    m_yaml->setAccessibleName(tr("Rule as YAML"));
    m_yaml->setAccessibleDescription(tr("The rule file the form describes, updated as you type"));
    m_yaml->setReadOnly(true);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_side->setObjectName(QStringLiteral("ruleSideTabs"));
    m_side->setAccessibleName(tr("Preview and test"));
    m_side->addTab(m_yaml, tr("YAML"));
    m_side->addTab(m_explainer, icons::get(QStringLiteral("test")), tr("Test"));
    m_explainer->setRuleSource([this] { return rule(); });

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("ruleEditorSplit"));
    split->addWidget(scroll);
    split->addWidget(m_side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    split->setSizes({620, 380});
    // The form narrows with the window instead of scrolling sideways.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    body->setMinimumWidth(380);
    m_side->setMinimumWidth(260);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_test);
    top->addWidget(m_revert);
    top->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_fileStatus);
    layout->addWidget(split, 1);

    connect(m_pack, &QComboBox::currentTextChanged, this, &RuleEditor::formChanged);
    connect(m_name, &QLineEdit::textChanged, this, &RuleEditor::formChanged);
    connect(m_description, &QLineEdit::textChanged, this, &RuleEditor::formChanged);
    connect(m_enabled, &QCheckBox::toggled, this, &RuleEditor::formChanged);
    connect(m_trigger, &QComboBox::currentIndexChanged, this, &RuleEditor::triggerChosen);
    connect(m_action, &QComboBox::currentIndexChanged, this, &RuleEditor::actionChosen);
    connect(m_triggerForm, &SchemaForm::changed, this, &RuleEditor::formChanged);
    connect(m_actionForm, &SchemaForm::changed, this, &RuleEditor::formChanged);
    connect(m_criteria, &CriteriaTable::changed, this, &RuleEditor::formChanged);
    connect(m_explainer, &RuleExplainer::payloadsLoaded, this, [this](const ValueList &payloads) {
        m_payloadKeys.clear();
        for (const Value &p : payloads)
            valueKeys(p, QStringLiteral("trigger"), &m_payloadKeys);
        updateCompletions();
    });
    newRule();
}

void RuleEditor::fillCombo(QComboBox *box, const ValueList &docs, const QString &keep)
{
    const QSignalBlocker block(box);
    box->clear();
    box->addItem(tr("(choose)"));
    for (const Value &d : docs) {
        box->addItem(d[u"ref"].toString());
        box->setItemData(box->count() - 1, d[u"description"].toString(), Qt::ToolTipRole);
    }
    if (!keep.isEmpty() && box->findText(keep) < 0)
        box->addItem(keep);  // not registered (yet): keep what the rule says
    box->setCurrentIndex(keep.isEmpty() ? 0 : box->findText(keep));
}

void RuleEditor::reloadCatalogs()
{
    using client::Op;
    m_pendingCatalogs = 4;
    m_studio->client()->call(client::Request::of(Op::ListPacks, {}, {}, kAll), this, [this](const client::ClientResult &r) {
        if (r.ok()) {
            QString keep = m_pack->currentText();
            const QSignalBlocker block(m_pack);
            m_pack->clear();
            for (const Value &p : r.value.toList()) {
                const QString name = p[u"ref"].toString().isEmpty() ? p[u"name"].toString() : p[u"ref"].toString();
                m_pack->addItem(name);
                // A new rule goes to the first pack one may write to, not the bundled core.
                if (keep.isEmpty() && m_ref.isEmpty() && name != u"core")
                    keep = name;
            }
            m_pack->setCurrentText(keep);
            if (m_ref.isEmpty())
                updatePreview();
        }
        catalogDone();
    });
    m_studio->client()->call(client::Request::of(Op::ListTriggerTypes, {}, {}, kAll), this,
                             [this](const client::ClientResult &r) {
                                 if (r.ok()) {
                                     m_triggerTypes = r.value.toList();
                                     const QString keep = m_trigger->currentIndex() > 0 ? m_trigger->currentText()
                                                                                         : QString();
                                     fillCombo(m_trigger, m_triggerTypes, keep);
                                 }
                                 catalogDone();
                             });
    client::Request actions = client::Request::of(Op::ListActions, {}, {}, kAll);
    m_studio->client()->call(actions, this, [this](const client::ClientResult &r) {
        if (r.ok()) {
            m_actions = r.value.toList();
            const QString keep = m_action->currentIndex() > 0 ? m_action->currentText() : QString();
            fillCombo(m_action, m_actions, keep);
        }
        catalogDone();
    });
    m_studio->client()->call(client::Request::of(Op::ListKeys, {}, {}, kAll), this, [this](const client::ClientResult &r) {
        m_keyNames.clear();
        if (r.ok()) {
            for (const Value &k : r.value.toList())
                m_keyNames.append(QStringLiteral("st2kv.system.") + k[u"name"].toString());
        }
        catalogDone();
    });
}

void RuleEditor::catalogDone()
{
    if (--m_pendingCatalogs > 0)
        return;
    const bool wasLoading = m_loading;
    m_loading = true;
    triggerChosen();
    m_loading = wasLoading;
    updateCompletions();
    updatePreview();
    Q_EMIT catalogsReady();
}

void RuleEditor::newRule(const QString &pack)
{
    m_original = Value();
    m_ref.clear();
    m_loading = true;
    m_pack->setEnabled(true);
    m_name->setReadOnly(false);
    m_pack->setCurrentText(pack);
    m_name->clear();
    m_description->clear();
    m_enabled->setChecked(true);
    m_trigger->setCurrentIndex(0);
    m_pendingTriggerValues = Value(ValueDict());
    triggerChosen();
    m_criteria->setCriteria(Value(ValueDict()));
    m_pendingActionValues = Value(ValueDict());
    m_action->setCurrentIndex(0);
    actionChosen();
    m_loading = false;
    m_fileStatus->setText(tr("A new rule: Save registers it and writes rules/<name>.yaml into the pack's folder."));
    setDirty(false);
    updateHeader();
    updatePreview();
}

void RuleEditor::setRule(const Value &doc0)
{
    const Value doc = stored(doc0);
    m_original = doc;
    m_ref = doc[u"ref"].toString();
    m_loading = true;
    m_pack->setCurrentText(doc[u"pack"].toString());
    m_name->setText(doc[u"name"].toString());
    // A rule's ref is its identity: renaming is a new rule (Duplicate).
    m_pack->setEnabled(false);
    m_name->setReadOnly(true);
    m_description->setText(doc[u"description"].toString());
    m_enabled->setChecked(doc[u"enabled"].toBool());
    const QString trigger = doc[u"trigger"][u"type"].toString();
    if (m_trigger->findText(trigger) < 0)
        m_trigger->addItem(trigger);
    m_pendingTriggerValues = doc[u"trigger"][u"parameters"];
    if (m_trigger->currentText() == trigger)
        triggerChosen();
    else
        m_trigger->setCurrentIndex(m_trigger->findText(trigger));
    m_criteria->setCriteria(doc[u"criteria"]);
    const QString action = doc[u"action"][u"ref"].toString();
    if (m_action->findText(action) < 0)
        m_action->addItem(action);
    m_pendingActionValues = doc[u"action"][u"parameters"];
    if (m_action->currentText() == action)
        actionChosen();
    else
        m_action->setCurrentIndex(m_action->findText(action));
    m_loading = false;
    const QString file = doc[u"metadata_file"].toString();
    if (m_ref == m_savedRef && !m_saveNote.isEmpty())
        m_fileStatus->setText(m_saveNote);  // what the last save said stays until another rule shows
    else
        m_fileStatus->setText(file.isEmpty() ? tr("Registered with the engine; not in a pack file yet (Save writes one).")
                                             : tr("In pack %1: %2").arg(doc[u"pack"].toString(), file));
    setDirty(false);
    updateHeader();
    updatePreview();
}

void RuleEditor::triggerChosen()
{
    const QString ref = m_trigger->currentIndex() > 0 ? m_trigger->currentText() : QString();
    Value type;
    for (const Value &t : m_triggerTypes) {
        if (t[u"ref"].toString() == ref)
            type = t;
    }
    const Value keepValues = m_pendingTriggerValues.isNull() ? m_triggerForm->values() : m_pendingTriggerValues;
    m_triggerForm->setSchema(type[u"parameters_schema"].isNull() ? Value(ValueDict()) : type[u"parameters_schema"]);
    if (m_loading || !m_pendingTriggerValues.isNull())
        m_triggerForm->setValues(keepValues);
    if (!type.isNull())
        m_pendingTriggerValues = Value();
    m_triggerForm->setVisible(!m_triggerForm->isEmptySchema());
    m_triggerHelp->setText(type[u"description"].toString());
    m_triggerHelp->setVisible(!m_triggerHelp->text().isEmpty());
    m_explainer->setTriggerType(ref);
    m_payloadKeys.clear();
    updateCompletions();
    formChanged();
}

void RuleEditor::actionChosen()
{
    const QString ref = m_action->currentIndex() > 0 ? m_action->currentText() : QString();
    Value doc;
    for (const Value &a : m_actions) {
        if (a[u"ref"].toString() == ref)
            doc = a;
    }
    m_actionHelp->setText(doc[u"description"].toString());
    m_actionHelp->setVisible(!m_actionHelp->text().isEmpty());
    m_actionReady = false;
    formChanged();  // a choice the user made (ignored while a rule loads)
    if (ref.isEmpty()) {
        m_actionForm->setSchema(Value(ValueDict()));
        m_actionForm->hide();
        m_actionReady = true;
        return;
    }
    // The merged runner + action parameters: what the action really accepts.
    m_studio->client()->call(client::Request::of(client::Op::ActionParameters, ref), this,
                             [this, ref](const client::ClientResult &r) {
                                 if (m_action->currentText() != ref)
                                     return;
                                 const bool wasLoading = m_loading;
                                 m_loading = true;
                                 m_actionForm->setSchema(r.ok() ? r.value[u"parameters"] : Value(ValueDict()));
                                 m_actionForm->setHideImmutable(true);
                                 if (!m_pendingActionValues.isNull())
                                     m_actionForm->setValues(m_pendingActionValues);
                                 m_pendingActionValues = Value();
                                 m_actionForm->setVisible(!m_actionForm->isEmptySchema());
                                 updateCompletions();
                                 m_loading = wasLoading;
                                 m_actionReady = true;
                                 updatePreview();
                                 Q_EMIT actionFormLoaded();
                             });
}

void RuleEditor::updateCompletions()
{
    QStringList keys;
    const QString ref = m_trigger->currentIndex() > 0 ? m_trigger->currentText() : QString();
    for (const Value &t : m_triggerTypes) {
        if (t[u"ref"].toString() == ref)
            schemaKeys(t[u"payload_schema"], QStringLiteral("trigger"), &keys);
    }
    keys += m_payloadKeys;
    keys.removeDuplicates();
    m_criteria->setKeyCompletions(keys);
    m_actionForm->setCompletions(keys + m_keyNames);
}

Value RuleEditor::rule() const
{
    ValueDict doc;
    doc.insert(QStringLiteral("name"), m_name->text().trimmed());
    doc.insert(QStringLiteral("pack"), m_pack->currentText().trimmed());
    if (!m_description->text().isEmpty())
        doc.insert(QStringLiteral("description"), m_description->text());
    doc.insert(QStringLiteral("enabled"), m_enabled->isChecked());
    // What the form does not show stays as stored, where it says more than the defaults.
    if (m_original[u"type"][u"ref"].toString() == u"backstop")
        doc.insert(QStringLiteral("type"), m_original[u"type"]);
    if (!m_original[u"tags"].toList().isEmpty())
        doc.insert(QStringLiteral("tags"), m_original[u"tags"]);
    doc.insert(QStringLiteral("trigger"),
               makeDict({{QStringLiteral("type"), m_trigger->currentIndex() > 0 ? m_trigger->currentText() : QString()},
                         {QStringLiteral("parameters"),
                          m_pendingTriggerValues.isNull() ? m_triggerForm->values() : m_pendingTriggerValues}}));
    doc.insert(QStringLiteral("criteria"), m_criteria->criteria());
    doc.insert(QStringLiteral("action"),
               makeDict({{QStringLiteral("ref"), m_action->currentIndex() > 0 ? m_action->currentText() : QString()},
                         {QStringLiteral("parameters"),
                          m_pendingActionValues.isNull() ? m_actionForm->values() : m_pendingActionValues}}));
    return Value(std::move(doc));
}

void RuleEditor::formChanged()
{
    if (m_loading)
        return;
    setDirty(true);
    updateHeader();
    updatePreview();
}

void RuleEditor::setDirty(bool dirty)
{
    m_revert->setEnabled(dirty);
    if (m_dirty == dirty)
        return;
    m_dirty = dirty;
    Q_EMIT dirtyChanged(dirty);
}

void RuleEditor::updateHeader()
{
    const QString name = m_name->text().trimmed();
    const QString ref = name.isEmpty() ? QString() : m_pack->currentText().trimmed() + u'.' + name;
    QString title = m_ref.isEmpty() ? (ref.isEmpty() ? tr("New rule") : tr("New rule %1").arg(ref)) : m_ref;
    if (m_dirty)
        title += QStringLiteral(" *");
    m_title->setText(title);
}

void RuleEditor::updatePreview()
{
    // Typing in the form must not make the preview jump to its top.
    const int scroll = m_yaml->verticalScrollBar()->value();
    m_yaml->setPlainText(QStringLiteral("---\n") + yaml::dump(rule()));
    m_yaml->verticalScrollBar()->setValue(scroll);
}

void RuleEditor::revert()
{
    if (m_original.isNull())
        newRule(m_pack->currentText());
    else
        setRule(m_original);
}

void RuleEditor::test()
{
    m_side->setCurrentWidget(m_explainer);
    m_explainer->run();
}

void RuleEditor::save()
{
    const Value doc = rule();
    if (doc[u"name"].toString().isEmpty()) {
        m_fileStatus->setText(tr("Give the rule a name."));
        m_name->setFocus();
        return;
    }
    if (!m_triggerForm->validate() || !m_actionForm->validate()) {
        m_fileStatus->setText(tr("Some parameters need attention (see the messages next to them)."));
        return;
    }
    const bool creating = m_ref.isEmpty();
    const QString ref = creating ? doc[u"pack"].toString() + u'.' + doc[u"name"].toString() : m_ref;
    client::Request request = creating ? client::Request::of(client::Op::CreateRule, {}, doc, kWriteFile)
                                       : client::Request::of(client::Op::UpdateRule, m_ref, doc, kWriteFile);
    m_save->setEnabled(false);
    m_fileStatus->setText(tr("Saving…"));
    const Value before = m_original;
    m_studio->client()->call(request, this, [this, request, creating, ref, before](const client::ClientResult &r) {
        m_save->setEnabled(true);
        if (!r.ok()) {
            // Field errors from the engine go next to the field they name.
            const QString field = r.error->field;
            if (field.startsWith(u"action.parameters."))
                m_actionForm->setFieldErrors({{field.mid(18), r.error->message}});
            else if (field.startsWith(u"trigger.parameters."))
                m_triggerForm->setFieldErrors({{field.mid(19), r.error->message}});
            m_fileStatus->setText(tr("Not saved: %1").arg(r.errorText()));
            m_studio->tell(tr("Rule %1 not saved: %2").arg(ref, r.errorText()), 0);
            return;
        }
        const client::Request undo = creating
                                         ? client::Request::of(client::Op::DeleteRule, ref)
                                         : client::Request::of(client::Op::UpdateRule, ref, before, kWriteFile);
        m_studio->undoStack()->push(new RuleEditCommand(
            m_studio, creating ? tr("Create rule %1").arg(ref) : tr("Save rule %1").arg(ref), request, undo));
        const QString fileError = r.value[u"file_error"].toString();
        m_savedRef = r.value[u"ref"].toString();
        if (!fileError.isEmpty()) {
            m_saveNote = tr("Saved and registered, but not written to a file: %1").arg(fileError);
            m_studio->tell(tr("Rule %1 saved; no rule file written: %2").arg(ref, fileError));
        } else {
            m_saveNote = tr("Saved to %1").arg(r.value[u"file_path"].toString());
            m_studio->tell(tr("Rule %1 saved").arg(ref));
        }
        setRule(r.value);
        Q_EMIT saved(stored(r.value));
    });
}

} // namespace squall::ui
