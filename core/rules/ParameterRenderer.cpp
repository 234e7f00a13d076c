#include "rules/ParameterRenderer.h"

#include "base/Error.h"
#include "base/Graph.h"
#include "base/Json.h"
#include "base/Python.h"
#include "expr/Jinja.h"
#include "schema/Casts.h"
#include "schema/Parameters.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <functional>

namespace squall::rules {

namespace {

[[noreturn]] void paramError(const QString &message)
{
    throw SquallException(QStringLiteral("ParameterError"), message);
}

// One node of the dependency graph: a plain value or a template whose
// undeclared variables are its dependencies.
struct Node
{
    Value value;  // plain value, or the original (string / list / dict) of a template
    std::shared_ptr<const expr::Template> tmpl;
    bool complex = false;  // a list/dict rendered through JSON
    QStringList deps;
};

class Graph
{
public:
    Graph(const Value &context, const expr::Scope *extra) : m_extra(extra)
    {
        for (const auto &[name, v] : context.toDict())
            setValue(name, v);
    }

    void setValue(const QString &name, const Value &v)
    {
        Node n;
        n.value = v;
        put(name, std::move(n));
    }

    // _process: decides whether `value` is a template and records its dependencies.
    void process(const QString &name, const Value &value)
    {
        Node n;
        n.value = value;
        QString source;
        if (value.isString() && expr::hasJinja(value.toString())) {
            source = value.toString();
        } else if ((value.isList() || value.isDict()) && expr::hasJinja(py::str(value))) {
            // Whole-value "{{name}}" items keep their type: the JSON text gets
            // `| to_complex` and is decoded again after rendering.
            static const QRegularExpression whole(QStringLiteral("\"\\{\\{([A-z0-9_-]+)\\}\\}\""));
            source = json::toString(value);
            source.replace(whole, QStringLiteral("{{\\1 | to_complex}}"));
            n.complex = true;
        }
        if (!source.isEmpty()) {
            try {
                n.tmpl = expr::cachedTemplate(source);
                n.deps = n.tmpl->undeclaredVariables();
            } catch (const SquallException &) {
                // Not Jinja after all: "{{" alone is only a hint.
                n.tmpl.reset();
                n.complex = false;
            }
        }
        put(name, std::move(n));
    }

    bool has(const QString &name) const { return m_nodes.contains(name); }
    const Node *node(const QString &name) const
    {
        auto it = m_nodes.constFind(name);
        return it == m_nodes.constEnd() ? nullptr : &*it;
    }

    // A dependency is satisfied by a node or by the extra scope (st2kv).
    bool known(const QString &name) const
    {
        if (m_nodes.contains(name))
            return true;
        Value ignored;
        return m_extra && m_extra->lookup(name, &ignored);
    }

    void validate()
    {
        for (const QString &name : std::as_const(m_order)) {
            Node &n = m_nodes[name];
            if (!n.tmpl || n.deps.isEmpty())
                continue;
            QList<bool> flags;
            QStringList tracked;
            checkAnyBad(n.deps, flags, tracked);
            if (!flags.contains(true)) {
                // Only unknown names: a literal string that merely looks like Jinja.
                n.tmpl.reset();
                n.deps.clear();
                n.complex = false;
            } else if (flags.contains(false)) {
                paramError(QStringLiteral("Dependency unsatisfied in variable \"%1\"").arg(name));
            }
        }
        checkCycles();
    }

    Value resolve(const QString &name)
    {
        QSet<QString> visiting;
        return resolve(name, visiting);
    }

private:
    void put(const QString &name, Node &&n)
    {
        if (!m_nodes.contains(name))
            m_order.append(name);
        m_nodes.insert(name, std::move(n));
    }

    void checkAnyBad(const QStringList &names, QList<bool> &flags, QStringList &tracked) const
    {
        for (const QString &name : names) {
            flags.append(known(name));
            if (tracked.contains(name))
                continue;
            tracked.append(names);
            const Node *n = node(name);
            if (n && n->tmpl)
                checkAnyBad(n->deps, flags, tracked);
        }
    }

