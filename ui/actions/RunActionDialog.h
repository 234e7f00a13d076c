#pragma once

#include "base/Value.h"
#include "engine/EngineEvent.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;

namespace squall::ui {

class JsonTreeView;
class SchemaForm;
class Studio;

// "Run…": the form generated from an action's parameters, then the execution
// followed live in the same window (status, output as it streams, the result
// as a JSON tree) with a link to it in History.
class RunActionDialog final : public QDialog
{
    Q_OBJECT
public:
    RunActionDialog(Studio *studio, const QString &actionRef, QWidget *parent = nullptr);

    SchemaForm *form() const { return m_form; }
    QString executionId() const { return m_executionId; }
    QString status() const { return m_status; }
    QPlainTextEdit *output() const { return m_output; }
    JsonTreeView *resultView() const { return m_result; }

    void run();

Q_SIGNALS:
    void finished(const squall::Value &execution);

private:
    void onEvents(const engine::EventBatch &batch);
    void apply(const engine::Event &event);
    void setStatus(const QString &status);
    void fetchFinal();

    Studio *m_studio;
    QString m_action;
    QString m_executionId;
    QString m_status;
    bool m_waiting = false;      // created, id not known yet
    engine::EventBatch m_early;  // events that came before the id
    SchemaForm *m_form;
    QLabel *m_statusLabel;
    QPlainTextEdit *m_output;
    JsonTreeView *m_result;
    QPushButton *m_run;
    QPushButton *m_openHistory;
};

} // namespace squall::ui
