#pragma once

#include "base/Value.h"
#include "engine/EngineEvent.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace squall::ui {

class JsonTreeView;
class Studio;

// The rule explainer: runs the rule being edited (saved or not) against a
// stored trigger instance or a pasted payload through the engine's dry run
// (Op::TestRule), and shows each criterion's resolved value, pattern and
// verdict, then the action parameters it would render.
class RuleExplainer final : public QWidget
{
    Q_OBJECT
public:
    explicit RuleExplainer(Studio *studio, QWidget *parent = nullptr);

    // Where the rule document comes from (the editor's current form).
    void setRuleSource(std::function<Value()> rule) { m_rule = std::move(rule); }
    // Lists recent instances of this trigger type to pick from.
    void setTriggerType(const QString &triggerType);
    void run();

    QComboBox *instanceBox() const { return m_instances; }
    QPlainTextEdit *payloadEdit() const { return m_payload; }
    QTreeWidget *criteriaView() const { return m_criteria; }
    QLabel *verdictLabel() const { return m_verdict; }
    JsonTreeView *parametersView() const { return m_parameters; }

Q_SIGNALS:
    void finished(const squall::Value &answer);
    // Payloads seen, for the editor's key completion.
    void payloadsLoaded(const squall::ValueList &payloads);

private:
    void show(const Value &answer);
    void addInstance(const Value &instance, int index);
    void onEvents(const engine::EventBatch &batch);

    Studio *m_studio;
    std::function<Value()> m_rule;
    QString m_triggerType;
    QComboBox *m_instances;
    ValueList m_instanceDocs;  // behind the combo's entries after the first
    QPlainTextEdit *m_payload;
    QPushButton *m_run;
    QLabel *m_verdict;
    QTreeWidget *m_criteria;
    QLabel *m_paramsLabel = nullptr;
    JsonTreeView *m_parameters;
};

} // namespace squall::ui
