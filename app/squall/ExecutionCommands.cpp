#include "ArgParser.h"
#include "CommandContext.h"
#include "Handlers.h"
#include "OutputFormat.h"
#include "ParameterCaster.h"
#include "base/Json.h"
#include "base/Python.h"
#include "client/RemoteClient.h"
#include "engine/EventFilter.h"
#include "base/Yaml.h"

#include <QEventLoop>
#include <QProcessEnvironment>
#include <QTimer>
#include <QUrl>

#include <algorithm>

#include <unistd.h>

namespace squall::cli::handlers {

namespace {

const QStringList &completedStatuses()
{
    static const QStringList s{QStringLiteral("succeeded"), QStringLiteral("failed"), QStringLiteral("timeout"),
                               QStringLiteral("canceled"), QStringLiteral("abandoned")};
    return s;
}

bool isPending(const QString &status)
{
    static const QStringList pending{QStringLiteral("requested"), QStringLiteral("scheduled"), QStringLiteral("delayed"),
                                     QStringLiteral("running"), QStringLiteral("canceling"), QStringLiteral("pausing"),
                                     QStringLiteral("resuming")};
    return pending.contains(status);
}

QString executionPath(const QString &id)
{
    return QStringLiteral("/api/v1/executions/") + QString::fromLatin1(QUrl::toPercentEncoding(id));
}

Value parameterSchema(CommandContext &ctx, const QString &ref)
{
    const ApiReply reply = ctx.api().get(QStringLiteral("/api/v1/actions/views/parameters/")
                                         + QString::fromLatin1(QUrl::toPercentEncoding(ref)));
    const Value params = reply.json[u"parameters"];
    return params.isDict() ? params : Value(ValueDict());
}

void printActionHelp(CommandContext &ctx, const QString &ref)
{
    const ApiReply action = ctx.api().get(QStringLiteral("/api/v1/actions/") + QString::fromLatin1(QUrl::toPercentEncoding(ref)));
    const Value schema = parameterSchema(ctx, ref);
    QTextStream &out = ctx.out();
    const Value description = action.json[u"description"];
    out << (description.isString() ? description.toString() : ref) << "\n";

    QList<std::pair<QString, Value>> required, optional;
    for (const auto &[name, spec] : schema.toDict()) {
        if (spec[u"required"].toBool())
            required.append({name, spec});
        else
            optional.append({name, spec});
    }
    auto byPosition = [](const std::pair<QString, Value> &a, const std::pair<QString, Value> &b) {
        const Value pa = a.second[u"position"], pb = b.second[u"position"];
        if (pa.isInt() != pb.isInt())
            return pa.isInt();
        if (pa.isInt() && pa.toInt() != pb.toInt())
            return pa.toInt() < pb.toInt();
        return a.first < b.first;
    };
    std::sort(required.begin(), required.end(), byPosition);
    std::sort(optional.begin(), optional.end(), byPosition);
    auto section = [&](const char *title, const QList<std::pair<QString, Value>> &params) {
        if (params.isEmpty())
            return;
        out << '\n' << title << ":\n";
        for (const auto &[name, spec] : params) {
            out << "    " << name << '\n';
            if (spec[u"description"].isString()) {
                for (const QString &l : output::wrap(spec[u"description"].toString(), 70))
                    out << "        " << l << '\n';
            }
            out << "        Type: " << ParameterCaster::declaredType(spec) << '\n';
            if (spec[u"enum"].isList())
                out << "        Enum: " << output::cellText(spec[u"enum"]) << '\n';
            if (spec.contains(u"default"))
                out << "        Default: " << output::cellText(spec[u"default"]) << '\n';
        }
    };
    section("Required Parameters", required);
    section("Optional Parameters", optional);
}

// Polls the execution until it leaves the pending states, backing off from
// 100 ms to 1 s between requests.
Value waitForCompletion(CommandContext &ctx, Value execution, bool showProgress)
{
    int interval = 100;
    QTimer timer;
    timer.setSingleShot(true);
    QEventLoop loop;
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    bool dotted = false;
    const QString id = output::cellText(execution[u"id"]);
    while (isPending(output::cellText(execution[u"status"]))) {
        timer.start(interval);
        loop.exec();
        interval = std::min(interval * 2, 1000);
        if (showProgress && interval == 1000) {
            ctx.out() << '.' << Qt::flush;
            dotted = true;
        }
        execution = ctx.api().get(executionPath(id)).json;
    }
    if (dotted)
        ctx.out() << '\n';
    return execution;
}

QString taskName(const Value &child)
{
    for (const char16_t *path : {u"context.orquesta.task_name", u"context.chain.name", u"context.mistral.task_name"}) {
        const Value v = output::lookup(child, QStringView(path));
        if (v.isString())
            return v.toString();
    }
    return QString();
}

const QStringList &defaultExecutionAttributes()
{
    static const QStringList a{QStringLiteral("id"), QStringLiteral("action.ref"), QStringLiteral("context.user"),
                               QStringLiteral("parameters"), QStringLiteral("status"), QStringLiteral("start_timestamp"),
                               QStringLiteral("end_timestamp"), QStringLiteral("result")};
    return a;
}

// Keeps only the (dotted) attributes, nested as they were: st2's get_kvps().
Value projected(const Value &doc, const QStringList &attrs)
{
    ValueDict out;
    for (const QString &attr : attrs) {
        const Value v = output::lookup(doc, attr);
        const QStringList parts = attr.split(u'.');
        ValueDict *at = &out;
        for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
            Value &next = (*at)[parts.at(i)];
            if (!next.isDict())
                next = Value(ValueDict());
            at = &next.dictRef();
        }
        at->insert(parts.last(), v);
    }
    return Value(std::move(out));
}

// A workflow as `st2 execution get` shows it (st2client's
// _run_and_print_child_task_list): the parent with its result — the
// workflow's output, or for an action-chain the last task's result — and an
// error summary when it failed, then a table of its tasks. -j prints both as
// JSON documents; -y the tasks as YAML (st2 formats the parent as text there).
void printWorkflowExecution(CommandContext &ctx, const Value &execution, const ParsedArgs &args)
{
    const ApiReply children = ctx.api().request(
        "GET", executionPath(output::cellText(execution[u"id"])) + QStringLiteral("/children"),
        QUrlQuery{{QStringLiteral("depth"), args.value(QStringLiteral("depth"), QStringLiteral("-1"))}}, std::nullopt,
        true);
    ValueList tasks = children.status < 400 && children.json.isList() ? children.json.toList() : ValueList();
    QStringList attrs{QStringLiteral("id"), QStringLiteral("action.ref"), QStringLiteral("parameters"),
                      QStringLiteral("status"), QStringLiteral("start_timestamp"), QStringLiteral("end_timestamp"),
                      QStringLiteral("log")};
    if (tasks.isEmpty())
        attrs.append(QStringLiteral("result"));
    Value root = execution;
    const Value result = execution[u"result"];
    const ValueList chainTasks = result.isDict() ? result[u"tasks"].toList() : ValueList();
    const qsizetype statusAt = attrs.indexOf(u"status");
    if (output::cellText(execution[u"status"]) == u"failed") {
        Value error, traceback, failedOn;
        if (result.isDict()) {
            error = result[u"error"];
            traceback = result[u"traceback"];
        } else {
            error = traceback = QStringLiteral("See result");
        }
        const bool topLevel = py::truthy(error);
        if (!topLevel && !chainTasks.isEmpty() && chainTasks.last()[u"result"].isDict()) {
            const Value last = chainTasks.last()[u"result"];
            error = py::truthy(last[u"error"]) ? last[u"error"] : last[u"stderr"];
            traceback = last[u"traceback"];
            failedOn = chainTasks.last().toDict().value(u"name", QStringLiteral("unknown"));
        }
        if (py::truthy(error)) {
            ValueDict &d = root.dictRef();
            d.insert(QStringLiteral("error"), error);
            d.insert(QStringLiteral("traceback"), traceback);
            d.insert(QStringLiteral("result"), QStringLiteral("See error and traceback."));
            attrs.insert(statusAt + 1, QStringLiteral("error"));
            attrs.insert(statusAt + 2, QStringLiteral("traceback"));
            if (!topLevel) {
                d.insert(QStringLiteral("failed_on"), failedOn);
                attrs.insert(statusAt + 3, QStringLiteral("failed_on"));
            }
        }
    }
    if (!chainTasks.isEmpty()) {
        const Value taskResult = chainTasks.last()[u"result"];
        if (py::truthy(taskResult)) {
            ValueDict &d = root.dictRef();
            d.insert(QStringLiteral("result_task"), chainTasks.last().toDict().value(u"name", QStringLiteral("unknown")));
            d.insert(QStringLiteral("result"), taskResult);
            attrs.insert(statusAt + 1, QStringLiteral("result_task"));
            attrs.insert(statusAt + 2, QStringLiteral("result"));
        }
    } else if (!attrs.contains(u"result")) {
        attrs.append(QStringLiteral("result"));
    }

    const bool asJson = args.isSet(QStringLiteral("json"));
    if (asJson) {
        json::Style style;
        style.indent = 4;
        style.sortKeys = true;
        ctx.out() << json::toString(projected(root, attrs), style) << '\n';
    } else {
        ctx.out() << output::executionView(root, attrs);
    }
    if (tasks.isEmpty())
        return;
    const QStringList taskAttrs{QStringLiteral("id"), QStringLiteral("status"), QStringLiteral("task"),
                                QStringLiteral("action"), QStringLiteral("start_timestamp")};
    for (Value &t : tasks) {
        t.dictRef().insert(QStringLiteral("task"), Value(taskName(t)));
        t.dictRef().insert(QStringLiteral("action"), output::lookup(t, u"action.ref"));
    }
    if (asJson || args.isSet(QStringLiteral("yaml"))) {
        ValueList docs;
        for (const Value &t : std::as_const(tasks))
            docs.append(projected(t, taskAttrs));
        if (asJson) {
            json::Style style;
            style.indent = 4;
            style.sortKeys = true;
            ctx.out() << json::toString(Value(std::move(docs)), style) << '\n';
        } else {
            ctx.out() << yaml::dump(Value(std::move(docs)));
        }
        return;
    }
    ctx.out() << output::table(tasks, taskAttrs, ctx.width(), CommandContext::widthArgs(args));
}

void printExecution(CommandContext &ctx, const Value &execution, const ParsedArgs &args)
{
    const QString runner = output::cellText(output::lookup(execution, u"action.runner_type"));
    const bool workflow = runner == u"orquesta" || runner == u"action-chain";
    if (workflow && !args.isSet(QStringLiteral("raw")) && !args.isSet(QStringLiteral("detail"))
        && !args.isSet(QStringLiteral("key")) && CommandContext::attributeArgs(args).isEmpty()) {
        printWorkflowExecution(ctx, execution, args);
        return;
    }
    if (ctx.printStructured(execution, args))
        return;
    if (args.isSet(QStringLiteral("detail"))) {
        ctx.out() << output::propertyTable(execution, defaultExecutionAttributes(), defaultExecutionAttributes(),
                                           ctx.width());
        return;
    }
    if (args.isSet(QStringLiteral("key"))) {
        const Value v = output::lookup(execution[u"result"], args.value(QStringLiteral("key")));
        if (v.isDict() || v.isList())
            ctx.out() << yaml::dump(v);
        else
            ctx.out() << output::cellText(v) << '\n';
        return;
    }
    QStringList attrs = CommandContext::attributeArgs(args);
    if (attrs.contains(u"all")) {
        attrs = execution.toDict().keys();
        attrs.sort();
    }
    if (attrs.isEmpty())
        attrs = defaultExecutionAttributes();
    if (args.isSet(QStringLiteral("exclude_result")))
        attrs.removeAll(QStringLiteral("result"));
    ctx.out() << output::executionView(execution, attrs);
}

// Streams an execution's output until it completes; returns the final execution.
// The subscription resumes by event id when the daemon goes away and comes back
// (a restart, a network blink): output and status changes made meanwhile still
// arrive, once each.
Value tailExecution(CommandContext &ctx, const QString &id, const QString &outputType)
{
    const engine::EventFilter filter({QStringLiteral("st2.execution.output__create"),
                                      QStringLiteral("st2.execution__update")},
                                     {id}, {});
    std::unique_ptr<client::Subscription> sub(ctx.api().remote().subscribe(filter, -1, nullptr));
    QEventLoop loop;
    bool everConnected = false;
    std::optional<CliError> failure;
    // The status is read once the stream is open (so nothing falls between the
    // read and the stream), again after every reconnect and every resync.
    auto checkDone = [&] {
        try {
            const Value now = ctx.api().get(executionPath(id)).json;
            if (completedStatuses().contains(output::cellText(now[u"status"])))
                loop.quit();
        } catch (const CliError &e) {
            failure = e;
            loop.quit();
        }
    };
    QObject::connect(sub.get(), &client::Subscription::connectedChanged, &loop, [&](bool connected) {
        if (!connected) {
            ctx.err() << "\n(the connection to " << ctx.config().baseUrl << " was lost; reconnecting...)\n" << Qt::flush;
            return;
        }
        if (everConnected)
            ctx.err() << "(reconnected)\n" << Qt::flush;
        everConnected = true;
        checkDone();
    });
    QObject::connect(sub.get(), &client::Subscription::resyncRequired, &loop, [&](qint64) { checkDone(); });
    QObject::connect(sub.get(), &client::Subscription::failed, &loop, [&](const QString &message) {
        failure = CliError{message};
        loop.quit();
    });
    QObject::connect(sub.get(), &client::Subscription::eventsReceived, &loop, [&](const engine::EventBatch &batch) {
        for (const engine::Event &e : batch) {
            if (e.kind == engine::EventKind::ExecutionOutput) {
                if (!outputType.isEmpty() && output::cellText(e.doc[u"output_type"]) != outputType)
                    continue;
                ctx.out() << output::cellText(e.doc[u"data"]) << Qt::flush;
            } else if (e.kind == engine::EventKind::ExecutionUpdate
                       && completedStatuses().contains(output::cellText(e.doc[u"status"]))) {
                loop.quit();
                return;
            }
        }
    });
    loop.exec();
    sub.reset();
    if (failure)
        throw *failure;
    return ctx.api().get(executionPath(id)).json;
}

Value inheritedEnvironment()
{
    static const QStringList skip{QStringLiteral("pwd"), QStringLiteral("mail"), QStringLiteral("username"),
                                  QStringLiteral("user"), QStringLiteral("path"), QStringLiteral("home"),
                                  QStringLiteral("ps1"), QStringLiteral("shell"), QStringLiteral("pythonpath"),
                                  QStringLiteral("ssh_tty"), QStringLiteral("ssh_connection"), QStringLiteral("lang"),
                                  QStringLiteral("ls_colors"), QStringLiteral("logname"), QStringLiteral("oldpwd"),
                                  QStringLiteral("term"), QStringLiteral("xdg_session_id")};
    ValueDict env;
    const QProcessEnvironment pe = QProcessEnvironment::systemEnvironment();
    for (const QString &k : pe.keys()) {
        if (!skip.contains(k.toLower()))
            env.insert(k, Value(pe.value(k)));
    }
    return Value(std::move(env));
}

int finish(CommandContext &ctx, const ParsedArgs &args, const Value &created)
{
    const QString id = output::cellText(created[u"id"]);
    if (args.isSet(QStringLiteral("async"))) {
        if (!ctx.printStructured(created, args))
            ctx.out() << "To get the results, execute:\n squall execution get " << id << "\n";
        return 0;
    }
    if (args.isSet(QStringLiteral("tail"))) {
        ctx.out() << "Tailing execution \"" << id << "\"\n" << Qt::flush;
        const Value done = tailExecution(ctx, id, {});
        const QString status = output::cellText(done[u"status"]);
        ctx.out() << "\nExecution " << id << " has completed (status=" << status << ").\n";
        return exitCodeForStatus(status);
    }
    const bool structured = args.isSet(QStringLiteral("json")) || args.isSet(QStringLiteral("yaml"));
    const Value done = waitForCompletion(ctx, created, !structured && isatty(STDOUT_FILENO));
    printExecution(ctx, done, args);
    return exitCodeForStatus(output::cellText(done[u"status"]));
}

} // namespace

