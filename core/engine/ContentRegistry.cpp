#include "engine/ContentRegistry.h"

#include "base/Ids.h"
#include "model/Builtins.h"
#include "model/Loaders.h"
#include "model/ParameterSchema.h"
#include "packs/PackLoader.h"
#include "store/Store.h"

#include <QSet>

#include <algorithm>

namespace squall::engine {

namespace {
const QString kActionKind = QStringLiteral("action");
// {ref, enabled} set through the API, by sensor ref.
const QString kSensorStateKind = QStringLiteral("sensor_state");

template<typename T>
QList<const T *> sortedPointers(const QHash<QString, T> &h)
{
    QList<const T *> out;
    out.reserve(h.size());
    for (const T &v : h)
        out.append(&v);
    return out;
}

// Definitions read from files have no id of their own; StackStorm clients need
// one (st2 uses it as the row key), so derive it from the uid: stable across runs.
template<typename Def>
Def identified(Def def)
{
    if (def.id.isEmpty())
        def.id = stableId(def.uid());
    return def;
}

} // namespace

ContentRegistry::ContentRegistry(store::Store *store) : m_store(store) { }

QList<Error> ContentRegistry::load(const QStringList &packRoots, const QStringList &onlyPacks)
{
    QList<Error> errors = model::builtinLoadErrors();
    m_packRoots = packRoots;
    m_runners.clear();
    for (const model::RunnerType &r : model::builtinRunnerTypes()) {
        const model::RunnerType withId = identified(r);
        m_runners.insert(r.name, withId);
        for (const QString &alias : r.aliases)
            m_runners.insert(alias, withId);
    }
    if (onlyPacks.isEmpty()) {
        m_actions.clear();
        m_actionIds.clear();
        m_triggerTypes.clear();
        m_packs.clear();
        m_sensors.clear();
        m_configs.clear();
        m_configSchemas.clear();
        m_packRules.clear();
    }
    m_schemaCache.clear();
    for (const model::TriggerTypeDef &t : model::builtinTriggerTypes())
        m_triggerTypes.insert(t.ref(), identified(t));

    ValueList keptRules;
    for (const Value &r : std::as_const(m_packRules))
        if (!onlyPacks.contains(r[u"pack"].toString()))
            keptRules.append(r);
    m_packRules = keptRules;

    for (packs::PackContent &pc : packs::loadPackDirs(packRoots)) {
        if (!onlyPacks.isEmpty() && !onlyPacks.contains(pc.ref()))
            continue;
        errors += pc.errors;
        if (pc.ref().isEmpty())
            continue;
        // Reloading a pack replaces everything it had.
        for (auto it = m_actions.begin(); it != m_actions.end();) {
            if (it->pack == pc.ref() && !it->packPath.isEmpty()) {
                m_actionIds.remove(it->id);
                it = m_actions.erase(it);
            } else {
                ++it;
            }
        }
        m_packs.insert(pc.ref(), identified(pc.pack));
        for (const model::ActionDef &a : std::as_const(pc.actions))
            addAction(a);
        for (const model::TriggerTypeDef &t : std::as_const(pc.triggerTypes))
            m_triggerTypes.insert(t.ref(), identified(t));
        for (const model::SensorDef &s : std::as_const(pc.sensors)) {
            m_sensors.insert(s.ref(), identified(s));
            for (const model::TriggerTypeDef &t : s.triggerTypes)
                m_triggerTypes.insert(t.ref(), identified(t));
        }
        if (!pc.config.isNull())
            m_configs.insert(pc.ref(), pc.config);
        if (!pc.configSchema.isNull())
            m_configSchemas.insert(pc.ref(), pc.configSchema);
        for (const Value &r : std::as_const(pc.rules))
            m_packRules.append(r);
    }
    for (const Value &state : m_store->definitions(kSensorStateKind)) {
        if (const auto it = m_sensors.find(state[u"ref"].toString()); it != m_sensors.end())
            it->enabled = state[u"enabled"].toBool();
    }

    // Actions created through the API live in the store and win over files.
    for (const Value &doc : m_store->definitions(kActionKind)) {
        QList<Error> errs;
        // Its entry point is a file of its pack (written through the API with
        // data_files, say); when that file is gone, it loads as before, unresolved.
        const model::PackDef *home = pack(doc[u"pack"].toString());
        std::optional<model::ActionDef> a;
        if (home && !home->path.isEmpty()) {
            QList<Error> ignored;
            a = model::actionFromValue(doc, nullptr, QStringLiteral("<api>"), doc[u"pack"].toString(), home->path,
                                       &ignored);
            if (a)
                a->metadataFile.clear();  // it has no file of its own
        }
        if (!a)
            a = model::actionFromValue(doc, nullptr, QStringLiteral("<api>"), doc[u"pack"].toString(), QString(),
                                       &errs);
        if (a)
            addAction(*a);
        else
            errors += errs;
    }
    return errors;
}

void ContentRegistry::addAction(const model::ActionDef &action)
{
    model::ActionDef a = action;
    if (a.id.isEmpty())
        a.id = stableId(a.ref());
    m_actionIds.insert(a.id, a.ref());
    m_actions.insert(a.ref(), a);
    m_schemaCache.remove(a.ref());
}

const model::RunnerType *ContentRegistry::runner(const QString &name) const
{
    const auto it = m_runners.constFind(name);
    return it == m_runners.cend() ? nullptr : &*it;
}

const model::ActionDef *ContentRegistry::action(const QString &refOrId) const
{
    auto it = m_actions.constFind(refOrId);
    if (it == m_actions.cend()) {
        const auto id = m_actionIds.constFind(refOrId);
        if (id == m_actionIds.cend())
            return nullptr;
        it = m_actions.constFind(*id);
    }
    return it == m_actions.cend() ? nullptr : &*it;
}

const model::TriggerTypeDef *ContentRegistry::triggerType(const QString &ref) const
{
    const auto it = m_triggerTypes.constFind(ref);
    return it == m_triggerTypes.cend() ? nullptr : &*it;
}

const model::PackDef *ContentRegistry::pack(const QString &refOrId) const
{
    if (const auto it = m_packs.constFind(refOrId); it != m_packs.cend())
        return &*it;
    for (const model::PackDef &p : m_packs)
        if (p.id == refOrId || p.name == refOrId)
            return &p;
    return nullptr;
}

const model::SensorDef *ContentRegistry::sensor(const QString &refOrId) const
{
    if (const auto it = m_sensors.constFind(refOrId); it != m_sensors.cend())
        return &*it;
    for (const model::SensorDef &s : m_sensors)
        if (s.id == refOrId || s.className == refOrId)
            return &s;
    return nullptr;
}

const model::SensorDef &ContentRegistry::setSensorEnabled(const QString &refOrId, bool enabled)
{
    const model::SensorDef *found = sensor(refOrId);
    if (!found)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("sensor \"%1\" not found").arg(refOrId));
    model::SensorDef &s = m_sensors[found->ref()];
    s.enabled = enabled;
    m_store->putDefinition(kSensorStateKind, s.ref(),
                           makeDict({{QStringLiteral("ref"), s.ref()}, {QStringLiteral("enabled"), enabled}}));
    return s;
}

