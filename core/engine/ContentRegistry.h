#pragma once

#include "base/Error.h"
#include "model/ActionDef.h"
#include "model/PackDef.h"
#include "model/RunnerType.h"
#include "model/SensorDef.h"
#include "model/TriggerTypeDef.h"

#include <QHash>
#include <QStringList>

namespace squall::store { class Store; }

namespace squall::engine {

// What the engine knows it can run: runner types, packs and their actions,
// trigger types and sensors. Built from the pack folders at start (and on
// `pack register`), plus actions created through the API, which are kept in the
// store so they survive restarts.
class ContentRegistry final
{
public:
    explicit ContentRegistry(store::Store *store);

    // Loads built-in runner and trigger types, every pack under `packRoots`
    // and the API-created actions. Returns every load error; nothing stops
    // at the first one.
    QList<Error> load(const QStringList &packRoots, const QStringList &onlyPacks = {});
    QStringList packRoots() const { return m_packRoots; }

    const model::RunnerType *runner(const QString &name) const;
    const model::ActionDef *action(const QString &refOrId) const;
    const model::TriggerTypeDef *triggerType(const QString &ref) const;
    const model::PackDef *pack(const QString &refOrId) const;
    const model::SensorDef *sensor(const QString &refOrId) const;
    // Rules shipped in pack folders, normalized (API shape).
    const ValueList &packRules() const { return m_packRules; }
    Value packConfig(const QString &pack) const;
    Value packConfigSchema(const QString &pack) const;

    // Merged runner + action parameter schema, cached per action.
    Value parameterSchema(const model::ActionDef &action) const;

    QList<const model::RunnerType *> runners() const;
    QList<const model::ActionDef *> actions() const;
    QList<const model::TriggerTypeDef *> triggerTypes() const;
    QList<const model::PackDef *> packs() const;
    QList<const model::SensorDef *> sensors() const;

    // API-created actions (kept in the store). Throw SquallException on bad input.
    const model::ActionDef &createAction(const Value &doc);
    const model::ActionDef &updateAction(const QString &refOrId, const Value &doc);
    void deleteAction(const QString &refOrId);
    void registerTriggerType(const model::TriggerTypeDef &type);
    // Enables or disables a sensor type; the choice is stored and outlives
    // restarts and pack reloads (the pack file keeps its own `enabled`).
    const model::SensorDef &setSensorEnabled(const QString &refOrId, bool enabled);

private:
    model::ActionDef actionFromDocument(const Value &doc, const model::ActionDef *previous) const;
    void addAction(const model::ActionDef &action);

    store::Store *m_store;
    QStringList m_packRoots;
    QHash<QString, model::RunnerType> m_runners;      // by name and alias
    QHash<QString, model::ActionDef> m_actions;       // by ref
    QHash<QString, QString> m_actionIds;              // id -> ref
    QHash<QString, model::TriggerTypeDef> m_triggerTypes;
    QHash<QString, model::PackDef> m_packs;
    QHash<QString, model::SensorDef> m_sensors;
    QHash<QString, Value> m_configs;
    QHash<QString, Value> m_configSchemas;
    ValueList m_packRules;
    mutable QHash<QString, Value> m_schemaCache;
};

} // namespace squall::engine
