#pragma once

#include "runners/ActionRun.h"

#include <functional>

namespace squall::runners {

// A run that needs no process and no waiting (noop, echo, core.uuid,
// core.inject_trigger): the result is computed in start() and delivered on
// the next event-loop iteration.
class InstantRun final : public ActionRun
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstantRun)
public:
    using Producer = std::function<RunResult(const RunRequest &)>;
    InstantRun(const RunRequest &request, Producer producer, QObject *parent);
    ~InstantRun() override;

    void start() override;
    void cancel() override;

private:
    Producer m_producer;
    bool m_started = false;
};

} // namespace squall::runners
