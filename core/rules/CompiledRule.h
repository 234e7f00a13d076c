#pragma once

#include "base/Error.h"
#include "base/Value.h"
#include "rules/Criterion.h"

#include <QList>

namespace squall::rules {

// A rule (StackStorm API shape, as the loaders normalise it) compiled once:
// criteria keys parsed, operators resolved, regexes and templates compiled.
// Problems are collected in errors() and make the affected criterion fail at
// match time; matching itself never throws.
class CompiledRule
{
public:
    explicit CompiledRule(const Value &doc);

    const Value &source() const { return m_doc; }
    const QString &ref() const { return m_ref; }
    const QString &name() const { return m_name; }
    const QString &pack() const { return m_pack; }
    const QString &id() const { return m_id; }
    const QString &uid() const { return m_uid; }
    bool enabled() const { return m_enabled; }
    bool isBackstop() const { return m_backstop; }

    const QString &triggerType() const { return m_triggerType; }
    const Value &triggerParameters() const { return m_triggerParameters; }
    // trigger.ref when the loader set one, else the trigger type.
    const QString &triggerRef() const { return m_triggerRef; }

    const QString &actionRef() const { return m_actionRef; }
    const Value &actionParameters() const { return m_actionParameters; }

    const QList<Criterion> &criteria() const { return m_criteria; }
    // When the first criterion is `equals` with a static scalar pattern on a
    // `trigger.*` key, that criterion; else null. A payload whose value at
    // that key differs can never match the rule (and the check cannot raise),
    // so the index uses it to skip the rule without evaluating it.
    const Criterion *discriminator() const;
    // Compile problems, with fields such as "criteria.trigger.x.type".
    const QList<Error> &errors() const { return m_errors; }
    bool isValid() const { return m_errors.isEmpty(); }

private:
    Value m_doc;
    QString m_ref, m_name, m_pack, m_id, m_uid;
    bool m_enabled = false;
    bool m_backstop = false;
    QString m_triggerType, m_triggerRef;
    Value m_triggerParameters;
    QString m_actionRef;
    Value m_actionParameters;
    QList<Criterion> m_criteria;
    QList<Error> m_errors;
};

} // namespace squall::rules
