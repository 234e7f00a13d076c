#pragma once

#include "engine/Engine.h"

#include <QObject>

#include <functional>

class QThread;

namespace squall::client {

// Runs an Engine on a thread of its own, so that the thread that owns this
// object (the studio's GUI thread) never waits for it. The engine object is
// created, started, used and destroyed on that thread only; talk to it through
// an InProcessClient.
class EngineThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineThread)
public:
    explicit EngineThread(QObject *parent = nullptr);
    ~EngineThread() override;  // stops the engine (running actions recorded abandoned)

    // Starts the thread and, on it, the engine; `setup` (optional) runs there
    // right after a successful start, e.g. to open the REST API on the engine's
    // loop. started() reports the outcome on this object's thread.
    void start(const engine::EngineOptions &options,
               std::function<void(engine::Engine *)> setup = {});
    // For tests and command-line tools: start() and wait for the outcome.
    bool startAndWait(const engine::EngineOptions &options, QString *error,
                      std::function<void(engine::Engine *)> setup = {});
    void stop();

    bool isRunning() const { return m_engine != nullptr && m_ready; }
    // Only to be used on the engine's thread (through invokeMethod on context()).
    engine::Engine *engine() const { return m_engine; }
    QObject *context() const { return m_engine; }

Q_SIGNALS:
    void started(bool ok, const QString &error);

private:
    QThread *m_thread = nullptr;
    engine::Engine *m_engine = nullptr;
    bool m_ready = false;
};

} // namespace squall::client
