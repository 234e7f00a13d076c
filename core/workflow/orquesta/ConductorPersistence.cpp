// Snapshots (Orquesta's serialized layout) and the per-operation journal.

#include "workflow/orquesta/Conductor.h"

#include "base/Error.h"
#include "workflow/orquesta/ConductorPrivate.h"
#include "workflow/orquesta/Statuses.h"

namespace squall::orquesta {

namespace {

const QStringList &statusCodes()
{
    static const QStringList codes = {status::Unset,     status::Requested, status::Scheduled, status::Delayed,
                                      status::Running,   status::Pending,   status::Pausing,   status::Paused,
                                      status::Resuming,  status::Succeeded, status::Failed,    status::Expired,
                                      status::Abandoned, status::Retrying,  status::Canceling, status::Canceled};
    return codes;
}

Value intList(const QList<int> &l)
{
    ValueList out;
    out.reserve(l.size());
    for (int x : l)
        out.append(x);
    return Value(std::move(out));
}

// Runs of consecutive integers, [[first, last], ...]: a chain's context
// list [0, 1, ..., n] stays two numbers in the journal.
Value intRuns(const QList<int> &l)
{
    ValueList out;
    for (qsizetype i = 0; i < l.size();) {
        qsizetype j = i;
        while (j + 1 < l.size() && l.at(j + 1) == l.at(j) + 1)
            ++j;
        out.append(makeList({l.at(i), l.at(j)}));
        i = j + 1;
    }
    return Value(std::move(out));
}

QList<int> fromInts(const Value &v)
{
    QList<int> out;
    for (const Value &x : v.toList()) {
        if (x.isList()) {
            for (qint64 k = x[0].toInt(); k <= x[1].toInt(); ++k)
                out.append(int(k));
        } else {
            out.append(int(x.toInt()));
        }
    }
    return out;
}

Value backrefs(const Backrefs &b)
{
    ValueDict out;
    for (const auto &[k, v] : b)
        out.insert(k, v);
    return Value(std::move(out));
}

Backrefs fromBackrefs(const Value &v)
{
    Backrefs out;
    for (const auto &[k, x] : v.toDict())
        out.append({k, int(x.toInt())});
    return out;
}

Value stringList(const QStringList &l)
{
    ValueList out;
    for (const QString &s : l)
        out.append(s);
    return Value(std::move(out));
}

QStringList fromStrings(const Value &v)
{
    QStringList out;
    for (const Value &x : v.toList())
        out.append(x.toString());
    return out;
}

} // namespace

Value entryToValue(const TaskEntry &e, bool compact)
{
    ValueDict v;
    v.insert(QStringLiteral("id"), e.id);
    v.insert(QStringLiteral("route"), e.route);
    ValueDict ctxs;
    ctxs.insert(QStringLiteral("in"), compact ? intRuns(e.ctxIn) : intList(e.ctxIn));
    if (!e.ctxOut.isEmpty())
        ctxs.insert(QStringLiteral("out"), backrefs(e.ctxOut));
    v.insert(QStringLiteral("ctxs"), Value(std::move(ctxs)));
    v.insert(QStringLiteral("prev"), backrefs(e.prev));
    ValueDict next;
    for (const auto &[k, b] : e.next)
        next.insert(k, b);
    v.insert(QStringLiteral("next"), Value(std::move(next)));
    if (!e.status.isEmpty())
        v.insert(QStringLiteral("status"), e.status);
    if (e.term)
        v.insert(QStringLiteral("term"), true);
    if (!e.retry.isNull())
        v.insert(QStringLiteral("retry"), e.retry);
    return Value(std::move(v));
}

TaskEntry entryFromValue(const Value &v)
{
    TaskEntry e;
    e.id = v[u"id"].toString();
    e.route = int(v[u"route"].toInt());
    e.ctxIn = fromInts(v[u"ctxs"][u"in"]);
    e.ctxOut = fromBackrefs(v[u"ctxs"][u"out"]);
    e.prev = fromBackrefs(v[u"prev"]);
    for (const auto &[k, b] : v[u"next"].toDict())
        e.next.append({k, b.toBool()});
    e.status = v[u"status"].toString();
    e.term = v[u"term"].toBool();
    e.retry = v[u"retry"];
    return e;
}

Value stagedToValue(const StagedTask &s, bool compact)
{
    ValueDict v;
    v.insert(QStringLiteral("id"), s.id);
    v.insert(QStringLiteral("ctxs"), makeDict({{QStringLiteral("in"), compact ? intRuns(s.ctxIn) : intList(s.ctxIn)}}));
    v.insert(QStringLiteral("route"), s.route);
    v.insert(QStringLiteral("prev"), backrefs(s.prev));
    v.insert(QStringLiteral("ready"), s.ready);
    if (!s.retry.isNull())
        v.insert(QStringLiteral("retry"), s.retry);
    if (s.hasItems) {
        if (compact) {
            QString codes;
            codes.reserve(s.items.size());
            for (const QString &st : s.items)
                codes.append(QChar(u'a' + char16_t(std::max<qsizetype>(0, statusCodes().indexOf(st)))));
            v.insert(QStringLiteral("items"), codes);
        } else {
            ValueList items;
            for (const QString &st : s.items)
                items.append(makeDict({{QStringLiteral("status"), st}}));
            v.insert(QStringLiteral("items"), Value(std::move(items)));
        }
    }
    if (s.completed)
        v.insert(QStringLiteral("completed"), true);
    if (s.runOnFail)
        v.insert(QStringLiteral("run_on_fail"), true);
    return Value(std::move(v));
}

StagedTask stagedFromValue(const Value &v)
{
    StagedTask s;
    s.id = v[u"id"].toString();
    s.route = int(v[u"route"].toInt());
    s.ctxIn = fromInts(v[u"ctxs"][u"in"]);
    s.prev = fromBackrefs(v[u"prev"]);
    s.ready = v[u"ready"].toBool();
    s.retry = v[u"retry"];
    if (v.contains(u"items")) {
        s.hasItems = true;
        const Value items = v[u"items"];
        if (items.isString()) {
            for (const QChar c : items.toString())
                s.items.append(statusCodes().value(c.unicode() - u'a', status::Unset));
        } else {
            for (const Value &x : items.toList()) {
                const QString st = x[u"status"].toString();
                s.items.append(st.isEmpty() ? status::Unset : st);
            }
        }
    }
    s.completed = v[u"completed"].toBool();
    s.runOnFail = v[u"run_on_fail"].toBool();
    s.recountItems();
    return s;
}

Value stateToValue(const Conductor::Private &d, bool compact)
{
    ValueDict state;
    state.insert(QStringLiteral("contexts"), Value(ValueList(d.contexts.cbegin(), d.contexts.cend())));
    ValueList routes;
    for (const QStringList &r : d.routes)
        routes.append(stringList(r));
    state.insert(QStringLiteral("routes"), Value(std::move(routes)));
    ValueList seq;
    for (const TaskEntryPtr &e : d.sequence)
        seq.append(entryToValue(*e, compact));
    state.insert(QStringLiteral("sequence"), Value(std::move(seq)));
    ValueList staged;
    for (const StagedPtr &s : d.staged)
        staged.append(stagedToValue(*s, compact));
    state.insert(QStringLiteral("staged"), Value(std::move(staged)));
    state.insert(QStringLiteral("status"), d.status);
    ValueDict tasks;
    for (int i = 0; i < d.sequence.size(); ++i) {
        const TaskEntry &e = *d.sequence.at(i);
        if (d.tasks.value(Conductor::Private::key(e.id, e.route), -1) == i)
            tasks.insert(Conductor::Private::key(e.id, e.route), i);
    }
    state.insert(QStringLiteral("tasks"), Value(std::move(tasks)));
    if (!d.reruns.isEmpty()) {
        ValueList reruns;
        for (const QList<int> &r : d.reruns)
            reruns.append(intList(r));
        state.insert(QStringLiteral("reruns"), Value(std::move(reruns)));
    }
    return Value(std::move(state));
}

void resetJournalOf(Conductor::Private &d);

Value StateObject::attribute(const QString &name) const { return resolve()[name]; }
Value StateObject::resolve() const { return stateToValue(*m_d, false); }

Value Conductor::snapshot(bool compact) const
{
    ValueDict snap;
    snap.insert(QStringLiteral("input"), d->inputs);
    snap.insert(QStringLiteral("context"), d->parentCtx);
    snap.insert(QStringLiteral("state"), stateToValue(*d, compact));
    snap.insert(QStringLiteral("log"), Value(d->log));
    snap.insert(QStringLiteral("errors"), Value(d->errors));
    snap.insert(QStringLiteral("output"), workflowOutput());
    QStringList opaque(d->opaque.cbegin(), d->opaque.cend());
    opaque.sort();
    snap.insert(QStringLiteral("opaque"), stringList(opaque));
    snap.insert(QStringLiteral("journal_serial"), d->journal.serial);
    // Later deltas are relative to this snapshot.
    resetJournalOf(*d);
    return Value(std::move(snap));
}

namespace {

// Places a task entry at `idx` (append when idx == size), keeping the
// latest-entry pointers and status counts right.
void putEntry(Conductor::Private &d, int idx, TaskEntry e)
{
    const QString k = Conductor::Private::key(e.id, e.route);
    if (idx < d.sequence.size()) {
        const bool latest = d.tasks.value(k, -1) == idx;
        if (latest)
            d.latestByStatus[d.sequence.at(idx)->status] -= 1;
        *d.sequence[idx] = std::move(e);
        if (latest)
            d.latestByStatus[d.sequence.at(idx)->status] += 1;
        return;
    }
    const int old = d.tasks.value(k, -1);
    if (old >= 0)
        d.latestByStatus[d.sequence.at(old)->status] -= 1;
    d.sequence.append(std::make_shared<TaskEntry>(std::move(e)));
    d.tasks.insert(k, idx);
    d.latestByStatus[d.sequence.last()->status] += 1;
}

void resetJournal(Conductor::Private &d)
{
    d.journal.statusSeen = d.status;
    d.journal.contexts = d.contexts.size();
    d.journal.routes = d.routes.size();
    d.journal.reruns = d.reruns.size();
    d.journal.errors = d.errors.size();
    d.journal.log = d.log.size();
    d.journal.errorsReset = false;
    d.journal.stagedDirty = false;
    d.journal.outputDirty = false;
    d.journal.sequence.clear();
    d.journal.opaque.clear();
    d.journal.itemChanges.clear();
}

} // namespace

void resetJournalOf(Conductor::Private &d) { resetJournal(d); }

std::unique_ptr<Conductor> Conductor::restore(std::shared_ptr<const WorkflowPlan> plan, const Value &snap,
                                              const expr::Scope *functions)
{
    if (!plan || !snap.isDict() || !snap[u"state"].isDict())
        throw SquallException(QStringLiteral("ValueError"), QStringLiteral("Not a conductor snapshot."));
    std::unique_ptr<Conductor> c(new Conductor);
    Private &d = *c->d;
    d.functionScope = functions;
    d.plan = std::move(plan);
    d.inputs = snap[u"input"].isDict() ? snap[u"input"] : Value(ValueDict());
    d.parentCtx = snap[u"context"].isDict() ? snap[u"context"] : Value(ValueDict());
    const Value state = snap[u"state"];
    d.contexts = state[u"contexts"].toList();
    for (const Value &r : state[u"routes"].toList())
        d.routes.append(fromStrings(r));
    const ValueList &seq = state[u"sequence"].toList();
    for (qsizetype i = 0; i < seq.size(); ++i)
        putEntry(d, int(i), entryFromValue(seq.at(i)));
    // Orquesta's `tasks` pointers win over "the last entry of a key".
    for (const auto &[k, v] : state[u"tasks"].toDict()) {
        const int idx = int(v.toInt());
        if (idx >= 0 && idx < d.sequence.size())
            d.tasks.insert(k, idx);
    }
    d.latestByStatus.clear();
    for (auto it = d.tasks.cbegin(); it != d.tasks.cend(); ++it)
        d.latestByStatus[d.sequence.at(it.value())->status] += 1;
    for (const Value &s : state[u"staged"].toList())
        d.staged.append(std::make_shared<StagedTask>(stagedFromValue(s)));
    d.status = state[u"status"].isString() ? state[u"status"].toString() : status::Unset;
    for (const Value &r : state[u"reruns"].toList())
        d.reruns.append(fromInts(r));
    d.errors = snap[u"errors"].toList();
    d.log = snap[u"log"].toList();
    d.output = snap[u"output"];
    if (snap.contains(u"opaque")) {
        for (const Value &s : snap[u"opaque"].toList())
            d.opaque.insert(s.toString());
    } else {
        d.noteOpaque(d.inputs);
    }
    d.journal.serial = snap[u"journal_serial"].toInt();
    d.journal.statusSeen = d.status;
    resetJournal(d);
    return c;
}

Value Conductor::takeDelta()
{
    Private::Journal &j = d->journal;
    ValueDict delta;
    if (d->contexts.size() > j.contexts)
        delta.insert(QStringLiteral("contexts"), Value(ValueList(d->contexts.cbegin() + j.contexts, d->contexts.cend())));
    if (d->routes.size() > j.routes) {
        ValueList routes;
        for (qsizetype i = j.routes; i < d->routes.size(); ++i)
            routes.append(stringList(d->routes.at(i)));
        delta.insert(QStringLiteral("routes"), Value(std::move(routes)));
    }
    if (!j.sequence.isEmpty()) {
        QList<int> idxs(j.sequence.cbegin(), j.sequence.cend());
        std::sort(idxs.begin(), idxs.end());
        ValueList seq;
        for (int i : idxs)
            seq.append(makeList({i, entryToValue(*d->sequence.at(i), true)}));
        delta.insert(QStringLiteral("sequence"), Value(std::move(seq)));
    }
    if (j.stagedDirty) {
        ValueList staged;
        for (const StagedPtr &s : std::as_const(d->staged))
            staged.append(stagedToValue(*s, true));
        delta.insert(QStringLiteral("staged"), Value(std::move(staged)));
    } else if (!j.itemChanges.isEmpty()) {
        // Only item statuses moved: a with-items task of 10,000 items must
        // not rewrite its whole item list per item.
        delta.insert(QStringLiteral("items"), Value(j.itemChanges));
    }
    if (d->reruns.size() > j.reruns) {
        ValueList reruns;
        for (qsizetype i = j.reruns; i < d->reruns.size(); ++i)
            reruns.append(intList(d->reruns.at(i)));
        delta.insert(QStringLiteral("reruns"), Value(std::move(reruns)));
    }
    if (j.errorsReset)
        delta.insert(QStringLiteral("errors_all"), Value(d->errors));
    else if (d->errors.size() > j.errors)
        delta.insert(QStringLiteral("errors"), Value(d->errors.mid(j.errors)));
    if (d->log.size() > j.log)
        delta.insert(QStringLiteral("log"), Value(d->log.mid(j.log)));
    if (j.outputDirty)
        delta.insert(QStringLiteral("output"), d->output);
    if (!j.opaque.isEmpty())
        delta.insert(QStringLiteral("opaque"), stringList(j.opaque));
    if (delta.isEmpty() && j.statusSeen == d->status)
        return {};
    delta.insert(QStringLiteral("status"), d->status);
    j.statusSeen = d->status;
    ++j.serial;
    delta.insert(QStringLiteral("serial"), j.serial);
    resetJournal(*d);
    return Value(std::move(delta));
}

void Conductor::applyDelta(const Value &delta)
{
    if (!delta.isDict())
        return;
    Private &dd = *d;
    for (const Value &c : delta[u"contexts"].toList())
        dd.contexts.append(c);
    for (const Value &r : delta[u"routes"].toList())
        dd.routes.append(fromStrings(r));
    for (const Value &pair : delta[u"sequence"].toList()) {
        const int idx = int(pair[0].toInt());
        if (idx < 0 || idx > dd.sequence.size())
            throw SquallException(QStringLiteral("ValueError"), QStringLiteral("Journal entry out of order."));
        putEntry(dd, idx, entryFromValue(pair[1]));
    }
    if (delta.contains(u"staged")) {
        dd.staged.clear();
        for (const Value &s : delta[u"staged"].toList())
            dd.staged.append(std::make_shared<StagedTask>(stagedFromValue(s)));
    }
    if (!delta.contains(u"staged")) {
        for (const Value &change : delta[u"items"].toList()) {
            const QString id = change[0].toString();
            const int route = int(change[1].toInt());
            const qsizetype item = change[2].toInt();
            for (const StagedPtr &s : std::as_const(dd.staged))
                if (s->id == id && s->route == route && item >= 0 && item < s->items.size())
                    s->setItem(item, change[3].toString());
        }
    }
    for (const Value &r : delta[u"reruns"].toList())
        dd.reruns.append(fromInts(r));
    if (delta.contains(u"errors_all"))
        dd.errors = delta[u"errors_all"].toList();
    for (const Value &e : delta[u"errors"].toList())
        dd.errors.append(e);
    for (const Value &e : delta[u"log"].toList())
        dd.log.append(e);
    if (delta.contains(u"output"))
        dd.output = delta[u"output"];
    for (const Value &s : delta[u"opaque"].toList())
        dd.opaque.insert(s.toString());
    if (delta[u"status"].isString())
        dd.status = delta[u"status"].toString();
    dd.journal.statusSeen = dd.status;
    dd.journal.serial = delta[u"serial"].toInt();
    resetJournal(dd);
}

} // namespace squall::orquesta
