#include "ui/workflow/panes/TaskInspector.h"
#include "workflow/inspect/InlineParams.h"

#include "client/Client.h"
#include "ui/common/SchemaForm.h"
#include "ui/shell/Icons.h"
#include "ui/shell/Studio.h"
#include "ui/workflow/panes/KeyValueTable.h"
#include "ui/workflow/panes/TransitionEntryEditor.h"
#include "ui/workflow/panes/ValueText.h"

#include <QEvent>
#include <QApplication>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace squall::ui {

namespace {

// Orquesta takes inline parameters after the ref: "core.echo message=hi".
QString actionRefOf(const QString &action)
{
    return action.trimmed().section(u' ', 0, 0);
}

// What a task's action runs with: inline parameters ("core.echo message=hi")
// replace `input` altogether when there are any, as Orquesta reads them.
Value effectiveInput(const QString &action, const Value &input)
{
    const qsizetype space = action.trimmed().indexOf(u' ');
    if (space > 0) {
        const ValueDict inlined = workflow::inlineParamsDict(action.trimmed().mid(space + 1));
        if (!inlined.entries().isEmpty())
            return Value(inlined);
    }
    return input;
}

QLabel *sectionTitle(const QString &text, const QString &name, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(name);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    label->setContentsMargins(0, 6, 0, 0);
    return label;
}

template<typename W>
W *named(W *w, const QString &objectName, const QString &accessibleName, const QString &description = {})
{
    w->setObjectName(objectName);
    w->setAccessibleName(accessibleName);
    if (!description.isEmpty())
        w->setAccessibleDescription(description);
    return w;
}

void setTextIfIdle(QLineEdit *edit, const QString &text)
{
    // The field being typed in keeps its text and cursor (a field that only
    // has the focus takes the new text).
    if (edit->hasFocus() && edit->isModified())
        return;
    if (edit->text() != text)
        edit->setText(text);
}

void setValueIfIdle(QSpinBox *spin, int value)
{
    if (!spin->hasFocus() && spin->value() != value)
        spin->setValue(value);
}

QString withItemsOf(const Value &with)
{
    return with.isDict() ? valuetext::format(with[u"items"]) : with.toString();
}

} // namespace

TaskInspector::TaskInspector(Studio *studio, QWidget *parent)
    : QWidget(parent)
    , m_studio(studio)
    , m_inputTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("taskInspector"));
    buildUi();
    m_inputTimer->setSingleShot(true);
    m_inputTimer->setInterval(400);
    connect(m_inputTimer, &QTimer::timeout, this, &TaskInspector::flushInput);
    // Input edits also go out when the focus leaves the form.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *old, QWidget *now) {
        if (!m_inputTask.isEmpty() && old && m_input->isAncestorOf(old) && !(now && m_input->isAncestorOf(now)))
            flushInput();
    });
    if (m_studio) {
        connect(m_studio, &Studio::eventsReceived, this, [this](const engine::EventBatch &batch) {
            for (const engine::Event &e : batch) {
                if (e.kind == engine::EventKind::ActionCreate || e.kind == engine::EventKind::ActionUpdate
                    || e.kind == engine::EventKind::ActionDelete || e.kind == engine::EventKind::PacksRegister) {
                    // Parameters may have changed too.
                    m_schemas.clear();
                    QTimer::singleShot(200, this, &TaskInspector::loadActions);
                    return;
                }
            }
        });
        loadActions();
    }
    clearTask();
}

TaskInspector::~TaskInspector() = default;

