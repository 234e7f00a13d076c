#include "runners/RunnerRegistry.h"

#include "runners/CoreActions.h"
#include "runners/HttpRequestRun.h"
#include "runners/InstantRun.h"
#include "runners/LocalShellRun.h"
#include "runners/PauseRun.h"
#include "runners/PythonRun.h"

namespace squall::runners {

RunnerRegistry::RunnerRegistry(InjectTrigger injectTrigger)
    : m_injectTrigger(std::move(injectTrigger))
{
}

QStringList RunnerRegistry::runnerTypes()
{
    return {QStringLiteral("local-shell-cmd"), QStringLiteral("local-shell-script"),
            QStringLiteral("http-request"),    QStringLiteral("python-script"),
            QStringLiteral("noop"),            QStringLiteral("echo"),
            QStringLiteral("inquirer")};
}

void RunnerRegistry::addFactory(const QString &runnerType, Factory factory)
{
    m_factories.append({runnerType, std::move(factory)});
}

bool RunnerRegistry::supports(const QString &runnerType) const
{
    for (const auto &[type, factory] : m_factories)
        if (type == runnerType)
            return true;
    return runnerTypes().contains(runnerType);
}

ActionRun *RunnerRegistry::create(const RunRequest &request, QObject *parent) const
{
    const QString &type = request.runnerType;
    for (const auto &[t, factory] : m_factories)
        if (t == type)
            return factory(request, parent);
    if (type == u"local-shell-cmd")
        return new LocalShellRun(request, false, parent);
    if (type == u"local-shell-script")
        return new LocalShellRun(request, true, parent);
    if (type == u"http-request")
        return new HttpRequestRun(request, parent);
    if (type == u"noop")
        return new InstantRun(request, &core::noop, parent);
    if (type == u"echo")
        return new InstantRun(request, &core::echo, parent);
    if (type == u"inquirer") {
        const InjectTrigger inject = m_injectTrigger;
        return new InstantRun(request, [inject](const RunRequest &r) { return core::inquirer(r, inject); }, parent);
    }
    if (type == u"python-script") {
        const QString native = core::nativePythonAction(request);
        if (native == u"pause")
            return new PauseRun(request, parent);
        if (native == u"uuid")
            return new InstantRun(request, &core::uuid, parent);
        if (native == u"inject_trigger") {
            const InjectTrigger inject = m_injectTrigger;
            return new InstantRun(request, [inject](const RunRequest &r) { return core::injectTrigger(r, inject); },
                                  parent);
        }
        return new PythonRun(request, parent);
    }
    return nullptr;
}

} // namespace squall::runners
