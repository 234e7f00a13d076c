#include "runners/ProcessRun.h"

#include "base/Python.h"

#include <QProcess>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace squall::runners {

namespace {

const QProcessEnvironment &systemEnvironment()
{
    // Read once: the environment of the daemon does not change while it runs,
    // and copying a QProcessEnvironment is copy-on-write.
    static const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    return env;
}

} // namespace

const QString &ProcessRun::resultDelimiter()
{
    static const QString delimiter = QStringLiteral("%%%%%~=~=~=************=~=~=~%%%%");
    return delimiter;
}

void ProcessRun::emitOutput(int channel, const char *data, qsizetype size)
{
    static const QByteArray delimiter = resultDelimiter().toUtf8();
    const QByteArrayView bytes(data, size);
    if (bytes.contains(delimiter))
        return;
    Q_EMIT output(channel == 0 ? QStringLiteral("stdout") : QStringLiteral("stderr"), QString::fromUtf8(bytes));
}

ProcessRun::ProcessRun(const RunRequest &request, QObject *parent)
    : ActionRun(request, parent)
{
}

ProcessRun::~ProcessRun()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        // Half-destroyed: no slot of ours may run while the child is reaped.
        m_process->disconnect(this);
        killGroup(SIGKILL);
        m_process->waitForFinished(1000);
    }
}

QProcessEnvironment ProcessRun::actionEnvironment(const RunRequest &request, const Value &userEnv,
                                                  bool debug)
{
    QProcessEnvironment env = systemEnvironment();
    for (const auto &[key, value] : userEnv.toDict())
        env.insert(key, value.isString() ? value.toString() : py::str(value));
    env.insert(QStringLiteral("ST2_ACTION_PACK_NAME"), request.packName);
    env.insert(QStringLiteral("ST2_ACTION_EXECUTION_ID"), request.executionId);
    env.insert(QStringLiteral("ST2_ACTION_API_URL"), request.apiUrl);
    if (!request.authToken.isEmpty())
        env.insert(QStringLiteral("ST2_ACTION_AUTH_TOKEN"), request.authToken);
    if (debug)
        env.insert(QStringLiteral("ST2_ACTION_DEBUG"), QStringLiteral("1"));
    return env;
}

double ProcessRun::timeoutSeconds(const Value &timeout, double fallback)
{
    if (timeout.isInt() || timeout.isDouble())
        return timeout.toDouble();
    if (timeout.isString()) {
        double d = 0;
        if (py::parseFloat(timeout.toString(), &d))
            return d;
    }
    return fallback;
}

void ProcessRun::launch(const Launch &launch)
{
    m_launched = true;
    m_process = new QProcess(this);
    m_process->setProgram(launch.program);
    m_process->setArguments(launch.arguments);
    m_process->setProcessEnvironment(launch.environment);
    if (!launch.workingDirectory.isEmpty())
        m_process->setWorkingDirectory(launch.workingDirectory);
    if (launch.stdinData.isEmpty())
        m_process->setStandardInputFile(QProcess::nullDevice());
    // A session of its own makes the child a process-group leader, so a kill
    // of the group also reaches everything it spawned.
    m_process->setChildProcessModifier([] { ::setsid(); });

    m_stdinData = launch.stdinData;
    connect(m_process, &QProcess::started, this, &ProcessRun::onStarted);
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] { readChannel(0); });
    connect(m_process, &QProcess::readyReadStandardError, this, [this] { readChannel(1); });
    connect(m_process, &QProcess::finished, this,
            [this](int code, QProcess::ExitStatus status) { onFinished(code, int(status)); });
    connect(m_process, &QProcess::errorOccurred, this,
            [this](QProcess::ProcessError error) { onError(int(error)); });

    if (launch.timeoutSeconds > 0) {
        m_timeoutTimer = new QTimer(this);
        m_timeoutTimer->setSingleShot(true);
        m_timeoutTimer->setTimerType(Qt::PreciseTimer);
        connect(m_timeoutTimer, &QTimer::timeout, this, [this] {
            if (m_done)
                return;
            m_outcome.timedOut = true;
            killGroup(SIGKILL);
        });
        m_timeoutTimer->start(qint64(launch.timeoutSeconds * 1000.0));
    }

    m_inStart = true;
    m_process->start();
    m_inStart = false;
}

