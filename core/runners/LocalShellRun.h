#pragma once

#include "runners/ProcessRun.h"

namespace squall::runners {

// local-shell-cmd and local-shell-script. Like st2 (subprocess with
// shell=True), the command line goes through /bin/sh -c, which is dash on
// Debian; sudo runs the command itself under `bash -c` as st2 does.
class LocalShellRun final : public ProcessRun
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalShellRun)
public:
    LocalShellRun(const RunRequest &request, bool script, QObject *parent);
    ~LocalShellRun() override;

    void start() override;

    static constexpr double kDefaultTimeout = 60;

    // The shell command line the runner would execute (without the sudo wrapper).
    static QString commandLine(const RunRequest &request, bool script);

protected:
    RunResult makeResult(const ProcessOutcome &outcome) override;

private:
    bool m_script;
    bool m_sudoPassword = false;
    Value m_timeout;
};

} // namespace squall::runners
