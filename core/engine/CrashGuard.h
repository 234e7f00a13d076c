#pragma once

#include <QByteArray>
#include <QSet>
#include <QString>

namespace squall::engine {

// Keeps a workflow that brings the engine down from doing so again on every
// start (the engine resumes workflows from their journal). Two markers in
// the data dir name the culprit for the next start:
//  - `workflow-resuming`, written durably before a workflow is resumed at
//    start and removed after: covers deaths no handler sees (SIGKILL, a
//    stack overflow without room for a handler);
//  - `workflow-crashed`, appended to by a fatal-signal handler (SIGSEGV,
//    SIGBUS, SIGFPE, SIGILL, SIGABRT) with the execution being conducted,
//    using async-signal-safe calls only, before the signal is re-raised.
// Conducting is a hot path: marking it costs a copy into a static buffer,
// never a write or fsync.
class CrashGuard
{
public:
    // Installs the signal handlers (once per process) and reads the markers a
    // previous run left behind.
    explicit CrashGuard(const QString &dataDir);
    ~CrashGuard();
    CrashGuard(const CrashGuard &) = delete;
    CrashGuard &operator=(const CrashGuard &) = delete;

    // Whether a previous run died conducting or resuming this workflow execution.
    bool isQuarantined(const QString &executionId) const { return m_quarantined.contains(executionId); }
    QSet<QString> quarantined() const { return m_quarantined; }
    // The execution was recorded failed: once none is left, the markers go.
    void release(const QString &executionId);

    // Around resuming one workflow at start.
    void beginResume(const QString &executionId);
    void endResume();

    // Marks `executionId` as being conducted on this thread for as long as
    // it lives (nests: the previous mark comes back).
    class Conducting
    {
    public:
        Conducting(const CrashGuard *guard, const QString &executionId);
        ~Conducting();
        Conducting(const Conducting &) = delete;
        Conducting &operator=(const Conducting &) = delete;

    private:
        const char *m_previousPath;
        char m_previousId[64];
    };

    // Test-only fault injection, read once from SQUALL_FAULT_INJECT:
    // "conduct:<task>" raises SIGSEGV while dispatching that task;
    // "resume" kills the process (SIGKILL) while resuming a workflow.
    static void injectConductFault(const QString &taskName);
    static void injectResumeFault();

private:
    void writeResuming(const QString &current);

    QString m_resumingFile;
    QByteArray m_crashedFile;  // NUL-terminated, for the signal handler
    QSet<QString> m_quarantined;
};

} // namespace squall::engine
