#include "StudioLauncher.h"

#include "ClientConfig.h"
#include "DataDir.h"
#include "ListenAddress.h"
#include "api/ApiServer.h"
#include "client/EngineThread.h"
#include "client/InProcessClient.h"
#include "client/RemoteClient.h"
#include "ui/shell/MainWindow.h"
#include "ui/shell/Studio.h"
#include "ui/shell/StudioPages.h"

#include <QDir>
#include <QHostAddress>
#include <QProcessEnvironment>

#include <memory>

using namespace squall;

namespace {

// What the engine thread found out while opening the API, read on the GUI
// thread after EngineThread::started (which is queued after these writes).
struct ApiOutcome
{
    QString url;
    QString note;
    QString error;
    QStringList loadMessages;
};

QString tildePath(const QString &path)
{
    const QString home = QDir::homePath();
    return path.startsWith(home + u'/') ? u'~' + path.mid(home.size()) : path;
}

} // namespace

StudioLauncher::StudioLauncher(QObject *parent) : QObject(parent) { }

StudioLauncher::~StudioLauncher()
{
    // The window's pages hold the client; they go before the engine stops.
    delete m_window;
    delete m_studio;
    delete m_client;
    delete m_engine;
}

void StudioLauncher::start(const StudioOptions &options)
{
    if (options.remote())
        startRemote(options);
    else
        startLocal(options);
}

void StudioLauncher::startLocal(const StudioOptions &options)
{
    QHostAddress address;
    quint16 port = 0;
    QString error;
    if (!splitListen(options.listen, &address, &port, &error)) {
        Q_EMIT failed(error);
        return;
    }
    engine::EngineOptions eo;
    eo.dataDir = QDir(options.dataDir.isEmpty() ? defaultDataDir() : options.dataDir).absolutePath();
    if (options.packDirs.isEmpty()) {
        eo.packRoots = defaultPackRoots(eo.dataDir);
    } else {
        for (const QString &d : options.packDirs)
            eo.packRoots << QDir(d).absolutePath();
    }
    eo.apiUrl = QStringLiteral("http://%1:%2/api/v1").arg(address.toString()).arg(port);

    auto outcome = std::make_shared<ApiOutcome>();
    const bool mayMove = !options.listenGiven;
    const QString listen = options.listen;
    m_engine = new client::EngineThread(this);
    connect(m_engine, &client::EngineThread::started, this, [this, outcome, eo](bool ok, const QString &why) {
        if (!ok) {
            Q_EMIT failed(tr("The engine did not start: %1").arg(why));
            return;
        }
        for (const QString &m : std::as_const(outcome->loadMessages))
            qWarning("%s", qPrintable(m));
        if (!outcome->error.isEmpty()) {
            Q_EMIT failed(outcome->error);
            return;
        }
        m_apiUrl = outcome->url;
        m_apiNote = outcome->note;
        if (!m_apiNote.isEmpty())
            qWarning("squall-studio: %s", qPrintable(m_apiNote));
        m_client = new client::InProcessClient(m_engine, client::InProcessClient::localAdmin());
        openWindow(tr("local · %1").arg(tildePath(eo.dataDir)));
    });
    m_engine->start(eo, [outcome, address, port, mayMove, listen](engine::Engine *engine) {
        for (const Error &e : engine->loadErrors())
            outcome->loadMessages << (e.kind == u"warning" ? QStringLiteral("warning: ") : QStringLiteral("error: ")) +
                                         e.toString();
        // Parented to the engine: served on its thread, gone with it.
        auto *api = new api::ApiServer(engine, {}, engine);
        QString why;
        if (!api->listen(address, port, &why)) {
            if (!mayMove || port == 0) {
                outcome->error = QStringLiteral("cannot serve the API on %1: %2").arg(listen, why);
                return;
            }
            const QString first = why;
            if (!api->listen(address, 0, &why)) {
                outcome->error = QStringLiteral("cannot serve the API on %1: %2").arg(listen, why);
                return;
            }
            outcome->note = QStringLiteral("%1 was taken (%2); serving on port %3 instead")
                                .arg(listen, first)
                                .arg(api->port());
        }
        const QString host = address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + address.toString() + u']'
                                                                                 : address.toString();
        outcome->url = QStringLiteral("http://%1:%2").arg(host).arg(api->port());
        engine->setApiUrl(outcome->url + QStringLiteral("/api/v1"));
    });
}

void StudioLauncher::startRemote(const StudioOptions &options)
{
    cli::ClientConfig::Overrides given;
    given.url = options.connectUrl;
    given.dataDir = options.dataDir;
    if (!options.apiKey.isEmpty())
        given.apiKey = options.apiKey;
    const cli::ClientConfig config = cli::ClientConfig::resolve(given, QProcessEnvironment::systemEnvironment());
    m_apiUrl = config.baseUrl;
    m_client = new client::RemoteClient(config.remoteOptions());
    // One call first, so that a wrong URL or key is said at once rather than
    // as an empty window.
    m_client->call(client::Op::ApiInfo, {}, this, [this](const client::ClientResult &r) {
        if (!r.ok() && (r.status == 401 || r.status == 403 || r.status == 0)) {
            Q_EMIT failed(r.status == 0 ? tr("Cannot reach the Squall daemon at %1: %2").arg(m_apiUrl, r.errorText())
                                        : tr("The daemon at %1 refused the credentials: %2").arg(m_apiUrl, r.errorText()));
            return;
        }
        openWindow(m_apiUrl);
    });
}

void StudioLauncher::openWindow(const QString &engineLabel)
{
    m_studio = new ui::Studio(m_client, engineLabel);
    m_studio->setApiAddress(m_apiUrl);
    m_window = new ui::MainWindow(m_studio, ui::createPages(m_studio));
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    if (!m_apiNote.isEmpty()) {
        m_window->setApiNote(tr("port taken, moved"));
        m_studio->tell(m_apiNote, 0);
    }
    Q_EMIT ready(m_window);
}
