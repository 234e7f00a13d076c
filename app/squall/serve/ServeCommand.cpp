#include "ServeCommand.h"

#include "DataDir.h"
#include "ListenAddress.h"
#include "QuitOnSignal.h"
#include "api/ApiConfig.h"
#include "api/ApiServer.h"
#include "base/Error.h"
#include "engine/Engine.h"

#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>
#include <QTextStream>


namespace {

const char *kUsage =
    "usage: squall serve [options]\n"
    "\n"
    "Runs the Squall daemon (engine + REST API) in the foreground.\n"
    "\n"
    "  --data-dir DIR       database, keys and admin key (default: $SQUALL_DATA_DIR or ~/.local/share/squall)\n"
    "  --listen HOST:PORT   address to serve on (default 127.0.0.1:9101; port 0 picks a free one)\n"
    "  --packs-dir DIR      a folder of packs to load; repeatable (default: the bundled packs\n"
    "                       and DIR/packs under the data dir)\n"
    "  --timezone TZ        default time zone of timers (default: the system's)\n"
    "  --max-running N      actions running at once (default 128)\n"
    "  --cors-origin ORIGIN allow browser calls from ORIGIN; repeatable\n"
    "  --no-action-trigger  do not emit core.st2.generic.actiontrigger\n"
    "  --access-log         log every request (method, path, status, time) to stderr\n"
    "  -h, --help           this help\n";

struct ServeOptions
{
    QString dataDir = defaultDataDir();
    QString listen = QStringLiteral("127.0.0.1:9101");
    QStringList packDirs;
    QString timezone;
    int maxRunning = 128;
    QStringList corsOrigins;
    bool actionTrigger = true;
    bool accessLog = false;
};

bool parse(const QStringList &args, ServeOptions *o, QString *error)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
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
        const QString name = a.section(u'=', 0, 0);
        QString v;
        if (name == u"--data-dir") {
            if (!value(&o->dataDir)) return false;
        } else if (name == u"--listen") {
            if (!value(&o->listen)) return false;
        } else if (name == u"--packs-dir") {
            if (!value(&v)) return false;
            o->packDirs.append(v);
        } else if (name == u"--timezone") {
            if (!value(&o->timezone)) return false;
        } else if (name == u"--max-running") {
            if (!value(&v)) return false;
            bool ok = false;
            o->maxRunning = v.toInt(&ok);
            if (!ok || o->maxRunning < 1) {
                *error = QStringLiteral("--max-running needs a positive number, not \"%1\"").arg(v);
                return false;
            }
        } else if (name == u"--cors-origin") {
            if (!value(&v)) return false;
            o->corsOrigins.append(v);
        } else if (a == u"--no-action-trigger") {
            o->actionTrigger = false;
        } else if (a == u"--access-log") {
            o->accessLog = true;
        } else {
            *error = QStringLiteral("unknown option %1").arg(a);
            return false;
        }
    }
    return true;
}

} // namespace

int runServe(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.contains(QStringLiteral("-h")) || args.contains(QStringLiteral("--help"))) {
        out << kUsage;
        return 0;
    }
    ServeOptions o;
    QString error;
    QHostAddress address;
    quint16 port = 0;
    if (!parse(args, &o, &error) || !splitListen(o.listen, &address, &port, &error)) {
        err << "squall serve: " << error << "\n\n" << kUsage;
        return 2;
    }

    squall::engine::EngineOptions eo;
    eo.dataDir = QDir(o.dataDir).absolutePath();
    if (o.packDirs.isEmpty()) {
        eo.packRoots = defaultPackRoots(eo.dataDir);
    } else {
        for (const QString &d : std::as_const(o.packDirs))
            eo.packRoots << QDir(d).absolutePath();
    }
    if (!o.timezone.isEmpty()) {
        const QTimeZone tz(o.timezone.toUtf8());
        if (!tz.isValid()) {
            err << "squall serve: unknown time zone \"" << o.timezone << "\"\n";
            return 2;
        }
        eo.timerZone = tz;
    }
    eo.maxRunning = o.maxRunning;
    eo.actionTrigger = o.actionTrigger;

    squall::engine::Engine engine;
    // The API URL actions see needs the real port, known only after listening;
    // the engine starts first so no request arrives before it is ready.
    eo.apiUrl = QStringLiteral("http://%1:%2/api/v1").arg(address.toString()).arg(port);
    if (!engine.start(eo, &error)) {
        err << "squall serve: " << error << "\n";
        return 1;
    }
    for (const squall::Error &e : engine.loadErrors())
        err << (e.kind == u"warning" ? "warning: " : "error: ") << e.toString() << "\n";

    squall::api::ApiConfig ac;
    ac.allowedOrigins = o.corsOrigins;
    squall::api::ApiServer api(&engine, ac);
    if (!api.listen(address, port, &error)) {
        err << "squall serve: cannot listen on " << o.listen << ": " << error << "\n";
        return 1;
    }
    if (o.accessLog) {
        QObject::connect(&api, &squall::api::ApiServer::requestFinished, &api,
                         [](const QString &method, const QString &path, int status, qint64 micros) {
                             QTextStream(stderr) << method << ' ' << path << ' ' << status << ' ' << micros
                                                 << "us\n";
                         });
    }
    const QString url = QStringLiteral("http://%1:%2").arg(
        address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']' : address.toString())
                            .arg(api.port());
    if (!address.isLoopback())
        err << "warning: listening on " << address.toString()
            << ", beyond this machine; every request still needs an API key or token\n";
    out << "Squall " << QCoreApplication::applicationVersion() << " listening on " << url << '\n';
    out << "data: " << eo.dataDir << '\n';
    out << "packs: " << eo.packRoots.join(QStringLiteral(", ")) << '\n';
    if (engine.createdAdminKey())
        out << "created an admin API key in " << engine.adminKeyFile() << " (mode 0600)\n";
    else
        out << "admin API key: " << engine.adminKeyFile() << '\n';
    out.flush();

    quitOnSignals(&engine);
    engine.setApiUrl(url + QStringLiteral("/api/v1"));
    const int rc = QCoreApplication::exec();
    engine.shutdown();
    out << "Squall stopped\n";
    return rc;
}
