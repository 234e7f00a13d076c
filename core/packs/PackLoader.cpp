#include "packs/PackLoader.h"

#include "base/JsonType.h"
#include "base/Yaml.h"
#include "model/Builtins.h"
#include "model/DocumentLoader.h"
#include "model/FieldChecker.h"
#include "model/Loaders.h"
#include "model/ParameterSchema.h"
#include "model/RuleNormalizer.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>

namespace squall::packs {

using model::FieldChecker;

namespace {

const QStringList kMetadataGlobs = {QStringLiteral("*.yaml"), QStringLiteral("*.yml"), QStringLiteral("*.json")};

QStringList metadataFiles(const QString &dir, const QString &sub)
{
    const QDir d(dir + u'/' + sub);
    QStringList out;
    if (!d.exists())
        return out;
    for (const QString &f : d.entryList(kMetadataGlobs, QDir::Files, QDir::Name))
        out.append(QDir(dir).filePath(sub + u'/' + f));
    return out;
}

QString firstExisting(const QString &dir, std::initializer_list<const char16_t *> names)
{
    for (const char16_t *n : names) {
        const QString p = QDir(dir).filePath(QString::fromUtf16(n));
        if (QFileInfo::exists(p))
            return p;
    }
    return {};
}

// Required attributes and simple types; values that are templates
// ({{ st2kv.system.x }}) are rendered later and not checked here.
void checkConfig(const Value &schema, const Value &config, const QString &prefix, FieldChecker &c)
{
    for (const auto &[name, attr] : schema.toDict()) {
        const ValueDict &a = attr.toDict();
        const QString path = FieldChecker::join(prefix, name);
        const Value *v = config.toDict().find(name);
        if (!v) {
            if (a.value(u"required").toBool())
                c.error(path, QStringLiteral("is required by the pack's config schema"));
            continue;
        }
        if (v->isString() && v->toString().contains(QStringLiteral("{{")))
            continue;
        const Value type = a.value(u"type");
        if (type.isString() && !v->isNull() && json::isKnownType(type.toString()) && !json::isOfType(*v, type.toString())) {
            c.error(path, QStringLiteral("must be of type %1, not %2")
                              .arg(type.toString(), QLatin1StringView(v->typeName())));
            continue;
        }
        if (v->isDict() && a.contains(u"properties"))
            checkConfig(a.value(u"properties"), *v, path, c);
    }
}

void loadConfig(PackContent &pc, const PackLoadOptions &options)
{
    if (const QString schemaFile = firstExisting(pc.dir, {u"config.schema.yaml", u"config.schema.yml",
                                                          u"config.schema.json"});
        !schemaFile.isEmpty()) {
        ++pc.filesRead;
        if (auto doc = model::loadDocument(schemaFile, &pc.errors)) {
            FieldChecker c(doc->locations.get(), schemaFile, &pc.errors);
            if (!doc->value.isDict() && !doc->value.isNull()) {
                c.error(QString(), FieldChecker::typeMismatch("a mapping of attribute schemas", doc->value));
            } else if (model::validateParameters(doc->value, QString(), doc->locations.get(), &pc.errors,
                                                 schemaFile) == 0) {
                pc.configSchema = doc->value.isNull() ? Value(ValueDict()) : doc->value;
            }
        }
    }
    const QString configsDir = options.configsDir.isEmpty()
        ? QDir::cleanPath(QFileInfo(pc.dir).absoluteFilePath() + QStringLiteral("/../../configs"))
        : options.configsDir;
    for (const QString &ext : {QStringLiteral(".yaml"), QStringLiteral(".yml"), QStringLiteral(".json")}) {
        const QString p = QDir(configsDir).filePath(pc.pack.ref + ext);
        if (pc.pack.ref.isEmpty() || !QFileInfo::exists(p))
            continue;
        ++pc.filesRead;
        if (auto doc = model::loadDocument(p, &pc.errors)) {
            if (!doc->value.isDict() && !doc->value.isNull()) {
                FieldChecker(doc->locations.get(), p, &pc.errors)
                    .error(QString(), FieldChecker::typeMismatch("a mapping", doc->value));
            } else {
                pc.config = applyConfigDefaults(pc.configSchema,
                                                doc->value.isNull() ? Value(ValueDict()) : doc->value);
                pc.configFile = p;
                FieldChecker c(doc->locations.get(), p, &pc.errors);
                checkConfig(pc.configSchema, pc.config, QString(), c);
            }
        }
        break;
    }
    if (pc.config.isNull() && pc.configSchema.isDict())
        pc.config = applyConfigDefaults(pc.configSchema, Value(ValueDict()));
}

void checkUnique(QHash<QString, QString> &seen, const QString &key, const QString &file, const QString &what,
                 QList<Error> *errors, const yaml::LocationMap *locations = nullptr)
{
    if (const auto it = seen.constFind(key); it != seen.cend()) {
        SourceLocation where{file, 0, 0};
        if (locations)
            where = locations->locate(QStringLiteral("name"));
        if (where.file.isEmpty())
            where.file = file;
        errors->append(Error{QStringLiteral("duplicate %1 '%2' (also defined in %3)").arg(what, key, *it),
                             where, QStringLiteral("name"), QStringLiteral("schema")});
        return;
    }
    seen.insert(key, file);
}

} // namespace

int PackContent::errorCount() const
{
    int n = 0;
    for (const Error &e : errors)
        n += FieldChecker::isWarning(e) ? 0 : 1;
    return n;
}

int PackContent::warningCount() const
{
    return int(errors.size()) - errorCount();
}

const model::ActionDef *PackContent::findAction(QStringView name) const
{
    for (const model::ActionDef &a : actions)
        if (a.name == name)
            return &a;
    return nullptr;
}

Value applyConfigDefaults(const Value &schema, const Value &config)
{
    if (!schema.isDict())
        return config;
    Value out = config.isDict() ? config : Value(ValueDict());
    for (const auto &[name, attr] : schema.toDict()) {
        const ValueDict &a = attr.toDict();
        const Value *current = out.toDict().find(name);
        if (!current) {
            if (const Value *def = a.find(u"default"))
                out.dictRef().insert(name, *def);
            else if (a.value(u"type").toString() == u"object" && a.contains(u"properties"))
                out.dictRef().insert(name, applyConfigDefaults(a.value(u"properties"), Value(ValueDict())));
            continue;
        }
        if (current->isDict() && a.contains(u"properties"))
            out.dictRef().insert(name, applyConfigDefaults(a.value(u"properties"), *current));
    }
    return out;
}

PackContent loadPack(const QString &dir, const PackLoadOptions &options)
{
    PackContent pc;
    pc.dir = QDir::cleanPath(dir);
    const QString dirName = QFileInfo(QFileInfo(pc.dir).absoluteFilePath()).fileName();

    const QString packYaml = firstExisting(pc.dir, {u"pack.yaml", u"pack.yml", u"pack.json"});
    if (packYaml.isEmpty()) {
        pc.errors.append(Error{QStringLiteral("pack.yaml is missing"), SourceLocation{pc.dir, 0, 0}, QString(),
                               QStringLiteral("schema")});
    } else {
        ++pc.filesRead;
        if (auto def = model::loadPackDef(packYaml, &pc.errors))
            pc.pack = std::move(*def);
    }
    if (pc.pack.ref.isEmpty())
        pc.pack.ref = dirName;
    if (pc.pack.name.isEmpty())
        pc.pack.name = pc.pack.ref;
    pc.pack.path = QFileInfo(pc.dir).absoluteFilePath();
    const QString pack = pc.pack.ref;

    QHash<QString, QString> actionNames;
    for (const QString &file : metadataFiles(pc.dir, QStringLiteral("actions"))) {
        ++pc.filesRead;
        if (auto a = model::loadAction(file, pack, pc.dir, &pc.errors)) {
            const qsizetype before = pc.errors.size();
            checkUnique(actionNames, a->ref(), file, QStringLiteral("action"), &pc.errors, a->locations.get());
            if (pc.errors.size() == before)
                pc.actions.append(std::move(*a));
        }
    }

    QHash<QString, QString> triggerNames;
    for (const QString &file : metadataFiles(pc.dir, QStringLiteral("triggers"))) {
        ++pc.filesRead;
        if (auto t = model::loadTriggerType(file, pack, &pc.errors)) {
            const qsizetype before = pc.errors.size();
            checkUnique(triggerNames, t->ref(), file, QStringLiteral("trigger type"), &pc.errors);
            if (pc.errors.size() == before)
                pc.triggerTypes.append(std::move(*t));
        }
    }

    QHash<QString, QString> sensorNames;
    for (const QString &file : metadataFiles(pc.dir, QStringLiteral("sensors"))) {
        ++pc.filesRead;
        if (auto s = model::loadSensor(file, pack, pc.dir, &pc.errors)) {
            const qsizetype before = pc.errors.size();
            checkUnique(sensorNames, s->ref(), file, QStringLiteral("sensor"), &pc.errors);
            for (const model::TriggerTypeDef &t : s->triggerTypes)
                checkUnique(triggerNames, t.ref(), file, QStringLiteral("trigger type"), &pc.errors);
            if (pc.errors.size() == before) {
                pc.triggerTypes.append(s->triggerTypes);
                pc.sensors.append(std::move(*s));
            }
        }
    }

    QHash<QString, QString> ruleNames;
    for (const QString &file : metadataFiles(pc.dir, QStringLiteral("rules"))) {
        ++pc.filesRead;
        auto doc = model::loadDocument(file, &pc.errors);
        if (!doc)
            continue;
        Value rule = model::normalizeRule(doc->value, doc->locations.get(), pack, &pc.errors, file);
        if (rule.isNull())
            continue;
        FieldChecker c(doc->locations.get(), file, &pc.errors);
        if (rule[u"pack"].toString() != pack)
            c.error(QStringLiteral("pack"), QStringLiteral("the file is in pack '%1' but declares pack '%2'")
                                                 .arg(pack, rule[u"pack"].toString()));
        // Trigger parameters are checked against the types known at this point:
        // the built-ins and this pack's own; lint cross-checks the rest.
        const QString triggerType = rule[u"trigger"][u"type"].toString();
        const model::TriggerTypeDef *tt = model::findBuiltinTriggerType(triggerType);
        for (const model::TriggerTypeDef &t : pc.triggerTypes)
            if (!tt && t.ref() == triggerType)
                tt = &t;
        if (tt && model::checkTriggerParameters(*tt, rule[u"trigger"][u"parameters"], doc->locations.get(),
                                                &pc.errors, file) > 0)
            continue;
        if (c.errorCount() > 0)
            continue;
        const qsizetype before = pc.errors.size();
        checkUnique(ruleNames, rule[u"ref"].toString(), file, QStringLiteral("rule"), &pc.errors,
                    doc->locations.get());
        if (pc.errors.size() != before)
            continue;
        rule.dictRef().insert(QStringLiteral("metadata_file"), model::relativePath(pc.dir, file));
        pc.rules.append(std::move(rule));
    }

    loadConfig(pc, options);
    return pc;
}

QList<PackContent> loadPackDirs(const QStringList &roots, const PackLoadOptions &options)
{
    QStringList dirs;
    for (const QString &root : roots) {
        if (QFileInfo::exists(QDir(root).filePath(QStringLiteral("pack.yaml")))) {
            dirs.append(root);
            continue;
        }
        const QDir d(root);
        for (const QString &sub : d.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            if (QFileInfo::exists(d.filePath(sub + QStringLiteral("/pack.yaml"))))
                dirs.append(d.filePath(sub));
    }
    QList<PackContent> out;
    QHash<QString, QString> refs;
    for (const QString &dir : dirs) {
        PackContent pc = loadPack(dir, options);
        if (const auto it = refs.constFind(pc.pack.ref); it != refs.cend()) {
            pc.errors.append(Error{QStringLiteral("pack '%1' is already loaded from %2").arg(pc.pack.ref, *it),
                                   SourceLocation{QDir(dir).filePath(QStringLiteral("pack.yaml")), 0, 0},
                                   QStringLiteral("ref"), QStringLiteral("schema")});
        } else {
            refs.insert(pc.pack.ref, dir);
        }
        out.append(std::move(pc));
    }
    return out;
}

} // namespace squall::packs
