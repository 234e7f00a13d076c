#pragma once

#include "runners/ProcessRun.h"

namespace squall::runners {

// python-script actions other than the core ones Squall implements natively:
// runs python3 on Squall's own action wrapper (a Qt resource extracted to a
// temporary file), following StackStorm's python action protocol.
class PythonRun final : public ProcessRun
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PythonRun)
public:
    PythonRun(const RunRequest &request, QObject *parent);
    ~PythonRun() override;

    void start() override;

    static constexpr double kDefaultTimeout = 600;
    static QString pythonExecutable();   // "" when python3 is not on PATH
    static QString wrapperPath();        // extracted once per process; "" on failure

protected:
    RunResult makeResult(const ProcessOutcome &outcome) override;

private:
    Value m_timeout;
};

} // namespace squall::runners
