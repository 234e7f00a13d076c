#include "ArgParser.h"
#include "CommandContext.h"
#include "Handlers.h"
#include "OutputFormat.h"
#include "base/Error.h"
#include "base/Json.h"
#include "base/Yaml.h"

#include <QFile>
#include <QUrl>

namespace squall::cli::handlers {

namespace {

QString segment(const QString &id, bool keepSlashes = false)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id, keepSlashes ? QByteArrayLiteral("/") : QByteArray()));
}

// Option keys that map one-to-one to query parameters of list endpoints.
void addFilters(QUrlQuery &q, const ParsedArgs &args, const ResourceInfo &info)
{
    const bool enforcements = info.path.endsWith(u"/ruleenforcements");
    const bool traces = info.path.endsWith(u"/traces");
    const bool executions = info.path.endsWith(u"/executions");
    struct Map { const char *option; const char *param; };
    static const Map common[] = {{"pack", "pack"}, {"action", "action"}, {"trigger", "trigger"},
                                 {"status", "status"}, {"user", "user"}, {"trigger_instance", "trigger_instance"},
                                 {"execution", "execution"}, {"rule", "rule_ref"}, {"timer_type", "timer_type"},
                                 {"prefix", "prefix"}, {"scope", "scope"}, {"trace_tag", "trace_tag"}};
    for (const Map &m : common) {
        const QString key = QLatin1String(m.option);
        if (args.isSet(key))
            q.addQueryItem(traces && key == u"rule" ? key : QLatin1String(m.param), args.value(key));
    }
    if (args.isSet(QStringLiteral("timestamp_gt")))
        q.addQueryItem(enforcements ? QStringLiteral("enforced_at_gt") : QStringLiteral("timestamp_gt"),
                       args.value(QStringLiteral("timestamp_gt")));
    if (args.isSet(QStringLiteral("timestamp_lt")))
        q.addQueryItem(enforcements ? QStringLiteral("enforced_at_lt") : QStringLiteral("timestamp_lt"),
                       args.value(QStringLiteral("timestamp_lt")));
    if (args.isSet(QStringLiteral("enabled")))
        q.addQueryItem(QStringLiteral("enabled"), QStringLiteral("true"));
    if (args.isSet(QStringLiteral("disabled")))
        q.addQueryItem(QStringLiteral("enabled"), QStringLiteral("false"));
    if (info.newestLast) {
        const QString sort = args.value(QStringLiteral("sort"), QStringLiteral("descending"));
        if (sort.startsWith(u"asc"))
            q.addQueryItem(QStringLiteral("sort_asc"), QStringLiteral("True"));
        else
            q.addQueryItem(QStringLiteral("sort_desc"), QStringLiteral("True"));
    }
    if (executions && !args.isSet(QStringLiteral("showall")))
        q.addQueryItem(QStringLiteral("parent"), QStringLiteral("null"));
}

} // namespace

int list(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info)
{
    QUrlQuery q;
    int last = -2;
    if (args.isSet(QStringLiteral("last")) || info.newestLast || info.limited) {
        bool ok = false;
        last = args.value(QStringLiteral("last"), QStringLiteral("50")).toInt(&ok);
        if (!ok || last == 0 || last < -1)
            throw CliError{QStringLiteral("-n/--last needs a positive number or -1 (all)"), 2};
        q.addQueryItem(QStringLiteral("limit"), QString::number(last));
    }
    addFilters(q, args, info);
    const ApiReply reply = ctx.api().get(info.path, q);
    ValueList items = reply.json.isList() ? reply.json.toList() : ValueList();
    if (info.path.endsWith(u"/webhooks")) {
        // Webhooks are triggers; their url sits in the parameters.
        for (Value &w : items) {
            if (w.isDict() && !w.contains(u"url"))
                w.dictRef().insert(QStringLiteral("url"), output::lookup(w, u"parameters.url"));
        }
    }
    const bool structured = args.isSet(QStringLiteral("json")) || args.isSet(QStringLiteral("yaml"));
    if (info.newestLast && !structured && !args.value(QStringLiteral("sort")).startsWith(u"asc"))
        std::reverse(items.begin(), items.end());
    ctx.printList(items, info.listAttributes, args);
    if (!structured && last > 0 && reply.totalCount > items.size()) {
        ctx.err() << "Note: only the " << items.size() << " most recent of " << reply.totalCount
                  << " are shown. Use -n/--last for more.\n";
    }
    return 0;
}

int get(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info, const QString &idArg)
{
    const QString id = args.positional(idArg);
    QUrlQuery q;
    if (args.isSet(QStringLiteral("decrypt")))
        q.addQueryItem(QStringLiteral("decrypt"), QStringLiteral("true"));
    if (args.isSet(QStringLiteral("scope")))
        q.addQueryItem(QStringLiteral("scope"), args.value(QStringLiteral("scope")));
    // Webhook urls may hold slashes ("hooks/github"): the route takes the rest of the path.
    const ApiReply reply = ctx.api().get(info.path + u'/' + segment(id, info.path.endsWith(u"/webhooks")), q);
    ctx.printObject(reply.json, info.displayOrder, args);
    return 0;
}

Value loadDocument(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw CliError{QStringLiteral("cannot read %1: %2").arg(path, f.errorString())};
    const QByteArray bytes = f.readAll();
    json::ParseError pe;
    Value v = json::parse(bytes, &pe);
    if (!pe.ok()) {
        if (path.endsWith(u".json", Qt::CaseInsensitive))
            throw CliError{QStringLiteral("%1:%2:%3: %4").arg(path).arg(pe.line).arg(pe.column).arg(pe.message)};
        try {
            v = yaml::load(bytes, path).value;
        } catch (const SquallException &e) {
            throw CliError{e.error().toString()};
        }
    }
    if (!v.isDict())
        throw CliError{QStringLiteral("%1: expected a mapping (a JSON object or YAML dictionary) at the top level").arg(path)};
    return v;
}

