#pragma once
// A real engine in this process with the bundled packs, the client a studio
// page uses, and the Studio context: what every GUI test starts from.
#include "client/EngineThread.h"
#include "client/InProcessClient.h"
#include "ui/shell/Studio.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace squall::test {

class StudioTestEngine
{
public:
    // `packRoots` beside the bundled packs (test packs in temp folders).
    explicit StudioTestEngine(const QStringList &packRoots = {})
    {
        // QSettings and everything else the studio writes stay in the temp dir.
        qputenv("XDG_CONFIG_HOME", QByteArray(m_dir.path().toUtf8() + "/config"));
        engine::EngineOptions o;
        o.dataDir = m_dir.path() + QStringLiteral("/data");
        o.packRoots << QStringLiteral(SQUALL_SOURCE_DIR "/packs") << packRoots;
        QString error;
        m_ok = m_engine.startAndWait(o, &error);
        if (!m_ok)
            qWarning("engine did not start: %s", qPrintable(error));
        m_client = std::make_unique<client::InProcessClient>(&m_engine, client::InProcessClient::localAdmin());
        m_studio = std::make_unique<ui::Studio>(m_client.get(), QStringLiteral("test engine"));
    }

    bool ok() const { return m_ok; }
    QString path() const { return m_dir.path(); }
    client::Client *client() const { return m_client.get(); }
    ui::Studio *studio() const { return m_studio.get(); }

private:
    QTemporaryDir m_dir;
    client::EngineThread m_engine;
    std::unique_ptr<client::InProcessClient> m_client;
    std::unique_ptr<ui::Studio> m_studio;
    bool m_ok = false;
};

} // namespace squall::test
