#pragma once

#include "base/Error.h"
#include "rules/RuleMatcher.h"

#include <optional>

namespace squall::expr { class Scope; }

namespace squall::rules {

// What a rule would do with one trigger instance, without doing it: every
// criterion with the value it read and its verdict, and the action parameters
// it would render. `squall rule test` (offline and against a daemon) and the
// studio's rule explainer show this; the engine renders with the same code.
struct DryRun
{
    RulePtr rule;
    QString triggerMismatch;  // the instance is for another trigger: nothing else was evaluated
    RuleEvaluation evaluation;
    std::optional<Value> parameters;   // rendered (secrets masked) when the rule matched
    std::optional<Error> parameterError;
    bool renderedWithoutSchema = false;  // the action's parameter schema was not known
};

// `instance` is a trigger instance ({trigger, payload}) or a bare payload;
// `actionSchema` is the action's merged parameter schema, or null when the
// action is unknown (templates are then rendered as plain strings). `extra`
// holds template variables beyond trigger/action_context/config_context
// (st2kv, for one).
DryRun dryRunRule(const Value &ruleDoc, const Value &instance, const Value &actionSchema, const expr::Scope *extra,
                  const QString &user = QStringLiteral("stanley"));

} // namespace squall::rules
