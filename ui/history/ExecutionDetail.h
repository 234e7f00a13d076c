#pragma once

#include "base/Value.h"
#include "engine/EngineEvent.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeWidget;

namespace squall::ui {

class JsonTreeView;
class Studio;

// The right side of History: one execution's header (action, status, times,
// origin, links to the trigger instance, rule and parent workflow), its
// parameters (secrets masked), result, live stdout/stderr, status log and,
// for a workflow, its tasks.
class ExecutionDetail final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExecutionDetail)
public:
    explicit ExecutionDetail(Studio *studio, QWidget *parent = nullptr);

    void setExecution(const QString &id);
    void clear();
    QString executionId() const { return m_id; }
    // The full document (result included) once loaded.
    Value execution() const { return m_doc; }
    // The workflow's tasks (children), oldest first.
    ValueList tasks() const { return m_tasks; }
    // The action's parameter schema ({name: {type, secret, ...}}).
    Value parameterSchema() const { return m_schema; }
    void applyEvents(const engine::EventBatch &batch);

    QTabWidget *tabs() const { return m_tabs; }
    JsonTreeView *resultView() const { return m_result; }
    QPlainTextEdit *outputView() const { return m_output; }

    static Value maskSecrets(const Value &params, const Value &schema);

Q_SIGNALS:
    void loaded(const squall::Value &execution);
    void tasksChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void showDocument();
    void showHeader();
    void showParameters();
    void showLog();
    void showTasks();
    void showResultIfVisible();
    void loadTasks();
    void appendOutput(const QList<std::pair<qint64, QString>> &chunks);

    Studio *m_studio;
    QString m_id;
    Value m_doc;
    Value m_schema;
    ValueList m_tasks;
    int m_generation = 0;
    bool m_resultDirty = false;
    bool m_outputLoaded = false;
    // Output shown so far (UTF-16 units), and chunks that came while the
    // output was being fetched: each chunk carries its offset, so nothing is
    // shown twice or lost between the fetch and the live events.
    qint64 m_outputLength = 0;
    QList<std::pair<qint64, QString>> m_pendingOutput;
    QLabel *m_header;
    QTabWidget *m_tabs;
    JsonTreeView *m_parameters;
    JsonTreeView *m_result;
    QPlainTextEdit *m_output;
    QTreeWidget *m_log;
    QTreeWidget *m_taskList;
    QWidget *m_tasksTab;
};

} // namespace squall::ui
