#include "WorkflowCommands.h"

#include "CommandOptions.h"

#include "base/Error.h"
#include "base/Json.h"
#include "base/Yaml.h"
#include "workflow/chain/ChainSpec.h"
#include "workflow/inspect/Inspector.h"
#include "workflow/inspect/WorkflowGraph.h"
#include "workflow/inspect/WorkflowLayout.h"
#include "workflow/orquesta/Conductor.h"
#include "workflow/orquesta/Rehearsal.h"
#include "workflow/orquesta/Statuses.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

using namespace squall;

namespace {

const char *kUsage =
    "usage: squall workflow COMMAND ...\n"
    "\n"
    "Orquesta workflows, offline (no daemon):\n"
    "  test [-p BASE] SPEC.yaml|DIR    run rehearsal test specs; BASE is where their `workflow:` paths\n"
    "                                  start (default: the parent of the spec's folder). Exit 0 when all pass.\n"
    "  inspect FILE                    static checks; prints file:line:col: type: path: message. Exit 1 on errors.\n"
    "  simulate FILE [--input JSON] [--mock FILE] [--kv FILE]\n"
    "                                  runs the workflow with mocked actions (the mock file holds a rehearsal\n"
    "                                  `mock_action_executions` list, or a spec that has one; unmocked actions\n"
    "                                  succeed with a null result) and prints {status, output, errors, tasks}.\n"
    "                                  st2kv() reads an empty datastore, or the --kv file: a JSON or YAML dict\n"
    "                                  of key -> value (\"system.name\" for system-scope keys).\n"
    "  graph FILE [--format json|dot|svg]\n"
    "                                  the task graph as Orquesta's composer builds it: nodes (tasks reached from\n"
    "                                  the start, with action, join, with_items, retry and engine commands) and\n"
    "                                  edges {from, to, when, next_index}; dot for Graphviz, svg drawn in layers\n"
    "                                  (default json).\n";

int usageError(const QString &message)
{
    QTextStream(stderr) << "squall workflow: " << message << "\n\n" << kUsage;
    return 2;
}

int test(const QStringList &args)
{
    QTextStream out(stdout);
    CommandOptions options({{QStringLiteral("-p"), QStringLiteral("--base-path")}});
    if (!options.read(args, QStringLiteral("one spec file or folder at a time")))
        return usageError(options.error());
    const QString base = options.value(QStringLiteral("-p"));
    const QString target = options.positional();
    if (target.isEmpty())
        return usageError(QStringLiteral("test needs a spec file or folder"));
    QStringList files;
    const QFileInfo info(target);
    if (info.isDir()) {
        const QDir dir(target);
        for (const QString &f : dir.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files,
                                              QDir::Name))
            files.append(dir.filePath(f));
    } else {
        files.append(target);
    }
    if (files.isEmpty()) {
        QTextStream(stderr) << "squall workflow test: no spec files in " << target << "\n";
        return 1;
    }
    int failed = 0;
    for (const QString &file : std::as_const(files)) {
        const orquesta::RehearsalResult r = orquesta::rehearseFile(file, base);
        out << (r.passed ? "PASS " : "FAIL ") << file << '\n';
        for (const QString &d : r.differences)
            out << "  - " << d << '\n';
        failed += r.passed ? 0 : 1;
    }
    out << files.size() - failed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}

int inspect(const QStringList &args)
{
    if (args.size() != 1 || args.first().startsWith(u'-'))
        return usageError(QStringLiteral("inspect needs exactly one workflow file"));
    try {
        const yaml::Document doc = yaml::loadFile(args.first());
        const QList<workflow::InspectionError> errors = workflow::inspectWorkflow(doc.value, doc.locations.get());
        if (errors.isEmpty()) {
            QTextStream(stdout) << args.first() << ": no errors\n";
            return 0;
        }
        QString text = workflow::formatInspection(errors);
        if (!text.endsWith(u'\n'))
            text += u'\n';
        QTextStream(stdout) << text;
        return 1;
    } catch (const SquallException &e) {
        QTextStream(stdout) << e.error().toString() << '\n';
        return 1;
    }
}

