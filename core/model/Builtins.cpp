#include "model/Builtins.h"

#include "model/DocumentLoader.h"
#include "model/Loaders.h"

#include <QDir>

namespace squall::model {

namespace {

struct BuiltinData
{
    QList<RunnerType> runners;
    QList<TriggerTypeDef> triggers;
    QList<Error> errors;
};

QStringList resourceFiles(const QString &dir)
{
    QStringList out;
    const QDir d(dir);
    for (const QString &f : d.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
        out.append(d.filePath(f));
    return out;
}

BuiltinData loadBuiltins()
{
    BuiltinData data;
    for (const QString &file : resourceFiles(QStringLiteral(":/squall/runners"))) {
        const auto doc = loadDocument(file, &data.errors);
        if (!doc)
            continue;
        const ValueList &items = doc->value.toList();
        for (qsizetype i = 0; i < items.size(); ++i) {
            auto r = runnerTypeFromValue(items[i], doc->locations.get(), file,
                                         QStringLiteral("[") + QString::number(i) + u']', &data.errors);
            if (r)
                data.runners.append(std::move(*r));
        }
    }
    for (const QString &file : resourceFiles(QStringLiteral(":/squall/triggers"))) {
        const auto doc = loadDocument(file, &data.errors);
        if (!doc)
            continue;
        const ValueList &items = doc->value.toList();
        for (qsizetype i = 0; i < items.size(); ++i) {
            auto t = triggerTypeFromValue(items[i], doc->locations.get(), file,
                                          QStringLiteral("[") + QString::number(i) + u']', QStringLiteral("core"),
                                          &data.errors);
            if (t) {
                t->metadataFile.clear();
                data.triggers.append(std::move(*t));
            }
        }
    }
    return data;
}

const BuiltinData &builtins()
{
    static const BuiltinData data = loadBuiltins();
    return data;
}

} // namespace

const QList<RunnerType> &builtinRunnerTypes()
{
    return builtins().runners;
}

const RunnerType *findBuiltinRunnerType(QStringView name)
{
    for (const RunnerType &r : builtins().runners)
        if (r.name == name || r.aliases.contains(name))
            return &r;
    return nullptr;
}

const QList<TriggerTypeDef> &builtinTriggerTypes()
{
    return builtins().triggers;
}

const TriggerTypeDef *findBuiltinTriggerType(QStringView ref)
{
    for (const TriggerTypeDef &t : builtins().triggers)
        if (t.ref() == ref)
            return &t;
    return nullptr;
}

QList<Error> builtinLoadErrors()
{
    return builtins().errors;
}

} // namespace squall::model
