#pragma once

#include "base/Value.h"

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QTableWidget;

namespace squall::ui {

class SchemaForm;
class Studio;

// The input of a workflow run: the form generated from the workflow's
// parameters and, for an offline simulation, what each task's action is
// pretended to return (status and result).
class WorkflowInputDialog final : public QDialog
{
    Q_OBJECT
public:
    struct Mock
    {
        QString task;
        QString status;
        Value result;
    };

    // `simulatedTasks` empty: a real run; otherwise one mock row per task.
    WorkflowInputDialog(Studio *studio, const QString &actionRef, const QStringList &simulatedTasks,
                        QWidget *parent = nullptr);

    SchemaForm *form() const { return m_form; }
    QTableWidget *mocks() const { return m_mocks; }
    Value values() const;
    // The values with the parameters' defaults filled in, as the engine would
    // (what an offline simulation starts from).
    Value valuesWithDefaults() const;
    QList<Mock> mockList() const;

private:
    void accept() override;

    SchemaForm *m_form;
    QTableWidget *m_mocks = nullptr;
    Value m_parameters;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
};

} // namespace squall::ui
