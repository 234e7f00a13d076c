#include "workflow/orquesta/Machines.h"

#include <QHash>
#include <QStringList>

namespace squall::orquesta::machines {

namespace {

// One row per status: "status: event>new event>new ...". A row may continue
// on the following lines; lines starting with whitespace belong to the row above.
const char kWorkflowTable[] = R"(
null: workflow_requested>requested workflow_scheduled>scheduled workflow_delayed>delayed
  workflow_running>running workflow_failed>failed
requested: workflow_scheduled>scheduled workflow_delayed>delayed workflow_running>running
  workflow_pausing_workflow_dormant>paused workflow_paused_workflow_dormant>paused
  workflow_canceling_workflow_dormant>canceled workflow_canceled_workflow_dormant>canceled
  workflow_failed>failed
scheduled: workflow_delayed>delayed workflow_running>running
  workflow_pausing_workflow_dormant>paused workflow_paused_workflow_dormant>paused
  workflow_canceling_workflow_dormant>canceled workflow_canceled_workflow_dormant>canceled
  workflow_failed>failed
delayed: workflow_scheduled>scheduled workflow_running>running
  workflow_pausing_workflow_dormant>paused workflow_paused_workflow_dormant>paused
  workflow_canceling_workflow_dormant>canceled workflow_canceled_workflow_dormant>canceled
  workflow_failed>failed
running: workflow_pausing_workflow_active>pausing workflow_pausing_workflow_dormant>paused
  workflow_paused_workflow_active>pausing workflow_paused_workflow_dormant>paused
  workflow_canceling_workflow_active>canceling workflow_canceling_workflow_dormant>canceled
  workflow_canceled_workflow_active>canceling workflow_canceled_workflow_dormant>canceled
  workflow_failed>failed workflow_succeeded>succeeded
  task_pending_workflow_active>pausing task_pending_workflow_dormant>paused
  task_pausing>running task_paused_workflow_active>running task_paused_workflow_dormant>paused
  task_succeeded_workflow_active_incomplete>running task_succeeded_workflow_active_completed>running
  task_succeeded_workflow_active_paused>pausing task_succeeded_workflow_active_canceled>canceling
  task_succeeded_workflow_dormant_incomplete>running task_succeeded_workflow_dormant_completed>succeeded
  task_succeeded_workflow_dormant_paused>paused task_succeeded_workflow_dormant_canceled>canceled
  task_failed_workflow_active>failed task_failed_workflow_dormant>failed
  task_remediated_workflow_active_incomplete>running task_remediated_workflow_active_completed>running
  task_remediated_workflow_active_paused>pausing task_remediated_workflow_active_canceled>canceling
  task_remediated_workflow_dormant_incomplete>running task_remediated_workflow_dormant_completed>succeeded
  task_remediated_workflow_dormant_paused>paused task_remediated_workflow_dormant_canceled>canceled
  task_canceling>canceling task_canceled_workflow_active>canceling task_canceled_workflow_dormant>canceled
pausing: workflow_pausing_workflow_active>pausing workflow_pausing_workflow_dormant>paused
  workflow_paused_workflow_active>pausing workflow_paused_workflow_dormant>paused
  workflow_canceling_workflow_active>canceling workflow_canceling_workflow_dormant>canceled
  workflow_canceled_workflow_active>canceling workflow_canceled_workflow_dormant>canceled
  workflow_running>running workflow_resuming>resuming workflow_failed>failed
  task_pending_workflow_active>pausing task_pending_workflow_dormant>paused
  task_paused_workflow_active>pausing task_paused_workflow_dormant>paused
  task_succeeded_workflow_active_incomplete>pausing task_succeeded_workflow_active_completed>pausing
  task_succeeded_workflow_active_paused>pausing task_succeeded_workflow_active_canceled>pausing
  task_succeeded_workflow_dormant_incomplete>paused task_succeeded_workflow_dormant_completed>paused
  task_succeeded_workflow_dormant_paused>paused task_succeeded_workflow_dormant_canceled>canceled
  task_failed_workflow_active>failed task_failed_workflow_dormant>failed
  task_remediated_workflow_active_incomplete>pausing task_remediated_workflow_active_completed>pausing
  task_remediated_workflow_active_paused>pausing task_remediated_workflow_active_canceled>canceling
  task_remediated_workflow_dormant_incomplete>paused task_remediated_workflow_dormant_completed>paused
  task_remediated_workflow_dormant_paused>paused task_remediated_workflow_dormant_canceled>canceled
  task_canceling>canceling task_canceled_workflow_active>canceling task_canceled_workflow_dormant>canceled
  task_retrying_workflow_active>pausing task_retrying_workflow_dormant>paused
paused: workflow_running>running workflow_running_workflow_completed>succeeded
  workflow_resuming>resuming workflow_resuming_workflow_completed>succeeded
  workflow_canceling_workflow_dormant>canceled workflow_canceled_workflow_dormant>canceled
  workflow_failed>failed task_running>running task_resuming>running
resuming: workflow_pausing_workflow_active>pausing workflow_pausing_workflow_dormant>paused
  workflow_paused_workflow_active>pausing workflow_paused_workflow_dormant>paused
  workflow_canceling_workflow_active>canceling workflow_canceling_workflow_dormant>canceled
  workflow_canceled_workflow_active>canceling workflow_canceled_workflow_dormant>canceled
  workflow_running>running workflow_failed>failed task_running>running
  task_pending_workflow_active>pausing task_pending_workflow_dormant>paused
  task_succeeded_workflow_active_incomplete>running task_succeeded_workflow_active_completed>running
  task_succeeded_workflow_dormant_incomplete>running task_succeeded_workflow_dormant_completed>succeeded
  task_succeeded_workflow_dormant_paused>paused task_succeeded_workflow_dormant_canceled>canceled
  task_failed_workflow_active>failed task_failed_workflow_dormant>failed
  task_remediated_workflow_active_incomplete>running task_remediated_workflow_active_completed>running
  task_remediated_workflow_dormant_incomplete>running task_remediated_workflow_dormant_completed>succeeded
  task_remediated_workflow_dormant_paused>paused task_remediated_workflow_dormant_canceled>canceled
  task_canceling>canceling task_canceled_workflow_active>canceling task_canceled_workflow_dormant>canceled
canceling: workflow_canceling_workflow_active>canceling workflow_canceling_workflow_dormant>canceled
  workflow_canceled_workflow_active>canceling workflow_canceled_workflow_dormant>canceled
  workflow_failed>failed
  task_pending_workflow_active>canceling task_pending_workflow_dormant>canceled
  task_paused_workflow_active>canceling task_paused_workflow_dormant>canceled
  task_succeeded_workflow_active_incomplete>canceling task_succeeded_workflow_active_completed>canceling
  task_succeeded_workflow_dormant_incomplete>canceled task_succeeded_workflow_dormant_completed>canceled
  task_succeeded_workflow_dormant_paused>canceled task_succeeded_workflow_dormant_canceled>canceled
  task_failed_workflow_active>canceling task_failed_workflow_dormant>canceled
  task_remediated_workflow_active_incomplete>canceling task_remediated_workflow_active_completed>canceling
  task_remediated_workflow_dormant_incomplete>canceled task_remediated_workflow_dormant_completed>canceled
  task_remediated_workflow_dormant_paused>canceled task_remediated_workflow_dormant_canceled>canceled
  task_canceled_workflow_active>canceling task_canceled_workflow_dormant>canceled
  task_retrying_workflow_active>canceling task_retrying_workflow_dormant>canceled
canceled:
succeeded: workflow_failed>failed
failed:
)";

// Action events that carry with-items context share a shape: for each
// action status X in the list, "action_X_task_dormant_items_Y" rows. They are
// spelled out in full all the same, so the table reads like the reference.
const char kTaskTable[] = R"(
null: action_requested>requested action_scheduled>scheduled action_delayed>delayed
  action_running>running action_pending>pending task_continue_requested>succeeded
  task_noop_requested>succeeded task_fail_requested>failed
requested: action_scheduled>scheduled action_delayed>delayed action_running>running
  action_pending>pending action_pausing>pausing action_paused>paused action_canceling>canceling
  action_canceled>canceled action_failed>failed action_timeout>timeout action_abandoned>abandoned
scheduled: action_delayed>delayed action_running>running action_pending>pending
  action_pausing>pausing action_paused>paused action_canceling>canceling action_canceled>canceled
  action_failed>failed action_timeout>timeout action_abandoned>abandoned
delayed: action_scheduled>scheduled action_running>running action_pending>pending
  action_pausing>pausing action_paused>paused action_canceling>canceling action_canceled>canceled
  action_failed>failed action_timeout>timeout action_abandoned>abandoned
running: action_running>running action_pending>pending
  action_pending_task_active_items_incomplete>pausing action_pending_task_dormant_items_paused>paused
  action_pending_task_dormant_items_canceled>canceled action_pending_task_dormant_items_failed>failed
  action_pending_task_dormant_items_incomplete>paused action_pending_task_dormant_items_completed>paused
  action_pausing>pausing action_paused>paused
  action_paused_task_active_items_incomplete>pausing action_paused_task_dormant_items_paused>paused
  action_paused_task_dormant_items_canceled>canceled action_paused_task_dormant_items_failed>failed
  action_paused_task_dormant_items_incomplete>paused action_paused_task_dormant_items_completed>paused
  action_canceling>canceling action_canceled>canceled
  action_canceled_task_active_items_incomplete>canceling action_canceled_task_dormant_items_paused>canceled
  action_canceled_task_dormant_items_canceled>canceled action_canceled_task_dormant_items_failed>canceled
  action_canceled_task_dormant_items_incomplete>canceled action_canceled_task_dormant_items_completed>canceled
  action_failed>failed action_failed_task_dormant_items_paused>failed
  action_failed_task_dormant_items_canceled>canceled action_failed_task_dormant_items_failed>failed
  action_failed_task_dormant_items_incomplete>failed action_failed_task_dormant_items_completed>failed
  action_timeout>failed action_timeout_task_dormant_items_paused>failed
  action_timeout_task_dormant_items_canceled>canceled action_timeout_task_dormant_items_failed>failed
  action_timeout_task_dormant_items_incomplete>failed action_timeout_task_dormant_items_completed>failed
  action_abandoned>failed action_abandoned_task_dormant_items_paused>failed
  action_abandoned_task_dormant_items_canceled>canceled action_abandoned_task_dormant_items_failed>failed
  action_abandoned_task_dormant_items_incomplete>failed action_abandoned_task_dormant_items_completed>failed
  action_succeeded>succeeded action_succeeded_task_active_items_incomplete>running
  action_succeeded_task_dormant_items_canceled>canceled action_succeeded_task_dormant_items_paused>paused
  action_succeeded_task_dormant_items_failed>failed action_succeeded_task_dormant_items_incomplete>running
  action_succeeded_task_dormant_items_completed>succeeded
  workflow_pausing_task_active_items_incomplete>pausing workflow_pausing_task_dormant_items_incomplete>paused
  workflow_paused_task_active_items_incomplete>pausing workflow_paused_task_dormant_items_incomplete>paused
  workflow_canceling_task_active_items_incomplete>canceling
  workflow_canceling_task_dormant_items_incomplete>canceled
  workflow_canceled_task_active_items_incomplete>canceling
  workflow_canceled_task_dormant_items_incomplete>canceled
pending: action_canceled>canceled action_failed>failed action_timeout>failed action_abandoned>failed
  action_succeeded>succeeded
pausing: action_pending_task_dormant_items_paused>paused action_pending_task_dormant_items_canceled>canceled
  action_pending_task_dormant_items_failed>failed action_pending_task_dormant_items_incomplete>paused
  action_pending_task_dormant_items_completed>paused
  action_paused>paused action_paused_task_dormant_items_paused>paused
  action_paused_task_dormant_items_canceled>canceled action_paused_task_dormant_items_failed>failed
  action_paused_task_dormant_items_incomplete>paused action_paused_task_dormant_items_completed>paused
  action_resuming>resuming action_canceling>canceling
  action_canceled>canceled action_canceled_task_dormant_items_paused>canceled
  action_canceled_task_dormant_items_canceled>canceled action_canceled_task_dormant_items_failed>canceled
  action_canceled_task_dormant_items_incomplete>canceled action_canceled_task_dormant_items_completed>canceled
  action_failed>failed action_failed_task_dormant_items_paused>failed
  action_failed_task_dormant_items_canceled>canceled action_failed_task_dormant_items_failed>failed
  action_failed_task_dormant_items_incomplete>failed action_failed_task_dormant_items_completed>failed
  action_timeout>failed action_timeout_task_dormant_items_paused>failed
  action_timeout_task_dormant_items_canceled>canceled action_timeout_task_dormant_items_failed>failed
  action_timeout_task_dormant_items_incomplete>failed action_timeout_task_dormant_items_completed>failed
  action_abandoned>failed action_abandoned_task_dormant_items_paused>failed
  action_abandoned_task_dormant_items_canceled>canceled action_abandoned_task_dormant_items_failed>failed
  action_abandoned_task_dormant_items_incomplete>failed action_abandoned_task_dormant_items_completed>failed
  action_succeeded_task_dormant_items_paused>paused action_succeeded_task_dormant_items_canceled>canceled
  action_succeeded_task_dormant_items_failed>failed action_succeeded_task_dormant_items_incomplete>paused
  action_succeeded_task_dormant_items_completed>succeeded
paused: action_running>running action_resuming>resuming action_canceling>canceling action_canceled>canceled
resuming: action_running>running action_canceling>canceling action_canceled>canceled
retrying: action_running>running action_canceling>canceling action_canceled>canceled
  workflow_canceling>canceled workflow_canceled>canceled
canceling: action_pending_task_dormant_items_paused>canceled action_pending_task_dormant_items_canceled>canceled
  action_pending_task_dormant_items_failed>canceled action_pending_task_dormant_items_incomplete>canceled
  action_pending_task_dormant_items_completed>canceled
  action_paused>canceled action_paused_task_dormant_items_paused>canceled
  action_paused_task_dormant_items_canceled>canceled action_paused_task_dormant_items_failed>canceled
  action_paused_task_dormant_items_incomplete>canceled action_paused_task_dormant_items_completed>canceled
  action_canceled>canceled action_canceled_task_dormant_items_paused>canceled
  action_canceled_task_dormant_items_canceled>canceled action_canceled_task_dormant_items_failed>canceled
  action_canceled_task_dormant_items_incomplete>canceled action_canceled_task_dormant_items_completed>canceled
  action_failed>failed action_failed_task_dormant_items_paused>canceled
  action_failed_task_dormant_items_canceled>canceled action_failed_task_dormant_items_failed>canceled
  action_failed_task_dormant_items_incomplete>canceled action_failed_task_dormant_items_completed>canceled
  action_timeout>failed action_timeout_task_dormant_items_paused>canceled
  action_timeout_task_dormant_items_canceled>canceled action_timeout_task_dormant_items_failed>canceled
  action_timeout_task_dormant_items_incomplete>canceled action_timeout_task_dormant_items_completed>canceled
  action_abandoned>failed action_abandoned_task_dormant_items_paused>canceled
  action_abandoned_task_dormant_items_canceled>canceled action_abandoned_task_dormant_items_failed>canceled
  action_abandoned_task_dormant_items_incomplete>canceled action_abandoned_task_dormant_items_completed>canceled
  action_succeeded_task_dormant_items_paused>canceled action_succeeded_task_dormant_items_canceled>canceled
  action_succeeded_task_dormant_items_failed>canceled action_succeeded_task_dormant_items_incomplete>canceled
  action_succeeded_task_dormant_items_completed>succeeded
canceled:
succeeded: task_retry_requested>retrying
failed: task_retry_requested>retrying
)";

