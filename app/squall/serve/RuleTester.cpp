#include "RuleTester.h"

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
#include "rules/ParameterRenderer.h"
#include "rules/RuleMatcher.h"
#include "schema/Secrets.h"
#include "model/Builtins.h"

#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
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

QString readApiKey()
{
    QString key = qEnvironmentVariable("SQUALL_API_KEY", qEnvironmentVariable("ST2_API_KEY"));
    if (!key.isEmpty())
        return key;
    QFile f(defaultDataDir() + QStringLiteral("/admin.key"));
    if (f.open(QIODevice::ReadOnly))
        key = QString::fromUtf8(f.readAll()).trimmed();
    return key;
}

squall::Value fetch(const Options &o, const QString &path)
{
    QNetworkAccessManager nam;
    QString base = o.url.isEmpty() ? qEnvironmentVariable("SQUALL_URL", QStringLiteral("http://127.0.0.1:9101")) : o.url;
    while (base.endsWith(u'/'))
        base.chop(1);
    QNetworkRequest req(QUrl(base + path));
    req.setRawHeader("St2-Api-Key", (o.apiKey.isEmpty() ? readApiKey() : o.apiKey).toUtf8());
    req.setTransferTimeout(15000);
    QNetworkReply *reply = nam.get(req);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString netError = reply->errorString();
    const bool transportError = reply->error() != QNetworkReply::NoError && status == 0;
    reply->deleteLater();
    if (transportError)
        throw squall::SquallException(QStringLiteral("io"),
                                      QStringLiteral("cannot reach the Squall daemon at %1: %2").arg(base, netError));
    const squall::Value doc = squall::json::parse(body);
    if (status >= 400)
        throw squall::SquallException(QStringLiteral("http"),
                                      QStringLiteral("%1 %2: %3").arg(status).arg(path, doc[u"faultstring"].toString()));
    return doc;
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
            ruleDoc = fetch(o, QStringLiteral("/api/v1/rules/") + o.ruleRef);
            instance = fetch(o, QStringLiteral("/api/v1/triggerinstances/") + o.instanceId);
        }
    } catch (const SquallException &e) {
        err << "squall rule test: " << e.error().toString() << '\n';
        return 2;
    }
    const Value payload = (instance.isDict() && instance.contains(u"payload")) ? instance[u"payload"] : instance;
    const QString instanceTrigger = instance[u"trigger"].toString();

    auto rule = std::make_shared<const rules::CompiledRule>(ruleDoc);
    out << "rule " << rule->ref() << " on " << rule->triggerType()
        << (rule->enabled() ? "" : " (disabled: it would not fire until enabled)") << '\n';
    for (const Error &e : rule->errors())
        out << "  problem: " << e.toString() << '\n';
    if (!instanceTrigger.isEmpty() && instanceTrigger != rule->triggerType() && instanceTrigger != rule->triggerRef()) {
        out << "NO MATCH: the trigger instance is for " << instanceTrigger << ", the rule listens to "
            << rule->triggerType() << '\n';
        return 1;
    }
    ValueDict extraVars;
    extraVars.insert(QStringLiteral("st2kv"), Value(std::make_shared<EmptyDatastore>()));
    const expr::DictScope extra{Value(extraVars)};
    const rules::RuleEvaluation ev = rules::RuleMatcher(&extra).evaluate(rule, payload, true);
    if (rule->criteria().isEmpty())
        out << "  no criteria: every instance matches\n";
    for (const rules::CriterionTrace &t : ev.trace) {
        out << "  " << t.key << " = " << show(t.value) << '\n'
            << "    " << t.op << ' ' << show(t.pattern) << " -> " << (t.result ? "true" : "false");
        if (!t.error.isEmpty())
            out << " (" << t.error << ')';
        out << '\n';
    }
    if (!ev.matched) {
        out << "NO MATCH";
        if (!ev.failureReason.isEmpty())
            out << ": " << ev.failureReason;
        out << '\n';
        return 1;
    }
    out << "MATCH: the rule would run " << rule->actionRef() << '\n';

    // Render the parameters as the engine would, with the action's schema when
    // a loaded pack has it.
    QStringList roots = o.packDirs;
    if (roots.isEmpty())
        roots << bundledPacksDir();
    Value schemaDict;
    for (const packs::PackContent &pc : packs::loadPackDirs(roots)) {
        for (const model::ActionDef &a : pc.actions) {
            if (a.ref() == rule->actionRef()) {
                if (const model::RunnerType *r = model::findBuiltinRunnerType(a.runnerType))
                    schemaDict = model::mergedParameterSchema(*r, a);
            }
        }
    }
    const Value context = makeDict({{QStringLiteral("trigger"), payload},
                                    {QStringLiteral("action_context"),
                                     makeDict({{QStringLiteral("user"), QStringLiteral("stanley")}})},
                                    {QStringLiteral("config_context"), ValueDict()}});
    try {
        Value params;
        if (!schemaDict.isNull()) {
            params = rules::renderActionParameters(rule->actionParameters(), schemaDict, context, &extra);
            params = schema::maskSecrets(params, schemaDict);
        } else {
            out << "(action " << rule->actionRef() << " is not in " << roots.join(QStringLiteral(", "))
                << ": parameters rendered without its schema)\n";
            ValueDict rendered;
            const expr::DictScope scope(context, &extra);
            for (const auto &[k, v] : rule->actionParameters().toDict())
                rendered.insert(k, v.isString() ? Value(expr::Template::compile(v.toString())->render(scope)) : v);
            params = Value(std::move(rendered));
        }
        out << "parameters:\n";
        for (const auto &[k, v] : params.toDict())
            out << "  " << k << ": " << (v.isString() ? v.toString() : json::toString(v)) << '\n';
    } catch (const SquallException &e) {
        out << "the parameters do not render: " << e.error().toString() << '\n';
        out << "(the engine would record a failed execution)\n";
    }
    return 0;
}
