#include "model/Loaders.h"

#include "base/Ids.h"
#include "base/Python.h"
#include "base/Yaml.h"
#include "model/Builtins.h"
#include "model/DocumentLoader.h"
#include "model/FieldChecker.h"
#include "model/ParameterSchema.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace squall::model {

namespace {

using FC = FieldChecker;

QStringList stringList(FC &c, const ValueDict &d, const QString &key, const QString &prefix)
{
    QStringList out;
    const Value l = c.list(d, key, prefix);
    const ValueList &items = l.toList();
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (items[i].isString())
            out.append(items[i].toString());
        else if (items[i].isNumber())
            out.append(py::str(items[i]));
        else
            c.error(FC::join(prefix, key) + u'[' + QString::number(i) + u']',
                    FC::typeMismatch("a string", items[i]));
    }
    return out;
}

// Resolves an entry point relative to `<packPath>/<subdir>`; it must stay in the pack.
QString resolveEntryPoint(FC &c, const QString &entryPoint, const QString &packPath, const QString &subdir,
                          const QString &field)
{
    if (entryPoint.isEmpty() || packPath.isEmpty())
        return {};
    const QString pack = QDir::cleanPath(QFileInfo(packPath).absoluteFilePath());
    const QString abs = QDir::cleanPath(QDir::isAbsolutePath(entryPoint)
                                            ? entryPoint
                                            : pack + u'/' + subdir + u'/' + entryPoint);
    if (!abs.startsWith(pack + u'/')) {
        c.error(field, QStringLiteral("entry point '%1' is outside the pack directory").arg(entryPoint));
        return {};
    }
    if (!QFileInfo::exists(abs)) {
        c.error(field, QStringLiteral("entry point file '%1' does not exist").arg(relativePath(pack, abs)));
        return {};
    }
    return abs;
}

void checkNotify(FC &c, const Value &notify)
{
    for (const auto &[k, v] : notify.toDict()) {
        const QString p = QStringLiteral("notify.") + k;
        if (k != u"on-complete" && k != u"on-success" && k != u"on-failure") {
            c.error(p, QStringLiteral("unknown notify section (expected on-complete, on-success or on-failure)"));
            continue;
        }
        if (!v.isDict()) {
            c.error(p, FC::typeMismatch("an object", v));
            continue;
        }
        const ValueDict &d = v.toDict();
        c.onlyKeys(d, {u"message", u"data", u"routes", u"channels"}, p);
        c.string(d, QStringLiteral("message"), p, false);
        c.dict(d, QStringLiteral("data"), p);
        stringList(c, d, QStringLiteral("routes"), p);
        stringList(c, d, QStringLiteral("channels"), p);
    }
}

QString packFromDoc(FC &c, const ValueDict &d, const QString &packName)
{
    const QString declared = c.string(d, QStringLiteral("pack"), QString(), false);
    if (packName.isEmpty())
        return declared.isEmpty() ? QStringLiteral("default") : declared;
    if (!declared.isEmpty() && declared != packName)
        c.error(QStringLiteral("pack"),
                QStringLiteral("the file is in pack '%1' but declares pack '%2'").arg(packName, declared));
    return packName;
}

// A 24-hex id given in the document is kept; otherwise the id stays empty and
// whoever stores the definition assigns one (stable across reloads if it likes).
QString idFromDoc(const ValueDict &d)
{
    const Value id = d.value(u"id");
    return id.isString() && isId(id.toString()) ? id.toString() : QString();
}

bool expectDict(FC &c, const Value &doc, const QString &prefix)
{
    if (doc.isDict())
        return true;
    c.error(prefix, doc.isNull() ? QStringLiteral("the document is empty")
                                 : FC::typeMismatch("a mapping", doc));
    return false;
}

} // namespace

QString relativePath(const QString &base, const QString &path)
{
    if (base.isEmpty())
        return path;
    const QString b = QDir::cleanPath(QFileInfo(base).absoluteFilePath());
    const QString p = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    if (p.startsWith(b + u'/'))
        return p.mid(b.size() + 1);
    return path;
}