void TaskInspector::buildUi()
{
    m_stack = new QStackedWidget(this);
    m_hint = new QLabel(tr("Select a task on the graph to edit it"), this);
    m_hint->setObjectName(QStringLiteral("taskInspectorHint"));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_hint);

    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("taskInspectorScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    auto *content = new QWidget(scroll);
    content->setObjectName(QStringLiteral("taskInspectorContent"));
    scroll->setWidget(content);
    m_stack->addWidget(scroll);

    // Name and action.
    m_nameEdit = named(new QLineEdit(content), QStringLiteral("taskName"), tr("Task name"),
                       tr("Renames the task and every transition to it"));
    m_nameError = new QLabel(content);
    m_nameError->setObjectName(QStringLiteral("taskNameError"));
    m_nameError->setWordWrap(true);
    m_nameError->hide();
    m_action = named(new QComboBox(content), QStringLiteral("taskAction"), tr("Action"),
                     tr("The action the task runs (pack.action)"));
    m_action->setEditable(true);
    m_action->setInsertPolicy(QComboBox::NoInsert);
    m_action->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_action->setMinimumContentsLength(12);
    m_action->completer()->setFilterMode(Qt::MatchContains);
    m_action->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_action->lineEdit()->setPlaceholderText(tr("pack.action"));
    auto *head = new QFormLayout;
    head->setContentsMargins(0, 0, 0, 0);
    auto *nameLabel = new QLabel(tr("&Name"), content);
    nameLabel->setBuddy(m_nameEdit);
    m_actionLabel = new QLabel(tr("&Action"), content);
    m_actionLabel->setBuddy(m_action);
    head->addRow(nameLabel, m_nameEdit);
    head->addRow(QString(), m_nameError);
    head->addRow(m_actionLabel, m_action);

    // Input / parameters.
    m_inputLabel = sectionTitle(tr("Input"), QStringLiteral("taskInputTitle"), content);
    m_inputStatus = new QLabel(content);
    m_inputStatus->setObjectName(QStringLiteral("taskInputStatus"));
    m_inputStatus->setForegroundRole(QPalette::PlaceholderText);
    m_inputStatus->setWordWrap(true);
    m_input = new SchemaForm(content);
    m_input->setObjectName(QStringLiteral("taskInput"));
    m_input->setAccessibleName(tr("Task input"));
    m_input->setHideImmutable(true);

    // Orquesta: next, join, with items, retry, delay.
    m_orquesta = new QWidget(content);
    m_orquesta->setObjectName(QStringLiteral("taskOrquesta"));
    m_addNext = named(new QToolButton(m_orquesta), QStringLiteral("taskNextAdd"), tr("Add transition"),
                      tr("Adds an entry to the task's next list"));
    m_addNext->setIcon(icons::get(QStringLiteral("add"), palette()));
    m_addNext->setText(tr("Add"));
    m_addNext->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_addNext->setAutoRaise(true);
    auto *nextHeader = new QHBoxLayout;
    nextHeader->addWidget(sectionTitle(tr("Transitions (next)"), QStringLiteral("taskNextTitle"), m_orquesta), 1);
    nextHeader->addWidget(m_addNext);
    m_noNext = new QLabel(tr("No transitions: the workflow ends after this task."), m_orquesta);
    m_noNext->setObjectName(QStringLiteral("taskNextEmpty"));
    m_noNext->setForegroundRole(QPalette::PlaceholderText);
    m_noNext->setWordWrap(true);
    m_nextLayout = new QVBoxLayout;
    m_nextLayout->setContentsMargins(0, 0, 0, 0);
    m_nextLayout->setSpacing(6);

    m_join = named(new QComboBox(m_orquesta), QStringLiteral("taskJoin"), tr("Join"),
                   tr("Whether the task waits for its inbound transitions"));
    m_join->addItem(tr("No join"), QStringLiteral("none"));
    m_join->addItem(tr("All inbound"), QStringLiteral("all"));
    m_join->addItem(tr("Count"), QStringLiteral("count"));
    m_joinCount = named(new QSpinBox(m_orquesta), QStringLiteral("taskJoinCount"), tr("Join count"),
                        tr("How many inbound transitions the task waits for"));
    m_joinCount->setRange(1, 999);
    auto *joinRow = new QHBoxLayout;
    joinRow->addWidget(m_join, 1);
    joinRow->addWidget(m_joinCount);

    m_withItems = named(new QLineEdit(m_orquesta), QStringLiteral("taskWithItems"), tr("With items"),
                        tr("Runs the action once per item: x in <% ctx().list %>"));
    m_withItems->setPlaceholderText(tr("x in <% ctx().list %>"));
    m_concurrency = named(new QLineEdit(m_orquesta), QStringLiteral("taskConcurrency"), tr("Concurrency"),
                          tr("How many items run at once (a number or an expression)"));
    m_concurrency->setPlaceholderText(tr("all at once"));

    m_retryWhen = named(new QLineEdit(m_orquesta), QStringLiteral("taskRetryWhen"), tr("Retry when"),
                        tr("Condition for retrying, e.g. <% failed() %>"));
    m_retryWhen->setPlaceholderText(tr("<% failed() %>"));
    m_retryCount = named(new QSpinBox(m_orquesta), QStringLiteral("taskRetryCount"), tr("Retry count"),
                         tr("How many times to retry; 0 = no retry"));
    m_retryCount->setRange(0, 9999);
    m_retryCount->setSpecialValueText(tr("no retry"));
    m_retryDelay = named(new QSpinBox(m_orquesta), QStringLiteral("taskRetryDelay"), tr("Retry delay"),
                         tr("Seconds between retries"));
    m_retryDelay->setRange(0, 86400);
    m_retryDelay->setSuffix(tr(" s"));
    m_delay = named(new QSpinBox(m_orquesta), QStringLiteral("taskDelay"), tr("Delay"),
                    tr("Seconds to wait before running the task; 0 = none"));
    m_delay->setRange(0, 86400);
    m_delay->setSuffix(tr(" s"));
    m_delay->setSpecialValueText(tr("none"));

    auto *more = new QFormLayout;
    more->setContentsMargins(0, 0, 0, 0);
    auto addRow = [more, this](const QString &text, QWidget *field) {
        auto *label = new QLabel(text, m_orquesta);
        label->setBuddy(field);
        more->addRow(label, field);
    };
    more->addRow(sectionTitle(tr("Flow"), QStringLiteral("taskFlowTitle"), m_orquesta));
    auto *joinHolder = new QWidget(m_orquesta);
    joinHolder->setLayout(joinRow);
    joinRow->setContentsMargins(0, 0, 0, 0);
    addRow(tr("&Join"), joinHolder);
    addRow(tr("With &items"), m_withItems);
    addRow(tr("Concurrenc&y"), m_concurrency);
    addRow(tr("Retry &when"), m_retryWhen);
    addRow(tr("Retry &count"), m_retryCount);
    addRow(tr("Retry d&elay"), m_retryDelay);
    addRow(tr("De&lay"), m_delay);
    if (auto *joinLabel = qobject_cast<QLabel *>(more->labelForField(joinHolder)))
        joinLabel->setBuddy(m_join);

    auto *orquestaLayout = new QVBoxLayout(m_orquesta);
    orquestaLayout->setContentsMargins(0, 0, 0, 0);
    orquestaLayout->addLayout(nextHeader);
    orquestaLayout->addWidget(m_noNext);
    orquestaLayout->addLayout(m_nextLayout);
    orquestaLayout->addLayout(more);

    // ActionChain: on-success, on-failure, publish.
    m_chain = new QWidget(content);
    m_chain->setObjectName(QStringLiteral("taskChain"));
    m_onSuccess = named(new QComboBox(m_chain), QStringLiteral("taskOnSuccess"), tr("On success"),
                        tr("The node that runs when this one succeeds"));
    m_onFailure = named(new QComboBox(m_chain), QStringLiteral("taskOnFailure"), tr("On failure"),
                        tr("The node that runs when this one fails"));
    m_publish = new KeyValueTable(QStringLiteral("taskPublish"), tr("Publish"), tr("Name"), tr("Expression"),
                                  KeyValueTable::ValueKind::Expression, m_chain);
    auto *chainForm = new QFormLayout;
    chainForm->setContentsMargins(0, 0, 0, 0);
    auto *successLabel = new QLabel(tr("On &success"), m_chain);
    successLabel->setBuddy(m_onSuccess);
    auto *failureLabel = new QLabel(tr("On &failure"), m_chain);
    failureLabel->setBuddy(m_onFailure);
    chainForm->addRow(successLabel, m_onSuccess);
    chainForm->addRow(failureLabel, m_onFailure);
    auto *chainLayout = new QVBoxLayout(m_chain);
    chainLayout->setContentsMargins(0, 0, 0, 0);
    chainLayout->addWidget(sectionTitle(tr("Flow"), QStringLiteral("taskChainFlowTitle"), m_chain));
    chainLayout->addLayout(chainForm);
    chainLayout->addWidget(m_publish);

    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(6, 6, 6, 6);
    contentLayout->addLayout(head);
    contentLayout->addWidget(m_inputLabel);
    contentLayout->addWidget(m_inputStatus);
    contentLayout->addWidget(m_input);
    contentLayout->addWidget(m_orquesta);
    contentLayout->addWidget(m_chain);
    contentLayout->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    // Intents.
    connect(m_nameEdit, &QLineEdit::editingFinished, this, [this] {
        const QString text = m_nameEdit->text().trimmed();
        m_nameEdit->setModified(false);
        if (!m_hasTask || text == m_name)
            return;
        // Orquesta task names match Python's ^\w+$ (Unicode letters count);
        // ActionChain node names are any text.
        static const QRegularExpression valid(QStringLiteral("^\\w+$"),
                                              QRegularExpression::UseUnicodePropertiesOption);
        QString problem;
        if (text.isEmpty())
            problem = tr("A task needs a name.");
        else if (!m_actionChain && !valid.match(text).hasMatch())
            problem = tr("A task name is letters, digits and underscores.");
        else if (m_taskNames.contains(text))
            problem = tr("There is already a task named “%1”.").arg(text);
        m_nameError->setText(problem);
        m_nameError->setVisible(!problem.isEmpty());
        if (problem.isEmpty())
            Q_EMIT renameRequested(m_name, text);
    });
    auto actionChosen = [this] {
        if (m_filling || !m_hasTask)
            return;
        const QString ref = m_action->currentText().trimmed();
        m_action->lineEdit()->setModified(false);
        if (ref == m_body[actionKey()].toString() || (!m_actionChain && ref == actionRefOf(m_body[actionKey()].toString())))
            return;
        emitField(actionKey(), ref.isEmpty() ? Value() : Value(ref));
        showSchemaFor(ref);
    };
    connect(m_action, &QComboBox::activated, this, actionChosen);
    connect(m_action->lineEdit(), &QLineEdit::editingFinished, this, actionChosen);
    connect(m_input, &SchemaForm::changed, this, [this] {
        if (m_filling || !m_hasTask)
            return;
        m_inputTask = m_name;
        m_inputTimer->start();
    });
    connect(m_addNext, &QToolButton::clicked, this, [this] {
        if (!m_hasTask)
            return;
        // A new entry goes nowhere yet; the user picks its targets.
        const Value entry(ValueDict{{QStringLiteral("do"), Value(ValueList{})}});
        ValueDict body = m_body.toDict();
        ValueList next = body.value(u"next").toList();
        next.append(entry);
        body.insert(QStringLiteral("next"), Value(next));
        m_body = Value(body);
        fillTransitions();
        Q_EMIT transitionAdded(m_name, entry);
    });
    connect(m_join, &QComboBox::activated, this, [this] {
        m_joinCount->setEnabled(m_join->currentData().toString() == u"count");
        emitJoin();
    });
    connect(m_joinCount, &QSpinBox::editingFinished, this, &TaskInspector::emitJoin);
    connect(m_withItems, &QLineEdit::editingFinished, this, &TaskInspector::emitWith);
    connect(m_concurrency, &QLineEdit::editingFinished, this, &TaskInspector::emitWith);
    connect(m_retryWhen, &QLineEdit::editingFinished, this, &TaskInspector::emitRetry);
    connect(m_retryCount, &QSpinBox::editingFinished, this, &TaskInspector::emitRetry);
    connect(m_retryDelay, &QSpinBox::editingFinished, this, &TaskInspector::emitRetry);
    connect(m_delay, &QSpinBox::editingFinished, this, [this] {
        const Value v = m_delay->value() > 0 ? Value(m_delay->value()) : Value();
        if (v != m_body[u"delay"])
            emitField(QStringLiteral("delay"), v);
    });
    auto chainTarget = [this](QComboBox *combo, const QString &key) {
        connect(combo, &QComboBox::activated, this, [this, combo, key] {
            const QString target = combo->currentData().toString();
            const Value v = target.isEmpty() ? Value() : Value(target);
            if (v != m_body[key])
                emitField(key, v);
        });
    };
    chainTarget(m_onSuccess, QStringLiteral("on-success"));
    chainTarget(m_onFailure, QStringLiteral("on-failure"));
    connect(m_publish, &KeyValueTable::edited, this, [this] {
        ValueDict dict;
        for (const auto &[k, v] : m_publish->rows())
            dict.insert(k, v);
        emitField(QStringLiteral("publish"), dict.isEmpty() ? Value() : Value(dict));
    });
}