int exitCodeForStatus(const QString &status)
{
    return status == u"failed" ? 1 : 0;
}

int run(CommandContext &ctx, const ParsedArgs &args)
{
    const QString ref = args.positional(QStringLiteral("ref_or_id"));
    if (args.helpRequested) {
        printActionHelp(ctx, ref);
        return 0;
    }
    const Value schema = parameterSchema(ctx, ref);
    QString error;
    Value params = ParameterCaster(ref, schema).cast(args.positionalList(QStringLiteral("parameters")), &error);
    if (!error.isEmpty())
        throw CliError{error, 2};
    if (args.isSet(QStringLiteral("inherit_env")) && schema.contains(u"env"))
        params.dictRef().insert(QStringLiteral("env"), inheritedEnvironment());

    ValueDict body;
    body.insert(QStringLiteral("action"), Value(ref));
    body.insert(QStringLiteral("parameters"), params);
    if (args.isSet(QStringLiteral("user")))
        body.insert(QStringLiteral("user"), Value(args.value(QStringLiteral("user"))));
    if (args.isSet(QStringLiteral("delay"))) {
        bool ok = false;
        const qint64 delay = args.value(QStringLiteral("delay")).toLongLong(&ok);
        if (!ok || delay < 0)
            throw CliError{QStringLiteral("--delay needs a number of milliseconds"), 2};
        body.insert(QStringLiteral("delay"), Value(delay));
    }
    ValueDict context;
    if (args.isSet(QStringLiteral("trace_tag"))) {
        const QString tag = args.value(QStringLiteral("trace_tag"));
        body.insert(QStringLiteral("trace_tag"), Value(tag));
        context.insert(QStringLiteral("trace_context"), makeDict({{QStringLiteral("trace_tag"), Value(tag)}}));
    }
    if (args.isSet(QStringLiteral("trace_id"))) {
        context.insert(QStringLiteral("trace_context"),
                       makeDict({{QStringLiteral("id_"), Value(args.value(QStringLiteral("trace_id")))}}));
    }
    if (!context.isEmpty())
        body.insert(QStringLiteral("context"), Value(std::move(context)));

    const ApiReply created = ctx.api().post(QStringLiteral("/api/v1/executions"), Value(std::move(body)));
    return finish(ctx, args, created.json);
}