Value ContentRegistry::packConfig(const QString &pack) const
{
    return m_configs.value(pack, Value(ValueDict()));
}

Value ContentRegistry::packConfigSchema(const QString &pack) const
{
    return m_configSchemas.value(pack, Value(ValueDict()));
}

Value ContentRegistry::parameterSchema(const model::ActionDef &action) const
{
    const QString ref = action.ref();
    if (const auto it = m_schemaCache.constFind(ref); it != m_schemaCache.cend())
        return *it;
    const model::RunnerType *r = runner(action.runnerType);
    const Value merged = r ? model::mergedParameterSchema(*r, action) : action.parameters;
    m_schemaCache.insert(ref, merged);
    return merged;
}

QList<const model::RunnerType *> ContentRegistry::runners() const
{
    QList<const model::RunnerType *> out;
    QSet<QString> seen;
    for (const model::RunnerType &r : m_runners) {
        if (!seen.contains(r.name)) {
            seen.insert(r.name);
            out.append(&r);
        }
    }
    std::sort(out.begin(), out.end(), [](auto *a, auto *b) { return a->name < b->name; });
    return out;
}

QList<const model::ActionDef *> ContentRegistry::actions() const
{
    return sortedPointers(m_actions);
}

QList<const model::TriggerTypeDef *> ContentRegistry::triggerTypes() const
{
    return sortedPointers(m_triggerTypes);
}

