#pragma once

#include "base/Value.h"
#include "rules/CriteriaPath.h"
#include "rules/Operators.h"

#include <QList>
#include <QRegularExpression>

#include <memory>
#include <optional>

namespace squall::expr {
class Scope;
}

namespace squall::rules {

class PatternTemplate;

// What one criterion did, for `squall rule test` and enforcement records.
struct CriterionTrace
{
    QString key;        // as written, with any #suffix
    QString op;         // as written ("type")
    Value value;        // the payload value the key resolved to (null if none)
    Value pattern;      // the pattern after rendering
    bool result = false;
    QString error;      // why evaluation failed (rendering, key, operator), else empty
};

// The data a criterion reads: one named root (`trigger` -> payload, or
// `item` -> list element inside `search`), `system` -> the datastore's system
// scope via the extra scope's `st2kv`, and the extra scope for templates.
class CriteriaContext
{
public:
    CriteriaContext(const QString &rootName, const Value &rootValue, const expr::Scope *extra);
    ~CriteriaContext();

    // The value of a root name: a pointer into the context, or `storage`
    // filled in (datastore); null when the name is unknown.
    const Value *root(const QString &name, Value *storage) const;
    // The whole context as a dict ({root: value, system: datastore}), for
    // keys that are not a plain chain from one root (`$`, `*`, `..`, `|`).
    const Value &contextDict() const;
    const expr::Scope &templateScope() const;
    const expr::Scope *extra() const { return m_extra; }

private:
    QString m_rootName;
    const Value &m_rootValue;
    const expr::Scope *m_extra;
    mutable std::unique_ptr<expr::Scope> m_scope;
    mutable std::optional<Value> m_dict;
};

// One compiled `criteria` entry: key path, operator, pattern (static,
// pre-compiled regex, or a template) and, for `search`, its child criteria.
class Criterion
{
public:
    Criterion(const QString &key, const Value &spec);

    const QString &key() const { return m_key; }
    const QString &operatorText() const { return m_opText; }
    std::optional<Operator> op() const { return m_op; }
    // Why the criterion can never match (unknown operator, bad key, pattern
    // syntax); empty when it compiled. A missing `type` is not an error here
    // (StackStorm treats it as a silent non-match) but hasType() is false.
    const QString &compileError() const { return m_error; }
    bool hasType() const { return m_hasType; }
    bool isTemplated() const { return m_template != nullptr; }
    const CriteriaPath &path() const { return m_path; }
    const Value &rawPattern() const { return m_pattern; }

    // Evaluates against the context. Never throws: failures set `*error`
    // (when given) and return false. `trace`, when given, is filled in.
    bool evaluate(const CriteriaContext &ctx, CriterionTrace *trace, QString *error) const;

    // The `search` operator over a payload value; throws on a non-iterable
    // value or an unknown condition. A nested criterion that fails to
    // evaluate is false for that item; the first such error goes to
    // `childError` (when given).
    bool search(const Value &value, const expr::Scope *extra, QString *childError = nullptr) const;

private:

    QString m_key;
    CriteriaPath m_path;
    QString m_rootName;
    QString m_opText;
    std::optional<Operator> m_op;
    bool m_hasType = false;
    Value m_pattern;  // the raw pattern (static value)
    std::shared_ptr<const PatternTemplate> m_template;
    std::optional<QRegularExpression> m_regex;  // static regex/wildcard patterns
    QString m_condition;
    QList<Criterion> m_children;
    QString m_error;
};

} // namespace squall::rules
