#pragma once

#include "base/Value.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace squall::ui {

class CriteriaTable;
class RuleExplainer;
class SchemaForm;
class Studio;

// The rule form (st2web's habit: the detail pane, Save / Revert): pack, name,
// description, enabled; trigger type -> its parameter form; criteria; action
// -> its parameter form with `{{ trigger.* }}` and `{{ st2kv.* }}` completion;
// a live YAML preview; and the explainer (Test). Save registers the rule and
// asks the engine to write rules/<name>.yaml into the pack folder.
class RuleEditor final : public QWidget
{
    Q_OBJECT
public:
    explicit RuleEditor(Studio *studio, QWidget *parent = nullptr);

    // Packs, trigger types, actions and datastore keys for the drop-downs.
    void reloadCatalogs();
    // An empty form for a new rule in `pack`.
    void newRule(const QString &pack = {});
    // Shows a stored rule (not while the form has unsaved changes, unless forced).
    void setRule(const Value &doc);
    // The document the form describes.
    Value rule() const;
    // The ref of the rule being edited; empty for a new one.
    QString ruleRef() const { return m_ref; }
    bool isDirty() const { return m_dirty; }

    void save();
    void revert();
    // Shows the explainer and runs it.
    void test();

    QComboBox *triggerBox() const { return m_trigger; }
    QComboBox *actionBox() const { return m_action; }
    SchemaForm *triggerForm() const { return m_triggerForm; }
    SchemaForm *actionForm() const { return m_actionForm; }
    CriteriaTable *criteriaTable() const { return m_criteria; }
    RuleExplainer *explainer() const { return m_explainer; }
    QPlainTextEdit *yamlPreview() const { return m_yaml; }
    bool catalogsLoaded() const { return m_pendingCatalogs == 0; }
    // Whether the action's parameter form has its schema (it loads per action).
    bool actionFormReady() const { return m_actionReady; }

Q_SIGNALS:
    // After the engine accepted a save: the stored document.
    void saved(const squall::Value &rule);
    void dirtyChanged(bool dirty);
    void catalogsReady();
    void actionFormLoaded();

private:
    void formChanged();
    void setDirty(bool dirty);
    void triggerChosen();
    void actionChosen();
    void updateCompletions();
    void updatePreview();
    void updateHeader();
    void fillCombo(QComboBox *box, const ValueList &docs, const QString &keep);
    void catalogDone();

    Studio *m_studio;
    Value m_original;          // the stored rule; null for a new one
    QString m_ref;
    QString m_savedRef, m_saveNote;  // the last save's word on the rule file
    bool m_dirty = false;
    bool m_loading = false;
    bool m_actionReady = false;
    int m_pendingCatalogs = 0;
    ValueList m_triggerTypes, m_actions;
    QStringList m_keyNames;
    QStringList m_payloadKeys;  // from recent trigger instances
    Value m_pendingActionValues;
    Value m_pendingTriggerValues;

    QLabel *m_title;
    QLabel *m_fileStatus;
    QPushButton *m_save, *m_revert, *m_test;
    QComboBox *m_pack;
    QLineEdit *m_name, *m_description;
    QCheckBox *m_enabled;
    QComboBox *m_trigger;
    QLabel *m_triggerHelp;
    SchemaForm *m_triggerForm;
    CriteriaTable *m_criteria;
    QComboBox *m_action;
    QLabel *m_actionHelp;
    SchemaForm *m_actionForm;
    QTabWidget *m_side;
    QPlainTextEdit *m_yaml;
    RuleExplainer *m_explainer;
};

} // namespace squall::ui