QList<const model::PackDef *> ContentRegistry::packs() const
{
    return sortedPointers(m_packs);
}

QList<const model::SensorDef *> ContentRegistry::sensors() const
{
    return sortedPointers(m_sensors);
}

model::ActionDef ContentRegistry::actionFromDocument(const Value &doc, const model::ActionDef *previous) const
{
    if (!doc.isDict())
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("an action must be a JSON object"));
    QString pack = doc[u"pack"].toString();
    if (pack.isEmpty())
        pack = previous ? previous->pack : QStringLiteral("default");
    // An action created through the API may point at a script of an installed pack.
    QString packPath = previous ? previous->packPath : QString();
    if (packPath.isEmpty()) {
        if (const model::PackDef *p = this->pack(pack))
            packPath = p->path;
    }
    QList<Error> errors;
    auto a = model::actionFromValue(doc, nullptr, QStringLiteral("<request>"), pack, packPath, &errors);
    QStringList messages;
    for (const Error &e : errors)
        if (e.kind != u"warning")
            messages.append(e.toString());
    if (!a || !messages.isEmpty())
        throw SquallException(QStringLiteral("BadRequest"), messages.isEmpty() ? QStringLiteral("invalid action")
                                                                               : messages.join(QStringLiteral("; ")));
    // The request is no file: a pack's action keeps the file it came from.
    a->metadataFile = previous ? previous->metadataFile : QString();
    return *a;
}

namespace {
Value withId(const Value &doc, const QString &id, const QString &pack)
{
    Value out = doc;
    out.dictRef().insert(QStringLiteral("id"), id);
    out.dictRef().insert(QStringLiteral("pack"), pack);
    return out;
}
} // namespace

const model::ActionDef &ContentRegistry::createAction(const Value &doc)
{
    model::ActionDef a = actionFromDocument(doc, nullptr);
    if (const auto it = m_actions.constFind(a.ref()); it != m_actions.cend()) {
        // Registering the very definition a pack already provides (the way the
        // seed registers examples.orquesta-sequential) changes nothing: it is
        // not a conflict.
        const model::ActionDef &e = *it;
        if (e.runnerType == a.runnerType && e.entryPoint == a.entryPoint && e.parameters == a.parameters
            && e.enabled == a.enabled && e.description == a.description)
            return e;
        throw SquallException(QStringLiteral("Conflict"), QStringLiteral("action %1 already exists").arg(a.ref()));
    }
    if (!isId(a.id) || m_actionIds.contains(a.id))
        a.id = newId();
    addAction(a);
    m_store->putDefinition(kActionKind, a.ref(), withId(doc, a.id, a.pack));
    return m_actions[a.ref()];
}

const model::ActionDef &ContentRegistry::updateAction(const QString &refOrId, const Value &doc)
{
    const model::ActionDef *existing = action(refOrId);
    if (!existing)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("action \"%1\" not found").arg(refOrId));
    model::ActionDef a = actionFromDocument(doc, existing);
    if (a.ref() != existing->ref())
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("the document describes action %1, not %2").arg(a.ref(), existing->ref()));
    a.id = existing->id;
    a.packPath = existing->packPath;
    if (a.entryPointPath.isEmpty())
        a.entryPointPath = existing->entryPointPath;
    addAction(a);
    m_store->putDefinition(kActionKind, a.ref(), withId(doc, a.id, a.pack));
    return m_actions[a.ref()];
}

void ContentRegistry::deleteAction(const QString &refOrId)
{
    const model::ActionDef *existing = action(refOrId);
    if (!existing)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("action \"%1\" not found").arg(refOrId));
    const QString ref = existing->ref();
    m_actionIds.remove(existing->id);
    m_actions.remove(ref);
    m_schemaCache.remove(ref);
    m_store->removeDefinition(kActionKind, ref);
}

void ContentRegistry::registerTriggerType(const model::TriggerTypeDef &type)
{
    m_triggerTypes.insert(type.ref(), identified(type));
}

} // namespace squall::engine