int executionGet(CommandContext &ctx, const ParsedArgs &args)
{
    const QString id = args.positional(QStringLiteral("id"));
    QUrlQuery q;
    if (args.isSet(QStringLiteral("exclude_result")))
        q.addQueryItem(QStringLiteral("exclude_attributes"), QStringLiteral("result"));
    const Value execution = ctx.api().get(executionPath(id), q).json;
    if (args.isSet(QStringLiteral("tail")) && !completedStatuses().contains(output::cellText(execution[u"status"]))) {
        const Value done = tailExecution(ctx, id, {});
        ctx.out() << "\nExecution " << id << " has completed (status=" << output::cellText(done[u"status"]) << ").\n";
        return 0;
    }
    printExecution(ctx, execution, args);
    return 0;
}

int executionReRun(CommandContext &ctx, const ParsedArgs &args)
{
    const QString id = args.positional(QStringLiteral("id"));
    const Value original = ctx.api().get(executionPath(id)).json;
    const QString ref = output::cellText(output::lookup(original, u"action.ref"));
    const Value schema = parameterSchema(ctx, ref);
    QString error;
    Value params = ParameterCaster(ref, schema).cast(args.positionalList(QStringLiteral("parameters")), &error);
    if (!error.isEmpty())
        throw CliError{error, 2};
    if (args.isSet(QStringLiteral("inherit_env")) && schema.contains(u"env"))
        params.dictRef().insert(QStringLiteral("env"), inheritedEnvironment());
    ValueDict body;
    body.insert(QStringLiteral("parameters"), params);
    auto listOf = [&](const QString &key) {
        ValueList l;
        for (const QString &t : CommandContext::attributeArgs(args, key))
            l.append(Value(t));
        return Value(std::move(l));
    };
    body.insert(QStringLiteral("tasks"), listOf(QStringLiteral("tasks")));
    if (args.isSet(QStringLiteral("no_reset"))) {
        // --no-reset names the tasks NOT to reset: every other re-run task is reset.
        ValueList reset;
        const QStringList keep = CommandContext::attributeArgs(args, QStringLiteral("no_reset"));
        for (const QString &t : CommandContext::attributeArgs(args, QStringLiteral("tasks"))) {
            if (!keep.contains(t))
                reset.append(Value(t));
        }
        body.insert(QStringLiteral("reset"), Value(std::move(reset)));
    } else {
        body.insert(QStringLiteral("reset"), listOf(QStringLiteral("tasks")));
    }
    if (args.isSet(QStringLiteral("delay")))
        body.insert(QStringLiteral("delay"), Value(args.value(QStringLiteral("delay")).toLongLong()));
    const ApiReply created = ctx.api().post(executionPath(id) + QStringLiteral("/re_run"), Value(std::move(body)));
    return finish(ctx, args, created.json);
}