bool isValidPackRef(QStringView ref)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9_]+$"));
    return re.match(ref.toString()).hasMatch();
}

bool isValidSemver(QStringView version)
{
    static const QRegularExpression re(QStringLiteral(
        "^(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)"
        "(?:-(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?"
        "(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$"));
    return re.match(version.toString()).hasMatch();
}

QString normalizePackVersion(const QString &version)
{
    static const QRegularExpression twoParts(QStringLiteral("^\\d+\\.\\d+$"));
    if (twoParts.match(version).hasMatch())
        return version + QStringLiteral(".0");
    return version;
}

// ---- actions ---------------------------------------------------------------

std::optional<ActionDef> actionFromValue(const Value &doc, const std::shared_ptr<const yaml::LocationMap> &locations,
                                         const QString &file, const QString &packName, const QString &packPath,
                                         QList<Error> *errors)
{
    FC c(locations.get(), file, errors);
    if (!expectDict(c, doc, QString()))
        return std::nullopt;
    const ValueDict &d = doc.toDict();
    c.onlyKeys(d, {u"id", u"ref", u"uid", u"name", u"pack", u"description", u"enabled", u"runner_type",
                   u"entry_point", u"parameters", u"output_schema", u"notify", u"tags", u"metadata_file"},
               QString());
    ActionDef a;
    a.id = idFromDoc(d);
    a.name = c.string(d, QStringLiteral("name"), QString(), true);
    a.pack = packFromDoc(c, d, packName);
    a.description = c.string(d, QStringLiteral("description"), QString(), false);
    a.enabled = c.boolean(d, QStringLiteral("enabled"), QString(), true);
    a.runnerType = c.string(d, QStringLiteral("runner_type"), QString(), true);
    a.entryPoint = c.string(d, QStringLiteral("entry_point"), QString(), false);
    a.parameters = c.dict(d, QStringLiteral("parameters"), QString());
    a.outputSchema = c.dict(d, QStringLiteral("output_schema"), QString());
    a.notify = c.dict(d, QStringLiteral("notify"), QString());
    a.tags = c.tags(d, QString());
    a.packPath = packPath;
    a.locations = locations;
    a.metadataFile = packPath.isEmpty() ? c.string(d, QStringLiteral("metadata_file"), QString(), false)
                                        : relativePath(packPath, file);

    if (!a.name.isEmpty() && a.name.contains(u'.'))
        c.error(QStringLiteral("name"), QStringLiteral("action name '%1' must not contain '.'").arg(a.name));
    const int paramErrorCount = a.parameters.isDict()
        ? validateParameters(a.parameters, QStringLiteral("parameters"), locations.get(), errors, c.file())
        : 0;
    checkNotify(c, a.notify);

    const RunnerType *runner = a.runnerType.isEmpty() ? nullptr : findBuiltinRunnerType(a.runnerType);
    if (!a.runnerType.isEmpty() && !runner) {
        QStringList names;
        for (const RunnerType &r : builtinRunnerTypes())
            names.append(r.name);
        c.error(QStringLiteral("runner_type"),
                QStringLiteral("unknown runner type '%1' (known: %2)").arg(a.runnerType, names.join(QStringLiteral(", "))));
    }
    if (runner) {
        QList<Error> mergeErrors;
        mergedParameterSchema(*runner, a, &mergeErrors);
        for (const Error &e : mergeErrors)
            c.add(e.field, e.message, e.kind);
        static const QStringList needsEntryPoint = {QStringLiteral("local-shell-script"),
                                                    QStringLiteral("remote-shell-script"),
                                                    QStringLiteral("python-script"), QStringLiteral("orquesta"),
                                                    QStringLiteral("action-chain")};
        if (needsEntryPoint.contains(runner->name) && a.entryPoint.isEmpty())
            c.error(QStringLiteral("entry_point"),
                    QStringLiteral("runner '%1' needs an entry_point").arg(runner->name));
    }
    a.entryPointPath = resolveEntryPoint(c, a.entryPoint, packPath, QStringLiteral("actions"),
                                         QStringLiteral("entry_point"));

    if (c.errorCount() > 0 || paramErrorCount > 0)
        return std::nullopt;
    return a;
}

