#include "runners/LocalShellRun.h"

#include "base/Python.h"
#include "runners/ShellArguments.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringBuilder>

#include <unistd.h>

namespace squall::runners {

LocalShellRun::LocalShellRun(const RunRequest &request, bool script, QObject *parent)
    : ProcessRun(request, parent), m_script(script)
{
}

LocalShellRun::~LocalShellRun() = default;

QString LocalShellRun::commandLine(const RunRequest &request, bool script)
{
    if (!script)
        return py::str(request.runnerParameters[u"cmd"]);
    const Value kwargOp = request.runnerParameters[u"kwarg_op"];
    const QString args = shell::scriptArguments(
        request.actionParameters, request.parameterSchema,
        kwargOp.isString() ? kwargOp.toString() : QStringLiteral("--"));
    const QString path = shell::quote(request.entryPoint);
    return args.isEmpty() ? path : path % u' ' % args;
}

void LocalShellRun::start()
{
    const RunRequest &req = request();
    const Value &rp = req.runnerParameters;
    m_timeout = rp[u"timeout"];
    if (m_timeout.isNull())
        m_timeout = Value(qint64(kDefaultTimeout));

    auto fail = [this](const QString &error) {
        finishLater({QStringLiteral("failed"),
                     makeDict({{QStringLiteral("failed"), true},
                               {QStringLiteral("succeeded"), false},
                               {QStringLiteral("return_code"), -1},
                               {QStringLiteral("stdout"), QString()},
                               {QStringLiteral("stderr"), QString()},
                               {QStringLiteral("error"), error}})});
    };

    if (m_script) {
        if (req.entryPoint.isEmpty()) {
            fail(QStringLiteral("Action %1 has no entry_point to run").arg(req.actionRef));
            return;
        }
        QFileInfo info(req.entryPoint);
        if (!info.exists()) {
            fail(QStringLiteral("Entry point %1 of action %2 does not exist")
                     .arg(req.entryPoint, req.actionRef));
            return;
        }
        // st2 chmod +x's the script before each run; a read-only pack simply
        // keeps whatever mode it has.
        if (!info.isExecutable()) {
            QFile::setPermissions(req.entryPoint, QFile::permissions(req.entryPoint)
                                      | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther);
        }
    } else if (!rp[u"cmd"].isString() || rp[u"cmd"].toString().isEmpty()) {
        fail(QStringLiteral("Runner parameter \"cmd\" is required by %1").arg(req.runnerType));
        return;
    }

    Launch l;
    const QString command = commandLine(req, m_script);
    const bool sudo = py::truthy(rp[u"sudo"]);
    const Value sudoPassword = rp[u"sudo_password"];
    if (sudo) {
        const QString sudoPath = QStandardPaths::findExecutable(QStringLiteral("sudo"));
        if (!sudoPath.isEmpty()) {
            l.program = sudoPath;
            if (sudoPassword.isString() && !sudoPassword.toString().isEmpty()) {
                l.arguments << QStringLiteral("-S");
                l.stdinData = sudoPassword.toString().toUtf8() + '\n';
                m_sudoPassword = true;
            }
            l.arguments << QStringLiteral("-E") << QStringLiteral("--") << QStringLiteral("bash")
                        << QStringLiteral("-c") << command;
        } else if (::geteuid() == 0) {
            // Already root: sudo would change nothing.
            l.program = QStringLiteral("bash");
            l.arguments << QStringLiteral("-c") << command;
        } else {
            fail(QStringLiteral("Action %1 asks for sudo, but sudo is not installed and Squall "
                                "is not running as root")
                     .arg(req.actionRef));
            return;
        }
    } else {
        l.program = QStringLiteral("/bin/sh");
        l.arguments << QStringLiteral("-c") << command;
    }
    l.environment = actionEnvironment(req, rp[u"env"], py::truthy(rp[u"debug"]));
    const Value cwd = rp[u"cwd"];
    if (cwd.isString())
        l.workingDirectory = cwd.toString();
    l.timeoutSeconds = timeoutSeconds(m_timeout, kDefaultTimeout);
    launch(l);
}

RunResult LocalShellRun::makeResult(const ProcessOutcome &outcome)
{
    int returnCode = outcome.returnCode;
    QString error;
    if (!outcome.startError.isEmpty())
        error = QStringLiteral("Failed to start the command: %1").arg(outcome.startError);
    if (outcome.timedOut)
        error = QStringLiteral("Action failed to complete in %1 seconds").arg(py::str(m_timeout));
    if (m_sudoPassword) {
        static const QRegularExpression attempts(QStringLiteral("sudo: \\d+ incorrect password attempts"));
        static const QRegularExpression who(QStringLiteral("\\[sudo\\] password for (.+?):"));
        if (attempts.match(outcome.stderrText).hasMatch()) {
            const auto m = who.match(outcome.stderrText);
            error = QStringLiteral("Invalid sudo password provided or sudo is not configured for "
                                   "this user (%1)")
                        .arg(m.hasMatch() ? m.captured(1) : QStringLiteral("unknown"));
            returnCode = -1;
        }
    }
    const bool succeeded = returnCode == 0;
    ValueDict result {
        {QStringLiteral("failed"), !succeeded},
        {QStringLiteral("succeeded"), succeeded},
        {QStringLiteral("return_code"), returnCode},
        {QStringLiteral("stdout"), shell::jsonOrString(shell::stripShellChars(outcome.stdoutText))},
        {QStringLiteral("stderr"), shell::jsonOrString(shell::stripShellChars(outcome.stderrText))},
    };
    if (!error.isEmpty())
        result.insert(QStringLiteral("error"), error);

    QString status;
    if (outcome.canceled)
        status = QStringLiteral("canceled");
    else if (outcome.timedOut || returnCode == -9)
        status = QStringLiteral("timeout");
    else if (returnCode == 0)
        status = QStringLiteral("succeeded");
    else if (returnCode == -15)
        status = QStringLiteral("abandoned");
    else
        status = QStringLiteral("failed");
    return {status, Value(std::move(result))};
}

} // namespace squall::runners
