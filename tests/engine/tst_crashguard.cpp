// CrashGuard's markers: the fatal-signal handler names the execution being
// conducted (also after a stack overflow), marks nest, and the resuming
// marker survives a death no handler sees. Each crash happens in a forked child.
#include "engine/CrashGuard.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using squall::engine::CrashGuard;

namespace {

// Runs `body` in a child process and returns the signal it died of (0: none).
template<typename F>
int deathSignal(F body)
{
    const pid_t pid = ::fork();
    if (pid == 0) {
        body();
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

volatile int g_bottom = -1;  // never reached: the stack runs out first

int recurse(int depth)
{
    volatile char pad[512];
    pad[0] = char(depth);
    if (depth == g_bottom)
        return pad[0];
    return recurse(depth + 1) + pad[0];
}

} // namespace

class TestCrashGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void handlerNamesTheExecution()
    {
        QTemporaryDir dir;
        QCOMPARE(deathSignal([&] {
                     CrashGuard guard(dir.path());
                     const CrashGuard::Conducting mark(&guard, QStringLiteral("6b10aa01"));
                     ::raise(SIGSEGV);
                 }),
                 SIGSEGV);
        CrashGuard after(dir.path());
        QVERIFY(after.isQuarantined(QStringLiteral("6b10aa01")));
        after.release(QStringLiteral("6b10aa01"));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("workflow-crashed"))));
        QVERIFY(!CrashGuard(dir.path()).isQuarantined(QStringLiteral("6b10aa01")));
    }

    void marksNestAndEnd()
    {
        QTemporaryDir dir;
        QCOMPARE(deathSignal([&] {
                     CrashGuard guard(dir.path());
                     const CrashGuard::Conducting outer(&guard, QStringLiteral("outer"));
                     {
                         const CrashGuard::Conducting inner(&guard, QStringLiteral("inner"));
                     }
                     ::abort();
                 }),
                 SIGABRT);
        CrashGuard after(dir.path());
        QCOMPARE(after.quarantined(), QSet<QString>{QStringLiteral("outer")});
        // Nothing conducted: a crash names nobody.
        QTemporaryDir idle;
        QCOMPARE(deathSignal([&] {
                     CrashGuard guard(idle.path());
                     { const CrashGuard::Conducting done(&guard, QStringLiteral("done")); }
                     ::raise(SIGFPE);
                 }),
                 SIGFPE);
        QVERIFY(CrashGuard(idle.path()).quarantined().isEmpty());
    }

    // The handler runs on its own stack, so even the overflow that once took
    // the daemon down is named.
    void stackOverflowIsNamed()
    {
        QTemporaryDir dir;
        QCOMPARE(deathSignal([&] {
                     CrashGuard guard(dir.path());
                     const CrashGuard::Conducting mark(&guard, QStringLiteral("deep"));
                     recurse(0);
                 }),
                 SIGSEGV);
        QVERIFY(CrashGuard(dir.path()).isQuarantined(QStringLiteral("deep")));
    }

    void resumingMarker()
    {
        QTemporaryDir dir;
        QCOMPARE(deathSignal([&] {
                     CrashGuard guard(dir.path());
                     guard.beginResume(QStringLiteral("resumed"));
                     ::raise(SIGKILL);
                 }),
                 SIGKILL);
        CrashGuard after(dir.path());
        QVERIFY(after.isQuarantined(QStringLiteral("resumed")));
        // Another resume keeps naming it until it is recorded failed.
        after.beginResume(QStringLiteral("next"));
        after.endResume();
        QVERIFY(CrashGuard(dir.path()).isQuarantined(QStringLiteral("resumed")));
        after.release(QStringLiteral("resumed"));
        after.beginResume(QStringLiteral("next"));
        after.endResume();
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("workflow-resuming"))));
    }
};

QTEST_GUILESS_MAIN(TestCrashGuard)
#include "tst_crashguard.moc"