std::optional<ActionDef> loadAction(const QString &path, const QString &packName, const QString &packPath,
                                    QList<Error> *errors)
{
    auto doc = loadDocument(path, errors);
    if (!doc)
        return std::nullopt;
    return actionFromValue(doc->value, doc->locations, path, packName, packPath, errors);
}

// ---- trigger types ---------------------------------------------------------

std::optional<TriggerTypeDef> triggerTypeFromValue(const Value &doc, const yaml::LocationMap *locations,
                                                   const QString &file, const QString &fieldPrefix,
                                                   const QString &packName, QList<Error> *errors)
{
    FC c(locations, file, errors);
    if (!expectDict(c, doc, fieldPrefix))
        return std::nullopt;
    const ValueDict &d = doc.toDict();
    const QString p = fieldPrefix;
    c.onlyKeys(d, {u"id", u"ref", u"uid", u"name", u"pack", u"description", u"payload_schema",
                   u"parameters_schema", u"tags", u"metadata_file"},
               p);
    TriggerTypeDef t;
    t.id = idFromDoc(d);
    t.name = c.string(d, QStringLiteral("name"), p, true);
    const QString declared = c.string(d, QStringLiteral("pack"), p, false);
    t.pack = !packName.isEmpty() ? packName : (declared.isEmpty() ? QStringLiteral("default") : declared);
    if (!packName.isEmpty() && !declared.isEmpty() && declared != packName)
        c.error(FC::join(p, QStringLiteral("pack")),
                QStringLiteral("the file is in pack '%1' but declares pack '%2'").arg(packName, declared));
    t.description = c.string(d, QStringLiteral("description"), p, false);
    t.payloadSchema = c.dict(d, QStringLiteral("payload_schema"), p);
    t.parametersSchema = c.dict(d, QStringLiteral("parameters_schema"), p);
    t.tags = c.tags(d, p);
    t.metadataFile = c.string(d, QStringLiteral("metadata_file"), p, false);
    if (c.errorCount() > 0)
        return std::nullopt;
    return t;
}

std::optional<TriggerTypeDef> loadTriggerType(const QString &path, const QString &packName, QList<Error> *errors)
{
    auto doc = loadDocument(path, errors);
    if (!doc)
        return std::nullopt;
    auto t = triggerTypeFromValue(doc->value, doc->locations.get(), path, QString(), packName, errors);
    if (t)
        t->metadataFile = QStringLiteral("triggers/") + QFileInfo(path).fileName();
    return t;
}

// ---- sensors ---------------------------------------------------------------

