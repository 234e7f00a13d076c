#pragma once

#include "base/Value.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace squall::ui {

class KeyValueTable;

// The workflow's own fields: description, input (name + default), vars
// (name + value) and output (name + expression) for Orquesta; vars and the
// default node for ActionChain. Edits come out as intents in the file's shape.
class WorkflowPropertiesEditor : public QWidget
{
    Q_OBJECT
public:
    explicit WorkflowPropertiesEditor(QWidget *parent = nullptr);

    // The parsed workflow document. An equal document (and kind) rebuilds nothing.
    void setWorkflow(const squall::Value &doc, bool actionChain);
    // ctx() names and expression forms offered in value and expression cells.
    void setCompletions(const QStringList &words);

    QLineEdit *descriptionField() const { return m_description; }
    KeyValueTable *inputTable() const { return m_input; }
    KeyValueTable *varsTable() const { return m_vars; }
    KeyValueTable *outputTable() const { return m_output; }
    QComboBox *defaultNodeField() const { return m_default; }

Q_SIGNALS:
    // key "description" (string, null removes), Orquesta "input" (list of names
    // or {name: default}), "vars" / "output" (lists of one-key dicts);
    // ActionChain "vars" (a dict) and "default" (a node name).
    void workflowFieldEdited(const QString &key, const squall::Value &value);

private:
    void fill();

    Value m_doc;
    bool m_actionChain = false;
    bool m_filled = false;
    QLineEdit *m_description;
    QLabel *m_descriptionLabel;
    QLabel *m_defaultLabel;
    QComboBox *m_default;
    KeyValueTable *m_input;
    KeyValueTable *m_vars;
    KeyValueTable *m_output;
};

} // namespace squall::ui
