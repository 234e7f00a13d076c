#include "ui/workflow/panes/WorkflowPropertiesEditor.h"

#include "ui/workflow/panes/KeyValueTable.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

using Rows = QList<std::pair<QString, Value>>;

// Orquesta's lists of names / one-key dicts, or a plain dict (ActionChain vars).
Rows rowsOf(const Value &v)
{
    Rows rows;
    if (v.isDict()) {
        for (const auto &[k, value] : v.toDict())
            rows.append({k, value});
    } else if (v.isList()) {
        for (const Value &item : v.toList()) {
            if (item.isString())
                rows.append({item.toString(), Value()});
            else if (item.isDict())
                for (const auto &[k, value] : item.toDict())
                    rows.append({k, value});
        }
    }
    return rows;
}

Value oneKeyDicts(const Rows &rows)
{
    ValueList list;
    for (const auto &[k, v] : rows)
        list.append(Value(ValueDict{{k, v}}));
    return Value(list);
}

} // namespace

WorkflowPropertiesEditor::WorkflowPropertiesEditor(QWidget *parent)
    : QWidget(parent)
    , m_description(new QLineEdit(this))
    , m_descriptionLabel(new QLabel(tr("&Description"), this))
    , m_defaultLabel(new QLabel(tr("De&fault task"), this))
    , m_default(new QComboBox(this))
    , m_input(new KeyValueTable(QStringLiteral("workflowInput"), tr("Input"), tr("Name"), tr("Default"),
                                KeyValueTable::ValueKind::Typed, this))
    , m_vars(new KeyValueTable(QStringLiteral("workflowVars"), tr("Variables"), tr("Name"), tr("Value"),
                               KeyValueTable::ValueKind::Typed, this))
    , m_output(new KeyValueTable(QStringLiteral("workflowOutput"), tr("Output"), tr("Name"), tr("Expression"),
                                 KeyValueTable::ValueKind::Expression, this))
{
    setObjectName(QStringLiteral("workflowProperties"));
    m_description->setObjectName(QStringLiteral("workflowDescription"));
    m_description->setAccessibleName(tr("Workflow description"));
    m_description->setAccessibleDescription(tr("The description of the workflow, shown with the action"));
    m_description->setPlaceholderText(tr("What this workflow does"));
    m_descriptionLabel->setBuddy(m_description);
    m_default->setObjectName(QStringLiteral("workflowDefaultTask"));
    m_default->setAccessibleName(tr("Default task"));
    m_default->setAccessibleDescription(tr("The task the action chain starts with"));
    m_defaultLabel->setBuddy(m_default);

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(m_descriptionLabel, m_description);
    form->addRow(m_defaultLabel, m_default);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(form);
    layout->addWidget(m_input);
    layout->addWidget(m_vars);
    layout->addWidget(m_output);
    layout->addStretch(1);

    connect(m_description, &QLineEdit::editingFinished, this, [this] {
        const QString text = m_description->text().trimmed();
        m_description->setModified(false);
        if (text == m_doc[u"description"].toString())
            return;
        Q_EMIT workflowFieldEdited(QStringLiteral("description"), text.isEmpty() ? Value() : Value(text));
    });
    connect(m_default, &QComboBox::activated, this, [this] {
        Q_EMIT workflowFieldEdited(QStringLiteral("default"), Value(m_default->currentText()));
    });
    connect(m_input, &KeyValueTable::edited, this, [this] {
        ValueList list;
        for (const auto &[k, v] : m_input->rows())
            list.append(v.isNull() ? Value(k) : Value(ValueDict{{k, v}}));
        Q_EMIT workflowFieldEdited(QStringLiteral("input"), Value(list));
    });
    connect(m_vars, &KeyValueTable::edited, this, [this] {
        if (m_actionChain) {
            ValueDict dict;
            for (const auto &[k, v] : m_vars->rows())
                dict.insert(k, v);
            Q_EMIT workflowFieldEdited(QStringLiteral("vars"), Value(dict));
        } else {
            Q_EMIT workflowFieldEdited(QStringLiteral("vars"), oneKeyDicts(m_vars->rows()));
        }
    });
    connect(m_output, &KeyValueTable::edited, this,
            [this] { Q_EMIT workflowFieldEdited(QStringLiteral("output"), oneKeyDicts(m_output->rows())); });
    setWorkflow(Value(ValueDict{}), false);
}

void WorkflowPropertiesEditor::setWorkflow(const Value &doc, bool actionChain)
{
    if (m_filled && doc == m_doc && actionChain == m_actionChain)
        return;
    m_doc = doc;
    m_actionChain = actionChain;
    m_filled = true;
    fill();
}

void WorkflowPropertiesEditor::setCompletions(const QStringList &words)
{
    m_input->setCompletions(words);
    m_vars->setCompletions(words);
    m_output->setCompletions(words);
}

void WorkflowPropertiesEditor::fill()
{
    // Only what changed is written back, so a field being typed in keeps its cursor.
    const QString description = m_doc[u"description"].toString();
    if (!(m_description->hasFocus() && m_description->isModified()) && m_description->text() != description)
        m_description->setText(description);

    m_descriptionLabel->setVisible(!m_actionChain);
    m_description->setVisible(!m_actionChain);
    m_defaultLabel->setVisible(m_actionChain);
    m_default->setVisible(m_actionChain);
    m_input->setVisible(!m_actionChain);
    m_output->setVisible(!m_actionChain);

    if (m_actionChain) {
        QStringList names;
        for (const Value &node : m_doc[u"chain"].toList())
            names.append(node[u"name"].toString());
        const QString current = m_doc[u"default"].toString();
        const QSignalBlocker block(m_default);
        m_default->clear();
        m_default->addItems(names);
        if (!current.isEmpty() && !names.contains(current))
            m_default->addItem(current);
        m_default->setCurrentIndex(current.isEmpty() ? (names.isEmpty() ? -1 : 0) : m_default->findText(current));
    }
    auto update = [](KeyValueTable *table, const Rows &rows) {
        if (table->rows() != rows)
            table->setRows(rows);
    };
    update(m_input, rowsOf(m_doc[u"input"]));
    update(m_vars, rowsOf(m_doc[u"vars"]));
    update(m_output, rowsOf(m_doc[u"output"]));
}

} // namespace squall::ui
