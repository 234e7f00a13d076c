#include "runners/CoreActions.h"

#include "base/Python.h"

#include <QDateTime>
#include <QFileInfo>
#include <QMutex>
#include <QRandomGenerator>
#include <QUuid>

namespace squall::runners::core {

namespace {

Value param(const RunRequest &request, QStringView name)
{
    if (const Value *v = request.actionParameters.toDict().find(name))
        return *v;
    return request.runnerParameters[name];
}

} // namespace

QString nativePythonAction(const RunRequest &request)
{
    if (request.packName != u"core")
        return {};
    const QString base = QFileInfo(request.entryPoint).fileName();
    if (base == u"pause.py" || (base.isEmpty() && request.actionRef == u"core.pause"))
        return QStringLiteral("pause");
    if (base == u"generate_uuid.py" || (base.isEmpty() && request.actionRef == u"core.uuid"))
        return QStringLiteral("uuid");
    if (base == u"inject_trigger.py" || (base.isEmpty() && request.actionRef == u"core.inject_trigger"))
        return QStringLiteral("inject_trigger");
    return {};
}

RunResult pythonResult(const QString &status, const Value &result, const QString &stderrText)
{
    const bool ok = status == u"succeeded";
    return {status, makeDict({{QStringLiteral("result"), result},
                              {QStringLiteral("stdout"), QString()},
                              {QStringLiteral("stderr"), stderrText},
                              {QStringLiteral("exit_code"), ok ? 0 : 1}})};
}

RunResult noop(const RunRequest &)
{
    return {QStringLiteral("succeeded"), makeDict({{QStringLiteral("failed"), false},
                                                   {QStringLiteral("succeeded"), true},
                                                   {QStringLiteral("return_code"), 0}})};
}

RunResult echo(const RunRequest &request)
{
    const Value message = param(request, u"message");
    return {QStringLiteral("succeeded"),
            makeDict({{QStringLiteral("stdout"), message.isNull() ? QString() : py::str(message)},
                      {QStringLiteral("stderr"), QString()},
                      {QStringLiteral("return_code"), 0},
                      {QStringLiteral("succeeded"), true},
                      {QStringLiteral("failed"), false}})};
}

QString uuid1()
{
    // 100 ns intervals since 1582-10-15, kept strictly increasing like Python does.
    static QMutex mutex;
    static quint64 last = 0;
    static const quint16 clockSeq = quint16(QRandomGenerator::system()->generate() & 0x3fff);
    static const quint64 node = (quint64(QRandomGenerator::system()->generate64()) & 0xffffffffffffULL)
        | 0x010000000000ULL;  // multicast bit: not a real MAC (RFC 4122 4.5)
    quint64 ts = quint64(QDateTime::currentMSecsSinceEpoch()) * 10000ULL + 0x01b21dd213814000ULL;
    {
        QMutexLocker lock(&mutex);
        if (ts <= last)
            ts = last + 1;
        last = ts;
    }
    const quint32 timeLow = quint32(ts & 0xffffffffULL);
    const quint16 timeMid = quint16((ts >> 32) & 0xffff);
    const quint16 timeHi = quint16(((ts >> 48) & 0x0fff) | 0x1000);
    const uchar seqHi = uchar(((clockSeq >> 8) & 0x3f) | 0x80);
    const uchar seqLow = uchar(clockSeq & 0xff);
    const QUuid u(timeLow, timeMid, timeHi, seqHi, seqLow, uchar(node >> 40), uchar(node >> 32),
                  uchar(node >> 24), uchar(node >> 16), uchar(node >> 8), uchar(node));
    return u.toString(QUuid::WithoutBraces);
}

RunResult uuid(const RunRequest &request)
{
    const Value type = param(request, u"uuid_type");
    const QString kind = type.isNull() ? QStringLiteral("uuid4") : py::str(type);
    if (kind == u"uuid4")
        return pythonResult(QStringLiteral("succeeded"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (kind == u"uuid1")
        return pythonResult(QStringLiteral("succeeded"), uuid1());
    return pythonResult(QStringLiteral("failed"), QStringLiteral("None"),
                        QStringLiteral("ValueError: Unknown uuid_type. Only uuid1 and uuid4 are supported"));
}

RunResult injectTrigger(const RunRequest &request, const RunnerRegistry::InjectTrigger &inject)
{
    Value trigger = param(request, u"trigger_name");
    if (!py::truthy(trigger))
        trigger = param(request, u"trigger");
    if (!py::truthy(trigger)) {
        return pythonResult(QStringLiteral("failed"), QStringLiteral("None"),
                            QStringLiteral("ValueError: core.inject_trigger needs \"trigger_name\""));
    }
    if (!inject) {
        return pythonResult(QStringLiteral("failed"), QStringLiteral("None"),
                            QStringLiteral("Trigger injection is not available in this process"));
    }
    Value payload = param(request, u"payload");
    if (payload.isNull())
        payload = Value(ValueDict());
    const Value traceTag = param(request, u"trace_tag");
    const QString tag = traceTag.isNull() ? QString() : py::str(traceTag);
    inject(py::str(trigger), payload, tag);
    // What st2's webhook endpoint echoes back to the action.
    return pythonResult(QStringLiteral("succeeded"),
                        makeDict({{QStringLiteral("trigger"), py::str(trigger)},
                                  {QStringLiteral("payload"), payload},
                                  {QStringLiteral("trace_tag"), traceTag}}));
}

RunResult inquirer(const RunRequest &request, const RunnerRegistry::InjectTrigger &inject)
{
    // Absent parameters take the runner's documented defaults, as st2 does when
    // the runner is called without its metadata.
    Value schema = param(request, u"schema");
    if (schema.isNull()) {
        schema = makeDict(
            {{QStringLiteral("title"), QStringLiteral("response_data")},
             {QStringLiteral("type"), QStringLiteral("object")},
             {QStringLiteral("properties"),
              makeDict({{QStringLiteral("continue"),
                         makeDict({{QStringLiteral("type"), QStringLiteral("boolean")},
                                   {QStringLiteral("description"), QStringLiteral("Should the workflow go on?")},
                                   {QStringLiteral("required"), true}})}})}});
    }
    Value roles = param(request, u"roles");
    if (roles.isNull())
        roles = Value(ValueList());
    Value users = param(request, u"users");
    if (users.isNull())
        users = Value(ValueList());
    Value route = param(request, u"route");
    if (route.isNull())
        route = Value(QString());
    Value ttl = param(request, u"ttl");
    if (ttl.isNull())
        ttl = Value(qint64(1440));
    if (inject) {
        inject(QStringLiteral("core.st2.generic.inquiry"),
               makeDict({{QStringLiteral("id"), request.executionId}, {QStringLiteral("route"), route}}), QString());
    }
    return {QStringLiteral("pending"), makeDict({{QStringLiteral("schema"), schema},
                                                 {QStringLiteral("roles"), roles},
                                                 {QStringLiteral("users"), users},
                                                 {QStringLiteral("route"), route},
                                                 {QStringLiteral("ttl"), ttl}})};
}

} // namespace squall::runners::core
