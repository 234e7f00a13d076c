#pragma once

#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace squall::client {
struct RemoteOptions;
}

namespace squall::cli {

class ParsedArgs;

// Where the CLI talks to and who it says it is. Discovery order:
//  URL:         --url, SQUALL_URL, ST2_BASE_URL, ST2_API_URL, http://127.0.0.1:9101
//  data dir:    --data-dir, SQUALL_DATA_DIR, $XDG_DATA_HOME/squall (~/.local/share/squall)
//  credentials: --api-key, -t/--token, SQUALL_API_KEY, ST2_API_KEY, ST2_AUTH_TOKEN,
//               then <data dir>/admin.key (written by `squall serve` on first start).
struct ClientConfig
{
    QString baseUrl;          // without trailing slash, e.g. http://127.0.0.1:9101
    QString dataDir;
    QString apiKey;
    QString token;
    QString credentialSource; // "--api-key", "SQUALL_API_KEY", "/path/admin.key", or empty
    bool debug = false;

    // What the command line gave; everything else comes from the environment.
    struct Overrides
    {
        QString url;
        QString dataDir;
        std::optional<QString> apiKey;
        std::optional<QString> token;
        bool debug = false;
    };
    static ClientConfig resolve(const ParsedArgs &args, const QProcessEnvironment &env);
    static ClientConfig resolve(const Overrides &given, const QProcessEnvironment &env);
    static QString defaultDataDir(const QProcessEnvironment &env);

    // The daemon address and credentials as a RemoteClient takes them (the
    // CLI, `squall rule test --url` and the studio's --connect all use this).
    client::RemoteOptions remoteOptions() const;
};

} // namespace squall::cli