int create(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info)
{
    const Value doc = loadDocument(args.positional(QStringLiteral("file")));
    const ApiReply reply = ctx.api().post(info.path, doc);
    ctx.printObject(reply.json, info.displayOrder, args);
    return 0;
}

int update(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info)
{
    const QString ref = args.positional(QStringLiteral("ref_or_id"));
    Value doc = loadDocument(args.positional(QStringLiteral("file")));
    const ApiReply existing = ctx.api().get(info.path + u'/' + segment(ref));
    const Value id = existing.json[u"id"];
    if (id.isString())
        doc.dictRef().insert(QStringLiteral("id"), id);
    const ApiReply reply = ctx.api().put(info.path + u'/' + segment(ref), doc);
    ctx.printObject(reply.json, info.displayOrder, args);
    return 0;
}

int remove(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info, const QString &idArg)
{
    const QString id = args.positional(idArg);
    std::optional<Value> body;
    if (args.isSet(QStringLiteral("remove_files")))
        body = makeDict({{QStringLiteral("remove_files"), Value(true)}});
    ctx.api().request("DELETE", info.path + u'/' + segment(id), {}, body);
    ctx.out() << "Resource with id \"" << id << "\" has been successfully deleted.\n";
    return 0;
}

int setEnabled(CommandContext &ctx, const ParsedArgs &args, const ResourceInfo &info, bool enabled)
{
    const QString ref = args.positional(QStringLiteral("ref_or_id"));
    ApiReply current = ctx.api().get(info.path + u'/' + segment(ref));
    if (!current.json.isDict())
        throw CliError{QStringLiteral("unexpected reply for %1").arg(ref)};
    Value doc = current.json;
    doc.dictRef().insert(QStringLiteral("enabled"), Value(enabled));
    const ApiReply reply = ctx.api().put(info.path + u'/' + segment(ref), doc);
    ctx.printObject(reply.json, info.displayOrder, args);
    return 0;
}

int packRegister(CommandContext &ctx, const ParsedArgs &args)
{
    ValueDict body;
    const QStringList packs = args.positionalList(QStringLiteral("packs"));
    if (!packs.isEmpty()) {
        ValueList l;
        for (const QString &p : packs)
            l.append(Value(p));
        body.insert(QStringLiteral("packs"), Value(std::move(l)));
    }
    if (args.isSet(QStringLiteral("types"))) {
        ValueList l;
        for (const QString &t : CommandContext::attributeArgs(args, QStringLiteral("types")))
            l.append(Value(t));
        body.insert(QStringLiteral("types"), Value(std::move(l)));
    }
    const ApiReply reply = ctx.api().post(QStringLiteral("/api/v1/packs/register"), Value(std::move(body)));
    ctx.printObject(reply.json, {}, args);
    return 0;
}

int triggerInstanceReEmit(CommandContext &ctx, const ParsedArgs &args)
{
    const QString id = args.positional(QStringLiteral("id"));
    const ApiReply reply = ctx.api().request("POST", QStringLiteral("/api/v1/triggerinstances/%1/re_emit").arg(segment(id)),
                                             {}, Value(ValueDict()));
    if (ctx.printStructured(reply.json, args))
        return 0;
    const Value message = reply.json[u"message"];
    ctx.out() << (message.isString() ? message.toString()
                                     : QStringLiteral("Trigger instance %1 was re-emitted.").arg(id))
              << '\n';
    return 0;
}

int apikeyCreate(CommandContext &ctx, const ParsedArgs &args)
{
    ValueDict body;
    if (args.isSet(QStringLiteral("user")))
        body.insert(QStringLiteral("user"), Value(args.value(QStringLiteral("user"))));
    if (args.isSet(QStringLiteral("metadata"))) {
        json::ParseError pe;
        const Value meta = json::parse(args.value(QStringLiteral("metadata")).toUtf8(), &pe);
        if (!pe.ok() || !meta.isDict())
            throw CliError{QStringLiteral("-m/--metadata must be a JSON object"), 2};
        body.insert(QStringLiteral("metadata"), meta);
    }
    const ApiReply reply = ctx.api().post(QStringLiteral("/api/v1/apikeys"), Value(std::move(body)));
    if (args.isSet(QStringLiteral("only_key"))) {
        ctx.out() << output::cellText(reply.json[u"key"]) << '\n';
        return 0;
    }
    ctx.printObject(reply.json, {QStringLiteral("id"), QStringLiteral("key"), QStringLiteral("user")}, args);
    return 0;
}

int whoami(CommandContext &ctx, const ParsedArgs &args)
{
    const ApiReply reply = ctx.api().request("GET", QStringLiteral("/api/v1/user"), {}, std::nullopt, true);
    if (reply.status >= 400 && reply.status != 404)
        throw CliError{ApiClient::httpErrorMessage(reply.status, {}, reply.body)};
    if (ctx.printStructured(reply.json, args))
        return 0;
    const Value user = reply.json[u"username"];
    if (user.isString())
        ctx.out() << "Currently logged in as \"" << user.toString() << "\".\n";
    else
        ctx.out() << "The daemon did not say who you are.\n";
    const QString source = ctx.config().credentialSource;
    ctx.out() << "Credentials: " << (source.isEmpty() ? QStringLiteral("none") : source) << '\n'
              << "Daemon: " << ctx.config().baseUrl << '\n';
    return 0;
}

} // namespace squall::cli::handlers