    void checkCycles() const
    {
        QStringList reported;
        const auto deps = [this](const QString &v) {
            QStringList out;
            if (const Node *n = node(v); n && n->tmpl) {
                for (const QString &w : n->deps)
                    if (node(w))
                        out.append(w);
            }
            return out;
        };
        for (const QStringList &cycle : graph::cycles(m_order, deps))
            reported.append(cycle.first());
        if (!reported.isEmpty()) {
            std::sort(reported.begin(), reported.end());
            paramError(QStringLiteral("Cyclic dependency found in the following variables: %1. Likely the "
                                      "variable is referencing itself")
                           .arg(reported.join(QStringLiteral(", "))));
        }
    }

    Value resolve(const QString &name, QSet<QString> &visiting)
    {
        auto done = m_resolved.constFind(name);
        if (done != m_resolved.constEnd())
            return *done;
        const Node *n = node(name);
        if (!n) {
            Value v;
            if (m_extra)
                m_extra->lookup(name, &v);
            return v;
        }
        if (!n->tmpl) {
            m_resolved.insert(name, n->value);
            return n->value;
        }
        visiting.insert(name);
        ValueDict vars;
        for (const QString &dep : n->deps) {
            if (has(dep) && !visiting.contains(dep))
                vars.insert(dep, resolve(dep, visiting));
        }
        visiting.remove(name);
        Value result;
        try {
            const expr::DictScope scope(Value(std::move(vars)), m_extra);
            const QString rendered = n->tmpl->render(scope);
            if (n->complex) {
                json::ParseError err;
                result = json::parse(QStringView(rendered), &err);
                if (!err.ok())
                    throw SquallException(QStringLiteral("ValueError"),
                                          QStringLiteral("rendered value is not valid JSON: %1").arg(err.message));
            } else {
                result = rendered;
            }
        } catch (const SquallException &e) {
            paramError(QStringLiteral("Failed to render parameter \"%1\": %2").arg(name, e.error().message));
        }
        m_resolved.insert(name, result);
        return result;
    }

    const expr::Scope *m_extra;
    QHash<QString, Node> m_nodes;
    QStringList m_order;
    QHash<QString, Value> m_resolved;
};

} // namespace

Value renderActionParameters(const Value &liveParams, const Value &mergedSchema, const Value &context,
                             const expr::Scope *extra)
{
    const ValueDict live = liveParams.isDict() ? liveParams.toDict() : ValueDict();
    const ValueDict schemas = mergedSchema.isDict() ? mergedSchema.toDict() : ValueDict();

    QStringList immutables;
    for (const auto &[name, v] : live) {
        if (schemas.value(name)[u"immutable"].toBool())
            immutables.append(py::repr(QStringView(name)));
    }
    if (!immutables.isEmpty())
        paramError(QStringLiteral("Override of immutable parameter(s) [%1] is unsupported.")
                       .arg(immutables.join(QStringLiteral(", "))));

    Graph graph(context, extra);
    QStringList outputNames;
    for (const auto &[name, v] : live) {
        graph.process(name, v);
        outputNames.append(name);
    }
    for (const auto &[name, s] : schemas) {
        const Value *given = live.find(name);
        const bool immutable = s[u"immutable"].toBool();
        if (!given || given->isNull() || immutable) {
            graph.process(name, s[u"default"]);
            if (!given && s.isDict() && s.toDict().contains(u"default"))
                outputNames.append(name);
        }
    }
    graph.validate();

    ValueDict out;
    for (const QString &name : std::as_const(outputNames)) {
        const Value rendered = graph.resolve(name);
        try {
            out.insert(name, schema::castRendered(rendered, schemas.value(name)));
        } catch (const SquallException &e) {
            paramError(QStringLiteral("Failed to cast parameter \"%1\" (type %2): %3")
                           .arg(name, py::str(schemas.value(name)[u"type"]), e.error().message));
        }
    }

    const QList<Error> errors = schema::validateParameters(out, mergedSchema);
    if (!errors.isEmpty()) {
        QStringList lines;
        for (const Error &e : errors)
            lines.append(e.field.isEmpty() ? e.message : e.field + QStringLiteral(": ") + e.message);
        paramError(lines.join(u'\n'));
    }
    return out;
}

} // namespace squall::rules