int executionCancel(CommandContext &ctx, const ParsedArgs &args)
{
    int rc = 0;
    for (const QString &id : args.positionalList(QStringLiteral("ids"))) {
        try {
            const ApiReply reply = ctx.api().del(executionPath(id));
            const QString status = output::cellText(reply.json[u"status"]);
            if (status == u"canceling")
                ctx.out() << "Action execution with id " << id << " is being canceled.\n";
            else
                ctx.out() << "Action execution with id " << id << " canceled.\n";
        } catch (const CliError &e) {
            ctx.err() << e.message << '\n';
            rc = 1;
        }
    }
    return rc;
}

int executionPauseResume(CommandContext &ctx, const ParsedArgs &args, bool pause)
{
    int rc = 0;
    for (const QString &id : args.positionalList(QStringLiteral("ids"))) {
        try {
            const ApiReply reply = ctx.api().put(
                executionPath(id),
                makeDict({{QStringLiteral("status"), Value(pause ? QStringLiteral("pausing") : QStringLiteral("resuming"))}}));
            printExecution(ctx, reply.json, args);
        } catch (const CliError &e) {
            ctx.err() << e.message << '\n';
            rc = 1;
        }
    }
    return rc;
}

int executionTail(CommandContext &ctx, const ParsedArgs &args)
{
    const QString id = args.positional(QStringLiteral("id"));
    const Value execution = ctx.api().get(executionPath(id)).json;
    QString status = output::cellText(execution[u"status"]);
    if (!completedStatuses().contains(status)) {
        status = output::cellText(tailExecution(ctx, id, args.value(QStringLiteral("type")))[u"status"]);
        ctx.out() << '\n';
    } else {
        QUrlQuery q;
        if (args.isSet(QStringLiteral("type")))
            q.addQueryItem(QStringLiteral("output_type"), args.value(QStringLiteral("type")));
        const ApiReply out = ctx.api().request("GET", executionPath(id) + QStringLiteral("/output"), q, std::nullopt, true);
        if (out.status < 400)
            ctx.out() << QString::fromUtf8(out.body);
    }
    ctx.out() << "Execution " << id << " has completed (status=" << status << ").\n";
    return 0;
}

} // namespace squall::cli::handlers
