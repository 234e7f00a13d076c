#pragma once

#include "runners/ActionRun.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

class QProcess;
class QTimer;

namespace squall::runners {

// How a child process ended, before any runner-specific interpretation.
struct ProcessOutcome
{
    int returnCode = 0;      // exit code, or -signal when killed by a signal
    QString stdoutText;
    QString stderrText;
    bool timedOut = false;
    bool canceled = false;
    QString startError;      // set when the process could not be started at all
};

// Common machinery for runners that spawn a child: its own process group (so
// kills reach grandchildren), line-buffered output streaming, a timeout that
// SIGKILLs the group, and cancel as SIGTERM then SIGKILL after a grace period.
class ProcessRun : public ActionRun
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProcessRun)
public:
    ProcessRun(const RunRequest &request, QObject *parent);
    ~ProcessRun() override;

    void cancel() override;

    // The process environment plus the user `env` and the ST2_ACTION_* variables.
    static QProcessEnvironment actionEnvironment(const RunRequest &request, const Value &userEnv,
                                                 bool debug);
    // Seconds from a `timeout` parameter; `fallback` when absent or invalid.
    static double timeoutSeconds(const Value &timeout, double fallback);

    static constexpr int kCancelGraceMs = 5000;
    static constexpr qsizetype kMaxPendingLine = 64 * 1024;
    // Marks the python wrapper's result block; lines holding it are never streamed.
    static const QString &resultDelimiter();

protected:
    struct Launch
    {
        QString program;
        QStringList arguments;
        QProcessEnvironment environment;
        QString workingDirectory;
        QByteArray stdinData;
        double timeoutSeconds = 0;   // <= 0: none
    };
    void launch(const Launch &launch);
    // Called once the child has ended (or failed to start); returns what finished() carries.
    virtual RunResult makeResult(const ProcessOutcome &outcome) = 0;

private:
    void onStarted();
    void readChannel(int channel);
    void flushPartialLines();
    void emitOutput(int channel, const char *data, qsizetype size);
    void onFinished(int exitCode, int exitStatus);
    void onError(int error);
    void killGroup(int signal);
    void complete();

    QProcess *m_process = nullptr;
    QTimer *m_timeoutTimer = nullptr;
    QTimer *m_killTimer = nullptr;
    QByteArray m_pending[2];     // partial lines per channel
    QByteArray m_collected[2];   // everything per channel
    ProcessOutcome m_outcome;
    QByteArray m_stdinData;
    bool m_launched = false;
    bool m_inStart = false;
    bool m_done = false;
};

} // namespace squall::runners
