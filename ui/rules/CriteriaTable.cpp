#include "ui/rules/CriteriaTable.h"

#include "base/Json.h"
#include "ui/rules/RuleOperators.h"
#include "ui/shell/Icons.h"

#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QStringListModel>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace squall::ui {

namespace {
enum Column { KeyColumn, OperatorColumn, PatternColumn, RemoveColumn };

// Patterns are written as text: JSON where it parses as a number, boolean,
// list or object (what a YAML rule file would make of it), else a string.
Value patternFromText(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return Value();
    if (t == u"true" || t == u"false" || t.front().isDigit() || t.front() == u'-' || t.front() == u'['
        || t.front() == u'{') {
        json::ParseError error;
        const Value v = json::parse(QStringView(t), &error);
        if (error.ok())
            return v;
    }
    return Value(text);
}

QString patternToText(const Value &pattern)
{
    if (pattern.isNull())
        return {};
    return pattern.isString() ? pattern.toString() : json::toString(pattern);
}
} // namespace

CriteriaTable::CriteriaTable(QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, 4, this)), m_add(new QToolButton(this)),
      m_keys(new QStringListModel(this))
{
    m_table->setObjectName(QStringLiteral("ruleCriteria"));
    m_table->setAccessibleName(tr("Criteria"));
    m_table->setAccessibleDescription(tr("Each row compares a payload key with a pattern; all rows must hold"));
    m_table->setHorizontalHeaderLabels({tr("Key"), tr("Operator"), tr("Pattern"), QString()});
    m_table->horizontalHeader()->setSectionResizeMode(KeyColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(OperatorColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(PatternColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(RemoveColumn, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setMinimumHeight(96);

    m_add->setObjectName(QStringLiteral("ruleAddCriterion"));
    m_add->setIcon(icons::get(QStringLiteral("add")));
    m_add->setText(tr("Add criterion"));
    m_add->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_add->setAccessibleName(tr("Add criterion"));
    m_add->setAccessibleDescription(tr("Adds a row to the criteria table"));
    connect(m_add, &QToolButton::clicked, this, [this] { addRow(); });

    auto *hint = new QLabel(tr("No criteria: every trigger instance matches."), this);
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_add);
    buttons->addWidget(hint, 1);
    buttons->addStretch(0);
    connect(this, &CriteriaTable::changed, hint, [this, hint] { hint->setVisible(rowCount() == 0); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
}

void CriteriaTable::setKeyCompletions(const QStringList &keys)
{
    m_keys->setStringList(keys);
}

int CriteriaTable::rowCount() const
{
    return m_table->rowCount();
}

int CriteriaTable::addRow(const QString &key, const QString &op, const Value &pattern)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);

    auto *keyEdit = new QLineEdit(key, m_table);
    keyEdit->setPlaceholderText(QStringLiteral("trigger.body.name"));
    keyEdit->setAccessibleName(tr("Criterion %1 key").arg(row + 1));
    keyEdit->setAccessibleDescription(tr("The payload value to test, as trigger.<path>"));
    auto *completer = new QCompleter(m_keys, keyEdit);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    keyEdit->setCompleter(completer);
    connect(keyEdit, &QLineEdit::textChanged, this, &CriteriaTable::changed);

    auto *opBox = new QComboBox(m_table);
    for (const RuleOperator &o : ruleOperators()) {
        opBox->addItem(o.name);
        opBox->setItemData(opBox->count() - 1, o.help, Qt::ToolTipRole);
    }
    if (opBox->findText(op) < 0)
        opBox->addItem(op);  // what the engine's document says, even if unknown here
    opBox->setCurrentText(op);
    opBox->setAccessibleName(tr("Criterion %1 operator").arg(row + 1));
    opBox->setAccessibleDescription(tr("How the value is compared with the pattern"));
    connect(opBox, &QComboBox::currentTextChanged, this, &CriteriaTable::changed);

    auto *patternEdit = new QLineEdit(patternToText(pattern), m_table);
    patternEdit->setPlaceholderText(tr("pattern"));
    patternEdit->setAccessibleName(tr("Criterion %1 pattern").arg(row + 1));
    patternEdit->setAccessibleDescription(tr("Text, or JSON for numbers, booleans, lists; {{ }} templates allowed"));
    connect(patternEdit, &QLineEdit::textChanged, this, &CriteriaTable::changed);

    auto *remove = new QToolButton(m_table);
    remove->setIcon(icons::get(QStringLiteral("delete")));
    remove->setAutoRaise(true);
    remove->setToolTip(tr("Remove this criterion"));
    remove->setAccessibleName(tr("Remove criterion %1").arg(row + 1));
    connect(remove, &QToolButton::clicked, this, [this, remove] {
        for (int r = 0; r < m_table->rowCount(); ++r) {
            if (m_table->cellWidget(r, RemoveColumn) == remove) {
                removeRow(r);
                return;
            }
        }
    });

    m_table->setCellWidget(row, KeyColumn, keyEdit);
    m_table->setCellWidget(row, OperatorColumn, opBox);
    m_table->setCellWidget(row, PatternColumn, patternEdit);
    m_table->setCellWidget(row, RemoveColumn, remove);
    renumber();
    keyEdit->setFocus();
    Q_EMIT changed();
    return row;
}

void CriteriaTable::removeRow(int row)
{
    m_table->removeRow(row);
    renumber();
    Q_EMIT changed();
}

void CriteriaTable::renumber()
{
    // Object names follow the row so tests and scripts can find a row's fields.
    for (int r = 0; r < m_table->rowCount(); ++r) {
        m_table->cellWidget(r, KeyColumn)->setObjectName(QStringLiteral("criterionKey_%1").arg(r));
        m_table->cellWidget(r, OperatorColumn)->setObjectName(QStringLiteral("criterionOperator_%1").arg(r));
        m_table->cellWidget(r, PatternColumn)->setObjectName(QStringLiteral("criterionPattern_%1").arg(r));
        m_table->cellWidget(r, RemoveColumn)->setObjectName(QStringLiteral("criterionRemove_%1").arg(r));
    }
}

void CriteriaTable::setCriteria(const Value &criteria)
{
    const QSignalBlocker block(this);
    m_table->setRowCount(0);
    for (const auto &[key, c] : criteria.toDict())
        addRow(key, c[u"type"].toString(), c[u"pattern"]);
    blockSignals(false);
    Q_EMIT changed();
}

Value CriteriaTable::criteria() const
{
    ValueDict out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QString key = static_cast<QLineEdit *>(m_table->cellWidget(r, KeyColumn))->text().trimmed();
        if (key.isEmpty())
            continue;
        const QString op = static_cast<QComboBox *>(m_table->cellWidget(r, OperatorColumn))->currentText();
        const QString pattern = static_cast<QLineEdit *>(m_table->cellWidget(r, PatternColumn))->text();
        ValueDict c;
        c.insert(QStringLiteral("type"), op);
        c.insert(QStringLiteral("pattern"), patternFromText(pattern));
        out.insert(key, Value(std::move(c)));
    }
    return Value(std::move(out));
}

} // namespace squall::ui