std::optional<SensorDef> sensorFromValue(const Value &doc, const yaml::LocationMap *locations, const QString &file,
                                         const QString &packName, const QString &packPath, QList<Error> *errors)
{
    FC c(locations, file, errors);
    if (!expectDict(c, doc, QString()))
        return std::nullopt;
    const ValueDict &d = doc.toDict();
    c.onlyKeys(d, {u"id", u"ref", u"uid", u"name", u"pack", u"class_name", u"entry_point", u"artifact_uri",
                   u"description", u"enabled", u"poll_interval", u"trigger_types", u"metadata_file"},
               QString());
    SensorDef s;
    s.id = idFromDoc(d);
    s.className = c.string(d, QStringLiteral("class_name"), QString(), true);
    s.pack = packFromDoc(c, d, packName);
    s.entryPoint = c.string(d, QStringLiteral("entry_point"), QString(), true);
    s.description = c.string(d, QStringLiteral("description"), QString(), false);
    s.enabled = c.boolean(d, QStringLiteral("enabled"), QString(), true);
    s.packPath = packPath;
    s.metadataFile = packPath.isEmpty() ? QString() : relativePath(packPath, file);
    if (const Value *pi = d.find(u"poll_interval"); pi && !pi->isNull()) {
        if (!pi->isNumber() || pi->isBool() || pi->toDouble() <= 0)
            c.error(QStringLiteral("poll_interval"), QStringLiteral("must be a number of seconds > 0"));
        else
            s.pollInterval = *pi;
    }
    bool badTriggerTypes = false;
    const Value types = c.list(d, QStringLiteral("trigger_types"), QString());
    const ValueList &items = types.toList();
    for (qsizetype i = 0; i < items.size(); ++i) {
        auto t = triggerTypeFromValue(items[i], locations, c.file(),
                                      QStringLiteral("trigger_types[") + QString::number(i) + u']', s.pack, errors);
        if (!t) {
            badTriggerTypes = true;
            continue;
        }
        t->metadataFile = s.metadataFile;
        s.triggerTypes.append(std::move(*t));
    }
    s.entryPointPath = resolveEntryPoint(c, s.entryPoint, packPath, QStringLiteral("sensors"),
                                         QStringLiteral("entry_point"));
    if (c.errorCount() > 0 || badTriggerTypes)
        return std::nullopt;
    return s;
}

std::optional<SensorDef> loadSensor(const QString &path, const QString &packName, const QString &packPath,
                                    QList<Error> *errors)
{
    auto doc = loadDocument(path, errors);
    if (!doc)
        return std::nullopt;
    return sensorFromValue(doc->value, doc->locations.get(), path, packName, packPath, errors);
}

// ---- pack.yaml -------------------------------------------------------------

PackDef packDefFromValue(const Value &doc, const yaml::LocationMap *locations, const QString &file,
                         QList<Error> *errors)
{
    FC c(locations, file, errors);
    PackDef p;
    p.path = file.isEmpty() ? QString() : QFileInfo(file).absolutePath();
    if (!expectDict(c, doc, QString()))
        return p;
    const ValueDict &d = doc.toDict();
    p.id = idFromDoc(d);
    p.name = c.string(d, QStringLiteral("name"), QString(), true);
    p.description = c.string(d, QStringLiteral("description"), QString(), true);
    p.author = c.string(d, QStringLiteral("author"), QString(), true);
    p.email = c.string(d, QStringLiteral("email"), QString(), false);
    if (!p.email.isEmpty() && !p.email.contains(u'@'))
        c.error(QStringLiteral("email"), QStringLiteral("'%1' is not an email address").arg(p.email));

    const Value *version = d.find(u"version");
    if (!version || version->isNull()) {
        c.error(QStringLiteral("version"), QStringLiteral("is required"));
    } else if (version->isString() || (version->isNumber() && !version->isBool())) {
        p.version = normalizePackVersion(py::str(*version));
        if (!isValidSemver(p.version))
            c.error(QStringLiteral("version"),
                    QStringLiteral("'%1' is not a semantic version (like 1.0.0)").arg(py::str(*version)));
    } else {
        c.error(QStringLiteral("version"), FC::typeMismatch("a string", *version));
    }

    const QString ref = c.string(d, QStringLiteral("ref"), QString(), false);
    if (!ref.isEmpty()) {
        if (!isValidPackRef(ref))
            c.error(QStringLiteral("ref"),
                    QStringLiteral("'%1' is not a valid pack ref (lowercase letters, digits and _ only)").arg(ref));
        p.ref = ref;
    } else if (!p.name.isEmpty()) {
        if (!isValidPackRef(p.name))
            c.error(QStringLiteral("name"),
                    QStringLiteral("'%1' is not a valid pack ref (lowercase letters, digits and _ only); "
                                   "add a 'ref' field").arg(p.name));
        p.ref = p.name;
    }
    if (p.ref == u"_global")
        c.error(ref.isEmpty() ? QStringLiteral("name") : QStringLiteral("ref"),
                QStringLiteral("'_global' is a reserved pack name"));

    p.keywords = stringList(c, d, QStringLiteral("keywords"), QString());
    p.contributors = stringList(c, d, QStringLiteral("contributors"), QString());
    p.dependencies = stringList(c, d, QStringLiteral("dependencies"), QString());
    p.stackstormVersion = c.string(d, QStringLiteral("stackstorm_version"), QString(), false);
    p.pythonVersions = stringList(c, d, QStringLiteral("python_versions"), QString());
    for (qsizetype i = 0; i < p.pythonVersions.size(); ++i)
        if (p.pythonVersions[i] != u"2" && p.pythonVersions[i] != u"3")
            c.error(QStringLiteral("python_versions[") + QString::number(i) + u']',
                    QStringLiteral("must be \"2\" or \"3\""));
    if (const Value *sys = d.find(u"system"); sys && !sys->isNull()) {
        if (!sys->isDict())
            c.error(QStringLiteral("system"), FC::typeMismatch("an object", *sys));
        else
            p.system = *sys;
    }
    p.files = c.list(d, QStringLiteral("files"), QString());
    static const QStringList known = {
        QStringLiteral("id"), QStringLiteral("uid"), QStringLiteral("ref"), QStringLiteral("name"),
        QStringLiteral("description"), QStringLiteral("version"), QStringLiteral("author"), QStringLiteral("email"),
        QStringLiteral("keywords"), QStringLiteral("contributors"), QStringLiteral("dependencies"),
        QStringLiteral("stackstorm_version"), QStringLiteral("python_versions"), QStringLiteral("system"),
        QStringLiteral("files"), QStringLiteral("path")};
    ValueDict extra;
    for (const auto &[k, v] : d)
        if (!known.contains(k))
            extra.insert(k, v);
    p.extra = Value(std::move(extra));
    return p;
}