void TaskInspector::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_addNext->setIcon(icons::get(QStringLiteral("add"), palette()));
        const QIcon action = icons::get(QStringLiteral("actions"), palette());
        for (int i = 0; i < m_action->count(); ++i)
            m_action->setItemIcon(i, action);
    }
    QWidget::changeEvent(event);
}

void TaskInspector::setWorkflowKind(bool actionChain)
{
    if (actionChain == m_actionChain)
        return;
    m_actionChain = actionChain;
    m_orquesta->setVisible(!actionChain);
    m_chain->setVisible(actionChain);
    m_actionLabel->setText(actionChain ? tr("&Ref") : tr("&Action"));
    m_inputLabel->setText(actionChain ? tr("Parameters") : tr("Input"));
    if (m_hasTask)
        fill();
}

void TaskInspector::setTask(const QString &name, const Value &body, const QStringList &allTaskNames)
{
    if (m_hasTask && name == m_name && body == m_body && allTaskNames == m_taskNames)
        return;
    if (m_hasTask && name != m_name)
        flushInput();
    const bool sameTask = m_hasTask && name == m_name;
    const bool namesChanged = allTaskNames != m_taskNames;
    m_hasTask = true;
    m_name = name;
    m_body = body;
    m_taskNames = allTaskNames;
    if (namesChanged)
        updateCompletions();  // task('name') entries
    if (!sameTask) {
        m_nameError->hide();
        // Another task: no half-typed text of the last one is kept.
        for (QLineEdit *edit : findChildren<QLineEdit *>())
            edit->setModified(false);
    }
    m_stack->setCurrentIndex(1);
    m_orquesta->setVisible(!m_actionChain);
    m_chain->setVisible(m_actionChain);
    fill();
}

