// Read-only views of the conductor state for rehearsal, CLI and engine.

#include "workflow/orquesta/Conductor.h"

#include "workflow/orquesta/ConductorPrivate.h"

namespace squall::orquesta {

int Conductor::sequenceSize() const { return int(d->sequence.size()); }
int Conductor::taskEntryIndex(const QString &taskId, int route) const { return d->entryIndex(taskId, route); }

QStringList Conductor::taskSequence() const
{
    QStringList out;
    for (const TaskEntryPtr &e : std::as_const(d->sequence))
        out.append(Private::key(e->id, e->route));
    return out;
}

Value Conductor::sequenceEntry(int index) const
{
    if (index < 0 || index >= d->sequence.size())
        return {};
    return entryToValue(*d->sequence.at(index), false);
}

Value Conductor::routes() const
{
    ValueList out;
    for (const QStringList &r : std::as_const(d->routes)) {
        ValueList l;
        for (const QString &x : r)
            l.append(x);
        out.append(Value(std::move(l)));
    }
    return Value(std::move(out));
}

QStringList Conductor::terminalTasks() const
{
    QStringList out;
    for (const TaskEntryPtr &e : std::as_const(d->sequence))
        if (e->term)
            out.append(Private::key(e->id, e->route));
    return out;
}

QString Conductor::taskStatus(const QString &taskId, int route) const { return d->taskStatusFor(taskId, route); }

Value NextTask::toValue() const
{
    ValueDict t;
    t.insert(QStringLiteral("id"), id);
    t.insert(QStringLiteral("route"), route);
    t.insert(QStringLiteral("ctx"), ctx);
    ValueList list;
    for (const ActionSpec &a : actions) {
        ValueDict x;
        x.insert(QStringLiteral("action"), a.action);
        x.insert(QStringLiteral("input"), a.input);
        if (a.itemId >= 0)
            x.insert(QStringLiteral("item_id"), a.itemId);
        list.append(Value(std::move(x)));
    }
    t.insert(QStringLiteral("actions"), Value(std::move(list)));
    if (hasDelay)
        t.insert(QStringLiteral("delay"), delay);
    if (hasItems) {
        t.insert(QStringLiteral("items_count"), itemsCount);
        t.insert(QStringLiteral("concurrency"), concurrency);
    }
    return Value(std::move(t));
}

} // namespace squall::orquesta
