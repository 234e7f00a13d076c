// toApi() of the small definition structs: StackStorm's REST shapes.
#include "model/ActionDef.h"
#include "model/PackDef.h"
#include "model/RunnerType.h"
#include "model/SensorDef.h"
#include "model/TriggerTypeDef.h"

namespace squall::model {

namespace {

Value listOf(const QStringList &l)
{
    ValueList out;
    out.reserve(l.size());
    for (const QString &s : l)
        out.append(Value(s));
    return Value(std::move(out));
}

Value orEmptyDict(const Value &v)
{
    return v.isDict() ? v : Value(ValueDict());
}

Value orEmptyList(const Value &v)
{
    return v.isList() ? v : Value(ValueList());
}

Value idOrNull(const QString &id)
{
    return id.isEmpty() ? Value() : Value(id);
}

} // namespace

bool RunnerType::isRunnerParameter(QStringView param) const
{
    return runnerParameters.isDict() && runnerParameters.toDict().contains(param);
}

Value RunnerType::toApi() const
{
    ValueDict d;
    d.insert(QStringLiteral("id"), idOrNull(id));
    d.insert(QStringLiteral("uid"), uid());
    d.insert(QStringLiteral("name"), name);
    d.insert(QStringLiteral("description"), description);
    d.insert(QStringLiteral("enabled"), enabled);
    d.insert(QStringLiteral("runner_package"), runnerModule);
    d.insert(QStringLiteral("runner_module"), runnerModule);
    d.insert(QStringLiteral("runner_parameters"), orEmptyDict(runnerParameters));
    if (!outputKey.isEmpty())
        d.insert(QStringLiteral("output_key"), outputKey);
    d.insert(QStringLiteral("output_schema"), orEmptyDict(outputSchema));
    return Value(std::move(d));
}

Value ActionDef::toApi() const
{
    ValueDict d;
    d.insert(QStringLiteral("tags"), orEmptyList(tags));
    d.insert(QStringLiteral("uid"), uid());
    d.insert(QStringLiteral("metadata_file"), metadataFile);
    d.insert(QStringLiteral("name"), name);
    d.insert(QStringLiteral("ref"), ref());
    d.insert(QStringLiteral("description"), description);
    d.insert(QStringLiteral("enabled"), enabled);
    d.insert(QStringLiteral("entry_point"), entryPoint);
    d.insert(QStringLiteral("pack"), pack);
    d.insert(QStringLiteral("runner_type"), runnerType);
    d.insert(QStringLiteral("parameters"), orEmptyDict(parameters));
    d.insert(QStringLiteral("output_schema"), orEmptyDict(outputSchema));
    d.insert(QStringLiteral("notify"), orEmptyDict(notify));
    d.insert(QStringLiteral("id"), idOrNull(id));
    return Value(std::move(d));
}

bool TriggerTypeDef::hasParameters() const
{
    return parametersSchema.isDict() && !parametersSchema.toDict().isEmpty();
}

Value TriggerTypeDef::toApi() const
{
    ValueDict d;
    d.insert(QStringLiteral("id"), idOrNull(id));
    d.insert(QStringLiteral("uid"), uid());
    d.insert(QStringLiteral("ref"), ref());
    d.insert(QStringLiteral("pack"), pack);
    d.insert(QStringLiteral("name"), name);
    d.insert(QStringLiteral("description"), description);
    d.insert(QStringLiteral("payload_schema"), orEmptyDict(payloadSchema));
    d.insert(QStringLiteral("parameters_schema"), orEmptyDict(parametersSchema));
    d.insert(QStringLiteral("tags"), orEmptyList(tags));
    d.insert(QStringLiteral("metadata_file"), metadataFile);
    return Value(std::move(d));
}

Value SensorDef::toApi() const
{
    ValueList triggers;
    for (const TriggerTypeDef &t : triggerTypes)
        triggers.append(Value(t.ref()));
    ValueDict d;
    d.insert(QStringLiteral("id"), idOrNull(id));
    d.insert(QStringLiteral("uid"), uid());
    d.insert(QStringLiteral("ref"), ref());
    d.insert(QStringLiteral("pack"), pack);
    d.insert(QStringLiteral("name"), className);
    d.insert(QStringLiteral("class_name"), className);
    d.insert(QStringLiteral("entry_point"), entryPoint);
    d.insert(QStringLiteral("artifact_uri"),
             entryPointPath.isEmpty() ? QString() : QStringLiteral("file://") + entryPointPath);
    d.insert(QStringLiteral("description"), description);
    d.insert(QStringLiteral("enabled"), enabled);
    d.insert(QStringLiteral("poll_interval"), pollInterval);
    d.insert(QStringLiteral("trigger_types"), Value(std::move(triggers)));
    d.insert(QStringLiteral("metadata_file"), metadataFile);
    return Value(std::move(d));
}

Value PackDef::toApi() const
{
    ValueDict d;
    d.insert(QStringLiteral("id"), idOrNull(id));
    d.insert(QStringLiteral("uid"), uid());
    d.insert(QStringLiteral("ref"), ref);
    d.insert(QStringLiteral("name"), name);
    d.insert(QStringLiteral("description"), description);
    d.insert(QStringLiteral("version"), version);
    d.insert(QStringLiteral("author"), author);
    if (!email.isEmpty())
        d.insert(QStringLiteral("email"), email);
    d.insert(QStringLiteral("keywords"), listOf(keywords));
    d.insert(QStringLiteral("contributors"), listOf(contributors));
    d.insert(QStringLiteral("dependencies"), listOf(dependencies));
    if (!stackstormVersion.isEmpty())
        d.insert(QStringLiteral("stackstorm_version"), stackstormVersion);
    d.insert(QStringLiteral("python_versions"), listOf(pythonVersions));
    if (!system.isNull())
        d.insert(QStringLiteral("system"), system);
    d.insert(QStringLiteral("files"), orEmptyList(files));
    d.insert(QStringLiteral("path"), path);
    for (const auto &[k, v] : extra.toDict())
        if (!d.contains(k))
            d.insert(k, v);
    return Value(std::move(d));
}

} // namespace squall::model
