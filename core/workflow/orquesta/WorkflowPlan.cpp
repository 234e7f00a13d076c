#include "workflow/orquesta/WorkflowPlan.h"

#include "base/Error.h"
#include "base/Graph.h"
#include "base/Json.h"

#include <QQueue>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace squall::orquesta {

namespace {

const QStringList &engineCommands()
{
    static const QStringList names = {QStringLiteral("continue"), QStringLiteral("fail"), QStringLiteral("noop"),
                                      QStringLiteral("retry")};
    return names;
}

const TaskPlan *engineCommandPlan(QStringView name)
{
    static const QHash<QString, TaskPlan> plans = [] {
        QHash<QString, TaskPlan> h;
        for (const QString &n : engineCommands()) {
            TaskPlan p;
            p.name = n;
            p.isEngineCommand = true;
            h.insert(n, p);
        }
        return h;
    }();
    const auto it = plans.constFind(name.toString());
    return it == plans.constEnd() ? nullptr : &*it;
}

[[noreturn]] void fail(const std::shared_ptr<const yaml::LocationMap> &loc, const QString &path, const QString &msg)
{
    if (loc)
        throw SquallException(loc->error(path, msg, QStringLiteral("workflow")));
    Error e;
    e.message = msg;
    e.field = path;
    e.kind = QStringLiteral("workflow");
    throw SquallException(e);
}

// A list of one-key dicts (or, for input, bare names).
QList<NamedValue> namedList(const Value &v, const QString &path, bool allowNames,
                            const std::shared_ptr<const yaml::LocationMap> &loc)
{
    QList<NamedValue> out;
    if (v.isNull())
        return out;
    if (!v.isList())
        fail(loc, path, QStringLiteral("must be a list"));
    const ValueList &list = v.toList();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Value &e = list.at(i);
        const QString p = path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
        if (e.isString() && allowNames) {
            out.append({e.toString(), Value(), false});
        } else if (e.isDict() && e.toDict().size() == 1) {
            const auto &entry = e.toDict().entries().first();
            out.append({entry.first, entry.second, true});
        } else {
            fail(loc, p, allowNames ? QStringLiteral("must be a name or a one-key dict")
                                    : QStringLiteral("must be a one-key dict"));
        }
    }
    return out;
}

QStringList splitDo(const Value &v)
{
    QStringList out;
    if (v.isString()) {
        for (const QString &part : v.toString().split(QLatin1Char(',')))
            out.append(part.trimmed());
    } else if (v.isList()) {
        for (const Value &x : v.toList())
            out.append(x.isString() ? x.toString() : QString());
    }
    return out;
}

} // namespace

QList<NamedValue> parseInlineParams(const QString &s)
{
    QList<NamedValue> out;
    if (s.isEmpty())
        return out;
    // The alternatives Orquesta accepts for a value, floating numbers before
    // integers, then the two expression delimiters.
    static const QRegularExpression re(QStringLiteral(
        "(\\w+)=(\\[.*\\]\\s*|\"[^\"]*\"\\s*|'[^']*'\\s*|[-]?\\d*\\.\\d+|[-]?\\d+|(?i:true)|(?i:false)|null"
        "|<%.*?%>|\\{\\{.*?\\}\\}|\\{%.*?%\\})"));
    static const QRegularExpression dq(QStringLiteral("\"[^\"]*\"\\s*"));
    static const QRegularExpression sq(QStringLiteral("'[^']*'\\s*"));
    auto it = re.globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        QString v = m.captured(2).trimmed();
        const bool quotesInParam = dq.match(v).hasMatch() || sq.match(v).hasMatch();
        if (v.startsWith(QLatin1Char('"')))
            v.remove(0, 1);
        if (v.endsWith(QLatin1Char('"')))
            v.chop(1);
        if (v.startsWith(QLatin1Char('\'')))
            v.remove(0, 1);
        if (v.endsWith(QLatin1Char('\'')))
            v.chop(1);
        bool quotesInString = false;
        if (!v.isEmpty()) {
            const bool curly = v.startsWith(QLatin1Char('{')) && v.endsWith(QLatin1Char('}'));
            quotesInString = quotesInParam && !curly;
        }
        Value value(v);
        if (!quotesInString) {
            QString text = v;
            if (text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0
                || text.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
                text = text.toLower();
            json::ParseError err;
            const Value parsed = json::parse(QStringView(text), &err);
            if (err.ok())
                value = parsed;
        }
        // Later duplicates replace earlier ones in place, as a dict would.
        bool replaced = false;
        for (NamedValue &nv : out) {
            if (nv.name == m.captured(1)) {
                nv.value = value;
                replaced = true;
            }
        }
        if (!replaced)
            out.append({m.captured(1), value, true});
    }
    return out;
}

