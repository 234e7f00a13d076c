// Engine: writing pack configs and installing packs from local folders.
#include "engine/Engine.h"

#include "base/Error.h"
#include "base/Yaml.h"
#include "engine/ContentRegistry.h"
#include "packs/PackLoader.h"
#include "schema/Secrets.h"
#include "schema/Validator.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QUrl>

namespace squall::engine {

namespace {

[[noreturn]] void fail(const QString &kind, const QString &message)
{
    throw SquallException(kind, message);
}

void requireAdmin(const Principal &by, const QString &what)
{
    if (!by.isAdmin)
        fail(QStringLiteral("Forbidden"), what + QStringLiteral(" needs an administrator"));
}

// A value sent back as the mask the API showed keeps what is stored: the
// client never saw the secret, so it cannot have meant to change it.
Value keepMaskedSecrets(const Value &sent, const Value &stored, const Value &schema)
{
    if (!sent.isDict())
        return sent;
    Value out = sent;
    for (const auto &[name, v] : sent.toDict()) {
        const Value attr = schema[name];
        if (attr[u"secret"].toBool() && v.isString() && v.toString() == schema::MaskedValue) {
            if (stored.toDict().contains(name))
                out.dictRef().insert(name, stored[name]);
            else
                out.dictRef().remove(name);
        } else if (v.isDict() && attr[u"properties"].isDict()) {
            out.dictRef().insert(name, keepMaskedSecrets(v, stored[name], attr[u"properties"]));
        }
    }
    return out;
}

// Where the loader reads a pack's config: configs/<pack>.{yaml,yml,json} two
// levels above the pack folder (StackStorm's /opt/stackstorm/packs/<pack> and
// /opt/stackstorm/configs). An existing file keeps its name.
QString configFileFor(const model::PackDef &pack)
{
    const QString dir = QDir::cleanPath(pack.path + QStringLiteral("/../../configs"));
    for (const QString &ext : {QStringLiteral(".yaml"), QStringLiteral(".yml"), QStringLiteral(".json")}) {
        const QString p = QDir(dir).filePath(pack.ref + ext);
        if (QFileInfo::exists(p))
            return p;
    }
    return QDir(dir).filePath(pack.ref + QStringLiteral(".yaml"));
}

// A local folder from "/path", "~/path" or "file:///path"; empty for anything else.
QString localFolder(const QString &source)
{
    if (source.startsWith(u"file:"))
        return QUrl(source).toLocalFile();
    if (source.startsWith(u"~/"))
        return QDir::home().filePath(source.mid(2));
    if (QDir::isAbsolutePath(source))
        return source;
    return {};
}

// Copies a folder tree (files and sub-folders; version-control metadata left out).
void copyTree(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to))
        fail(QStringLiteral("Internal"), QStringLiteral("cannot create %1").arg(to));
    const QDir src(from);
    QDirIterator it(from, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo fi = it.nextFileInfo();
        const QString rel = src.relativeFilePath(fi.filePath());
        if (rel == u".git" || rel.startsWith(u".git/"))
            continue;
        const QString target = QDir(to).filePath(rel);
        if (fi.isDir()) {
            QDir().mkpath(target);
        } else {
            QFile::remove(target);
            if (!QFile::copy(fi.filePath(), target))
                fail(QStringLiteral("Internal"), QStringLiteral("cannot copy %1 to %2").arg(fi.filePath(), target));
            QFile::setPermissions(target, fi.permissions());
        }
    }
}

} // namespace

