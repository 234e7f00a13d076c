// Engine: actions, runner types and packs in EngineApi.
#include "engine/Engine.h"

#include "base/Error.h"
#include "engine/ApiQuery.h"
#include "base/Yaml.h"
#include "engine/ContentRegistry.h"
#include "engine/PackFiles.h"
#include "engine/RuleService.h"
#include "engine/TriggerRegistry.h"
#include "engine/WorkflowService.h"
#include "schema/Secrets.h"

#include <QDir>
#include <QFile>
#include <QStringDecoder>
#include <QFileInfo>

namespace squall::engine {

namespace {
const model::ActionDef &requireAction(const ContentRegistry &content, const QString &refOrId)
{
    const model::ActionDef *a = content.action(refOrId);
    if (!a)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("action \"%1\" not found").arg(refOrId));
    return *a;
}

[[noreturn]] void adminOnly(const Principal &by, const QString &what)
{
    Q_UNUSED(by);
    throw SquallException(QStringLiteral("Forbidden"), what + QStringLiteral(" needs an administrator"));
}

bool flag(const Value &body, const Params &p, const QString &key)
{
    const Value v = body[key];
    return v.toBool() || (v.isString() && apiquery::isTrue(v.toString())) || apiquery::isTrue(p.value(key));
}

// A file of st2's `data_files`, resolved inside the pack's actions/ folder.
struct DataFile
{
    QString path;
    QByteArray content;
};

// What an action request asks to write, checked whole before anything is
// written, so a bad entry writes nothing.
struct ActionFiles
{
    QString folder;  // <pack>/actions, empty when nothing is to be written
    QList<DataFile> data;
    bool metadata = false;
};

ActionFiles actionFiles(const ContentRegistry &content, const Value &doc, const QString &pack, const Params &p)
{
    ActionFiles out;
    out.metadata = flag(doc, p, QStringLiteral("write_file"));
    const Value files = doc[u"data_files"];
    if (!files.isNull() && !files.isList())
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("\"data_files\" must be a list of {file_path, content}"));
    if (files.toList().isEmpty() && !out.metadata)
        return out;
    QString why, kind;
    out.folder = packfiles::writableFolder(content, pack, QStringLiteral("actions"), &why, &kind);
    if (out.folder.isEmpty())
        throw SquallException(kind, QStringLiteral("cannot write the files of this action: ") + why);
    for (const Value &f : files.toList()) {
        if (!f.isDict() || !f[u"file_path"].isString() || !f[u"content"].isString())
            throw SquallException(QStringLiteral("BadRequest"),
                                  QStringLiteral("each of \"data_files\" needs a string file_path and content"));
        const QString path = packfiles::resolveInside(out.folder, f[u"file_path"].toString(), &why);
        if (path.isEmpty())
            throw SquallException(QStringLiteral("BadRequest"), why);
        out.data.append({path, f[u"content"].toString().toUtf8()});
    }
    return out;
}

// The action as a pack's actions/<name>.yaml holds it (what a pack reload reads).
QByteArray actionFileText(const Value &action)
{
    ValueDict out;
    for (const char *key : {"name", "pack", "runner_type", "entry_point", "description", "enabled", "parameters",
                            "output_schema", "notify", "tags"}) {
        const QString k = QString::fromLatin1(key);
        const Value v = action[k];
        const bool empty = v.isNull() || (v.isString() && v.toString().isEmpty() && k != u"entry_point")
                        || (v.isList() && v.toList().isEmpty());
        if (!empty || k == u"parameters")
            out.insert(k, k == u"parameters" && v.isNull() ? Value(ValueDict()) : v);
    }
    return QByteArrayLiteral("---\n") + yaml::dump(Value(std::move(out))).toUtf8();
}

// The definition to store: what is written to files stays out of it.
Value definitionOnly(Value doc)
{
    if (doc.isDict()) {
        doc.dictRef().remove(u"data_files");
        doc.dictRef().remove(u"write_file");
    }
    return doc;
}
// Writes the data files; until commit(), a failure puts back what was there
// (a refused definition leaves the pack as it was).
class DataFileWriter
{
public:
    DataFileWriter(const ActionFiles &files, WorkflowService *workflows) : m_workflows(workflows)
    {
        QString why;
        for (const DataFile &f : files.data) {
            QFile old(f.path);
            m_previous.append({f.path, old.exists(), old.open(QIODevice::ReadOnly) ? old.readAll() : QByteArray()});
            if (!packfiles::writeAtomically(f.path, f.content, &why)) {
                rollback();
                throw SquallException(QStringLiteral("Forbidden"), why);
            }
            // A run after this one reads the new file, whatever its mtime says.
            m_workflows->forgetFile(f.path);
        }
    }
    ~DataFileWriter()
    {
        if (!m_committed)
            rollback();
    }
    void commit() { m_committed = true; }

private:
    struct Previous
    {
        QString path;
        bool existed = false;
        QByteArray content;
    };
    void rollback()
    {
        QString why;
        for (const Previous &p : std::as_const(m_previous)) {
            if (p.existed)
                packfiles::writeAtomically(p.path, p.content, &why);
            else
                QFile::remove(p.path);
            m_workflows->forgetFile(p.path);
        }
        m_previous.clear();
    }
    WorkflowService *m_workflows;
    QList<Previous> m_previous;
    bool m_committed = false;
};

