#pragma once

#include "base/Value.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace squall::rules {

// A criteria key: a jsonpath_rw 1.4 expression, read with exactly its
// grammar (what StackStorm's PayloadLookup parses), evaluated against the
// criteria context {trigger|item: payload, system: datastore}.
//
// Lexical: names are ASCII `[A-Za-z_@][A-Za-z0-9_@-]*` or quoted with ' or "
// (backslash escapes the next character); integers `-?\d+`; `..`; backquoted
// `this`/`parent`; the characters * . [ ] ( ) $ , : | &; spaces and tabs
// are ignored; anything else is a lexing error. Grammar, loosest first:
// `..`, `.`, `|`, `&`, `where`; `[n]`, `[a:b]`, `[*]` and `['name', ...]`
// bind to the term before them; `a,b` is a set of fields; `$` is the context.
// Lookup follows jsonpath_rw too, including where it raises: `[n]` on a dict
// with more than n keys (KeyError), `[n]` or a slice on null or a number,
// `[-1]` on an empty list, `&`. Such a key is a criteria error at match time.
class CriteriaPath
{
public:
    CriteriaPath();
    // Parses `key` after stripping a `#suffix`. Check isValid()/errorString().
    explicit CriteriaPath(const QString &key);
    ~CriteriaPath();
    CriteriaPath(const CriteriaPath &);
    CriteriaPath &operator=(const CriteriaPath &);

    bool isValid() const { return m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }
    const QString &expression() const { return m_expr; }

    // The leading name when the key is a plain chain `root.field[n]...`
    // (the common case, looked up without building the context); else empty.
    const QString &rootName() const { return m_rootName; }
    // True when the key is `root.a.b...` with plain names only: its lookup
    // can never raise.
    bool isPlainFieldChain() const { return m_plainFields; }

    // Every match in jsonpath_rw's order over the context dict. Throws
    // SquallException (KeyError, TypeError, IndexError, NotImplementedError)
    // where jsonpath_rw raises.
    ValueList findAll(const Value &context) const;
    // The first match; false when nothing matches. Throws as findAll does.
    bool findFirst(const Value &context, Value *out) const;
    // For a chain key (rootName() not empty): the first match below an
    // already-resolved root value. Throws as findAll does.
    bool findFirstBelowRoot(const Value &rootValue, Value *out) const;

    struct Node;

private:
    void parse();

    QString m_expr;
    QString m_error;
    QString m_rootName;
    bool m_plainFields = false;
    std::shared_ptr<const Node> m_root;
    // The chain form: field names (Index steps have an index instead).
    struct Step
    {
        QString name;
        std::optional<qint64> index;
    };
    QList<Step> m_chain;
};

// Strips a criteria key's `#suffix` (`trigger.x#2` -> `trigger.x`).
QString stripKeySuffix(const QString &key);

} // namespace squall::rules
