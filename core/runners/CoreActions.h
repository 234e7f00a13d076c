#pragma once

#include "runners/RunRequest.h"
#include "runners/RunnerRegistry.h"

// The results of StackStorm's tiny core actions and runners, computed without
// a process: noop, echo, inquirer, core.uuid (generate_uuid.py) and core.inject_trigger.
namespace squall::runners::core {

// Which native implementation serves a python-script action, if any:
// "pause", "uuid", "inject_trigger" or "".
QString nativePythonAction(const RunRequest &request);

RunResult noop(const RunRequest &request);
RunResult echo(const RunRequest &request);
RunResult uuid(const RunRequest &request);
RunResult injectTrigger(const RunRequest &request, const RunnerRegistry::InjectTrigger &inject);
// The inquirer runner (core.ask): announces the question with trigger
// core.st2.generic.inquiry {id, route} and stays `pending` until answered.
RunResult inquirer(const RunRequest &request, const RunnerRegistry::InjectTrigger &inject);

// A time-based UUID (version 1) with a random node id, as uuid.uuid1() gives
// on a host without a readable MAC address.
QString uuid1();

// The python runner's result shape around a value.
RunResult pythonResult(const QString &status, const Value &result, const QString &stderrText = {});

} // namespace squall::runners::core
