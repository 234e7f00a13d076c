#pragma once

#include "base/Value.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QListWidget;

namespace squall::ui {

// "Re-run from tasks…": pick the tasks of a completed Orquesta workflow to run
// again (StackStorm's re_run body: {"tasks": [...], "reset": [...]}; a reset
// with-items task runs all its items again, not only the failed ones).
class ReRunTasksDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReRunTasksDialog)
public:
    // `tasks`: the workflow's children; each distinct task name is offered once.
    ReRunTasksDialog(const Value &execution, const ValueList &tasks, QWidget *parent = nullptr);

    QStringList tasks() const;
    QStringList reset() const;
    QListWidget *list() const { return m_list; }
    // The re_run request body.
    Value body() const;

private:
    QListWidget *m_list;
    QCheckBox *m_reset;
};

} // namespace squall::ui