void TaskInspector::clearTask()
{
    flushInput();
    m_hasTask = false;
    m_name.clear();
    m_body = Value();
    m_stack->setCurrentIndex(0);
}

void TaskInspector::setContextNames(const QStringList &names)
{
    if (names == m_contextNames && !m_expressionCompletions.isEmpty())
        return;
    m_contextNames = names;
    updateCompletions();
}

void TaskInspector::updateCompletions()
{
    const QStringList &names = m_contextNames;
    // Inside {{ }} (the form's Jinja completion) and whole expressions for
    // the expression fields.
    QStringList jinja;
    QStringList expressions;
    for (const QString &n : names) {
        jinja << QStringLiteral("ctx().%1").arg(n) << QStringLiteral("ctx('%1')").arg(n);
        expressions << QStringLiteral("<% ctx().%1 %>").arg(n) << QStringLiteral("{{ ctx().%1 }}").arg(n);
    }
    jinja << QStringLiteral("result()") << QStringLiteral("item()") << QStringLiteral("succeeded()")
          << QStringLiteral("failed()");
    expressions << QStringLiteral("<% result() %>") << QStringLiteral("<% succeeded() %>")
                << QStringLiteral("<% failed() %>") << QStringLiteral("<% item() %>") << QStringLiteral("{{ result() }}")
                << QStringLiteral("{{ item() }}");
    for (const QString &t : std::as_const(m_taskNames)) {
        jinja << QStringLiteral("task('%1').result").arg(t);
        expressions << QStringLiteral("<% task('%1').result %>").arg(t);
    }
    m_expressionCompletions = expressions;
    m_input->setCompletions(jinja);
    m_publish->setCompletions(expressions);
    for (TransitionEntryEditor *e : std::as_const(m_nextEditors))
        e->setCompletions(expressions);
    for (QLineEdit *edit : {m_withItems, m_retryWhen, m_concurrency}) {
        auto *completer = new QCompleter(expressions, edit);
        completer->setCaseSensitivity(Qt::CaseInsensitive);
        completer->setFilterMode(Qt::MatchContains);
        delete edit->completer();
        edit->setCompleter(completer);
    }
}