// Writes actions/<name>.yaml and says so in the answer.
Value withMetadataFile(Value answer, const ActionFiles &files)
{
    if (!files.metadata)
        return answer;
    QString why;
    const QString name = answer[u"name"].toString();
    // A pack's own action keeps the file it was loaded from.
    const QString loadedFrom = answer[u"metadata_file"].toString();
    const QString relative = loadedFrom.startsWith(u"actions/") ? loadedFrom.mid(8) : name + QStringLiteral(".yaml");
    // The action is stored by now: a file that cannot be written is said in
    // the answer, as for rules.
    const QString path = packfiles::resolveInside(files.folder, relative, &why);
    if (path.isEmpty() || name.contains(u'/'))
        why = QStringLiteral("the action name \"%1\" cannot be a file name").arg(name);
    if (!why.isEmpty() || !packfiles::writeAtomically(path, actionFileText(answer), &why)) {
        answer.dictRef().insert(QStringLiteral("file_error"), why);
        return answer;
    }
    answer.dictRef().insert(QStringLiteral("metadata_file"), QStringLiteral("actions/") + relative);
    return answer;
}
} // namespace

ListResult Engine::listActions(const Params &p)
{
    ValueList all;
    for (const model::ActionDef *a : m_content->actions())
        all.append(a->toApi());
    std::sort(all.begin(), all.end(),
              [](const Value &a, const Value &b) { return a[u"ref"].toString() < b[u"ref"].toString(); });
    return apiquery::page(all, p, {{QStringLiteral("pack"), QStringLiteral("pack")},
                                   {QStringLiteral("name"), QStringLiteral("name")},
                                   {QStringLiteral("runner_type"), QStringLiteral("runner_type")}});
}

Value Engine::getAction(const QString &refOrId)
{
    return requireAction(*m_content, refOrId).toApi();
}

Value Engine::actionParameters(const QString &refOrId)
{
    const model::ActionDef &a = requireAction(*m_content, refOrId);
    return makeDict({{QStringLiteral("parameters"), m_content->parameterSchema(a)}});
}

Value Engine::actionOverview(const QString &refOrId)
{
    const model::ActionDef &a = requireAction(*m_content, refOrId);
    Value doc = a.toApi();
    doc.dictRef().insert(QStringLiteral("parameters"), m_content->parameterSchema(a));
    return doc;
}

QString Engine::actionEntryPoint(const QString &refOrId)
{
    const model::ActionDef &a = requireAction(*m_content, refOrId);
    if (a.entryPointPath.isEmpty())
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("action %1 has no entry point").arg(a.ref()));
    QFile f(a.entryPointPath);
    if (!f.open(QIODevice::ReadOnly))
        throw SquallException(QStringLiteral("NotFound"),
                              QStringLiteral("entry point of %1 cannot be read: %2").arg(a.ref(), f.errorString()));
    // A byte order mark stays in the text (as U+FEFF) so that saving the text
    // back writes the file's very bytes.
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return utf8(f.readAll());
}

Value Engine::createAction(const Value &doc, const Principal &by, const Params &p)
{
    if (!by.isAdmin)
        adminOnly(by, QStringLiteral("creating actions"));
    const QString pack = doc[u"pack"].toString().isEmpty() ? QStringLiteral("default") : doc[u"pack"].toString();
    const ActionFiles files = actionFiles(*m_content, doc, pack, p);
    // Files are written before the definition is checked (its entry point
    // must exist), so a create must not overwrite another action's files.
    if (!files.data.isEmpty() && m_content->action(pack + u'.' + doc[u"name"].toString()))
        throw SquallException(QStringLiteral("Conflict"),
                              QStringLiteral("action %1.%2 already exists").arg(pack, doc[u"name"].toString()));
    DataFileWriter written(files, m_workflows);
    const Value stored = m_content->createAction(definitionOnly(doc)).toApi();
    written.commit();
    const Value created = withMetadataFile(stored, files);
    emitEvent(EventKind::ActionCreate, created);
    return created;
}

Value Engine::updateAction(const QString &refOrId, const Value &doc, const Principal &by, const Params &p)
{
    if (!by.isAdmin)
        adminOnly(by, QStringLiteral("updating actions"));
    const model::ActionDef &existing = requireAction(*m_content, refOrId);
    const QString pack = doc[u"pack"].toString().isEmpty() ? existing.pack : doc[u"pack"].toString();
    const ActionFiles files = actionFiles(*m_content, doc, pack, p);
    DataFileWriter written(files, m_workflows);
    const model::ActionDef &a = m_content->updateAction(refOrId, definitionOnly(doc));
    written.commit();
    if (!a.entryPointPath.isEmpty())
        m_workflows->forgetFile(a.entryPointPath);
    const Value updated = withMetadataFile(a.toApi(), files);
    emitEvent(EventKind::ActionUpdate, updated);
    return updated;
}

