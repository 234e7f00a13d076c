#include "engine/CrashGuard.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace squall::engine {

namespace {

// What the signal handler reads: the marker file of the engine conducting
// on this thread and the execution id. Plain static TLS storage, so the
// handler touches no allocator and no lock.
thread_local const char *t_path = nullptr;
thread_local char t_id[64] = {};

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

void onFatalSignal(int sig)
{
    if (t_path && t_id[0]) {
        const int fd = ::open(t_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd >= 0) {
            const size_t n = ::strnlen(t_id, sizeof t_id);
            ssize_t w = ::write(fd, t_id, n);
            w = ::write(fd, "\n", 1);
            (void)w;
            ::fsync(fd);
            ::close(fd);
        }
    }
    // SA_RESETHAND restored the default action: the process dies of `sig`.
    ::raise(sig);
}

void installHandlers()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    // A stack overflow leaves no stack for the handler: give it its own, unless
    // this thread has one already (a sanitizer runtime owns it and frees it when
    // the thread ends; replacing it would make that fail).
    static char altStack[64 * 1024];
    stack_t current{};
    if (::sigaltstack(nullptr, &current) != 0 || (current.ss_flags & SS_DISABLE)) {
        stack_t ss{};
        ss.ss_sp = altStack;
        ss.ss_size = sizeof altStack;
        ::sigaltstack(&ss, nullptr);
    }
    struct sigaction sa{};
    sa.sa_handler = onFatalSignal;
    sa.sa_flags = SA_RESETHAND | SA_ONSTACK;
    ::sigemptyset(&sa.sa_mask);
    for (const int sig : kSignals)
        ::sigaction(sig, &sa, nullptr);
}

QSet<QString> idsIn(const QString &path)
{
    QSet<QString> ids;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return ids;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            ids.insert(QString::fromUtf8(line.trimmed()));
    return ids;
}

struct FaultPlan
{
    QString conductTask;
    bool resume = false;
};

const FaultPlan &faultPlan()
{
    static const FaultPlan plan = [] {
        FaultPlan p;
        const QString spec = qEnvironmentVariable("SQUALL_FAULT_INJECT");
        if (spec.startsWith(u"conduct:"))
            p.conductTask = spec.mid(8);
        else if (spec == u"resume")
            p.resume = true;
        return p;
    }();
    return plan;
}

} // namespace

CrashGuard::CrashGuard(const QString &dataDir)
    : m_resumingFile(QDir(dataDir).filePath(QStringLiteral("workflow-resuming"))),
      m_crashedFile(QFile::encodeName(QDir(dataDir).filePath(QStringLiteral("workflow-crashed"))))
{
    installHandlers();
    // The hosts say so in the log as they record each one failed.
    m_quarantined = idsIn(m_resumingFile) + idsIn(QString::fromLocal8Bit(m_crashedFile));
}

CrashGuard::~CrashGuard() = default;

void CrashGuard::release(const QString &executionId)
{
    if (!m_quarantined.remove(executionId) || !m_quarantined.isEmpty())
        return;
    QFile::remove(m_resumingFile);
    QFile::remove(QString::fromLocal8Bit(m_crashedFile));
}

void CrashGuard::writeResuming(const QString &current)
{
    // Quarantined executions stay named until they are recorded failed.
    QStringList ids(m_quarantined.cbegin(), m_quarantined.cend());
    if (!current.isEmpty())
        ids.append(current);
    if (ids.isEmpty()) {
        QFile::remove(m_resumingFile);
        return;
    }
    QSaveFile f(m_resumingFile);
    if (f.open(QIODevice::WriteOnly)) {
        f.write(ids.join(u'\n').toUtf8() + '\n');
        f.commit();  // QSaveFile fsyncs before the rename
    }
}

void CrashGuard::beginResume(const QString &executionId) { writeResuming(executionId); }

void CrashGuard::endResume() { writeResuming({}); }

CrashGuard::Conducting::Conducting(const CrashGuard *guard, const QString &executionId) : m_previousPath(t_path)
{
    std::memcpy(m_previousId, t_id, sizeof t_id);
    const QByteArray id = executionId.toLatin1();
    const size_t n = std::min(sizeof t_id - 1, size_t(id.size()));
    std::memcpy(t_id, id.constData(), n);
    t_id[n] = 0;
    t_path = guard ? guard->m_crashedFile.constData() : nullptr;
}

CrashGuard::Conducting::~Conducting()
{
    t_path = m_previousPath;
    std::memcpy(t_id, m_previousId, sizeof t_id);
}

void CrashGuard::injectConductFault(const QString &taskName)
{
    const FaultPlan &p = faultPlan();
    if (!p.conductTask.isEmpty() && p.conductTask == taskName)
        ::raise(SIGSEGV);
}

void CrashGuard::injectResumeFault()
{
    if (faultPlan().resume)
        ::raise(SIGKILL);
}

} // namespace squall::engine