WorkflowPlan::WorkflowPlan() = default;
WorkflowPlan::~WorkflowPlan() = default;

bool WorkflowPlan::isEngineCommand(QStringView name) { return engineCommands().contains(name); }

bool WorkflowPlan::hasTask(QStringView name) const
{
    return isEngineCommand(name) || m_tasks.contains(name.toString());
}

const TaskPlan *WorkflowPlan::task(QStringView name) const
{
    if (const TaskPlan *p = engineCommandPlan(name))
        return p;
    const auto it = m_tasks.constFind(name.toString());
    return it == m_tasks.constEnd() ? nullptr : &*it;
}

bool WorkflowPlan::isSplitTask(QStringView name) const
{
    const TaskPlan *t = task(name);
    if (t && t->hasJoin)
        return false;
    return m_prevCount.value(name.toString()) > 1;
}

const GraphNode *WorkflowPlan::node(QStringView id) const
{
    const auto it = m_nodeIndex.constFind(id.toString());
    return it == m_nodeIndex.constEnd() ? nullptr : &m_nodes.at(*it);
}

QStringList WorkflowPlan::barriers() const
{
    QStringList out;
    for (const GraphNode &n : m_nodes)
        if (!n.barrier.isNull())
            out.append(n.id);
    return out;
}

std::shared_ptr<const WorkflowPlan> WorkflowPlan::compileFile(const QString &path)
{
    const yaml::Document doc = yaml::loadFile(path);
    return compile(doc.value, doc.locations);
}