Value Engine::updateConfig(const QString &pack, const Value &values, const Principal &by)
{
    requireAdmin(by, QStringLiteral("saving a pack config"));
    const model::PackDef *pk = m_content->pack(pack);
    if (!pk)
        fail(QStringLiteral("NotFound"), QStringLiteral("pack \"%1\" not found").arg(pack));
    if (!values.isDict())
        fail(QStringLiteral("BadRequest"), QStringLiteral("a pack config must be a JSON object"));
    const Value schemaMap = m_content->packConfigSchema(pack);
    const Value config = keepMaskedSecrets(values, m_content->packConfig(pack), schemaMap);
    // As st2's validate_config_against_schema: the schema's attributes are
    // checked, other keys are allowed.
    const Value objectSchema = makeDict({{QStringLiteral("type"), QStringLiteral("object")},
                                         {QStringLiteral("properties"), schemaMap},
                                         {QStringLiteral("additionalProperties"), true}});
    if (const QList<Error> errors = schema::validate(config, objectSchema, QStringLiteral("config"));
        !errors.isEmpty()) {
        Error e = errors.first();
        e.kind = QStringLiteral("BadRequest");
        e.message = QStringLiteral("config of pack %1 does not match config.schema.yaml: %2").arg(pack, e.message);
        throw SquallException(e);
    }
    const QString file = configFileFor(*pk);
    if (!QDir().mkpath(QFileInfo(file).absolutePath()))
        fail(QStringLiteral("Internal"), QStringLiteral("cannot create the folder of %1").arg(file));
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        fail(QStringLiteral("Internal"), QStringLiteral("cannot write %1: %2").arg(file, out.errorString()));
    out.write(yaml::dump(config).toUtf8());
    if (!out.commit())
        fail(QStringLiteral("Internal"), QStringLiteral("cannot write %1: %2").arg(file, out.errorString()));
    // Reload the pack so actions and sensors see the new config at once.
    registerPacks(makeDict({{QStringLiteral("packs"), ValueList{Value(pack)}}}), by);
    Value answer = getConfig(pack, {}, by);
    answer.dictRef().insert(QStringLiteral("file"), file);
    return answer;
}

Value Engine::installPacks(const Value &body, const Principal &by)
{
    requireAdmin(by, QStringLiteral("installing packs"));
    const Value sources = body[u"packs"];
    if (!sources.isList() || sources.toList().isEmpty())
        fail(QStringLiteral("BadRequest"), QStringLiteral("\"packs\" must be a non-empty list of pack folders"));
    const bool force = body[u"force"].toBool();
    const QString root = QDir(m_options.dataDir).filePath(QStringLiteral("packs"));
    if (!QDir().mkpath(root))
        fail(QStringLiteral("Internal"), QStringLiteral("cannot create %1").arg(root));

    QStringList refs;
    ValueList installed;
    for (const Value &s : sources.toList()) {
        const QString source = s.toString();
        const QString dir = localFolder(source);
        if (dir.isEmpty())
            fail(QStringLiteral("BadRequest"),
                 QStringLiteral("\"%1\" is not a local folder: this engine installs packs from folders on its "
                                "own machine only (an absolute path or a file:// URL)").arg(source));
        if (!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("pack.yaml"))))
            fail(QStringLiteral("BadRequest"), QStringLiteral("%1 holds no pack.yaml: it is not a pack folder").arg(dir));
        const packs::PackContent pc = packs::loadPack(dir);
        const QString ref = pc.ref();
        if (ref.isEmpty())
            fail(QStringLiteral("BadRequest"), QStringLiteral("the pack in %1 has no valid name or ref").arg(dir));
        if (ref == u"core" || ref == u"packs" || ref == u"_global")
            fail(QStringLiteral("BadRequest"), QStringLiteral("\"%1\" is a reserved pack name").arg(ref));
        const QString target = QDir(root).filePath(ref);
        const bool inPlace = QFileInfo(dir).canonicalFilePath() == QFileInfo(target).canonicalFilePath();
        if (const model::PackDef *existing = m_content->pack(ref);
            existing && QDir::cleanPath(existing->path) != QDir::cleanPath(target))
            fail(QStringLiteral("Conflict"),
                 QStringLiteral("a pack \"%1\" is already loaded from %2").arg(ref, existing->path));
        if (!inPlace) {
            if (QFileInfo::exists(target)) {
                if (!force)
                    fail(QStringLiteral("Conflict"),
                         QStringLiteral("pack \"%1\" is already installed in %2; install with force to replace it")
                             .arg(ref, target));
                QDir(target).removeRecursively();
            }
            copyTree(dir, target);
        }
        refs.append(ref);
        installed.append(makeDict({{QStringLiteral("ref"), ref}, {QStringLiteral("path"), target}}));
    }
    if (!m_options.packRoots.contains(root)) {
        m_options.packRoots.append(root);
        m_content->load(m_options.packRoots, refs);
    }
    ValueList only;
    for (const QString &r : refs)
        only.append(Value(r));
    const Value summary = registerPacks(makeDict({{QStringLiteral("packs"), Value(only)}}), by);
    return makeDict({{QStringLiteral("packs"), Value(only)},
                     {QStringLiteral("installed"), Value(installed)},
                     {QStringLiteral("errors"), summary[u"errors"]}});
}

} // namespace squall::engine
