#pragma once

#include "StudioOptions.h"

#include <QObject>

namespace squall::client {
class Client;
class EngineThread;
}
namespace squall::ui {
class MainWindow;
class Studio;
}

// Brings the studio up: an engine in this process (on its own thread, with
// the REST API served beside it) or a client of a remote daemon, then the
// window. Nothing here blocks the GUI thread: the window appears once the
// engine reports it has started.
class StudioLauncher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StudioLauncher)
public:
    explicit StudioLauncher(QObject *parent = nullptr);
    ~StudioLauncher() override;

    void start(const StudioOptions &options);

    squall::ui::MainWindow *window() const { return m_window; }
    squall::client::Client *client() const { return m_client; }
    // The API address served (local) or attached to (remote).
    QString apiUrl() const { return m_apiUrl; }
    // Why the API is not where it was asked to be ("127.0.0.1:9101 was taken").
    QString apiNote() const { return m_apiNote; }

Q_SIGNALS:
    void ready(squall::ui::MainWindow *window);
    void failed(const QString &message);

private:
    void startLocal(const StudioOptions &options);
    void startRemote(const StudioOptions &options);
    void openWindow(const QString &engineLabel);

    squall::client::EngineThread *m_engine = nullptr;
    squall::client::Client *m_client = nullptr;
    squall::ui::Studio *m_studio = nullptr;
    squall::ui::MainWindow *m_window = nullptr;
    QString m_apiUrl;
    QString m_apiNote;
};
