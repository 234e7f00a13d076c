#include "RuleTester.h"

#include "ClientConfig.h"
#include "client/BlockingClient.h"

#include "DataDir.h"
#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "base/Yaml.h"
#include "expr/Jinja.h"
#include "model/ParameterSchema.h"
#include "model/RuleNormalizer.h"
#include "packs/PackLoader.h"
#include "rules/CompiledRule.h"
#include "rules/RuleDryRun.h"
#include "model/Builtins.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QTextStream>
#include <QTimer>

namespace {

const char *kUsage =
    "usage: squall rule test --rule FILE --trigger-instance FILE [--packs-dir DIR]\n"
    "       squall rule test --rule-ref REF --trigger-instance-id ID [--url URL] [--api-key KEY]\n"
    "\n"
    "Evaluates a rule against a trigger instance and prints every criterion with the value it\n"
    "read, the pattern it compared with and the result, then the action parameters the rule\n"
    "would render. Exit 0 when the rule matches, 1 when it does not, 2 on bad input.\n"
    "A trigger instance file holds {trigger, payload} (YAML or JSON), or just the payload.\n";

// Templates see an empty datastore offline: st2kv.* reads as "".
class EmptyDatastore final : public squall::ValueObject
{
public:
    squall::Value attribute(const QString &) const override
    {
        return squall::Value(std::make_shared<EmptyDatastore>());
    }
    squall::Value resolve() const override { return squall::Value(QString()); }
};

struct Options
{
    QString ruleFile, instanceFile, ruleRef, instanceId, url, apiKey;
    QStringList packDirs;
};

squall::Value loadDocument(const QString &path)
{
    return squall::yaml::loadFile(path).value;
}

// The rule, the instance and the action's parameter schema from a daemon,
// through the same client and credentials discovery as every CLI command.
struct Fetched
{
    squall::Value rule, instance, actionSchema;
};

Fetched fetchFromDaemon(const Options &o)
{
    using namespace squall;
    cli::ClientConfig::Overrides given;
    given.url = o.url;
    if (!o.apiKey.isEmpty())
        given.apiKey = o.apiKey;
    const cli::ClientConfig config = cli::ClientConfig::resolve(given, QProcessEnvironment::systemEnvironment());
    client::RemoteClient remote(config.remoteOptions());
    client::BlockingClient api(&remote);
    auto need = [&](client::Op op, const QString &id) {
        const client::ClientResult r = api.call(op, id);
        if (!r.ok()) {
            const QString where = r.error->kind == u"ConnectionError"
                                      ? QStringLiteral("cannot reach the Squall daemon at %1").arg(config.baseUrl)
                                      : QStringLiteral("%1 %2 %3").arg(QString::number(r.status), client::opName(op), id);
            throw SquallException(r.error->kind, where + QStringLiteral(": ") + r.error->message);
        }
        return r.value;
    };
    Fetched f;
    f.rule = need(client::Op::GetRule, o.ruleRef);
    f.instance = need(client::Op::GetTriggerInstance, o.instanceId);
    // An action the daemon does not know renders without a schema, as offline.
    const client::ClientResult params =
        api.call(client::Op::ActionParameters, f.rule[u"action"][u"ref"].toString());
    if (params.ok())
        f.actionSchema = params.value[u"parameters"];
    return f;
}

bool parseArgs(const QStringList &args, Options *o, QString *error)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString name = args.at(i).section(u'=', 0, 0);
        const bool inlineValue = args.at(i).contains(u'=');
        auto value = [&]() -> QString {
            if (inlineValue)
                return args.at(i).section(u'=', 1);
            return i + 1 < args.size() ? args.at(++i) : QString();
        };
        QString *slot = nullptr;
        if (name == u"--rule") slot = &o->ruleFile;
        else if (name == u"--trigger-instance") slot = &o->instanceFile;
        else if (name == u"--rule-ref") slot = &o->ruleRef;
        else if (name == u"--trigger-instance-id") slot = &o->instanceId;
        else if (name == u"--url") slot = &o->url;
        else if (name == u"--api-key") slot = &o->apiKey;
        if (slot) {
            *slot = value();
            if (slot->isEmpty()) {
                *error = QStringLiteral("%1 needs a value").arg(name);
                return false;
            }
        } else if (name == u"--packs-dir") {
            o->packDirs << value();
        } else {
            *error = QStringLiteral("unknown option %1").arg(args.at(i));
            return false;
        }
    }
    const bool offline = !o->ruleFile.isEmpty() || !o->instanceFile.isEmpty();
    const bool online = !o->ruleRef.isEmpty() || !o->instanceId.isEmpty();
    if (offline == online || (offline && (o->ruleFile.isEmpty() || o->instanceFile.isEmpty()))
        || (online && (o->ruleRef.isEmpty() || o->instanceId.isEmpty()))) {
        *error = QStringLiteral("give --rule and --trigger-instance, or --rule-ref and --trigger-instance-id");
        return false;
    }
    return true;
}

