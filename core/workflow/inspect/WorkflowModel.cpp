#include "workflow/inspect/WorkflowModel.h"

#include "base/Graph.h"
#include "base/Python.h"
#include "workflow/inspect/InlineParams.h"

#include <QSet>

#include <algorithm>

namespace squall::workflow::inspect {

namespace {

WorkflowModel::Transition buildTransition(const Value &raw)
{
    WorkflowModel::Transition t;
    // Orquesta refuses an empty or non-mapping transition outright; here it
    // simply continues, and the schema check reports the mistake.
    t.isSpec = raw.isDict() && !raw.toDict().isEmpty();
    if (t.isSpec) {
        const ValueDict &d = raw.toDict();
        t.when = d.value(u"when");
        t.publish = d.value(u"publish");
        if (t.publish.isString() && !t.publish.toString().isEmpty())
            t.publish = Value(parseInlineParams(t.publish.toString()));
        t.doValue = d.value(u"do");
    }
    if (!py::truthy(t.doValue))
        t.doValue = Value(QStringLiteral("continue"));
    if (t.doValue.isString()) {
        const QStringList parts = t.doValue.toString().split(u',');
        for (const QString &p : parts)
            t.doNames.append(p.trimmed());
    } else if (t.doValue.isList()) {
        for (const Value &v : t.doValue.toList())
            t.doNames.append(v.isString() ? v.toString() : py::str(v));
    } else if (t.doValue.isDict()) {
        // Orquesta iterates whatever `do` holds; a mapping yields its keys.
        t.doNames = t.doValue.toDict().keys();
    }
    return t;
}

WorkflowModel::Task buildTask(const QString &name, const Value &raw)
{
    WorkflowModel::Task t;
    t.name = name;
    t.isSpec = raw.isDict() && !raw.toDict().isEmpty();
    if (!t.isSpec)
        return t;
    const ValueDict &d = raw.toDict();
    t.delay = d.value(u"delay");
    t.join = d.value(u"join");
    t.hasJoinKey = !t.join.isNull();
    t.with = d.value(u"with");
    t.action = d.value(u"action");
    t.input = d.value(u"input");
    t.retry = d.value(u"retry");
    t.nextRaw = d.value(u"next");
    if (t.action.isString()) {
        const QString action = t.action.toString();
        ValueDict params = inlineParamsDict(action);
        if (!params.isEmpty()) {
            const qsizetype space = action.indexOf(u' ');
            if (space >= 0)
                t.action = Value(action.left(space));
            t.input = Value(std::move(params));
        }
    }
    if (t.nextRaw.isList()) {
        for (const Value &item : t.nextRaw.toList())
            t.next.append(buildTransition(item));
    }
    return t;
}

} // namespace

bool WorkflowModel::isReservedName(const QString &name)
{
    return name == u"continue" || name == u"fail" || name == u"noop" || name == u"retry";
}

WorkflowModel WorkflowModel::build(const Value &doc)
{
    WorkflowModel m;
    m.doc = doc;
    if (!doc.isDict())
        return m;
    Value *tasks = m.doc.dictRef().find(QStringLiteral("tasks"));
    if (!tasks || !tasks->isDict() || tasks->toDict().isEmpty())
        return m;
    // The shorthand `with: <expr>` means `with: {items: <expr>}`; Orquesta
    // rewrites it before anything else, schema validation included.
    QList<std::pair<QString, Value>> expanded;
    for (const auto &entry : tasks->toDict().entries()) {
        if (!entry.second.isDict())
            continue;
        const Value *with = entry.second.toDict().find(u"with");
        if (with && with->isString()) {
            Value task = entry.second;
            task.dictRef().insert(QStringLiteral("with"), makeDict({{QStringLiteral("items"), *with}}));
            expanded.append({entry.first, task});
        }
    }
    for (auto &e : expanded)
        tasks->dictRef().insert(e.first, std::move(e.second));
    m.tasksIsMapping = true;
    for (const auto &entry : tasks->toDict().entries()) {
        m.index.insert(entry.first, m.tasks.size());
        m.tasks.append(buildTask(entry.first, entry.second));
    }
    m.indexGraph();
    return m;
}

bool WorkflowModel::hasTask(const QString &name) const
{
    return isReservedName(name) || index.contains(name);
}

const WorkflowModel::Task *WorkflowModel::task(const QString &name) const
{
    static const Task empty;
    if (isReservedName(name))
        return &empty;
    const auto it = index.constFind(name);
    return it == index.constEnd() ? nullptr : &tasks.at(*it);
}

void WorkflowModel::indexGraph()
{
    for (const Task &t : tasks) {
        // A task defined under a reserved name is the engine command to
        // Orquesta: it has no transitions of its own.
        if (isReservedName(t.name))
            continue;
        QList<std::pair<QString, int>> out;
        for (int i = 0; i < t.next.size(); ++i) {
            for (const QString &n : t.next.at(i).doNames)
                out.append({n, i});
        }
        std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        for (const auto &n : out)
            ++m_inbound[n.first];
        m_next.insert(t.name, std::move(out));
    }
    for (const Task &t : tasks) {
        if (!m_inbound.contains(t.name))
            m_start.append(t.name);
    }
    std::sort(m_start.begin(), m_start.end());

    QStringList names;
    for (const Task &t : tasks)
        names.append(t.name);
    const auto successors = [this](const QString &name) {
        QStringList out;
        for (const auto &n : m_next.value(name))
            out.append(n.first);
        return out;
    };
    for (const QStringList &cycle : graph::cycles(names, successors))
        for (const QString &c : cycle)
            m_cyclic.insert(c);
}

QList<std::pair<QString, int>> WorkflowModel::nextTasks(const QString &name) const
{
    return m_next.value(name);
}

int WorkflowModel::inboundCount(const QString &name) const
{
    return m_inbound.value(name);
}

QStringList WorkflowModel::startTasks() const
{
    return m_start;
}

bool WorkflowModel::inCycle(const QString &name) const
{
    return m_cyclic.contains(name);
}

} // namespace squall::workflow::inspect