int graph(const QStringList &args)
{
    CommandOptions options({{QStringLiteral("--format")}});
    if (!options.read(args, QStringLiteral("one workflow at a time")))
        return usageError(options.error());
    const QString file = options.positional();
    const QString format = options.value(QStringLiteral("--format"), QStringLiteral("json"));
    if (file.isEmpty())
        return usageError(QStringLiteral("graph needs a workflow file"));
    if (format != u"json" && format != u"dot" && format != u"svg")
        return usageError(QStringLiteral("--format is json, dot or svg, not \"%1\"").arg(format));
    try {
        const yaml::Document doc = yaml::loadFile(file);
        workflow::WorkflowGraph g;
        if (doc.value[u"tasks"].isDict()) {
            g = workflow::WorkflowGraph::fromOrquesta(doc.value);
        } else if (doc.value[u"chain"].isList()) {
            QList<Error> errors;
            const auto chain = actionchain::ChainSpec::fromDocument(doc, &errors);
            if (!chain) {
                for (const Error &e : std::as_const(errors))
                    QTextStream(stderr) << e.toString() << '\n';
                return 1;
            }
            g = workflow::WorkflowGraph::fromActionChain(*chain);
        } else {
            QTextStream(stderr) << file << ": neither an Orquesta workflow (`tasks`) nor an ActionChain (`chain`)\n";
            return 1;
        }
        QTextStream out(stdout);
        if (format == u"dot")
            out << g.toDot();
        else if (format == u"svg")
            out << workflow::WorkflowLayout::compute(g).toSvg(g);
        else
            out << json::toString(g.toValue(), json::Style{2}) << '\n';
        return 0;
    } catch (const SquallException &e) {
        QTextStream(stderr) << e.error().toString() << '\n';
        return 1;
    }
}

int simulate(const QStringList &args)
{
    CommandOptions options({{QStringLiteral("--input")}, {QStringLiteral("--mock")}, {QStringLiteral("--kv")}});
    if (!options.read(args, QStringLiteral("one workflow at a time")))
        return usageError(options.error());
    const QString file = options.positional();
    const QString inputText = options.value(QStringLiteral("--input"));
    const QString mockFile = options.value(QStringLiteral("--mock"));
    const QString kvFile = options.value(QStringLiteral("--kv"));
    if (file.isEmpty())
        return usageError(QStringLiteral("simulate needs a workflow file"));
    QTextStream err(stderr);
    try {
        Value inputs{ValueDict()};
        if (!inputText.isEmpty()) {
            json::ParseError pe;
            inputs = json::parse(QStringView(inputText), &pe);
            if (!pe.ok() || !inputs.isDict()) {
                err << "squall workflow simulate: --input must be a JSON object"
                    << (pe.ok() ? QString() : QStringLiteral(" (") + pe.message + QLatin1Char(')')) << '\n';
                return 2;
            }
        }
        orquesta::MockExecutions mocks;
        if (!mockFile.isEmpty()) {
            const Value m = yaml::loadFile(mockFile).value;
            const Value list = m.isDict() ? m[u"mock_action_executions"] : m;
            mocks = orquesta::MockExecutions::fromValue(list, QFileInfo(mockFile).absolutePath());
        }
        Value datastore{ValueDict()};
        if (!kvFile.isEmpty()) {
            // YAML reads JSON as well.
            datastore = yaml::loadFile(kvFile).value;
            if (!datastore.isDict()) {
                err << "squall workflow simulate: --kv must name a JSON or YAML dict of key -> value\n";
                return 2;
            }
        }
        const yaml::Document doc = yaml::loadFile(file);
        const QList<workflow::InspectionError> problems = workflow::inspectWorkflow(doc.value, doc.locations.get());
        if (!problems.isEmpty()) {
            QTextStream(stdout) << workflow::formatInspection(problems) << '\n';
            return 1;
        }
        const orquesta::Simulation run = orquesta::simulate(doc, inputs, mocks, datastore);
        ValueList tasks;
        for (const orquesta::Simulation::Task &t : run.tasks)
            tasks.append(makeDict({{QStringLiteral("id"), t.id},
                                   {QStringLiteral("route"), t.route},
                                   {QStringLiteral("status"), t.status.isEmpty() ? Value() : Value(t.status)}}));
        const Value result = makeDict({{QStringLiteral("status"), run.status},
                                       {QStringLiteral("output"), run.output},
                                       {QStringLiteral("errors"), Value(run.errors)},
                                       {QStringLiteral("tasks"), Value(std::move(tasks))}});
        json::Style style;
        style.indent = 2;
        QTextStream(stdout) << json::toString(result, style) << '\n';
        return run.status == orquesta::status::Succeeded ? 0 : 1;
    } catch (const SquallException &e) {
        err << "squall workflow simulate: " << e.error().toString() << '\n';
        return 1;
    }
}

} // namespace

int runWorkflowCommand(const QStringList &args)
{
    const QString command = args.value(0);
    if (command.isEmpty() || command == u"-h" || command == u"--help" || command == u"help") {
        QTextStream(command.isEmpty() ? stderr : stdout) << kUsage;
        return command.isEmpty() ? 2 : 0;
    }
    if (command == u"test")
        return test(args.mid(1));
    if (command == u"inspect")
        return inspect(args.mid(1));
    if (command == u"simulate")
        return simulate(args.mid(1));
    if (command == u"graph")
        return graph(args.mid(1));
    return usageError(QStringLiteral("unknown command ") + command);
}
