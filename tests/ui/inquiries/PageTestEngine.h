#pragma once

// A real engine on its own thread with the bundled packs (and any extra pack
// folders), a client, and the Studio context a page is built on.
#include "AccessibilityCheck.h"
#include "WidgetTestSupport.h"
#include "client/BlockingClient.h"
#include "client/EngineThread.h"
#include "client/InProcessClient.h"
#include "ui/shell/Studio.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <memory>

namespace squall::testing {

class PageTestEngine
{
public:
    PageTestEngine()
    {
        // QSettings of the pages stay out of the user's configuration.
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
    }
    ~PageTestEngine()
    {
        studio.reset();
        client.reset();
        engine.reset();
    }

    bool start(const QStringList &extraPackRoots = {}, QString *error = nullptr)
    {
        engine = std::make_unique<client::EngineThread>();
        engine::EngineOptions o;
        o.dataDir = m_data.path();
        o.packRoots = QStringList{QStringLiteral(SQUALL_SOURCE_DIR "/packs")} + extraPackRoots;
        o.actionTrigger = false;
        QString e;
        if (!engine->startAndWait(o, &e)) {
            if (error)
                *error = e;
            return false;
        }
        client = std::make_unique<client::InProcessClient>(engine.get(), client::InProcessClient::localAdmin());
        studio = std::make_unique<ui::Studio>(client.get(), QStringLiteral("test"));
        studio->startEvents();
        return true;
    }

    client::ClientResult call(client::Op op, const QString &id = {}, const Value &body = {},
                              const QHash<QString, QString> &params = {})
    {
        return client::BlockingClient(client.get()).call(op, id, body, params);
    }

    QString dataDir() const { return m_data.path(); }

    // Writes `text` to `path`, creating folders.
    static bool write(const QString &path, const QByteArray &text)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
    }

    std::unique_ptr<client::EngineThread> engine;
    std::unique_ptr<client::InProcessClient> client;
    std::unique_ptr<ui::Studio> studio;

private:
    QTemporaryDir m_config;
    QTemporaryDir m_data;
};

} // namespace squall::testing
