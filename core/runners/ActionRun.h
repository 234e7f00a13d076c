#pragma once

#include "runners/RunRequest.h"

#include <QObject>

namespace squall::runners {

// One running action. Subclasses implement start() and cancel() without ever
// blocking the event loop; finished() is emitted exactly once, and never from
// inside start() itself so callers can connect after calling start().
class ActionRun : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionRun)
public:
    ActionRun(const RunRequest &request, QObject *parent);
    ~ActionRun() override;

    virtual void start() = 0;
    virtual void cancel() = 0;
    // Workflows can pause and resume; plain actions cannot (false = refused).
    virtual bool pause() { return false; }
    virtual bool resume() { return false; }

    qint64 pid() const { return m_pid; }
    bool isFinished() const { return m_finished; }
    const RunRequest &request() const { return m_request; }

Q_SIGNALS:
    void started();
    void output(const QString &stream, const QString &data);
    // A live status other than running (pausing, paused, resuming, canceling):
    // workflows report the state their conductor is in.
    void statusChanged(const QString &status);
    void finished(const squall::runners::RunResult &result);

protected:
    // Emits finished() unless it already was; later calls are ignored.
    void finish(const RunResult &result);
    // The same from the next event-loop iteration (for synchronous outcomes).
    void finishLater(const RunResult &result);
    void emitStartedLater();
    void setPid(qint64 pid) { m_pid = pid; }

    // A runner or action parameter by name (action parameters win), or null.
    Value parameter(QStringView name) const;

private:
    RunRequest m_request;
    qint64 m_pid = 0;
    bool m_finished = false;
    bool m_finishQueued = false;
};

} // namespace squall::runners