void ProcessRun::onStarted()
{
    setPid(m_process->processId());
    if (!m_stdinData.isEmpty()) {
        m_process->write(m_stdinData);
        m_process->closeWriteChannel();
        m_stdinData.clear();
    }
    if (m_outcome.canceled)
        killGroup(SIGTERM);
    // QProcess may report the start from inside start(), before the caller
    // had a chance to see start() return.
    if (m_inStart)
        emitStartedLater();
    else
        Q_EMIT started();
}

void ProcessRun::cancel()
{
    if (m_done || isFinished())
        return;
    if (!m_launched) {
        m_done = true;
        m_outcome.canceled = true;
        m_outcome.returnCode = -SIGTERM;
        finishLater(makeResult(m_outcome));
        return;
    }
    if (m_outcome.canceled)
        return;
    m_outcome.canceled = true;
    killGroup(SIGTERM);
    m_killTimer = new QTimer(this);
    m_killTimer->setSingleShot(true);
    connect(m_killTimer, &QTimer::timeout, this, [this] { killGroup(SIGKILL); });
    m_killTimer->start(kCancelGraceMs);
}

void ProcessRun::killGroup(int signal)
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    const qint64 pid = m_process->processId();
    if (pid <= 0)
        return;
    // The child may not have reached setsid() yet; then the group does not
    // exist and the pid itself is signalled.
    if (::kill(pid_t(-pid), signal) != 0 && errno == ESRCH)
        ::kill(pid_t(pid), signal);
}

void ProcessRun::readChannel(int channel)
{
    m_process->setReadChannel(channel == 0 ? QProcess::StandardOutput : QProcess::StandardError);
    const QByteArray data = m_process->readAll();
    if (data.isEmpty())
        return;
    m_collected[channel].append(data);
    QByteArray &pending = m_pending[channel];
    pending.append(data);
    const qsizetype lastNewline = pending.lastIndexOf('\n');
    if (lastNewline < 0) {
        // A child writing megabytes without a newline still streams, in
        // chunks cut at a UTF-8 character boundary.
        if (pending.size() >= kMaxPendingLine) {
            qsizetype cut = pending.size();
            while (cut > 0 && (uchar(pending.at(cut - 1)) & 0xC0) == 0x80)
                --cut;
            if (cut > 0 && uchar(pending.at(cut - 1)) >= 0xC0)
                --cut;
            if (cut == 0)
                cut = pending.size();
            emitOutput(channel, pending.constData(), cut);
            pending.remove(0, cut);
        }
        return;
    }
    qsizetype start = 0;
    while (start <= lastNewline) {
        const qsizetype end = pending.indexOf('\n', start);
        emitOutput(channel, pending.constData() + start, end - start + 1);
        start = end + 1;
    }
    pending.remove(0, lastNewline + 1);
}

void ProcessRun::flushPartialLines()
{
    for (int channel = 0; channel < 2; ++channel) {
        if (m_pending[channel].isEmpty())
            continue;
        emitOutput(channel, m_pending[channel].constData(), m_pending[channel].size());
        m_pending[channel].clear();
    }
}

void ProcessRun::onFinished(int exitCode, int exitStatus)
{
    if (m_done)
        return;
    readChannel(0);
    readChannel(1);
    flushPartialLines();
    m_outcome.returnCode = exitStatus == QProcess::CrashExit ? -exitCode : exitCode;
    if (m_outcome.timedOut)
        m_outcome.returnCode = -SIGKILL;
    complete();
}

void ProcessRun::onError(int error)
{
    if (m_done || error != QProcess::FailedToStart)
        return;
    m_outcome.startError = m_process->errorString();
    m_outcome.returnCode = -1;
    m_done = true;
    if (m_timeoutTimer)
        m_timeoutTimer->stop();
    // May be reported from inside QProcess::start(), i.e. inside our start().
    finishLater(makeResult(m_outcome));
}

void ProcessRun::complete()
{
    m_done = true;
    if (m_timeoutTimer)
        m_timeoutTimer->stop();
    if (m_killTimer)
        m_killTimer->stop();
    m_outcome.stdoutText = QString::fromUtf8(m_collected[0]);
    m_outcome.stderrText = QString::fromUtf8(m_collected[1]);
    m_collected[0].clear();
    m_collected[1].clear();
    finish(makeResult(m_outcome));
}

} // namespace squall::runners
