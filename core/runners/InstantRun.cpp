#include "runners/InstantRun.h"

namespace squall::runners {

InstantRun::InstantRun(const RunRequest &request, Producer producer, QObject *parent)
    : ActionRun(request, parent), m_producer(std::move(producer))
{
}

InstantRun::~InstantRun() = default;

void InstantRun::start()
{
    if (m_started || isFinished())
        return;
    m_started = true;
    emitStartedLater();
    finishLater(m_producer(request()));
}

void InstantRun::cancel()
{
    // Once started the result is already on its way; nothing is left to stop.
    if (!m_started)
        finishLater({QStringLiteral("canceled"), Value()});
}

} // namespace squall::runners