std::shared_ptr<const WorkflowPlan> WorkflowPlan::compile(const Value &doc,
                                                          std::shared_ptr<const yaml::LocationMap> locations)
{
    std::shared_ptr<WorkflowPlan> plan(new WorkflowPlan);
    plan->m_doc = doc;
    plan->m_locations = locations;
    const auto &loc = plan->m_locations;
    if (!doc.isDict())
        fail(loc, QString(), QStringLiteral("a workflow definition must be a mapping"));

    plan->m_input = namedList(doc[u"input"], QStringLiteral("input"), true, loc);
    plan->m_vars = namedList(doc[u"vars"], QStringLiteral("vars"), false, loc);
    plan->m_output = namedList(doc[u"output"], QStringLiteral("output"), false, loc);

    const Value tasks = doc[u"tasks"];
    if (!tasks.isDict() || tasks.toDict().isEmpty())
        fail(loc, QStringLiteral("tasks"), QStringLiteral("the workflow needs a non-empty `tasks` mapping"));

    static const QRegularExpression nameRe(QStringLiteral("^\\w+$"));
    for (const auto &[name, spec] : tasks.toDict()) {
        const QString path = QStringLiteral("tasks.") + name;
        if (!nameRe.match(name).hasMatch())
            fail(loc, path, QStringLiteral("task names must match ^\\w+$"));
        if (!spec.isDict() && !spec.isNull())
            fail(loc, path, QStringLiteral("a task must be a mapping"));
        TaskPlan t;
        t.name = name;
        t.action = spec[u"action"];
        t.input = spec.contains(u"input") ? spec[u"input"] : Value();
        if (t.action.isString()) {
            const QString a = t.action.toString();
            const QList<NamedValue> inl = parseInlineParams(a);
            if (!inl.isEmpty() && a.contains(QLatin1Char(' '))) {
                t.action = a.left(a.indexOf(QLatin1Char(' ')));
                ValueDict in;
                for (const NamedValue &nv : inl)
                    in.insert(nv.name, nv.value);
                t.input = Value(std::move(in));
            }
        }
        t.delay = spec[u"delay"];
        if (spec.contains(u"join") && !spec[u"join"].isNull()) {
            t.hasJoin = true;
            t.join = spec[u"join"];
            if (!(t.join.isInt() || (t.join.isString() && t.join.toString() == u"all")))
                fail(loc, path + QStringLiteral(".join"), QStringLiteral("join must be \"all\" or an integer"));
        }
        Value with = spec[u"with"];
        if (with.isString())
            with = makeDict({{QStringLiteral("items"), with}});
        if (!with.isNull()) {
            if (!with.isDict() || !with[u"items"].isString())
                fail(loc, path + QStringLiteral(".with"), QStringLiteral("with needs an `items` expression"));
            t.hasItems = true;
            t.itemsSpec = with[u"items"].toString();
            const qsizetype in = t.itemsSpec.indexOf(QLatin1String(" in "));
            if (in < 0) {
                t.itemsExpr = t.itemsSpec.trimmed();
            } else {
                t.itemsExpr = t.itemsSpec.mid(in + 4).trimmed();
                QString keys = t.itemsSpec.left(in);
                keys.remove(QLatin1Char(' '));
                t.itemKeys = keys.split(QLatin1Char(','));
            }
            t.concurrency = with[u"concurrency"];
        }
        const Value retry = spec[u"retry"];
        if (retry.isDict() && !retry.toDict().isEmpty()) {
            t.hasRetry = true;
            t.retryWhen = retry[u"when"];
            t.retryCount = retry[u"count"];
            t.retryDelay = retry[u"delay"];
        }
        const Value next = spec[u"next"];
        if (!next.isNull() && !next.isList())
            fail(loc, path + QStringLiteral(".next"), QStringLiteral("next must be a list of transitions"));
        const ValueList &nl = next.toList();
        for (qsizetype i = 0; i < nl.size(); ++i) {
            const Value &tr = nl.at(i);
            const QString tpath = path + QStringLiteral(".next[") + QString::number(i) + QLatin1Char(']');
            if (!tr.isDict() && !tr.isNull())
                fail(loc, tpath, QStringLiteral("a transition must be a mapping"));
            TransitionPlan tp;
            tp.index = int(i);
            if (tr[u"when"].isString())
                tp.when = tr[u"when"].toString();
            const Value pub = tr[u"publish"];
            if (pub.isString())
                tp.publish = parseInlineParams(pub.toString());
            else
                tp.publish = namedList(pub, tpath + QStringLiteral(".publish"), false, loc);
            const Value d = tr[u"do"];
            const bool emptyDo = d.isNull() || (d.isString() && d.toString().isEmpty())
                                 || (d.isList() && d.toList().isEmpty());
            tp.next = emptyDo ? QStringList{QStringLiteral("continue")} : splitDo(d);
            t.transitions.append(tp);
        }
        plan->m_taskNames.append(name);
        plan->m_tasks.insert(name, t);
    }

    for (const QString &name : std::as_const(plan->m_taskNames))
        for (const TransitionPlan &tp : plan->m_tasks[name].transitions)
            for (const QString &n : tp.next) {
                if (!plan->hasTask(n))
                    fail(loc, QStringLiteral("tasks.") + name + QStringLiteral(".next[") + QString::number(tp.index)
                                  + QStringLiteral("].do"),
                         QStringLiteral("The task \"%1\" is not defined.").arg(n));
                plan->m_prevCount[n] += 1;
            }
    plan->compose();
    if (plan->m_roots.isEmpty())
        fail(loc, QStringLiteral("tasks"),
             QStringLiteral("Unable to identify any tasks to start the workflow. If the workflow has a loop, please "
                            "add a task that serves as an entry point (or lead) into the loop."));
    return plan;
}

