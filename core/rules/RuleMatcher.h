#pragma once

#include "base/Value.h"
#include "rules/Criterion.h"
#include "rules/RuleIndex.h"

#include <QList>

namespace squall::expr {
class Scope;
}

namespace squall::rules {

// The outcome of filtering one rule against one trigger payload.
struct RuleEvaluation
{
    RulePtr rule;
    bool matched = false;
    bool skipped = false;      // a backstop rule not considered because a standard rule matched
    QString failureReason;     // set when a criterion errored (a failed RuleEnforcement)
    QList<CriterionTrace> trace;  // per criterion evaluated, when tracing
};

struct MatchResult
{
    QList<RulePtr> matched;           // in candidate order, standard rules then backstops
    QList<RuleEvaluation> failures;   // rules whose criteria raised: record failed enforcements
};

// StackStorm's rule filtering (st2reactor rules/matcher.py + filter.py): a
// first pass over standard rules, then backstop rules only if no standard rule
// matched. The extra scope supplies `st2kv` to pattern templates and
// `system.*` keys. Thread-safe: the matcher holds no per-call state.
class RuleMatcher
{
public:
    explicit RuleMatcher(const expr::Scope *extra = nullptr) : m_extra(extra) { }

    MatchResult match(const QList<RulePtr> &candidates, const Value &payload) const;

    // Both passes with a full per-criterion trace of every candidate
    // (`squall rule test`). Backstops skipped by the second-pass rule are
    // reported with skipped = true.
    QList<RuleEvaluation> explain(const QList<RulePtr> &candidates, const Value &payload) const;

    // One rule on its own (no backstop logic), with a trace when asked.
    RuleEvaluation evaluate(const RulePtr &rule, const Value &payload, bool withTrace = true) const;

private:
    bool filter(const CompiledRule &rule, const Value &payload, QList<CriterionTrace> *trace,
                QString *failure) const;

    const expr::Scope *m_extra;
};

} // namespace squall::rules
