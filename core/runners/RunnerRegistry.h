#pragma once

#include "base/Value.h"

#include <QStringList>

#include <functional>

class QObject;

namespace squall::runners {

class ActionRun;
struct RunRequest;

// Creates the ActionRun for a request according to its runner type.
class RunnerRegistry
{
public:
    // Called by core.inject_trigger: (trigger ref, payload, trace tag).
    using InjectTrigger = std::function<void(const QString &trigger, const Value &payload, const QString &traceTag)>;

    // Runs that live outside this module (the engine's workflow runners).
    using Factory = std::function<ActionRun *(const RunRequest &request, QObject *parent)>;

    explicit RunnerRegistry(InjectTrigger injectTrigger = {});
    void addFactory(const QString &runnerType, Factory factory);

    bool supports(const QString &runnerType) const;
    // nullptr if the runner type is not supported.
    ActionRun *create(const RunRequest &request, QObject *parent) const;

    static QStringList runnerTypes();

private:
    InjectTrigger m_injectTrigger;
    QList<std::pair<QString, Factory>> m_factories;
};

} // namespace squall::runners
