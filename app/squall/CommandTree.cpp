#include "ArgParser.h"
#include "CliMain.h"
#include "CommandContext.h"
#include "Handlers.h"

namespace squall::cli {

namespace {

using K = OptionSpec::Kind;
using A = PositionalSpec::Arity;

CommandSpec cmd(const char *name, const char *help)
{
    CommandSpec c;
    c.name = QLatin1String(name);
    c.help = QLatin1String(help);
    return c;
}

CommandSpec &output(CommandSpec &c)
{
    return c.option({QStringLiteral("-j"), QStringLiteral("--json")}, K::Flag, QStringLiteral("Print JSON."))
        .option({QStringLiteral("-y"), QStringLiteral("--yaml")}, K::Flag, QStringLiteral("Print YAML."));
}

CommandSpec &listOptions(CommandSpec &c)
{
    return output(c)
        .option({QStringLiteral("-a"), QStringLiteral("--attr")}, K::Multi,
                QStringLiteral("Attributes (dotted paths) to show; 'all' shows every one."), QStringLiteral("ATTR"))
        .option({QStringLiteral("-w"), QStringLiteral("--width")}, K::Multi,
                QStringLiteral("Column width, one for all or one per column."), QStringLiteral("WIDTH"));
}

CommandSpec &lastOption(CommandSpec &c, const char *what)
{
    return c.option({QStringLiteral("-n"), QStringLiteral("--last")}, K::Value,
                    QStringLiteral("How many of the most recent %1 to show (default 50, -1 for all).").arg(QLatin1String(what)),
                    QStringLiteral("N"));
}

CommandSpec &timestampOptions(CommandSpec &c)
{
    return c.option({QStringLiteral("-tg"), QStringLiteral("--timestamp-gt")}, K::Value,
                    QStringLiteral("Only those after this ISO 8601 time."), QStringLiteral("TIME"))
        .option({QStringLiteral("-tl"), QStringLiteral("--timestamp-lt")}, K::Value,
                QStringLiteral("Only those before this ISO 8601 time."), QStringLiteral("TIME"));
}

CommandSpec &packOption(CommandSpec &c)
{
    return c.option({QStringLiteral("-p"), QStringLiteral("--pack")}, K::Value, QStringLiteral("Only this pack."),
                    QStringLiteral("PACK"));
}

CommandSpec listCmd(const char *help, ResourceInfo info)
{
    CommandSpec c = cmd("list", help);
    listOptions(c);
    c.handler = [info](CommandContext &ctx, const ParsedArgs &a) { return handlers::list(ctx, a, info); };
    return c;
}

CommandSpec getCmd(const char *help, ResourceInfo info, const char *arg = "ref_or_id")
{
    CommandSpec c = cmd("get", help);
    output(c).option({QStringLiteral("-a"), QStringLiteral("--attr")}, K::Multi,
                     QStringLiteral("Attributes to show; 'all' shows every one."), QStringLiteral("ATTR"));
    const QString argName = QLatin1String(arg);
    c.positional(argName, A::Required, QStringLiteral("Reference, name or id."));
    c.handler = [info, argName](CommandContext &ctx, const ParsedArgs &a) { return handlers::get(ctx, a, info, argName); };
    return c;
}

CommandSpec createCmd(const char *help, ResourceInfo info)
{
    CommandSpec c = cmd("create", help);
    output(c).positional(QStringLiteral("file"), A::Required, QStringLiteral("JSON or YAML file."));
    c.handler = [info](CommandContext &ctx, const ParsedArgs &a) { return handlers::create(ctx, a, info); };
    return c;
}

CommandSpec updateCmd(const char *help, ResourceInfo info)
{
    CommandSpec c = cmd("update", help);
    output(c).positional(QStringLiteral("ref_or_id"), A::Required, QStringLiteral("Reference or id."));
    c.positional(QStringLiteral("file"), A::Required, QStringLiteral("JSON or YAML file."));
    c.handler = [info](CommandContext &ctx, const ParsedArgs &a) { return handlers::update(ctx, a, info); };
    return c;
}

CommandSpec deleteCmd(const char *help, ResourceInfo info, const char *arg = "ref_or_id")
{
    CommandSpec c = cmd("delete", help);
    const QString argName = QLatin1String(arg);
    output(c).positional(argName, A::Required, QStringLiteral("Reference or id."));
    c.handler = [info, argName](CommandContext &ctx, const ParsedArgs &a) { return handlers::remove(ctx, a, info, argName); };
    return c;
}

CommandSpec enableCmd(bool enable, ResourceInfo info)
{
    CommandSpec c = cmd(enable ? "enable" : "disable", enable ? "Enable it." : "Disable it.");
    output(c).positional(QStringLiteral("ref_or_id"), A::Required, QStringLiteral("Reference or id."));
    c.handler = [info, enable](CommandContext &ctx, const ParsedArgs &a) {
        return handlers::setEnabled(ctx, a, info, enable);
    };
    return c;
}

// Routed to the lead's offline tools before parsing; listed here for help.
CommandSpec offlineCmd(const char *name, const char *help)
{
    CommandSpec c = cmd(name, help);
    c.handler = [](CommandContext &, const ParsedArgs &) { return 2; };
    return c;
}

QStringList L(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *i : items)
        out.append(QLatin1String(i));
    return out;
}

CommandSpec &runOptions(CommandSpec &c)
{
    output(c)
        .option({QStringLiteral("--attr")}, K::Multi, QStringLiteral("Attributes of the execution to show."),
                QStringLiteral("ATTR"))
        .option({QStringLiteral("-d"), QStringLiteral("--detail")}, K::Flag, QStringLiteral("Show a property table."))
        .option({QStringLiteral("-k"), QStringLiteral("--key")}, K::Value,
                QStringLiteral("Print only this key of the result (dotted path)."), QStringLiteral("KEY"))
        .option({QStringLiteral("--raw")}, K::Flag, QStringLiteral("Do not show a workflow's tasks."))
        .option({QStringLiteral("--show-tasks")}, K::Flag, QStringLiteral("Show a workflow's tasks (default)."))
        .option({QStringLiteral("--depth")}, K::Value, QStringLiteral("Depth of tasks to show (-1 = all)."),
                QStringLiteral("N"))
        .option({QStringLiteral("-w"), QStringLiteral("--width")}, K::Multi, QStringLiteral("Column widths."),
                QStringLiteral("WIDTH"))
        .option({QStringLiteral("--delay")}, K::Value, QStringLiteral("Start after this many milliseconds."),
                QStringLiteral("MS"))
        .option({QStringLiteral("--tail")}, K::Flag, QStringLiteral("Stream the output while it runs."));
    return c;
}

CommandSpec &asyncOptions(CommandSpec &c)
{
    return c
        .option({QStringLiteral("-a"), QStringLiteral("--async")}, K::Flag,
                QStringLiteral("Do not wait for the execution to finish."))
        .option({QStringLiteral("-e"), QStringLiteral("--inherit-env")}, K::Flag,
                QStringLiteral("Pass the shell's environment in the action's env parameter."));
}

CommandSpec runCmd(const char *name, const char *help)
{
    CommandSpec c = cmd(name, help);
    asyncOptions(runOptions(c))
        .option({QStringLiteral("--trace-tag"), QStringLiteral("--trace_tag")}, K::Value,
                QStringLiteral("Tag the execution's trace."), QStringLiteral("TAG"))
        .option({QStringLiteral("--trace-id")}, K::Value, QStringLiteral("Attach to an existing trace."),
                QStringLiteral("ID"))
        .option({QStringLiteral("-u"), QStringLiteral("--user")}, K::Value, QStringLiteral("Run as this user."),
                QStringLiteral("USER"));
    c.positional(QStringLiteral("ref_or_id"), A::Required, QStringLiteral("Action reference (pack.name)."));
    c.positional(QStringLiteral("parameters"), A::Rest,
                 QStringLiteral("name=value pairs; @name=path sends a file; a word without '=' starts `cmd`."));
    c.handlesHelp = true;
    c.restStopsAtBareToken = true;
    c.handler = handlers::run;
    return c;
}

ResourceInfo R(const char *path, std::initializer_list<const char *> columns, std::initializer_list<const char *> order,
               bool newestLast = false)
{
    return ResourceInfo{QLatin1String(path), L(columns), L(order), newestLast};
}

} // namespace