void TaskInspector::flushInput()
{
    // m_inputTask names the task of an edit not sent yet.
    const QString task = m_inputTask;
    if (task.isEmpty())
        return;
    m_inputTimer->stop();
    m_inputTask.clear();
    if (!m_hasTask || task != m_name)
        return;
    const Value values = m_input->values();
    const Value v = values.isDict() && !values.toDict().isEmpty() ? values : Value();
    if (v != effectiveInput(m_body[actionKey()].toString(), m_body[inputKey()]))
        emitField(inputKey(), v);
}

QString TaskInspector::actionKey() const
{
    return m_actionChain ? QStringLiteral("ref") : QStringLiteral("action");
}

QString TaskInspector::inputKey() const
{
    return m_actionChain ? QStringLiteral("parameters") : QStringLiteral("input");
}

void TaskInspector::emitField(const QString &key, const Value &value)
{
    // The designer will set the same body back; remembering it here keeps
    // that from rebuilding anything.
    ValueDict body = m_body.toDict();
    if (value.isNull())
        body.remove(key);
    else
        body.insert(key, value);
    m_body = Value(body);
    Q_EMIT fieldEdited(m_name, key, value);
}

void TaskInspector::fill()
{
    m_filling = true;
    setTextIfIdle(m_nameEdit, m_name);
    const QString full = m_body[actionKey()].toString();
    const QString ref = m_actionChain ? full : actionRefOf(full);
    if (!(m_action->hasFocus() && m_action->lineEdit()->isModified()) && m_action->currentText() != ref) {
        const int index = m_action->findText(ref);
        if (index >= 0)
            m_action->setCurrentIndex(index);
        else
            m_action->setEditText(ref);
    }
    showSchemaFor(ref);

    if (m_actionChain) {
        auto fillTarget = [this](QComboBox *combo, const QString &current) {
            const QSignalBlocker block(combo);
            combo->clear();
            combo->addItem(tr("(end)"), QString());
            for (const QString &t : std::as_const(m_taskNames))
                if (t != m_name)
                    combo->addItem(t, t);
            if (!current.isEmpty() && combo->findData(current) < 0)
                combo->addItem(current, current);
            combo->setCurrentIndex(std::max(0, combo->findData(current)));
        };
        fillTarget(m_onSuccess, m_body[u"on-success"].toString());
        fillTarget(m_onFailure, m_body[u"on-failure"].toString());
        QList<std::pair<QString, Value>> rows;
        for (const auto &[k, v] : m_body[u"publish"].toDict())
            rows.append({k, v});
        if (m_publish->rows() != rows)
            m_publish->setRows(rows);
    } else {
        const Value join = m_body[u"join"];
        {
            const QSignalBlocker block(m_join);
            m_join->setCurrentIndex(join.isNull() ? 0 : join.isString() ? 1 : 2);
        }
        m_joinCount->setEnabled(m_join->currentIndex() == 2);
        setValueIfIdle(m_joinCount, join.isInt() ? int(join.toInt()) : 1);
        const Value with = m_body[u"with"];
        setTextIfIdle(m_withItems, withItemsOf(with));
        setTextIfIdle(m_concurrency, with.isDict() ? valuetext::format(with[u"concurrency"]) : QString());
        const Value retry = m_body[u"retry"];
        setTextIfIdle(m_retryWhen, retry[u"when"].toString());
        setValueIfIdle(m_retryCount, int(retry[u"count"].toInt()));
        setValueIfIdle(m_retryDelay, int(retry[u"delay"].toInt()));
        setValueIfIdle(m_delay, int(m_body[u"delay"].toInt()));
        fillTransitions();
    }
    m_filling = false;
}

