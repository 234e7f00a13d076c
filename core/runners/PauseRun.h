#pragma once

#include "runners/ActionRun.h"

class QTimer;

namespace squall::runners {

// core.pause (pause.py) without Python: a timer of max_pause seconds, or a
// random whole number of seconds in 1..max_pause when `random` is set.
class PauseRun final : public ActionRun
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PauseRun)
public:
    PauseRun(const RunRequest &request, QObject *parent);
    ~PauseRun() override;

    void start() override;
    void cancel() override;

private:
    RunResult resultFor(const QString &status, const Value &result, const QString &error = {}) const;

    QTimer *m_timer = nullptr;
    QTimer *m_timeoutTimer = nullptr;
    Value m_delay;
    Value m_timeout;
};

} // namespace squall::runners
