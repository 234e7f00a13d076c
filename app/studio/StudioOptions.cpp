#include "StudioOptions.h"

#include <QCoreApplication>

namespace {

const char *kUsage =
    "usage: squall-studio [--data-dir DIR] [--listen HOST:PORT] [--packs-dir DIR]...\n"
    "       squall-studio --connect URL [--api-key KEY]\n"
    "\n"
    "Squall Studio: the desktop automation studio.\n"
    "\n"
    "By default the engine runs inside the studio on the embedded SQLite database, with the\n"
    "bundled packs, and serves the REST API, event stream and webhooks on 127.0.0.1:9101 so that\n"
    "the `squall` CLI and curl work against it (another free port when 9101 is taken).\n"
    "\n"
    "  --data-dir DIR       database, keys and admin key (default: $SQUALL_DATA_DIR or ~/.local/share/squall)\n"
    "  --listen HOST:PORT   where to serve the API (default 127.0.0.1:9101)\n"
    "  --packs-dir DIR      a folder of packs to load; repeatable (default: the bundled packs\n"
    "                       and DIR/packs under the data dir)\n"
    "  --connect URL        attach to a running `squall serve` instead of running an engine\n"
    "  --api-key KEY        the API key for --connect (default: SQUALL_API_KEY, ST2_API_KEY,\n"
    "                       then the data dir's admin.key)\n"
    "  --version            print the version\n"
    "  -h, --help           this help\n";

} // namespace

bool StudioOptions::parse(const QStringList &args, StudioOptions *o, QString *error, bool *exitNow, QString *output)
{
    *exitNow = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const QString name = a.section(u'=', 0, 0);
        auto value = [&](QString *out) {
            const qsizetype eq = a.indexOf(u'=');
            if (eq > 0) {
                *out = a.mid(eq + 1);
                return true;
            }
            if (i + 1 >= args.size()) {
                *error = QStringLiteral("%1 needs a value").arg(a);
                return false;
            }
            *out = args.at(++i);
            return true;
        };
        QString v;
        if (a == u"-h" || a == u"--help") {
            *exitNow = true;
            *output = QString::fromLatin1(kUsage);
            return true;
        }
        if (a == u"--version") {
            *exitNow = true;
            *output = QStringLiteral("squall-studio %1\n").arg(QCoreApplication::applicationVersion());
            return true;
        }
        if (name == u"--data-dir") {
            if (!value(&o->dataDir))
                return false;
        } else if (name == u"--listen") {
            if (!value(&o->listen))
                return false;
            o->listenGiven = true;
        } else if (name == u"--packs-dir") {
            if (!value(&v))
                return false;
            o->packDirs << v;
        } else if (name == u"--connect") {
            if (!value(&o->connectUrl))
                return false;
        } else if (name == u"--api-key") {
            if (!value(&o->apiKey))
                return false;
        } else if (a.startsWith(u'-') && !a.startsWith(u"-platform") && !a.startsWith(u"-style")) {
            *error = QStringLiteral("unknown option %1").arg(a);
            return false;
        }
    }
    if (o->remote() && !(o->connectUrl.startsWith(u"http://") || o->connectUrl.startsWith(u"https://"))) {
        *error = QStringLiteral("--connect wants an http:// or https:// URL, not \"%1\"").arg(o->connectUrl);
        return false;
    }
    while (o->connectUrl.endsWith(u'/'))
        o->connectUrl.chop(1);
    if (o->connectUrl.endsWith(u"/api/v1"))
        o->connectUrl.chop(7);
    return true;
}

