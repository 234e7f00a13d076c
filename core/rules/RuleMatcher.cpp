#include "rules/RuleMatcher.h"

#include "base/Python.h"
#include "rules/CompiledRule.h"

namespace squall::rules {

bool RuleMatcher::filter(const CompiledRule &rule, const Value &payload, QList<CriterionTrace> *trace,
                         QString *failure) const
{
    if (!rule.enabled())
        return false;
    const QList<Criterion> &criteria = rule.criteria();
    if (criteria.isEmpty())
        return true;
    // Non-empty criteria never match an empty or null payload.
    if (!py::truthy(payload))
        return false;

    const CriteriaContext ctx(QStringLiteral("trigger"), payload, m_extra);
    for (const Criterion &c : criteria) {
        QString error;
        bool ok;
        if (trace) {
            CriterionTrace t;
            ok = c.evaluate(ctx, &t, &error);
            trace->append(std::move(t));
        } else {
            ok = c.evaluate(ctx, nullptr, &error);
        }
        if (!error.isEmpty() && failure)
            *failure = QStringLiteral("Failed to evaluate criteria of rule \"%1\": %2").arg(rule.ref(), error);
        if (!ok)
            return false;
    }
    return true;
}

MatchResult RuleMatcher::match(const QList<RulePtr> &candidates, const Value &payload) const
{
    MatchResult result;
    bool hasBackstop = false;
    for (const RulePtr &rule : candidates) {
        if (rule->isBackstop()) {
            hasBackstop = true;
            continue;
        }
        QString failure;
        if (filter(*rule, payload, nullptr, &failure))
            result.matched.append(rule);
        else if (!failure.isEmpty())
            result.failures.append(RuleEvaluation {rule, false, false, failure, {}});
    }
    if (!hasBackstop || !result.matched.isEmpty())
        return result;
    for (const RulePtr &rule : candidates) {
        if (!rule->isBackstop())
            continue;
        QString failure;
        if (filter(*rule, payload, nullptr, &failure))
            result.matched.append(rule);
        else if (!failure.isEmpty())
            result.failures.append(RuleEvaluation {rule, false, false, failure, {}});
    }
    return result;
}

QList<RuleEvaluation> RuleMatcher::explain(const QList<RulePtr> &candidates, const Value &payload) const
{
    QList<RuleEvaluation> out;
    bool standardMatched = false;
    for (const RulePtr &rule : candidates) {
        if (rule->isBackstop())
            continue;
        out.append(evaluate(rule, payload, true));
        standardMatched = standardMatched || out.last().matched;
    }
    for (const RulePtr &rule : candidates) {
        if (!rule->isBackstop())
            continue;
        if (standardMatched) {
            RuleEvaluation e;
            e.rule = rule;
            e.skipped = true;
            out.append(e);
        } else {
            out.append(evaluate(rule, payload, true));
        }
    }
    return out;
}

RuleEvaluation RuleMatcher::evaluate(const RulePtr &rule, const Value &payload, bool withTrace) const
{
    RuleEvaluation e;
    e.rule = rule;
    e.matched = filter(*rule, payload, withTrace ? &e.trace : nullptr, &e.failureReason);
    return e;
}

} // namespace squall::rules