using Table = QHash<QString, QHash<QString, QString>>;

Table parseTable(const char *text)
{
    Table table;
    QString row;
    const QStringList lines = QString::fromLatin1(text).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        QString rest = line;
        if (!line.at(0).isSpace()) {
            const qsizetype colon = line.indexOf(QLatin1Char(':'));
            row = line.left(colon);
            table[row];  // rows without transitions still exist
            rest = line.mid(colon + 1);
        }
        const QStringList cells = rest.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        for (const QString &cell : cells) {
            const qsizetype gt = cell.indexOf(QLatin1Char('>'));
            table[row].insert(cell.left(gt), cell.mid(gt + 1));
        }
    }
    return table;
}

const Table &workflowTable()
{
    static const Table t = parseTable(kWorkflowTable);
    return t;
}

const Table &taskTable()
{
    static const Table t = parseTable(kTaskTable);
    return t;
}

QString lookup(const Table &t, QStringView current, QStringView event)
{
    const auto row = t.constFind(current.toString());
    if (row == t.constEnd())
        return {};
    return row->value(event.toString());
}

} // namespace

QString workflowTransition(QStringView current, QStringView event) { return lookup(workflowTable(), current, event); }
QString taskTransition(QStringView current, QStringView event) { return lookup(taskTable(), current, event); }
bool workflowHasRow(QStringView current) { return workflowTable().contains(current.toString()); }
bool taskHasRow(QStringView current) { return taskTable().contains(current.toString()); }

} // namespace squall::orquesta::machines
