#include "runners/PythonRun.h"

#include "base/Json.h"
#include "base/Python.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QStandardPaths>
#include <QStringBuilder>
#include <QTemporaryDir>

#include <memory>

namespace squall::runners {

namespace {

constexpr int kInvalidStatusExitCode = 220;

} // namespace

PythonRun::PythonRun(const RunRequest &request, QObject *parent)
    : ProcessRun(request, parent)
{
}

PythonRun::~PythonRun() = default;

QString PythonRun::pythonExecutable()
{
    return QStandardPaths::findExecutable(QStringLiteral("python3"));
}

QString PythonRun::wrapperPath()
{
    static QMutex mutex;
    static std::unique_ptr<QTemporaryDir> dir;
    static QString path;
    QMutexLocker lock(&mutex);
    if (!path.isEmpty() && QFileInfo::exists(path))
        return path;
    dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/squall-python-XXXXXX"));
    if (!dir->isValid())
        return {};
    QFile resource(QStringLiteral(":/squall/runners/python_action_wrapper.py"));
    QFile out(dir->filePath(QStringLiteral("python_action_wrapper.py")));
    if (!resource.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
        return {};
    out.write(resource.readAll());
    out.close();
    path = out.fileName();
    return path;
}

void PythonRun::start()
{
    const RunRequest &req = request();
    const Value &rp = req.runnerParameters;
    m_timeout = rp[u"timeout"];
    if (m_timeout.isNull())
        m_timeout = Value(qint64(kDefaultTimeout));

    auto fail = [this](const QString &error) {
        finishLater({QStringLiteral("failed"),
                     makeDict({{QStringLiteral("result"), QStringLiteral("None")},
                               {QStringLiteral("stdout"), QString()},
                               {QStringLiteral("stderr"), QString()},
                               {QStringLiteral("exit_code"), -1},
                               {QStringLiteral("error"), error}})});
    };

    const QString python = pythonExecutable();
    if (python.isEmpty()) {
        fail(QStringLiteral("Action %1 is a python-script action, but python3 is not on PATH; "
                            "Squall runs only core.pause, core.uuid and core.inject_trigger "
                            "without Python")
                 .arg(req.actionRef));
        return;
    }
    if (req.entryPoint.isEmpty() || !QFileInfo::exists(req.entryPoint)) {
        fail(QStringLiteral("Entry point \"%1\" of action %2 does not exist")
                 .arg(req.entryPoint, req.actionRef));
        return;
    }
    const QString wrapper = wrapperPath();
    if (wrapper.isEmpty()) {
        fail(QStringLiteral("Could not write the python action wrapper to %1").arg(QDir::tempPath()));
        return;
    }

    Launch l;
    l.program = python;
    l.arguments << QStringLiteral("-u") << wrapper << (u"--pack=" % req.packName)
                << (u"--file-path=" % req.entryPoint) << (u"--user=" % req.user);
    const Value logLevel = rp[u"log_level"];
    if (logLevel.isString())
        l.arguments << (u"--log-level=" % logLevel.toString());

    // Parameters always travel on stdin: no argv size limit, and secrets do
    // not show up in `ps`.
    const Value payload = makeDict({{QStringLiteral("parameters"),
                                     req.actionParameters.isDict() ? req.actionParameters : Value(ValueDict())},
                                    {QStringLiteral("config"),
                                     req.packConfig.isDict() ? req.packConfig : Value(ValueDict())}});
    l.stdinData = json::serialize(payload) + '\n';

    Value env = rp[u"env"];
    // As in st2, a user-supplied PYTHONPATH is ignored: the pack decides it.
    if (env.isDict())
        env.dictRef().remove(u"PYTHONPATH");
    l.environment = actionEnvironment(req, env, py::truthy(rp[u"debug"]));
    l.environment.insert(QStringLiteral("ST2_API_URL"), req.apiUrl);
    if (!req.authToken.isEmpty())
        l.environment.insert(QStringLiteral("ST2_AUTH_TOKEN"), req.authToken);
    QStringList pythonPath;
    if (!req.packPath.isEmpty())
        pythonPath << (req.packPath % u"/actions/lib");
    pythonPath << QFileInfo(req.entryPoint).absolutePath();
    l.environment.insert(QStringLiteral("PYTHONPATH"), pythonPath.join(u':'));
    l.environment.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    l.workingDirectory = QFileInfo(req.entryPoint).absolutePath();
    l.timeoutSeconds = timeoutSeconds(m_timeout, kDefaultTimeout);
    launch(l);
}

RunResult PythonRun::makeResult(const ProcessOutcome &outcome)
{
    if (outcome.returnCode == kInvalidStatusExitCode && !outcome.timedOut && !outcome.canceled) {
        return {QStringLiteral("failed"),
                makeDict({{QStringLiteral("error"), outcome.stderrText},
                          {QStringLiteral("traceback"), QString()}})};
    }

    QString stdoutText = outcome.stdoutText;
    Value result = QStringLiteral("None");
    Value actionStatus;
    const QStringList pieces = stdoutText.split(resultDelimiter());
    if (pieces.size() == 3) {
        stdoutText = pieces.at(0) + pieces.at(2);
        const QString block = pieces.at(1).trimmed();
        json::ParseError error;
        const Value parsed = json::parse(QStringView(block), &error);
        if (error.ok() && parsed.isDict()) {
            result = parsed[u"result"];
            actionStatus = parsed[u"status"];
        } else if (!block.isEmpty()) {
            result = block;
        }
    } else if (pieces.size() > 3) {
        return {QStringLiteral("failed"),
                makeDict({{QStringLiteral("error"),
                           QStringLiteral("The result length should be 3, was %1.").arg(pieces.size())},
                          {QStringLiteral("traceback"), QString()}})};
    }

    ValueDict d {
        {QStringLiteral("stdout"), stdoutText},
        {QStringLiteral("stderr"), outcome.stderrText},
        {QStringLiteral("exit_code"), outcome.returnCode},
        {QStringLiteral("result"), result},
    };
    QString error;
    if (!outcome.startError.isEmpty())
        error = QStringLiteral("Failed to start python3: %1").arg(outcome.startError);
    if (outcome.timedOut)
        error = QStringLiteral("Action failed to complete in %1 seconds").arg(py::str(m_timeout));
    if (!error.isEmpty())
        d.insert(QStringLiteral("error"), error);

    QString status;
    if (outcome.canceled)
        status = QStringLiteral("canceled");
    else if (outcome.timedOut)
        status = QStringLiteral("timeout");
    else if (outcome.returnCode == 0 && (actionStatus.isNull() || (actionStatus.isBool() && actionStatus.toBool())))
        status = QStringLiteral("succeeded");
    else
        status = QStringLiteral("failed");
    return {status, Value(std::move(d))};
}

} // namespace squall::runners
