#include "packs/LintReport.h"

#include "base/Yaml.h"
#include "model/Builtins.h"
#include "model/DocumentLoader.h"
#include "model/FieldChecker.h"
#include "model/RuleNormalizer.h"
#include "packs/PackLoader.h"
#include "workflow/chain/ChainSpec.h"
#include "workflow/inspect/Inspector.h"

#include <QDir>
#include <QHash>
#include <QSet>

namespace squall::packs {

using model::FieldChecker;

namespace {

void lintWorkflows(const PackContent &pc, QList<Error> *errors)
{
    for (const model::ActionDef &a : pc.actions) {
        const bool chain = a.runnerType == u"action-chain";
        if (a.entryPointPath.isEmpty() || (!chain && a.runnerType != u"orquesta" && a.runnerType != u"orchestra"))
            continue;
        auto doc = model::loadDocument(a.entryPointPath, errors);
        if (!doc)
            continue;
        FieldChecker c(doc->locations.get(), a.entryPointPath, errors);
        if (!doc->value.isDict()) {
            c.error(QString(), FieldChecker::typeMismatch("a workflow mapping", doc->value));
            continue;
        }
        if (chain) {
            // The chain loader reports every problem with its location.
            QList<Error> chainErrors;
            actionchain::ChainSpec::fromDocument(*doc, &chainErrors);
            errors->append(chainErrors);
            continue;
        }
        // Orquesta's inspection, with the names StackStorm puts in the context.
        for (const workflow::InspectionError &e :
             workflow::inspectWorkflow(doc->value, doc->locations.get(), {QStringLiteral("st2"), QStringLiteral("parent")})) {
            Error err{e.message, e.location, e.specPath, e.type};
            if (err.location.file.isEmpty())
                err.location.file = a.entryPointPath;
            errors->append(err);
        }
    }
}

} // namespace

QString formatError(const Error &error)
{
    if (!FieldChecker::isWarning(error))
        return error.toString();
    Error shown = error;
    shown.message = QStringLiteral("warning: ") + error.message;
    return shown.toString();
}

int LintReport::errorCount() const
{
    int n = 0;
    for (const Error &e : errors)
        n += FieldChecker::isWarning(e) ? 0 : 1;
    return n;
}

int LintReport::warningCount() const
{
    return int(errors.size()) - errorCount();
}

QString LintReport::format(const QString &baseDir) const
{
    QString out;
    int files = 0;
    for (const PackContent &pc : packs)
        files += pc.filesRead;
    const QDir base(baseDir);
    for (const Error &e : errors) {
        if (baseDir.isEmpty() || e.location.file.isEmpty()) {
            out += formatError(e) + u'\n';
            continue;
        }
        Error shown = e;
        shown.location.file = QDir::cleanPath(base.relativeFilePath(base.absoluteFilePath(e.location.file)));
        out += formatError(shown) + u'\n';
    }
    out += QStringLiteral("%1 error(s), %2 warning(s) in %3 pack(s), %4 file(s)\n")
               .arg(errorCount())
               .arg(warningCount())
               .arg(packs.size())
               .arg(files);
    return out;
}

LintReport lint(const QString &path, const LintOptions &options)
{
    LintReport report;
    report.packs = loadPackDirs({path}, options.load);
    if (report.packs.isEmpty()) {
        report.errors.append(Error{QStringLiteral("no pack found (no pack.yaml here or in a subdirectory)"),
                                   SourceLocation{path, 0, 0}, QString(), QStringLiteral("schema")});
        return report;
    }

    QSet<QString> actions;
    QHash<QString, const model::TriggerTypeDef *> triggers;
    for (const model::TriggerTypeDef &t : model::builtinTriggerTypes())
        triggers.insert(t.ref(), &t);
    const QList<PackContent> known = options.knownPackRoots.isEmpty()
        ? QList<PackContent>() : loadPackDirs(options.knownPackRoots, options.load);
    for (const QList<PackContent> *list : std::initializer_list<const QList<PackContent> *>{&known, &report.packs}) {
        for (const PackContent &pc : *list) {
            for (const model::ActionDef &a : pc.actions)
                actions.insert(a.ref());
            for (const model::TriggerTypeDef &t : pc.triggerTypes)
                triggers.insert(t.ref(), &t);
        }
    }

    QStringList systemDirs;
    for (const QString &root : options.knownPackRoots)
        systemDirs.append(QDir::cleanPath(QDir(root).absolutePath()) + u'/');
    for (const PackContent &pc : report.packs) {
        report.packDirs.append(pc.dir);
        report.errors.append(pc.errors);
        if (pc.ref() == u"core" || pc.ref() == u"packs") {
            const QString abs = QDir::cleanPath(QDir(pc.dir).absolutePath()) + u'/';
            bool isSystem = false;
            for (const QString &s : systemDirs)
                isSystem = isSystem || abs.startsWith(s);
            if (!isSystem)
                report.errors.append(Error{QStringLiteral("pack name '%1' is reserved for the bundled pack").arg(pc.ref()),
                                           SourceLocation{QDir(pc.dir).filePath(QStringLiteral("pack.yaml")), 0, 0},
                                           QStringLiteral("name"), QStringLiteral("warning")});
        }
        lintWorkflows(pc, &report.errors);
        for (const Value &rule : pc.rules) {
            const QString file = QDir(pc.dir).filePath(rule[u"metadata_file"].toString());
            auto doc = model::loadDocument(file, nullptr);
            const yaml::LocationMap *locs = doc ? doc->locations.get() : nullptr;
            FieldChecker c(locs, file, &report.errors);
            const QString actionRef = rule[u"action"][u"ref"].toString();
            if (!actions.contains(actionRef))
                c.warning(QStringLiteral("action.ref"),
                          QStringLiteral("action '%1' is not defined in any loaded pack").arg(actionRef));
            const QString triggerType = rule[u"trigger"][u"type"].toString();
            const auto it = triggers.constFind(triggerType);
            if (it == triggers.cend()) {
                c.warning(QStringLiteral("trigger.type"),
                          QStringLiteral("trigger type '%1' is not defined in any loaded pack").arg(triggerType));
            } else if (!model::findBuiltinTriggerType(triggerType) && (*it)->pack != pc.pack.ref) {
                // Built-in and same-pack types were checked while loading.
                model::checkTriggerParameters(**it, rule[u"trigger"][u"parameters"], locs, &report.errors, file);
            }
        }
    }
    return report;
}

} // namespace squall::packs
