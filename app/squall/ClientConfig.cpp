#include "ClientConfig.h"

#include "ArgParser.h"
#include "client/RemoteClient.h"

#include <QDir>
#include <QFile>

namespace squall::cli {

QString ClientConfig::defaultDataDir(const QProcessEnvironment &env)
{
    const QString xdg = env.value(QStringLiteral("XDG_DATA_HOME"));
    if (!xdg.isEmpty())
        return xdg + QStringLiteral("/squall");
    QString home = env.value(QStringLiteral("HOME"));
    if (home.isEmpty())
        home = QDir::homePath();
    return home + QStringLiteral("/.local/share/squall");
}

client::RemoteOptions ClientConfig::remoteOptions() const
{
    client::RemoteOptions o;
    o.baseUrl = baseUrl;
    o.apiKey = apiKey;
    o.token = token;
    return o;
}

ClientConfig ClientConfig::resolve(const ParsedArgs &args, const QProcessEnvironment &env)
{
    Overrides o;
    o.url = args.value(QStringLiteral("url"));
    o.dataDir = args.value(QStringLiteral("data_dir"));
    o.apiKey = args.isSet(QStringLiteral("api_key")) ? std::optional<QString>(args.value(QStringLiteral("api_key")))
                                                    : std::nullopt;
    o.token = args.isSet(QStringLiteral("token")) ? std::optional<QString>(args.value(QStringLiteral("token")))
                                                 : std::nullopt;
    o.debug = args.isSet(QStringLiteral("debug"));
    return resolve(o, env);
}

ClientConfig ClientConfig::resolve(const Overrides &given, const QProcessEnvironment &env)
{
    ClientConfig c;
    c.debug = given.debug;

    auto firstOf = [&](std::initializer_list<const char *> names, QString *which = nullptr) {
        for (const char *n : names) {
            const QString v = env.value(QLatin1String(n));
            if (!v.isEmpty()) {
                if (which)
                    *which = QLatin1String(n);
                return v;
            }
        }
        return QString();
    };

    c.baseUrl = given.url;
    if (c.baseUrl.isEmpty())
        c.baseUrl = firstOf({"SQUALL_URL", "ST2_BASE_URL"});
    if (c.baseUrl.isEmpty()) {
        // st2's API URL points at the API root ("http://host:9101" or ".../api").
        c.baseUrl = firstOf({"ST2_API_URL"});
        while (c.baseUrl.endsWith(u'/'))
            c.baseUrl.chop(1);
        if (c.baseUrl.endsWith(u"/v1"))
            c.baseUrl.chop(3);
        if (c.baseUrl.endsWith(u"/api"))
            c.baseUrl.chop(4);
    }
    if (c.baseUrl.isEmpty())
        c.baseUrl = QStringLiteral("http://127.0.0.1:9101");
    while (c.baseUrl.endsWith(u'/'))
        c.baseUrl.chop(1);

    c.dataDir = given.dataDir;
    if (c.dataDir.isEmpty())
        c.dataDir = env.value(QStringLiteral("SQUALL_DATA_DIR"));
    if (c.dataDir.isEmpty())
        c.dataDir = defaultDataDir(env);

    if (given.apiKey) {
        c.apiKey = *given.apiKey;
        c.credentialSource = QStringLiteral("--api-key");
        return c;
    }
    if (given.token) {
        c.token = *given.token;
        c.credentialSource = QStringLiteral("--token");
        return c;
    }
    QString which;
    c.apiKey = firstOf({"SQUALL_API_KEY", "ST2_API_KEY"}, &which);
    if (!c.apiKey.isEmpty()) {
        c.credentialSource = which;
        return c;
    }
    c.token = firstOf({"ST2_AUTH_TOKEN"}, &which);
    if (!c.token.isEmpty()) {
        c.credentialSource = which;
        return c;
    }
    QFile keyFile(c.dataDir + QStringLiteral("/admin.key"));
    if (keyFile.open(QIODevice::ReadOnly)) {
        c.apiKey = QString::fromUtf8(keyFile.readAll()).trimmed();
        if (!c.apiKey.isEmpty())
            c.credentialSource = keyFile.fileName();
    }
    return c;
}

} // namespace squall::cli
