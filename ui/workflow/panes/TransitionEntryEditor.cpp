#include "ui/workflow/panes/TransitionEntryEditor.h"

#include "ui/shell/Icons.h"
#include "ui/workflow/panes/KeyValueTable.h"

#include <QEvent>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QToolButton>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

const QStringList &engineCommands()
{
    static const QStringList commands{QStringLiteral("fail"), QStringLiteral("noop"), QStringLiteral("continue"),
                                      QStringLiteral("retry")};
    return commands;
}

QStringList targetsOf(const Value &doValue)
{
    QStringList out;
    if (doValue.isString()) {
        // "a, b" is a list too (Orquesta splits on commas).
        for (const QString &part : doValue.toString().split(u',', Qt::SkipEmptyParts))
            out.append(part.trimmed());
    } else {
        for (const Value &v : doValue.toList())
            out.append(v.toString());
    }
    return out;
}

QList<std::pair<QString, Value>> publishRows(const Value &publish)
{
    QList<std::pair<QString, Value>> rows;
    if (publish.isString()) {
        // Orquesta's inline form: "a=<% result() %> b=2".
        static const QRegularExpression pair(QStringLiteral("(\\w+)=(.*?)(?=\\s+\\w+=|\\s*$)"),
                                             QRegularExpression::DotMatchesEverythingOption);
        auto it = pair.globalMatch(publish.toString());
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            rows.append({m.captured(1), Value(m.captured(2).trimmed())});
        }
    } else if (publish.isDict()) {
        for (const auto &[k, v] : publish.toDict())
            rows.append({k, v});
    } else {
        for (const Value &item : publish.toList())
            for (const auto &[k, v] : item.toDict())
                rows.append({k, v});
    }
    return rows;
}

// Ticking several targets should not take reopening the menu each time.
class StayOpenMenu : public QMenu
{
public:
    using QMenu::QMenu;

protected:
    void mouseReleaseEvent(QMouseEvent *event) override
    {
        if (toggleActive())
            return;
        QMenu::mouseReleaseEvent(event);
    }

    void keyPressEvent(QKeyEvent *event) override
    {
        if ((event->key() == Qt::Key_Space || event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
            && toggleActive())
            return;
        QMenu::keyPressEvent(event);
    }

private:
    bool toggleActive()
    {
        QAction *a = activeAction();
        if (!a || !a->isEnabled() || !a->isCheckable())
            return false;
        a->trigger();
        return true;
    }
};

} // namespace

TransitionEntryEditor::TransitionEntryEditor(const QString &prefix, int index, QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_when(new QLineEdit(this))
    , m_do(new QToolButton(this))
    , m_menu(new StayOpenMenu(m_do))
    , m_publish(new KeyValueTable(prefix + QStringLiteral("Publish"), tr("Publish"), tr("Name"), tr("Expression"),
                                  KeyValueTable::ValueKind::Expression, this))
    , m_remove(new QToolButton(this))
{
    setObjectName(prefix);
    setFrameShape(QFrame::StyledPanel);
    const QString label = tr("Transition %1").arg(index + 1);
    m_title->setText(label);
    m_title->setObjectName(prefix + QStringLiteral("Title"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);

    m_when->setObjectName(prefix + QStringLiteral("When"));
    m_when->setAccessibleName(tr("%1: when").arg(label));
    m_when->setAccessibleDescription(tr("Condition of this transition, e.g. <% succeeded() %>; empty = always"));
    m_when->setPlaceholderText(tr("always, or <% succeeded() %>"));

    m_do->setObjectName(prefix + QStringLiteral("Do"));
    m_do->setAccessibleName(tr("%1: do").arg(label));
    m_do->setAccessibleDescription(tr("The tasks or engine commands this transition goes to"));
    m_do->setPopupMode(QToolButton::InstantPopup);
    m_do->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_do->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_do->setMenu(m_menu);
    m_menu->setObjectName(prefix + QStringLiteral("DoMenu"));

    m_remove->setObjectName(prefix + QStringLiteral("Remove"));
    m_remove->setIcon(icons::get(QStringLiteral("delete"), palette()));
    m_remove->setAccessibleName(tr("Remove %1").arg(label.toLower()));
    m_remove->setToolTip(tr("Remove this transition"));
    m_remove->setAutoRaise(true);
    connect(m_remove, &QToolButton::clicked, this, &TransitionEntryEditor::removeRequested);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_title, 1);
    header->addWidget(m_remove);
    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    auto *whenLabel = new QLabel(tr("When"), this);
    whenLabel->setBuddy(m_when);
    auto *doLabel = new QLabel(tr("Do"), this);
    doLabel->setBuddy(m_do);
    form->addRow(whenLabel, m_when);
    form->addRow(doLabel, m_do);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addLayout(form);
    layout->addWidget(m_publish);

    connect(m_when, &QLineEdit::editingFinished, this, [this] {
        const QString text = m_when->text().trimmed();
        m_when->setModified(false);
        if (text != m_entry[u"when"].toString())
            commit(QStringLiteral("when"), text.isEmpty() ? Value() : Value(text));
    });
    connect(m_publish, &KeyValueTable::edited, this, [this] {
        const auto rows = m_publish->rows();
        if (rows.isEmpty()) {
            commit(QStringLiteral("publish"), Value());
            return;
        }
        // Keep the file's form: a dict stays a dict, otherwise a list of one-key dicts.
        if (m_entry[u"publish"].isDict()) {
            ValueDict dict;
            for (const auto &[k, v] : rows)
                dict.insert(k, v);
            commit(QStringLiteral("publish"), Value(dict));
        } else {
            ValueList list;
            for (const auto &[k, v] : rows)
                list.append(Value(ValueDict{{k, v}}));
            commit(QStringLiteral("publish"), Value(list));
        }
    });
}

void TransitionEntryEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_remove->setIcon(icons::get(QStringLiteral("delete"), palette()));
    QFrame::changeEvent(event);
}