std::optional<PackDef> loadPackDef(const QString &packYamlPath, QList<Error> *errors)
{
    auto doc = loadDocument(packYamlPath, errors);
    if (!doc)
        return std::nullopt;
    return packDefFromValue(doc->value, doc->locations.get(), packYamlPath, errors);
}

// ---- runners ---------------------------------------------------------------

std::optional<RunnerType> runnerTypeFromValue(const Value &doc, const yaml::LocationMap *locations,
                                              const QString &file, const QString &fieldPrefix, QList<Error> *errors)
{
    FC c(locations, file, errors);
    if (!expectDict(c, doc, fieldPrefix))
        return std::nullopt;
    const ValueDict &d = doc.toDict();
    const QString p = fieldPrefix;
    c.onlyKeys(d, {u"id", u"uid", u"name", u"description", u"enabled", u"runner_package", u"runner_module",
                   u"aliases", u"runner_parameters", u"output_key", u"output_schema"},
               p);
    RunnerType r;
    r.name = c.string(d, QStringLiteral("name"), p, true);
    r.id = idFromDoc(d);
    r.description = c.string(d, QStringLiteral("description"), p, false);
    r.enabled = c.boolean(d, QStringLiteral("enabled"), p, true);
    r.runnerModule = c.string(d, QStringLiteral("runner_module"), p, false);
    r.aliases = stringList(c, d, QStringLiteral("aliases"), p);
    r.runnerParameters = c.dict(d, QStringLiteral("runner_parameters"), p);
    r.outputKey = c.string(d, QStringLiteral("output_key"), p, false);
    r.outputSchema = c.dict(d, QStringLiteral("output_schema"), p);
    const int paramErrors = validateParameters(r.runnerParameters, FC::join(p, QStringLiteral("runner_parameters")),
                                               locations, errors, c.file());
    if (c.errorCount() > 0 || paramErrors > 0)
        return std::nullopt;
    return r;
}

} // namespace squall::model