QString show(const squall::Value &v)
{
    return v.isString() ? squall::py::repr(v) : squall::py::repr(squall::py::resolved(v));
}

QStringList packRoots(const Options &o)
{
    return o.packDirs.isEmpty() ? QStringList{bundledPacksDir()} : o.packDirs;
}

// The action's merged parameter schema from the packs on disk, or null.
squall::Value offlineActionSchema(const Options &o, const QString &actionRef)
{
    using namespace squall;
    for (const packs::PackContent &pc : packs::loadPackDirs(packRoots(o))) {
        for (const model::ActionDef &a : pc.actions) {
            if (a.ref() == actionRef) {
                if (const model::RunnerType *r = model::findBuiltinRunnerType(a.runnerType))
                    return model::mergedParameterSchema(*r, a);
            }
        }
    }
    return Value();
}

} // namespace

int runRuleTest(const QStringList &args)
{
    using namespace squall;
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.contains(QStringLiteral("-h")) || args.contains(QStringLiteral("--help"))) {
        out << kUsage;
        return 0;
    }
    Options o;
    QString error;
    if (!parseArgs(args, &o, &error)) {
        err << "squall rule test: " << error << "\n\n" << kUsage;
        return 2;
    }
    Value ruleDoc;
    Value instance;
    Value actionSchema;
    bool online = false;
    try {
        if (!o.ruleFile.isEmpty()) {
            QList<Error> errors;
            ruleDoc = model::loadRule(o.ruleFile, QString(), &errors);
            bool fatal = false;
            for (const Error &e : errors) {
                err << (e.kind == u"warning" ? "warning: " : "error: ") << e.toString() << '\n';
                fatal = fatal || e.kind != u"warning";
            }
            if (fatal || ruleDoc.isNull())
                return 2;
            instance = loadDocument(o.instanceFile);
        } else {
            const Fetched f = fetchFromDaemon(o);
            ruleDoc = f.rule;
            instance = f.instance;
            actionSchema = f.actionSchema;
            online = true;
        }
    } catch (const SquallException &e) {
        err << "squall rule test: " << e.error().toString() << '\n';
        return 2;
    }
    if (!online)
        actionSchema = offlineActionSchema(o, ruleDoc[u"action"][u"ref"].toString());
    ValueDict extraVars;
    extraVars.insert(QStringLiteral("st2kv"), Value(std::make_shared<EmptyDatastore>()));
    const expr::DictScope extra{Value(extraVars)};
    const rules::DryRun run = rules::dryRunRule(ruleDoc, instance, actionSchema, &extra);
    const rules::RulePtr &rule = run.rule;

    out << "rule " << rule->ref() << " on " << rule->triggerType()
        << (rule->enabled() ? "" : " (disabled: it would not fire until enabled)") << '\n';
    for (const Error &e : rule->errors())
        out << "  problem: " << e.toString() << '\n';
    if (!run.triggerMismatch.isEmpty()) {
        out << "NO MATCH: the trigger instance is for " << run.triggerMismatch << ", the rule listens to "
            << rule->triggerType() << '\n';
        return 1;
    }
    if (rule->criteria().isEmpty())
        out << "  no criteria: every instance matches\n";
    for (const rules::CriterionTrace &t : run.evaluation.trace) {
        out << "  " << t.key << " = " << show(t.value) << '\n'
            << "    " << t.op << ' ' << show(t.pattern) << " -> " << (t.result ? "true" : "false");
        if (!t.error.isEmpty())
            out << " (" << t.error << ')';
        out << '\n';
    }
    if (!run.evaluation.matched) {
        out << "NO MATCH";
        if (!run.evaluation.failureReason.isEmpty())
            out << ": " << run.evaluation.failureReason;
        out << '\n';
        return 1;
    }
    out << "MATCH: the rule would run " << rule->actionRef() << '\n';
    if (run.renderedWithoutSchema) {
        out << "(action " << rule->actionRef() << " is "
            << (online ? QStringLiteral("not registered on the daemon")
                       : QStringLiteral("not in ") + packRoots(o).join(QStringLiteral(", ")))
            << ": parameters rendered without its schema)\n";
    }
    if (run.parameterError) {
        out << "the parameters do not render: " << run.parameterError->toString() << '\n';
        out << "(the engine would record a failed execution)\n";
        return 0;
    }
    out << "parameters:\n";
    for (const auto &[k, v] : run.parameters->toDict())
        out << "  " << k << ": " << (v.isString() ? v.toString() : json::toString(v)) << '\n';
    return 0;
}