void TransitionEntryEditor::setEntry(const Value &entry, const QStringList &taskNames)
{
    m_filling = true;
    m_entry = entry;
    const QString when = entry[u"when"].toString();
    if (!(m_when->hasFocus() && m_when->isModified()) && m_when->text() != when)
        m_when->setText(when);
    if (taskNames != m_taskNames || m_menu->isEmpty())
        rebuildMenu(taskNames);
    const QStringList targets = targetsOf(entry[u"do"]);
    for (QAction *a : m_menu->actions())
        if (a->isCheckable())
            a->setChecked(targets.contains(a->data().toString()));
    // Targets the list does not know (a task not yet written) still show.
    for (const QString &t : targets) {
        bool known = false;
        for (QAction *a : m_menu->actions())
            known = known || a->data().toString() == t;
        if (!known) {
            QAction *a = m_menu->addAction(t);
            a->setData(t);
            a->setCheckable(true);
            a->setChecked(true);
            connect(a, &QAction::toggled, this, [this, t](bool on) { setDoTarget(t, on); });
        }
    }
    updateDoText();
    const auto rows = publishRows(entry[u"publish"]);
    if (m_publish->rows() != rows)
        m_publish->setRows(rows);
    m_filling = false;
}

void TransitionEntryEditor::setCompletions(const QStringList &expressions)
{
    auto *completer = new QCompleter(expressions, m_when);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    delete m_when->completer();
    m_when->setCompleter(completer);
    m_publish->setCompletions(expressions);
}

QStringList TransitionEntryEditor::doTargets() const
{
    return targetsOf(m_entry[u"do"]);
}

void TransitionEntryEditor::setDoTarget(const QString &name, bool on)
{
    if (m_filling)
        return;
    QStringList targets = doTargets();
    if (on && !targets.contains(name))
        targets.append(name);
    if (!on)
        targets.removeAll(name);
    for (QAction *a : m_menu->actions())
        if (a->data().toString() == name && a->isChecked() != on) {
            const QSignalBlocker block(a);
            a->setChecked(on);
        }
    // One target is written as a name, unless the file already had a list.
    const Value old = m_entry[u"do"];
    Value doValue;
    if (targets.size() == 1 && !(old.isList() && !old.toList().isEmpty()))
        doValue = Value(targets.first());
    else if (!targets.isEmpty()) {
        ValueList list;
        for (const QString &t : std::as_const(targets))
            list.append(Value(t));
        doValue = Value(list);
    }
    commit(QStringLiteral("do"), doValue);
    updateDoText();
}

void TransitionEntryEditor::rebuildMenu(const QStringList &taskNames)
{
    m_taskNames = taskNames;
    m_menu->clear();
    auto add = [this](const QString &name, const QString &text) {
        QAction *a = m_menu->addAction(text);
        a->setData(name);
        a->setCheckable(true);
        connect(a, &QAction::toggled, this, [this, name](bool on) { setDoTarget(name, on); });
    };
    for (const QString &t : taskNames)
        add(t, t);
    m_menu->addSeparator();
    for (const QString &c : engineCommands())
        add(c, tr("%1 (engine command)").arg(c));
}

void TransitionEntryEditor::updateDoText()
{
    const QStringList targets = doTargets();
    m_do->setText(targets.isEmpty() ? tr("(nothing)") : targets.join(QStringLiteral(", ")));
    m_do->setToolTip(m_do->text());
}

void TransitionEntryEditor::commit(const QString &key, const Value &value)
{
    if (m_filling)
        return;
    ValueDict dict = m_entry.toDict();
    if (value.isNull())
        dict.remove(key);
    else
        dict.insert(key, value);
    m_entry = Value(dict);
    Q_EMIT edited(m_entry);
}

} // namespace squall::ui