void TaskInspector::fillTransitions()
{
    const ValueList next = m_body[u"next"].toList();
    // Entries are rebuilt only when their number changes, so an entry being
    // edited keeps its widgets (and focus) across re-parses.
    if (next.size() != m_nextEditors.size()) {
        // Later, not now: the designer may set the task from inside one of
        // their signals (a remove button's click).
        for (TransitionEntryEditor *old : std::as_const(m_nextEditors)) {
            old->disconnect(this);
            old->hide();
            m_nextLayout->removeWidget(old);
            old->deleteLater();
        }
        m_nextEditors.clear();
        for (int i = 0; i < next.size(); ++i) {
            auto *editor = new TransitionEntryEditor(QStringLiteral("taskNext%1").arg(i), i, m_orquesta);
            editor->setCompletions(m_expressionCompletions);
            connect(editor, &TransitionEntryEditor::edited, this, [this, i](const Value &entry) {
                ValueDict body = m_body.toDict();
                ValueList list = body.value(u"next").toList();
                if (i < list.size())
                    list[i] = entry;
                body.insert(QStringLiteral("next"), Value(list));
                m_body = Value(body);
                Q_EMIT transitionEdited(m_name, i, entry);
            });
            connect(editor, &TransitionEntryEditor::removeRequested, this, [this, i] {
                ValueDict body = m_body.toDict();
                ValueList list = body.value(u"next").toList();
                if (i < list.size())
                    list.removeAt(i);
                if (list.isEmpty())
                    body.remove(u"next");
                else
                    body.insert(QStringLiteral("next"), Value(list));
                m_body = Value(body);
                const QString task = m_name;
                // The editor that asked is deleted here: leave its slot first.
                QTimer::singleShot(0, this, [this] { fillTransitions(); });
                Q_EMIT transitionRemoved(task, i);
            });
            m_nextLayout->addWidget(editor);
            m_nextEditors.append(editor);
        }
    }
    QStringList targets = m_taskNames;
    targets.removeAll(m_name);
    for (int i = 0; i < next.size(); ++i)
        m_nextEditors.at(i)->setEntry(next.at(i), targets);
    m_noNext->setVisible(next.isEmpty());
}

