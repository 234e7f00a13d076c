#include "rules/RuleDryRun.h"

#include "expr/Jinja.h"
#include "rules/CompiledRule.h"
#include "rules/ParameterRenderer.h"
#include "schema/Secrets.h"

namespace squall::rules {

DryRun dryRunRule(const Value &ruleDoc, const Value &instance, const Value &actionSchema, const expr::Scope *extra,
                  const QString &user)
{
    DryRun out;
    out.rule = std::make_shared<const CompiledRule>(ruleDoc);
    const bool wrapped = instance.isDict() && instance.contains(u"payload");
    const Value payload = wrapped ? instance[u"payload"] : instance;
    const QString trigger = wrapped ? instance[u"trigger"].toString() : QString();
    if (!trigger.isEmpty() && trigger != out.rule->triggerType() && trigger != out.rule->triggerRef()) {
        out.triggerMismatch = trigger;
        return out;
    }
    out.evaluation = RuleMatcher(extra).evaluate(out.rule, payload, true);
    if (!out.evaluation.matched)
        return out;

    const Value context = makeDict({{QStringLiteral("trigger"), payload},
                                    {QStringLiteral("action_context"), makeDict({{QStringLiteral("user"), user}})},
                                    {QStringLiteral("config_context"), ValueDict()}});
    try {
        if (!actionSchema.isNull()) {
            const Value params = renderActionParameters(out.rule->actionParameters(), actionSchema, context, extra);
            out.parameters = schema::maskSecrets(params, actionSchema);
        } else {
            out.renderedWithoutSchema = true;
            ValueDict rendered;
            const expr::DictScope scope(context, extra);
            for (const auto &[k, v] : out.rule->actionParameters().toDict())
                rendered.insert(k, v.isString() ? Value(expr::Template::compile(v.toString())->render(scope)) : v);
            out.parameters = Value(std::move(rendered));
        }
    } catch (const SquallException &e) {
        out.parameterError = e.error();
    }
    return out;
}

} // namespace squall::rules
