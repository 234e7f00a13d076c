#include "runners/ActionRun.h"

#include <QMetaObject>

namespace squall::runners {

ActionRun::ActionRun(const RunRequest &request, QObject *parent)
    : QObject(parent), m_request(request)
{
    static const int registered = qRegisterMetaType<RunResult>();
    Q_UNUSED(registered);
}

ActionRun::~ActionRun() = default;

void ActionRun::finish(const RunResult &result)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(result);
}

void ActionRun::finishLater(const RunResult &result)
{
    if (m_finished || m_finishQueued)
        return;
    m_finishQueued = true;
    QMetaObject::invokeMethod(this, [this, result] { finish(result); }, Qt::QueuedConnection);
}

void ActionRun::emitStartedLater()
{
    QMetaObject::invokeMethod(this, [this] {
        if (!m_finished)
            Q_EMIT started();
    }, Qt::QueuedConnection);
}

Value ActionRun::parameter(QStringView name) const
{
    if (const Value *v = m_request.actionParameters.toDict().find(name))
        return *v;
    if (const Value *v = m_request.runnerParameters.toDict().find(name))
        return *v;
    return {};
}

} // namespace squall::runners