void TaskInspector::emitJoin()
{
    if (m_filling || !m_hasTask)
        return;
    const QString mode = m_join->currentData().toString();
    const Value v = mode == u"all" ? Value(QStringLiteral("all")) : mode == u"count" ? Value(m_joinCount->value()) : Value();
    if (v != m_body[u"join"])
        emitField(QStringLiteral("join"), v);
}

void TaskInspector::emitWith()
{
    m_withItems->setModified(false);
    m_concurrency->setModified(false);
    if (m_filling || !m_hasTask)
        return;
    const QString items = m_withItems->text().trimmed();
    const Value concurrency = valuetext::parse(m_concurrency->text());
    const Value old = m_body[u"with"];
    Value v;
    if (!items.isEmpty()) {
        if (concurrency.isNull() && !old.isDict()) {
            v = Value(items);
        } else {
            ValueDict dict = old.isDict() ? old.toDict() : ValueDict{};
            dict.insert(QStringLiteral("items"), Value(items));
            if (concurrency.isNull())
                dict.remove(u"concurrency");
            else
                dict.insert(QStringLiteral("concurrency"), concurrency);
            v = Value(dict);
        }
    }
    if (v != old)
        emitField(QStringLiteral("with"), v);
}

void TaskInspector::emitRetry()
{
    m_retryWhen->setModified(false);
    if (m_filling || !m_hasTask)
        return;
    const QString when = m_retryWhen->text().trimmed();
    const int count = m_retryCount->value();
    const int delay = m_retryDelay->value();
    Value v;
    if (count > 0 || !when.isEmpty()) {
        ValueDict dict = m_body[u"retry"].toDict();
        if (when.isEmpty())
            dict.remove(u"when");
        else
            dict.insert(QStringLiteral("when"), Value(when));
        dict.insert(QStringLiteral("count"), Value(count));
        if (delay > 0)
            dict.insert(QStringLiteral("delay"), Value(delay));
        else
            dict.remove(u"delay");
        v = Value(dict);
    }
    if (v != m_body[u"retry"])
        emitField(QStringLiteral("retry"), v);
}

