#pragma once

#include "base/Value.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

// The workflow as Orquesta's spec objects see it once constructed (inline
// `action` parameters moved to `input`, string `publish` parsed, `do` defaulted
// to "continue", shorthand `with` expanded), which is what the semantic,
// expression and context checks walk. Internal to the inspector.
namespace squall::workflow::inspect {

struct WorkflowModel
{
    struct Transition
    {
        bool isSpec = false;   // a mapping Orquesta turns into a TaskTransitionSpec
        Value when;
        Value publish;         // list of one-key dicts after inline parsing, or the raw value
        Value doValue;         // raw `do`, or "continue" when absent/empty
        QStringList doNames;   // `do` as task names (comma-split and trimmed for strings)
    };

    struct Task
    {
        QString name;
        bool isSpec = false;   // a non-empty mapping Orquesta turns into a TaskSpec
        Value delay;
        Value join;
        bool hasJoinKey = false;  // `join` present and not null (is_join_task)
        Value with;            // mapping after shorthand expansion, or the raw value
        Value action;          // the action ref without inline parameters
        Value input;           // inline parameters when given on `action`, else `input`
        Value retry;
        Value nextRaw;
        QList<Transition> next;  // only when `next` is a non-empty list
    };

    Value doc;                 // the document as validated (shorthand `with` expanded)
    bool tasksIsMapping = false;
    QList<Task> tasks;         // in document order
    QHash<QString, qsizetype> index;

    static WorkflowModel build(const Value &doc);

    bool hasTask(const QString &name) const;  // defined, or an engine command
    // The task spec Orquesta uses for `name`: engine commands are empty tasks,
    // even when the workflow defines a task with that reserved name.
    const Task *task(const QString &name) const;
    // (next task name, transition index) sorted by name, like get_next_tasks().
    QList<std::pair<QString, int>> nextTasks(const QString &name) const;
    int inboundCount(const QString &name) const;  // len(get_prev_tasks())
    QStringList startTasks() const;               // sorted
    bool inCycle(const QString &name) const;  // the task can reach itself

    static bool isReservedName(const QString &name);

private:
    void indexGraph();

    QHash<QString, QList<std::pair<QString, int>>> m_next;
    QHash<QString, int> m_inbound;
    QStringList m_start;
    QSet<QString> m_cyclic;  // tasks that can reach themselves
};

} // namespace squall::workflow::inspect