CommandSpec buildCommandTree()
{
    CommandSpec root;
    root.name = QStringLiteral("squall");
    root.help = QStringLiteral("Command-line client of the Squall daemon (st2-compatible).");
    root.option({QStringLiteral("--url")}, K::Value, QStringLiteral("Daemon base URL (default http://127.0.0.1:9101)."),
                QStringLiteral("URL"))
        .option({QStringLiteral("--api-key")}, K::Value, QStringLiteral("API key (St2-Api-Key header)."),
                QStringLiteral("KEY"))
        .option({QStringLiteral("-t"), QStringLiteral("--token")}, K::Value, QStringLiteral("Auth token (X-Auth-Token)."),
                QStringLiteral("TOKEN"))
        .option({QStringLiteral("--data-dir")}, K::Value, QStringLiteral("Where the daemon keeps admin.key."),
                QStringLiteral("DIR"))
        .option({QStringLiteral("--debug")}, K::Flag, QStringLiteral("Print each HTTP request as a curl command."));

    const ResourceInfo actions = R("/api/v1/actions", {"ref", "pack", "description"},
                                   {"id", "uid", "ref", "pack", "name", "description", "enabled", "entry_point",
                                    "runner_type", "parameters"});
    ResourceInfo rules = R("/api/v1/rules", {"ref", "pack", "description", "enabled"},
                           {"id", "uid", "ref", "pack", "name", "description", "enabled"});
    rules.limited = true;
    const ResourceInfo executions = R("/api/v1/executions",
                                      {"id", "action.ref", "context.user", "status", "start_timestamp", "end_timestamp"},
                                      {"id", "action.ref", "context.user", "parameters", "status", "start_timestamp",
                                       "end_timestamp", "result"},
                                      true);
    const ResourceInfo triggers = R("/api/v1/triggertypes", {"ref", "pack", "description"},
                                    {"id", "ref", "pack", "name", "description", "parameters_schema", "payload_schema"});
    const ResourceInfo instances = R("/api/v1/triggerinstances", {"id", "trigger", "occurrence_time", "status"},
                                     {"id", "trigger", "occurrence_time", "payload", "status"}, true);
    const ResourceInfo enforcements = R("/api/v1/ruleenforcements",
                                        {"id", "rule.ref", "trigger_instance_id", "execution_id", "failure_reason",
                                         "enforced_at"},
                                        {"id", "rule.ref", "trigger_instance_id", "execution_id", "failure_reason",
                                         "enforced_at"},
                                        true);
    const ResourceInfo packs = R("/api/v1/packs", {"ref", "name", "description", "version", "author"},
                                 {"name", "version", "author", "email", "keywords", "description"});
    const ResourceInfo sensors = R("/api/v1/sensortypes", {"ref", "pack", "description", "enabled"},
                                   {"id", "uid", "ref", "pack", "name", "enabled", "entry_point", "artifact_uri",
                                    "trigger_types"});
    const ResourceInfo runners = R("/api/v1/runnertypes", {"name", "description"},
                                   {"id", "name", "description", "enabled"});
    const ResourceInfo timers = R("/api/v1/timers", {"id", "ref", "type", "parameters"},
                                  {"id", "uid", "ref", "pack", "type", "parameters"});
    const ResourceInfo webhooks = R("/api/v1/webhooks", {"url", "type", "description"},
                                    {"id", "url", "ref", "type", "parameters"});
    const ResourceInfo apikeys = R("/api/v1/apikeys", {"id", "user", "metadata", "enabled"},
                                   {"id", "user", "metadata", "enabled", "created_at"});

    // run / action
    root.child(runCmd("run", "Run an action and wait for its result (= action execute)."));
    {
        CommandSpec action = cmd("action", "Actions: what rules and users run.");
        CommandSpec l = listCmd("List actions.", actions);
        packOption(l);
        CommandSpec del = deleteCmd("Delete an action.", actions);
        del.option({QStringLiteral("-r"), QStringLiteral("--remove-files")}, K::Flag,
                   QStringLiteral("Also delete the action's files from the pack."));
        action.child(l)
            .child(getCmd("Show one action.", actions))
            .child(createCmd("Create an action from a YAML/JSON metadata file.", actions))
            .child(updateCmd("Replace an action with a metadata file.", actions))
            .child(del)
            .child(enableCmd(true, actions))
            .child(enableCmd(false, actions))
            .child(runCmd("execute", "Run an action (= squall run)."));
        root.child(action);
    }
    // execution
    {
        CommandSpec execution = cmd("execution", "Executions: every run of an action, kept in the history.");
        CommandSpec l = listCmd("List the most recent executions (oldest first).", executions);
        lastOption(l, "executions");
        timestampOptions(l);
        l.option({QStringLiteral("-s"), QStringLiteral("--sort")}, K::Value,
                 QStringLiteral("descending (default: most recent) or ascending (oldest)."), QStringLiteral("ORDER"))
            .option({QStringLiteral("--action")}, K::Value, QStringLiteral("Only this action."), QStringLiteral("REF"))
            .option({QStringLiteral("--status")}, K::Value, QStringLiteral("Only this status."), QStringLiteral("STATUS"))
            .option({QStringLiteral("--user")}, K::Value, QStringLiteral("Only this user."), QStringLiteral("USER"))
            .option({QStringLiteral("--trigger_instance"), QStringLiteral("--trigger-instance")}, K::Value,
                    QStringLiteral("Only those caused by this trigger instance."), QStringLiteral("ID"))
            .option({QStringLiteral("-l"), QStringLiteral("--showall")}, K::Flag,
                    QStringLiteral("Include the tasks of workflows."));
        CommandSpec g = cmd("get", "Show one execution.");
        runOptions(g)
            .option({QStringLiteral("-x"), QStringLiteral("--exclude-result")}, K::Flag,
                    QStringLiteral("Leave the result out."))
            .positional(QStringLiteral("id"), A::Required, QStringLiteral("Execution id."));
        g.handler = handlers::executionGet;
        CommandSpec rr = cmd("re-run", "Run an execution again, optionally overriding parameters.");
        asyncOptions(runOptions(rr))
            .option({QStringLiteral("--tasks")}, K::Multi, QStringLiteral("Workflow tasks to re-run."),
                    QStringLiteral("TASK"))
            .option({QStringLiteral("--no-reset")}, K::Multi,
                    QStringLiteral("Re-run tasks whose state is kept (with-items)."), QStringLiteral("TASK"))
            .positional(QStringLiteral("id"), A::Required, QStringLiteral("Execution id."));
        rr.positional(QStringLiteral("parameters"), A::Rest, QStringLiteral("name=value overrides."));
        rr.handler = handlers::executionReRun;
        CommandSpec cancel = cmd("cancel", "Cancel executions.");
        output(cancel).positional(QStringLiteral("ids"), A::Rest, QStringLiteral("Execution ids."));
        cancel.handler = handlers::executionCancel;
        CommandSpec pause = cmd("pause", "Pause workflow executions.");
        runOptions(pause).positional(QStringLiteral("ids"), A::Rest, QStringLiteral("Execution ids."));
        pause.handler = [](CommandContext &ctx, const ParsedArgs &a) { return handlers::executionPauseResume(ctx, a, true); };
        CommandSpec resume = cmd("resume", "Resume paused workflow executions.");
        runOptions(resume).positional(QStringLiteral("ids"), A::Rest, QStringLiteral("Execution ids."));
        resume.handler = [](CommandContext &ctx, const ParsedArgs &a) {
            return handlers::executionPauseResume(ctx, a, false);
        };
        CommandSpec tail = cmd("tail", "Follow an execution's output until it finishes.");
        output(tail)
            .option({QStringLiteral("--type")}, K::Value, QStringLiteral("stdout or stderr only."), QStringLiteral("TYPE"))
            .option({QStringLiteral("--include-metadata")}, K::Flag, QStringLiteral("Accepted for st2 compatibility."))
            .positional(QStringLiteral("id"), A::Required, QStringLiteral("Execution id."));
        tail.handler = handlers::executionTail;
        execution.child(l).child(g).child(rr).child(cancel).child(pause).child(resume).child(tail);
        root.child(execution);
    }
    // rule
    {
        CommandSpec rule = cmd("rule", "Rules: when a trigger matches the criteria, run an action.");
        CommandSpec l = listCmd("List rules.", rules);
        lastOption(l, "rules");
        packOption(l)
            .option({QStringLiteral("-c"), QStringLiteral("--action")}, K::Value, QStringLiteral("Only rules running this action."),
                    QStringLiteral("REF"))
            .option({QStringLiteral("-g"), QStringLiteral("--trigger")}, K::Value,
                    QStringLiteral("Only rules fired by this trigger."), QStringLiteral("REF"))
            .option({QStringLiteral("--enabled")}, K::Flag, QStringLiteral("Only enabled rules."))
            .option({QStringLiteral("--disabled")}, K::Flag, QStringLiteral("Only disabled rules."))
            .option({QStringLiteral("--iftt")}, K::Flag, QStringLiteral("Show trigger and action columns."));
        const ResourceInfo iftt{rules.path, L({"name", "trigger.ref", "action.ref", "enabled"}), rules.displayOrder, false,
                                true};
        l.handler = [rules, iftt](CommandContext &ctx, const ParsedArgs &a) {
            return handlers::list(ctx, a, a.isSet(QStringLiteral("iftt")) ? iftt : rules);
        };
        rule.child(l)
            .child(getCmd("Show one rule.", rules))
            .child(createCmd("Create a rule from a JSON or YAML file.", rules))
            .child(updateCmd("Replace a rule with a JSON or YAML file.", rules))
            .child(deleteCmd("Delete a rule.", rules))
            .child(enableCmd(true, rules))
            .child(enableCmd(false, rules))
            .child(offlineCmd("test", "Check a rule against a trigger instance offline."));
        root.child(rule);
    }
    // triggers and their instances
    {
        CommandSpec trigger = cmd("trigger", "Trigger types: the events rules listen to.");
        CommandSpec l = listCmd("List trigger types.", triggers);
        packOption(l);
        trigger.child(l).child(getCmd("Show one trigger type.", triggers));
        root.child(trigger);

        CommandSpec ti = cmd("trigger-instance", "Trigger instances: events that happened.");
        CommandSpec il = listCmd("List the most recent trigger instances.", instances);
        lastOption(il, "trigger instances");
        timestampOptions(il)
            .option({QStringLiteral("--trigger")}, K::Value, QStringLiteral("Only this trigger."), QStringLiteral("REF"))
            .option({QStringLiteral("--status")}, K::Value, QStringLiteral("Only this status."), QStringLiteral("STATUS"));
        CommandSpec reemit = cmd("re-emit", "Fire a trigger instance again.");
        output(reemit).positional(QStringLiteral("id"), A::Required, QStringLiteral("Trigger instance id."));
        reemit.handler = handlers::triggerInstanceReEmit;
        ti.child(il).child(getCmd("Show one trigger instance.", instances, "id")).child(reemit);
        root.child(ti);

        CommandSpec re = cmd("rule-enforcement", "Rule enforcements: which rule fired for which event.");
        CommandSpec rl = listCmd("List the most recent rule enforcements.", enforcements);
        lastOption(rl, "rule enforcements");
        timestampOptions(rl)
            .option({QStringLiteral("--trigger-instance")}, K::Value, QStringLiteral("Only this trigger instance."),
                    QStringLiteral("ID"))
            .option({QStringLiteral("--execution")}, K::Value, QStringLiteral("Only this execution."), QStringLiteral("ID"))
            .option({QStringLiteral("--rule")}, K::Value, QStringLiteral("Only this rule."), QStringLiteral("REF"));
        re.child(rl).child(getCmd("Show one rule enforcement.", enforcements, "id"));
        root.child(re);
    }
    // packs
    {
        CommandSpec pack = cmd("pack", "Packs: bundles of actions, rules, sensors and workflows.");
        CommandSpec reg = cmd("register", "Load (or reload) packs from disk.");
        output(reg)
            .option({QStringLiteral("--types")}, K::Multi, QStringLiteral("Only these content types."), QStringLiteral("TYPE"))
            .positional(QStringLiteral("packs"), A::Rest, QStringLiteral("Packs to register (default: all)."));
        reg.handler = handlers::packRegister;
        pack.child(listCmd("List installed packs.", packs))
            .child(getCmd("Show one installed pack.", packs, "ref"))
            .child(reg)
            .child(offlineCmd("lint", "Check a pack's files offline."));
        root.child(pack);
    }
    // key
    {
        CommandSpec key = cmd("key", "Datastore: key-value pairs for rules, actions and sensors.");
        auto scopeUser = [](CommandSpec &c, bool user) -> CommandSpec & {
            c.option({QStringLiteral("-s"), QStringLiteral("--scope")}, K::Value, QStringLiteral("system or user."),
                     QStringLiteral("SCOPE"));
            if (user)
                c.option({QStringLiteral("-u"), QStringLiteral("--user")}, K::Value, QStringLiteral("The user of a user-scoped key."),
                         QStringLiteral("USER"));
            return c;
        };
        CommandSpec l = cmd("list", "List keys.");
        listOptions(l)
            .option({QStringLiteral("--prefix")}, K::Value, QStringLiteral("Only names starting with this."),
                    QStringLiteral("PREFIX"))
            .option({QStringLiteral("-d"), QStringLiteral("--decrypt")}, K::Flag, QStringLiteral("Show secrets (admin)."));
        lastOption(scopeUser(l, true), "keys");
        l.handler = handlers::keyList;
        CommandSpec g = cmd("get", "Show one key.");
        output(g)
            .option({QStringLiteral("-a"), QStringLiteral("--attr")}, K::Multi, QStringLiteral("Attributes to show."),
                    QStringLiteral("ATTR"))
            .option({QStringLiteral("-d"), QStringLiteral("--decrypt")}, K::Flag, QStringLiteral("Show a secret's value."))
            .positional(QStringLiteral("name"), A::Required, QStringLiteral("Key name."));
        scopeUser(g, false).handler = handlers::keyGet;
        CommandSpec s = cmd("set", "Create or change a key.");
        output(s)
            .option({QStringLiteral("-e"), QStringLiteral("--encrypt")}, K::Flag, QStringLiteral("Store it encrypted."))
            .option({QStringLiteral("--encrypted")}, K::Flag, QStringLiteral("The value is already encrypted."))
            .option({QStringLiteral("-l"), QStringLiteral("--ttl")}, K::Value, QStringLiteral("Expire after this many seconds."),
                    QStringLiteral("SECONDS"))
            .positional(QStringLiteral("name"), A::Required, QStringLiteral("Key name."));
        s.positional(QStringLiteral("value"), A::Required, QStringLiteral("Value."));
        scopeUser(s, true).handler = handlers::keySet;
        CommandSpec d = cmd("delete", "Delete a key.");
        output(d).positional(QStringLiteral("name"), A::Required, QStringLiteral("Key name."));
        scopeUser(d, true).handler = handlers::keyDelete;
        CommandSpec dp = cmd("delete_by_prefix", "Delete every key whose name starts with a prefix.");
        output(dp).option({QStringLiteral("-p"), QStringLiteral("--prefix")}, K::Value, QStringLiteral("The prefix."),
                          QStringLiteral("PREFIX"));
        dp.handler = handlers::keyDeleteByPrefix;
        CommandSpec ld = cmd("load", "Create keys from a JSON or YAML file.");
        listOptions(ld)
            .option({QStringLiteral("-c"), QStringLiteral("--convert")}, K::Flag,
                    QStringLiteral("Store non-string values as JSON text."))
            .positional(QStringLiteral("file"), A::Required, QStringLiteral("JSON or YAML file."));
        ld.handler = handlers::keyLoad;
        key.child(l).child(g).child(s).child(d).child(dp).child(ld);
        root.child(key);
    }
    // read-mostly resources
    {
        CommandSpec webhook = cmd("webhook", "Webhooks registered by rules.");
        webhook.child(listCmd("List webhooks.", webhooks)).child(getCmd("Show one webhook.", webhooks, "url"));
        root.child(webhook);

        CommandSpec sensor = cmd("sensor", "Sensors: watch external systems and emit triggers.");
        CommandSpec sl = listCmd("List sensors.", sensors);
        packOption(sl);
        sensor.child(sl).child(getCmd("Show one sensor.", sensors)).child(enableCmd(true, sensors)).child(enableCmd(false, sensors));
        root.child(sensor);

        CommandSpec runner = cmd("runner", "Runners: how actions are run.");
        runner.child(listCmd("List runners.", runners)).child(getCmd("Show one runner.", runners, "name"));
        root.child(runner);

        CommandSpec timer = cmd("timer", "Timers declared by rules.");
        CommandSpec tl = listCmd("List timers.", timers);
        tl.option({QStringLiteral("-ty"), QStringLiteral("--timer-type")}, K::Value,
                  QStringLiteral("core.st2.IntervalTimer, core.st2.DateTimer or core.st2.CronTimer."), QStringLiteral("TYPE"));
        timer.child(tl).child(getCmd("Show one timer.", timers, "name_or_id"));
        root.child(timer);

        CommandSpec apikey = cmd("apikey", "API keys.");
        CommandSpec al = listCmd("List API keys.", apikeys);
        al.option({QStringLiteral("-u"), QStringLiteral("--user")}, K::Value, QStringLiteral("Only this user's keys."),
                  QStringLiteral("USER"));
        CommandSpec ac = cmd("create", "Create an API key (its value is shown once).");
        output(ac)
            .option({QStringLiteral("-u"), QStringLiteral("--user")}, K::Value, QStringLiteral("Owner."), QStringLiteral("USER"))
            .option({QStringLiteral("-m"), QStringLiteral("--metadata")}, K::Value, QStringLiteral("JSON metadata."),
                    QStringLiteral("JSON"))
            .option({QStringLiteral("-k"), QStringLiteral("--only-key")}, K::Flag, QStringLiteral("Print only the key."));
        ac.handler = handlers::apikeyCreate;
        apikey.child(al).child(ac).child(deleteCmd("Delete an API key.", apikeys, "id"));
        root.child(apikey);

        CommandSpec who = cmd("whoami", "Show who the daemon thinks you are.");
        output(who).handler = handlers::whoami;
        root.child(who);
    }
    // inquiries and traces
    {
        const ResourceInfo inquiries = R("/api/v1/inquiries", {"id", "roles", "users", "route", "ttl"},
                                         {"id", "roles", "users", "route", "ttl", "schema"}, true);
        CommandSpec inquiry = cmd("inquiry", "Inquiries: workflows waiting for a person's answer.");
        CommandSpec il = listCmd("List the most recent inquiries.", inquiries);
        lastOption(il, "inquiries");
        CommandSpec respond = cmd("respond", "Answer an inquiry so its workflow resumes.");
        output(respond)
            .option({QStringLiteral("-r"), QStringLiteral("--response")}, K::Value,
                    QStringLiteral("The answer, a JSON object matching the inquiry's schema. Without it, "
                                   "each field of the schema is asked for on the terminal."),
                    QStringLiteral("JSON"))
            .positional(QStringLiteral("id"), A::Required, QStringLiteral("Inquiry id."));
        respond.handler = handlers::inquiryRespond;
        inquiry.child(il).child(getCmd("Show one inquiry.", inquiries, "id")).child(respond);
        root.child(inquiry);

        const ResourceInfo traces = R("/api/v1/traces", {"id", "uid", "trace_tag", "start_timestamp"},
                                      {"id", "trace_tag", "start_timestamp", "action_executions", "rules",
                                       "trigger_instances"},
                                      true);
        CommandSpec trace = cmd("trace", "Traces: the events, rules and executions that belong together.");
        CommandSpec tl = listCmd("List the most recent traces.", traces);
        lastOption(tl, "traces")
            .option({QStringLiteral("-s"), QStringLiteral("--sort")}, K::Value,
                    QStringLiteral("descending (default) or ascending."), QStringLiteral("ORDER"))
            .option({QStringLiteral("-c"), QStringLiteral("--trace-tag")}, K::Value, QStringLiteral("Only this trace tag."),
                    QStringLiteral("TAG"))
            .option({QStringLiteral("-e"), QStringLiteral("--execution")}, K::Value,
                    QStringLiteral("Only the trace of this execution."), QStringLiteral("ID"))
            .option({QStringLiteral("-r"), QStringLiteral("--rule")}, K::Value, QStringLiteral("Only traces with this rule."),
                    QStringLiteral("ID"))
            .option({QStringLiteral("-g"), QStringLiteral("--trigger-instance")}, K::Value,
                    QStringLiteral("Only the trace of this trigger instance."), QStringLiteral("ID"));
        trace.child(tl).child(getCmd("Show one trace.", traces, "id"));
        root.child(trace);
    }
    root.child(offlineCmd("workflow", "Workflow tools that work offline (inspect, ...)."));
    root.child(offlineCmd("serve", "Run the Squall daemon."));
    return root;
}

} // namespace squall::cli
