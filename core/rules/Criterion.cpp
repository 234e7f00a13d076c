#include "rules/Criterion.h"

#include "base/Error.h"
#include "base/Python.h"
#include "expr/Jinja.h"
#include "rules/PatternTemplate.h"

namespace squall::rules {

CriteriaContext::CriteriaContext(const QString &rootName, const Value &rootValue, const expr::Scope *extra)
    : m_rootName(rootName)
    , m_rootValue(rootValue)
    , m_extra(extra)
{
}

CriteriaContext::~CriteriaContext() = default;

const Value *CriteriaContext::root(const QString &name, Value *storage) const
{
    if (name == m_rootName)
        return &m_rootValue;
    if (name == u"system" && m_extra) {
        Value kv;
        if (m_extra->lookup(u"st2kv", &kv) && kv.isObject()) {
            *storage = kv.toObject()->attribute(QStringLiteral("system"));
            return storage;
        }
    }
    return nullptr;
}

const Value &CriteriaContext::contextDict() const
{
    if (!m_dict) {
        ValueDict d;
        d.insert(m_rootName, m_rootValue);
        Value storage;
        if (const Value *system = root(QStringLiteral("system"), &storage))
            d.insert(QStringLiteral("system"), *system);
        m_dict = Value(std::move(d));
    }
    return *m_dict;
}

const expr::Scope &CriteriaContext::templateScope() const
{
    if (!m_scope)
        m_scope = std::make_unique<expr::DictScope>(makeDict({{m_rootName, m_rootValue}}), m_extra);
    return *m_scope;
}

Criterion::Criterion(const QString &key, const Value &spec)
    : m_key(key)
    , m_path(key)
{
    m_rootName = m_path.rootName();
    if (!m_path.isValid())
        m_error = m_path.errorString();
    if (!spec.isDict()) {
        m_error = QStringLiteral("criterion '%1' must be an object with type and pattern").arg(key);
        return;
    }
    const Value type = spec[u"type"];
    m_hasType = spec.contains(u"type");
    m_opText = type.isString() ? type.toString() : py::str(type);
    m_pattern = spec[u"pattern"];
    m_condition = py::str(spec[u"condition"]);
    if (!m_hasType)
        return;
    m_op = type.isString() ? operatorFromName(type.toString()) : std::nullopt;
    if (!m_op) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("Invalid operator: %1").arg(m_opText.toLower());
        return;
    }

    if (*m_op == Operator::Search) {
        if (!m_pattern.isDict()) {
            if (m_error.isEmpty())
                m_error = QStringLiteral("the search pattern of '%1' must be a dict of item.* criteria").arg(key);
            return;
        }
        for (const auto &[childKey, childSpec] : m_pattern.toDict()) {
            Criterion child(childKey, childSpec);
            if (!child.compileError().isEmpty() && m_error.isEmpty())
                m_error = QStringLiteral("%1: %2").arg(childKey, child.compileError());
            m_children.append(std::move(child));
        }
        return;
    }

    if (!m_pattern.isString())
        return;
    const QString &text = m_pattern.toString();
    if (expr::hasJinja(text)) {
        try {
            m_template = std::make_shared<const PatternTemplate>(text);
        } catch (const SquallException &e) {
            if (m_error.isEmpty())
                m_error = QStringLiteral("pattern of '%1': %2").arg(key, e.error().message);
        }
        return;
    }
    try {
        m_regex = compileOperatorPattern(*m_op, text);
    } catch (const SquallException &e) {
        // Python compiles the regex at match time; the failure shows there too.
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1: %2").arg(e.error().kind, e.error().message);
    }
}