void Engine::deleteAction(const QString &refOrId, const Principal &by, const Params &p)
{
    if (!by.isAdmin)
        adminOnly(by, QStringLiteral("deleting actions"));
    const model::ActionDef &a = requireAction(*m_content, refOrId);
    const Value existing = a.toApi();
    QStringList remove;
    if (apiquery::isTrue(p.value(QStringLiteral("remove_files")))) {
        // st2 removes the metadata file and the entry point, inside the pack only.
        QString why, kind;
        const QString folder = packfiles::writableFolder(*m_content, a.pack, QStringLiteral("actions"), &why, &kind);
        if (folder.isEmpty())
            throw SquallException(kind, QStringLiteral("cannot remove the files of %1: %2").arg(a.ref(), why));
        const QString packDir = QFileInfo(folder).absolutePath();
        const QString metadata = a.metadataFile.isEmpty()
                                     ? folder + u'/' + a.name + QStringLiteral(".yaml")
                                     : packfiles::resolveInside(packDir, a.metadataFile, &why);
        for (const QString &f : {metadata, a.entryPointPath}) {
            const QString clean = QDir::cleanPath(f);
            if (!f.isEmpty() && clean.startsWith(packDir + u'/') && QFileInfo(clean).isFile())
                remove.append(clean);
        }
    }
    m_content->deleteAction(refOrId);
    for (const QString &f : std::as_const(remove)) {
        if (!QFile::remove(f))
            qWarning("cannot remove %s", qPrintable(f));
        m_workflows->forgetFile(f);
    }
    emitEvent(EventKind::ActionDelete, existing);
}

ListResult Engine::listRunnerTypes(const Params &p)
{
    ValueList all;
    for (const model::RunnerType *r : m_content->runners())
        all.append(r->toApi());
    return apiquery::page(all, p, {{QStringLiteral("name"), QStringLiteral("name")}});
}

Value Engine::getRunnerType(const QString &name)
{
    const model::RunnerType *r = m_content->runner(name);
    if (!r)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("runner type \"%1\" not found").arg(name));
    return r->toApi();
}

ListResult Engine::listPacks(const Params &p)
{
    ValueList all;
    for (const model::PackDef *pk : m_content->packs())
        all.append(pk->toApi());
    std::sort(all.begin(), all.end(),
              [](const Value &a, const Value &b) { return a[u"ref"].toString() < b[u"ref"].toString(); });
    return apiquery::page(all, p, {{QStringLiteral("name"), QStringLiteral("name")},
                                   {QStringLiteral("ref"), QStringLiteral("ref")}});
}

Value Engine::getPack(const QString &refOrId)
{
    const model::PackDef *pk = m_content->pack(refOrId);
    if (!pk)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("pack \"%1\" not found").arg(refOrId));
    return pk->toApi();
}

Value Engine::registerPacks(const Value &body, const Principal &by)
{
    if (!by.isAdmin)
        adminOnly(by, QStringLiteral("registering packs"));
    if (!body[u"packs"].isNull() && !body[u"packs"].isList())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("\"packs\" must be a list of pack names"));
    QStringList only;
    for (const Value &v : body[u"packs"].toList())
        only.append(v.toString());
    const QList<Error> errors = m_content->load(m_content->packRoots(), only);
    QList<Error> ruleErrors = m_rules->load(m_content->packRules());
    ValueList errs;
    for (const Error &e : errors + ruleErrors)
        errs.append(Value(e.toString()));
    if (body[u"fail_on_failure"].toBool() && !errs.isEmpty())
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("%1 problem(s) while registering: %2").arg(errs.size()).arg(errs.first().toString()));
    m_loadErrors = errors + ruleErrors;
    Value summary = makeDict({{QStringLiteral("packs"), qint64(m_content->packs().size())},
                     {QStringLiteral("actions"), qint64(m_content->actions().size())},
                     {QStringLiteral("rules"), qint64(m_content->packRules().size())},
                     {QStringLiteral("triggers"), qint64(m_content->triggerTypes().size())},
                     {QStringLiteral("sensors"), qint64(m_content->sensors().size())},
                     {QStringLiteral("errors"), Value(std::move(errs))}});
    emitEvent(EventKind::PacksRegister, summary);
    return summary;
}

Value Engine::getConfig(const QString &pack, const Params &p, const Principal &by)
{
    if (!m_content->pack(pack))
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("pack \"%1\" not found").arg(pack));
    const Value config = m_content->packConfig(pack);
    const bool show = apiquery::isTrue(p.value(QStringLiteral("show_secrets"))) && by.isAdmin;
    const Value values = show ? config : schema::maskSecrets(config, m_content->packConfigSchema(pack));
    return makeDict({{QStringLiteral("pack"), pack}, {QStringLiteral("values"), values}});
}

Value Engine::getConfigSchema(const QString &pack)
{
    if (!m_content->pack(pack))
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("pack \"%1\" not found").arg(pack));
    return makeDict({{QStringLiteral("pack"), pack}, {QStringLiteral("attributes"), m_content->packConfigSchema(pack)}});
}

} // namespace squall::engine
