#pragma once

#include "engine/EngineEvent.h"

#include <QObject>
#include <QPointer>

class QUndoStack;

namespace squall::client {
class Client;
class Subscription;
}

namespace squall::ui {

// What every page shares: the client (the only way to the engine), one event
// subscription fanned out to all pages, the undo stack edits go through, and
// requests to show another page's object (links between pages).
class Studio final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Studio)
public:
    // `engineLabel` names the engine for titles: "local · ~/.local/share/squall"
    // or the URL of the daemon attached to.
    Studio(client::Client *client, const QString &engineLabel, QObject *parent = nullptr);
    ~Studio() override;

    client::Client *client() const { return m_client; }
    QUndoStack *undoStack() const { return m_undo; }
    QString engineLabel() const { return m_engineLabel; }
    // The REST address served alongside (in-process) or attached to (remote).
    QString apiAddress() const { return m_apiAddress; }
    void setApiAddress(const QString &address) { m_apiAddress = address; }

    // Starts the shared subscription; pages connect to eventsReceived first.
    void startEvents();
    bool isLive() const;
    qint64 lastEventId() const;

    // Ask the window to open `pageId` and select `objectId` there.
    void show(const QString &pageId, const QString &objectId = {});
    // A transient message for the status bar (errors included).
    void tell(const QString &text, int timeoutMs = 6000);

Q_SIGNALS:
    void eventsReceived(const squall::engine::EventBatch &batch);
    // Events were lost (older than the engine keeps): reload every view.
    void resyncRequired();
    void liveChanged(bool live);
    void showRequested(const QString &pageId, const QString &objectId);
    void message(const QString &text, int timeoutMs);

private:
    client::Client *m_client;
    QString m_engineLabel;
    QString m_apiAddress;
    QUndoStack *m_undo;
    client::Subscription *m_subscription = nullptr;
};

} // namespace squall::ui
