#include "ArgParser.h"
#include "CommandContext.h"
#include "Handlers.h"
#include "OutputFormat.h"
#include "base/Json.h"

#include "base/Error.h"
#include "base/Yaml.h"

#include <QFile>
#include <QUrl>

namespace squall::cli::handlers {

namespace {

const QStringList &keyColumns()
{
    static const QStringList c{QStringLiteral("name"), QStringLiteral("value"), QStringLiteral("secret"),
                               QStringLiteral("encrypted"), QStringLiteral("scope"), QStringLiteral("user"),
                               QStringLiteral("expire_timestamp")};
    return c;
}

QString keyPath(const QString &name)
{
    return QStringLiteral("/api/v1/keys/") + QString::fromLatin1(QUrl::toPercentEncoding(name));
}

QUrlQuery scopeQuery(const ParsedArgs &args)
{
    QUrlQuery q;
    if (args.isSet(QStringLiteral("scope")))
        q.addQueryItem(QStringLiteral("scope"), args.value(QStringLiteral("scope")));
    if (args.isSet(QStringLiteral("user")))
        q.addQueryItem(QStringLiteral("user"), args.value(QStringLiteral("user")));
    return q;
}

Value putKey(CommandContext &ctx, const QString &name, ValueDict body)
{
    body.insert(QStringLiteral("name"), Value(name));
    return ctx.api().put(keyPath(name), Value(std::move(body))).json;
}

} // namespace

int keyList(CommandContext &ctx, const ParsedArgs &args)
{
    QUrlQuery q = scopeQuery(args);
    if (args.isSet(QStringLiteral("prefix")))
        q.addQueryItem(QStringLiteral("prefix"), args.value(QStringLiteral("prefix")));
    if (args.isSet(QStringLiteral("decrypt")))
        q.addQueryItem(QStringLiteral("decrypt"), QStringLiteral("true"));
    q.addQueryItem(QStringLiteral("limit"), args.value(QStringLiteral("last"), QStringLiteral("50")));
    const ApiReply reply = ctx.api().get(QStringLiteral("/api/v1/keys"), q);
    ctx.printList(reply.json.isList() ? reply.json.toList() : ValueList(), keyColumns(), args);
    return 0;
}

int keyGet(CommandContext &ctx, const ParsedArgs &args)
{
    QUrlQuery q = scopeQuery(args);
    if (args.isSet(QStringLiteral("decrypt")))
        q.addQueryItem(QStringLiteral("decrypt"), QStringLiteral("true"));
    const ApiReply reply = ctx.api().get(keyPath(args.positional(QStringLiteral("name"))), q);
    ctx.printObject(reply.json, keyColumns(), args);
    return 0;
}

int keySet(CommandContext &ctx, const ParsedArgs &args)
{
    ValueDict body;
    body.insert(QStringLiteral("value"), Value(args.positional(QStringLiteral("value"))));
    if (args.isSet(QStringLiteral("encrypt")))
        body.insert(QStringLiteral("secret"), Value(true));
    if (args.isSet(QStringLiteral("encrypted"))) {
        body.insert(QStringLiteral("secret"), Value(true));
        body.insert(QStringLiteral("encrypted"), Value(true));
    }
    if (args.isSet(QStringLiteral("ttl"))) {
        bool ok = false;
        const qint64 ttl = args.value(QStringLiteral("ttl")).toLongLong(&ok);
        if (!ok || ttl <= 0)
            throw CliError{QStringLiteral("-l/--ttl needs a positive number of seconds"), 2};
        body.insert(QStringLiteral("ttl"), Value(ttl));
    }
    if (args.isSet(QStringLiteral("scope")))
        body.insert(QStringLiteral("scope"), Value(args.value(QStringLiteral("scope"))));
    if (args.isSet(QStringLiteral("user")))
        body.insert(QStringLiteral("user"), Value(args.value(QStringLiteral("user"))));
    const Value stored = putKey(ctx, args.positional(QStringLiteral("name")), std::move(body));
    ctx.printObject(stored, keyColumns(), args);
    return 0;
}

int keyDelete(CommandContext &ctx, const ParsedArgs &args)
{
    const QString name = args.positional(QStringLiteral("name"));
    ctx.api().del(keyPath(name), scopeQuery(args));
    ctx.out() << "Resource with id \"" << name << "\" has been successfully deleted.\n";
    return 0;
}

int keyDeleteByPrefix(CommandContext &ctx, const ParsedArgs &args)
{
    if (!args.isSet(QStringLiteral("prefix")))
        throw CliError{QStringLiteral("delete_by_prefix needs -p/--prefix"), 2};
    QUrlQuery q = scopeQuery(args);
    q.addQueryItem(QStringLiteral("prefix"), args.value(QStringLiteral("prefix")));
    const ApiReply reply = ctx.api().get(QStringLiteral("/api/v1/keys"), q);
    QStringList deleted;
    for (const Value &k : reply.json.toList()) {
        const QString name = output::cellText(k[u"name"]);
        QUrlQuery dq;
        if (k[u"scope"].isString())
            dq.addQueryItem(QStringLiteral("scope"), k[u"scope"].toString());
        if (k[u"user"].isString())
            dq.addQueryItem(QStringLiteral("user"), k[u"user"].toString());
        ctx.api().del(keyPath(name), dq);
        deleted.append(name);
    }
    ctx.out() << "Deleted " << deleted.size() << " keys\nDeleted key ids: " << deleted.join(QStringLiteral(", ")) << '\n';
    return 0;
}

int keyLoad(CommandContext &ctx, const ParsedArgs &args)
{
    const QString path = args.positional(QStringLiteral("file"));
    Value doc;
    try {
        doc = loadDocument(path);
    } catch (const CliError &) {
        // A list of keys is not a mapping: load it again accepting lists.
        doc = Value();
    }
    ValueList entries;
    if (doc.isDict() && !doc.contains(u"name")) {
        // {name: value, ...}
        for (const auto &[k, v] : doc.toDict())
            entries.append(makeDict({{QStringLiteral("name"), Value(k)}, {QStringLiteral("value"), v}}));
    } else if (doc.isDict()) {
        entries.append(doc);
    } else {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            throw CliError{QStringLiteral("cannot read %1: %2").arg(path, f.errorString())};
        json::ParseError pe;
        const QByteArray bytes = f.readAll();
        doc = json::parse(bytes, &pe);
        if (!pe.ok()) {
            try {
                doc = yaml::load(bytes, path).value;
            } catch (const SquallException &e) {
                throw CliError{e.error().toString()};
            }
        }
        if (!doc.isList())
            throw CliError{QStringLiteral("%1: expected a list of keys or a mapping of names to values").arg(path)};
        entries = doc.toList();
    }

    const bool convert = args.isSet(QStringLiteral("convert"));
    ValueList loaded;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const Value &e = entries.at(i);
        if (!e.isDict() || !e[u"name"].isString())
            throw CliError{QStringLiteral("%1: entry %2 has no 'name'").arg(path).arg(i)};
        ValueDict body = e.toDict();
        const Value value = e[u"value"];
        if (!value.isString()) {
            if (!convert) {
                throw CliError{QStringLiteral("%1: the value of '%2' is not a string; use -c/--convert to store it as JSON")
                                   .arg(path, e[u"name"].toString())};
            }
            body.insert(QStringLiteral("value"), Value(json::toString(value)));
        }
        loaded.append(putKey(ctx, e[u"name"].toString(), std::move(body)));
    }
    ctx.printList(loaded, keyColumns(), args);
    return 0;
}

} // namespace squall::cli::handlers
