#include "runners/PauseRun.h"

#include "base/Python.h"
#include "runners/ProcessRun.h"
#include "runners/PythonRun.h"

#include <QRandomGenerator>
#include <QTimer>

namespace squall::runners {

PauseRun::PauseRun(const RunRequest &request, QObject *parent)
    : ActionRun(request, parent)
{
}

PauseRun::~PauseRun() = default;

RunResult PauseRun::resultFor(const QString &status, const Value &result, const QString &error) const
{
    ValueDict d {
        {QStringLiteral("result"), result},
        {QStringLiteral("stdout"), QString()},
        {QStringLiteral("stderr"), status == u"failed" ? error : QString()},
        {QStringLiteral("exit_code"), status == u"succeeded" ? 0 : (status == u"timeout" ? -9 : 1)},
    };
    if (status == u"timeout")
        d.insert(QStringLiteral("error"), error);
    return {status, Value(std::move(d))};
}

void PauseRun::start()
{
    const Value maxPause = parameter(u"max_pause");
    double seconds = 0;
    if (maxPause.isInt() || maxPause.isDouble()) {
        seconds = maxPause.toDouble();
    } else if (!(maxPause.isString() && py::parseFloat(maxPause.toString(), &seconds))) {
        finishLater(resultFor(QStringLiteral("failed"), QStringLiteral("None"),
                              QStringLiteral("core.pause needs a numeric max_pause, got %1")
                                  .arg(py::repr(maxPause))));
        return;
    }
    m_delay = maxPause;
    if (py::truthy(parameter(u"random"))) {
        const qint64 max = qint64(seconds);
        if (max < 1) {
            finishLater(resultFor(QStringLiteral("failed"), QStringLiteral("None"),
                                  QStringLiteral("ValueError: empty range for randrange() (1, %1)")
                                      .arg(max + 1)));
            return;
        }
        const qint64 delay = QRandomGenerator::global()->bounded(qint64(1), max + 1);
        m_delay = Value(delay);
        seconds = double(delay);
    }
    if (seconds < 0) {
        finishLater(resultFor(QStringLiteral("failed"), QStringLiteral("None"),
                              QStringLiteral("ValueError: sleep length must be non-negative")));
        return;
    }

    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_timeoutTimer)
            m_timeoutTimer->stop();
        finish(resultFor(QStringLiteral("succeeded"), m_delay));
    });
    m_timer->start(qint64(seconds * 1000.0));

    m_timeout = request().runnerParameters[u"timeout"];
    if (m_timeout.isNull())
        m_timeout = Value(qint64(PythonRun::kDefaultTimeout));
    const double limit = ProcessRun::timeoutSeconds(m_timeout, PythonRun::kDefaultTimeout);
    if (limit > 0 && limit < seconds) {
        m_timeoutTimer = new QTimer(this);
        m_timeoutTimer->setSingleShot(true);
        connect(m_timeoutTimer, &QTimer::timeout, this, [this] {
            m_timer->stop();
            finish(resultFor(QStringLiteral("timeout"), QStringLiteral("None"),
                             QStringLiteral("Action failed to complete in %1 seconds").arg(py::str(m_timeout))));
        });
        m_timeoutTimer->start(qint64(limit * 1000.0));
    }
    emitStartedLater();
}

void PauseRun::cancel()
{
    if (isFinished())
        return;
    if (m_timer)
        m_timer->stop();
    if (m_timeoutTimer)
        m_timeoutTimer->stop();
    finishLater(resultFor(QStringLiteral("canceled"), QStringLiteral("None")));
}

} // namespace squall::runners