void TaskInspector::loadActions()
{
    if (!m_studio)
        return;
    client::Request request = client::Request::of(client::Op::ListActions);
    request.params = {{QStringLiteral("limit"), QStringLiteral("-1")}};
    m_studio->client()->call(request, this, [this](const client::ClientResult &r) {
        if (!r.ok()) {
            m_studio->tell(tr("Could not list actions: %1").arg(r.errorText()));
            return;
        }
        QStringList refs;
        for (const Value &a : r.value.toList())
            refs.append(a[u"ref"].toString());
        refs.sort();
        m_actionRefs = refs;
        const QString text = m_action->currentText();
        {
            const QSignalBlocker block(m_action);
            m_action->clear();
            for (const QString &ref : std::as_const(refs))
                m_action->addItem(icons::get(QStringLiteral("actions"), palette()), ref);
            const int index = m_action->findText(text);
            if (index >= 0)
                m_action->setCurrentIndex(index);
            else
                m_action->setEditText(text);
        }
        Q_EMIT actionsLoaded();
    });
}

void TaskInspector::showSchemaFor(const QString &action)
{
    const Value input = m_actionChain ? m_body[inputKey()] : effectiveInput(m_body[actionKey()].toString(), m_body[inputKey()]);
    const QString ref = actionRefOf(action);
    if (ref.contains(u"<%") || ref.contains(u"{{")) {
        m_schemaRef.clear();
        m_input->setSchema(Value(ValueDict{}));
        m_input->hide();
        m_inputStatus->setText(tr("The action is chosen by an expression when the workflow runs."));
        m_inputStatus->show();
        return;
    }
    if (ref.isEmpty()) {
        m_schemaRef.clear();
        m_input->setSchema(Value(ValueDict{}));
        m_input->hide();
        m_inputStatus->setText(tr("Choose an action to set its input."));
        m_inputStatus->show();
        return;
    }
    auto it = m_schemas.constFind(ref);
    if (it == m_schemas.constEnd()) {
        // Not the last task's form with the last task's values meanwhile.
        if (!m_schemaRef.isEmpty()) {
            m_schemaRef.clear();
            m_input->setSchema(Value(ValueDict{}));
        }
        m_input->hide();
        m_inputStatus->setText(tr("Loading parameters of %1…").arg(ref));
        m_inputStatus->show();
        if (!m_studio)
            return;
        m_studio->client()->call(client::Op::ActionParameters, ref, this, [this, ref](const client::ClientResult &r) {
            // An unknown action still gets a form for the values already written.
            m_schemas.insert(ref, r.ok() ? r.value[u"parameters"] : Value());
            if (!r.ok())
                m_studio->tell(tr("Could not read the parameters of %1: %2").arg(ref, r.errorText()));
            if (m_hasTask && actionRefOf(m_body[actionKey()].toString()) == ref) {
                m_schemaRef.clear();
                m_filling = true;
                showSchemaFor(ref);
                m_filling = false;
            }
        });
        return;
    }
    const bool wasFilling = m_filling;
    m_filling = true;
    if (m_schemaRef != ref) {
        m_schemaRef = ref;
        Value schema = *it;
        if (!schema.isDict()) {
            // Unknown action: one free-form field per value written.
            ValueDict dict;
            for (const auto &[k, v] : input.toDict())
                dict.insert(k, Value(ValueDict{{QStringLiteral("type"), Value(QStringLiteral("string"))}}));
            schema = Value(dict);
        }
        m_input->setSchema(schema);
        m_input->setValues(input.isDict() ? input : Value(ValueDict{}));
        Q_EMIT inputFormReady(ref);
    } else if (m_inputTask.isEmpty() && !m_input->isAncestorOf(QApplication::focusWidget())) {
        // Values written elsewhere (the text, undo) show unless the user is typing here.
        const Value current = m_input->values();
        const Value wanted = input.isDict() ? input : Value(ValueDict{});
        if (current != wanted)
            m_input->setValues(wanted);
    }
    m_filling = wasFilling;
    const bool empty = m_input->isEmptySchema();
    m_input->setVisible(!empty);
    m_inputStatus->setText(empty ? tr("%1 takes no parameters.").arg(ref) : QString());
    m_inputStatus->setVisible(empty);
}

} // namespace squall::ui
