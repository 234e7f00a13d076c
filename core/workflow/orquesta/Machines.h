#pragma once

#include <QString>
#include <QStringView>

// Orquesta's two state machines (orquesta/machines.py) as lookup tables:
// (current status, event name) -> new status. The tables are data; the
// conductor adds the context suffixes (_workflow_active, _items_failed...)
// to event names before looking them up.
namespace squall::orquesta::machines {

// The status reached from `current` on `event`, or a null QString when the
// table has no such transition (the status then stays as it is).
QString workflowTransition(QStringView current, QStringView event);
QString taskTransition(QStringView current, QStringView event);

// Whether the table has a row for `current` at all.
bool workflowHasRow(QStringView current);
bool taskHasRow(QStringView current);

} // namespace squall::orquesta::machines