void WorkflowPlan::compose()
{
    // Next tasks of a task as Orquesta lists them: (name, condition, index)
    // sorted by name, stable.
    struct NextRef
    {
        QString name;
        QString when;
        int ref;
    };
    auto nextOf = [this](const QString &name) {
        QList<NextRef> out;
        const TaskPlan *t = task(name);
        if (!t)
            return out;
        for (const TransitionPlan &tp : t->transitions)
            for (const QString &n : tp.next)
                out.append({n, tp.when, tp.index});
        std::stable_sort(out.begin(), out.end(), [](const NextRef &a, const NextRef &b) { return a.name < b.name; });
        return out;
    };
    // A task is in a cycle when it can reach itself: its strongly connected
    // component has more than one member, or it names itself as a next task.
    QSet<QString> cyclic;
    {
        QStringList all = m_taskNames;
        for (const QString &c : engineCommands())
            all.append(c);
        const auto successors = [&nextOf](const QString &name) {
            QStringList out;
            for (const NextRef &n : nextOf(name))
                out.append(n.name);
            return out;
        };
        for (const QStringList &cycle : graph::cycles(all, successors))
            for (const QString &c : cycle)
                cyclic.insert(c);
    }
    auto inCycle = [&cyclic](const QString &name) { return cyclic.contains(name); };

    for (const QString &name : std::as_const(m_taskNames))
        if (m_prevCount.value(name) == 0)
            m_roots.append(name);
    std::sort(m_roots.begin(), m_roots.end());

    auto addNode = [this, &inCycle](const QString &id) {
        if (m_nodeIndex.contains(id))
            return false;
        GraphNode n;
        n.id = id;
        const TaskPlan *t = task(id);
        if (t && t->hasJoin)
            n.barrier = (t->join.isString() ? Value(QStringLiteral("*")) : t->join);
        if (t && t->hasRetry) {
            n.hasRetry = true;
            n.retry = makeDict({{QStringLiteral("when"), t->retryWhen},
                                {QStringLiteral("count"), t->retryCount},
                                {QStringLiteral("delay"), t->retryDelay}});
        }
        n.inCycle = inCycle(id);
        m_nodeIndex.insert(id, int(m_nodes.size()));
        m_nodes.append(n);
        return true;
    };

    QQueue<QString> q;
    for (const QString &r : std::as_const(m_roots)) {
        addNode(r);
        q.enqueue(r);
    }
    QSet<QString> processed;
    QHash<QString, QList<int>> pairEdges;
    while (!q.isEmpty()) {
        const QString name = q.dequeue();
        if (processed.contains(name))
            continue;  // edges are deduplicated anyway; one pass per task is enough
        processed.insert(name);
        for (const NextRef &r : nextOf(name)) {
            if (r.name == u"retry") {
                GraphNode &n = m_nodes[m_nodeIndex.value(name)];
                n.hasRetry = true;
                n.retry = makeDict({{QStringLiteral("when"),
                                     r.when.isEmpty() ? Value(QStringLiteral("<% completed() %>")) : Value(r.when)},
                                    {QStringLiteral("count"), 3}});
                continue;
            }
            addNode(r.name);
            q.enqueue(r.name);
            const QStringList criteria = r.when.isEmpty() ? QStringList() : QStringList{r.when};
            QList<int> &pair = pairEdges[name + QChar(0x1f) + r.name];
            const int existing = int(pair.size());
            bool duplicate = false;
            for (int e : std::as_const(pair)) {
                const GraphTransition &t = m_transitions.at(e);
                if (t.criteria == criteria && t.ref == r.ref)
                    duplicate = true;
            }
            if (duplicate)
                continue;
            GraphTransition t;
            t.source = name;
            t.destination = r.name;
            t.key = existing;
            t.ref = r.ref;
            t.criteria = criteria;
            const int idx = int(m_transitions.size());
            m_transitions.append(t);
            pair.append(idx);
            m_nodes[m_nodeIndex.value(name)].next.append(idx);
            m_nodes[m_nodeIndex.value(r.name)].prev.append(idx);
        }
    }
    for (GraphNode &n : m_nodes) {
        std::stable_sort(n.next.begin(), n.next.end(), [this](int a, int b) {
            const GraphTransition &x = m_transitions.at(a), &y = m_transitions.at(b);
            return x.destination < y.destination;
        });
    }
}

} // namespace squall::orquesta
