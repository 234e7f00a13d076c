#pragma once

#include "base/Value.h"

#include <QHash>
#include <QList>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;
class QTimer;
class QToolButton;
class QVBoxLayout;

namespace squall::ui {

class KeyValueTable;
class SchemaForm;
class Studio;
class TransitionEntryEditor;

// Edits the selected task of a workflow. It shows the task's body as parsed
// and reports each change as an intent (fieldEdited, renameRequested,
// transition*) for the designer to turn into a document edit.
//
// Orquesta keys: action, input, next (via the transition signals), join,
// with, retry, delay. ActionChain keys: ref, parameters, on-success,
// on-failure (a node name, null removes), publish (a dict).
class TaskInspector : public QWidget
{
    Q_OBJECT
public:
    explicit TaskInspector(Studio *studio, QWidget *parent = nullptr);
    ~TaskInspector() override;

    void setWorkflowKind(bool actionChain);
    // Shows `name` with `body`. The same task with an equal body rebuilds
    // nothing (the designer calls this after every re-parse, while the user types).
    void setTask(const QString &name, const squall::Value &body, const QStringList &allTaskNames);
    // Shows the "Select a task" hint.
    void clearTask();
    // Names available as ctx(): workflow input, vars and published names.
    void setContextNames(const QStringList &names);

    QString taskName() const { return m_name; }
    squall::Value taskBody() const { return m_body; }
    // Refs offered in the action field (after the engine answered).
    QStringList actionRefs() const { return m_actionRefs; }
    // Sends pending input edits now instead of after the debounce.
    void flushInput();

    QLineEdit *nameField() const { return m_nameEdit; }
    QComboBox *actionField() const { return m_action; }
    SchemaForm *inputForm() const { return m_input; }
    QToolButton *addTransitionButton() const { return m_addNext; }
    QList<TransitionEntryEditor *> transitionEditors() const { return m_nextEditors; }

Q_SIGNALS:
    // `value` null removes the key from the task.
    void fieldEdited(const QString &task, const QString &key, const squall::Value &value);
    void renameRequested(const QString &task, const QString &newName);
    // `entry` is the whole next entry {when?, publish?, do?}.
    void transitionEdited(const QString &task, int nextIndex, const squall::Value &entry);
    void transitionAdded(const QString &task, const squall::Value &entry);
    void transitionRemoved(const QString &task, int nextIndex);
    // The action's parameters arrived and the input form shows them.
    void inputFormReady(const QString &actionRef);
    // The list of action refs arrived.
    void actionsLoaded();

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void fill();
    void fillTransitions();
    void loadActions();
    void updateCompletions();
    void showSchemaFor(const QString &ref);
    void emitField(const QString &key, const Value &value);
    QString actionKey() const;
    QString inputKey() const;
    void emitJoin();
    void emitWith();
    void emitRetry();

    Studio *m_studio;
    bool m_actionChain = false;
    bool m_hasTask = false;
    bool m_filling = false;
    QString m_name;
    Value m_body;
    QStringList m_taskNames;
    QStringList m_actionRefs;
    QStringList m_contextNames;
    QStringList m_expressionCompletions;
    QHash<QString, Value> m_schemas;   // action ref -> parameter schema
    QString m_schemaRef;               // the ref the input form was built for
    QString m_inputTask;               // task the pending input edit belongs to
    QTimer *m_inputTimer;

    QStackedWidget *m_stack;
    QLabel *m_hint;
    QLineEdit *m_nameEdit;
    QLabel *m_nameError;
    QComboBox *m_action;
    QLabel *m_actionLabel;
    QLabel *m_inputLabel;
    QLabel *m_inputStatus;
    SchemaForm *m_input;
    QWidget *m_orquesta;
    QWidget *m_chain;
    QToolButton *m_addNext;
    QVBoxLayout *m_nextLayout;
    QLabel *m_noNext;
    QList<TransitionEntryEditor *> m_nextEditors;
    QComboBox *m_join;
    QSpinBox *m_joinCount;
    QLineEdit *m_withItems;
    QLineEdit *m_concurrency;
    QLineEdit *m_retryWhen;
    QSpinBox *m_retryCount;
    QSpinBox *m_retryDelay;
    QSpinBox *m_delay;
    QComboBox *m_onSuccess;
    QComboBox *m_onFailure;
    KeyValueTable *m_publish;
};

} // namespace squall::ui