bool Criterion::evaluate(const CriteriaContext &ctx, CriterionTrace *trace, QString *error) const
{
    if (trace) {
        trace->key = m_key;
        trace->op = m_opText;
        trace->pattern = m_pattern;
    }
    const auto failed = [&](const QString &why) {
        if (trace)
            trace->error = why;
        if (error)
            *error = why;
        return false;
    };
    if (!m_hasType)
        return false;  // StackStorm: no comparison type, no match (and no error)
    if (!m_error.isEmpty())
        return failed(m_error);

    Value rendered;
    const Value *pattern = &m_pattern;
    if (m_template) {
        try {
            rendered = m_template->render(ctx.templateScope());
        } catch (const SquallException &e) {
            return failed(QStringLiteral("Failed to render pattern value \"%1\" for key \"%2\": %3")
                              .arg(m_pattern.toString(), m_key, e.error().message));
        }
        pattern = &rendered;
        if (trace)
            trace->pattern = rendered;
    }

    Value value;
    try {
        if (!m_rootName.isEmpty()) {
            Value storage;
            if (const Value *root = ctx.root(m_rootName, &storage)) {
                if (!m_path.findFirstBelowRoot(*root, &value))
                    value = Value();
            }
        } else if (!m_path.findFirst(ctx.contextDict(), &value)) {
            value = Value();
        }
    } catch (const SquallException &e) {
        // StackStorm: "Failed transforming criteria key": a failed criterion, recorded.
        return failed(QStringLiteral("Failed transforming criteria key %1: %2: %3")
                          .arg(m_key, e.error().kind, e.error().message));
    }
    if (value.isObject())
        value = py::resolved(value);
    if (trace)
        trace->value = value;

    bool result = false;
    QString childError;
    try {
        if (*m_op == Operator::Search)
            result = search(value, ctx.extra(), &childError);
        else
            result = applyOperator(*m_op, value, *pattern, m_regex ? &*m_regex : nullptr);
    } catch (const SquallException &e) {
        return failed(QStringLiteral("%1: %2 (criterion '%3', operator '%4')")
                          .arg(e.error().kind, e.error().message, m_key, m_opText));
    }
    // StackStorm records every nested criterion that raised; a search that
    // came out false because of one is reported with the first such error.
    if (!result && !childError.isEmpty())
        return failed(QStringLiteral("%1 (in search criterion '%2')").arg(childError, m_key));
    if (trace)
        trace->result = result;
    return result;
}

bool Criterion::search(const Value &value, const expr::Scope *extra, QString *childError) const
{
    enum { Any, All, AnyToAny, AllToAny } mode;
    if (m_condition == u"any")
        mode = Any;
    else if (m_condition == u"all")
        mode = All;
    else if (m_condition == u"any2any")
        mode = AnyToAny;
    else if (m_condition == u"all2any")
        mode = AllToAny;
    else
        throw SquallException(QStringLiteral("UnrecognizedConditionError"),
                              QStringLiteral("The '%1' condition is not recognized, only 'any', 'all', "
                                             "'any2any' and 'all2any' are allowed")
                                  .arg(m_condition));

    ValueList items;
    if (value.isDict()) {
        items.append(value);  // a single payload is searched as a one-element list
    } else if (value.isList()) {
        items = value.toList();
    } else if (value.isString()) {
        for (QChar c : value.toString())
            items.append(QString(c));
    } else {
        throw SquallException(QStringLiteral("TypeError"),
                              QStringLiteral("'%1' object is not iterable").arg(QString::fromLatin1(value.typeName())));
    }

    const bool childrenAll = mode == Any || mode == All;
    const auto itemMatches = [&](const Value &item) {
        const CriteriaContext childCtx(QStringLiteral("item"), item, extra);
        for (const Criterion &child : m_children) {
            QString error;
            const bool ok = child.evaluate(childCtx, nullptr, &error);
            if (!error.isEmpty() && childError && childError->isEmpty())
                *childError = error;
            if (childrenAll && !ok)
                return false;
            if (!childrenAll && ok)
                return true;
        }
        return childrenAll;
    };
    const bool listAny = mode == Any || mode == AnyToAny;
    for (const Value &item : std::as_const(items)) {
        const bool ok = itemMatches(item);
        if (listAny && ok)
            return true;
        if (!listAny && !ok)
            return false;
    }
    return !listAny;
}

} // namespace squall::rules
