#pragma once

#include "base/Value.h"

#include <QList>
#include <QString>

namespace squall::rules {

// A criteria key: a jsonpath_rw expression such as `trigger.body.name`,
// `trigger.headers['X-Custom-Header']`, `trigger.items[0].id`,
// `trigger.items[*].id` or `trigger..id`. Parsed once; evaluation returns the
// first match only (what StackStorm compares), or nothing.
class CriteriaPath
{
public:
    CriteriaPath() = default;
    // Parses `key` after stripping a `#suffix`. Check isValid()/errorString().
    explicit CriteriaPath(const QString &key);

    bool isValid() const { return m_error.isEmpty(); }
    const QString &errorString() const { return m_error; }
    const QString &expression() const { return m_expr; }

    // The leading field name ("trigger", "system", "item"), empty if the
    // path does not start with a plain field.
    QString rootName() const;

    // The first match of the path applied to `root` (a dict such as
    // {trigger: payload}); false when nothing matches.
    bool findFirst(const Value &root, Value *out) const;
    // The same, skipping the leading field: the caller resolved the root itself.
    bool findFirstBelowRoot(const Value &rootValue, Value *out) const;

private:
    struct Step
    {
        enum Kind : quint8 { Field, AnyField, Index, AnyIndex, Slice, Descend } kind = Field;
        QString name;
        qsizetype index = 0;
        qsizetype end = -1;  // Slice end, -1 = open
    };

    bool find(const Value &v, qsizetype step, Value *out) const;
    bool descend(const Value &v, qsizetype step, Value *out) const;
    void parse();

    QString m_expr;
    QString m_error;
    QList<Step> m_steps;
};

// Strips a criteria key's `#suffix` (`trigger.x#2` -> `trigger.x`).
QString stripKeySuffix(const QString &key);

} // namespace squall::rules
