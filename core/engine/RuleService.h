#pragma once

#include "engine/EngineEvent.h"
#include "base/Error.h"
#include "base/Value.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

namespace squall::store { class Store; }
namespace squall::expr { class Scope; }
namespace squall::rules { class RuleIndex; }

namespace squall::engine {

class ContentRegistry;
class ExecutionService;
class KeyValueService;
class TriggerRegistry;

// Rules (from pack folders and the API) and the trigger path through them:
// persist the trigger instance, find candidate rules by trigger (an index, not
// a scan), evaluate criteria, enforce matches into executions, and record a
// rule enforcement for every match and every criteria failure.
class RuleService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleService)
public:
    RuleService(store::Store *store, ContentRegistry *content, TriggerRegistry *triggers,
                ExecutionService *executions, KeyValueService *kv, QString systemUser, QObject *parent = nullptr);
    ~RuleService() override;

    void setEventSink(std::function<void(EventKind kind, const Value &doc)> sink) { m_emit = std::move(sink); }

    // (Re)loads pack rules, then the rules created or changed through the API.
    QList<Error> load(const ValueList &packRules);

    ValueList rules() const;
    Value rule(const QString &refOrId) const;  // null when unknown
    Value create(const Value &doc, const QString &user);
    Value update(const QString &refOrId, const Value &doc, const QString &user);
    void remove(const QString &refOrId);

    // Stores a trigger instance for `triggerRef`, matches and enforces rules.
    // Returns the stored instance; the caller waits for durability if needed.
    Value dispatch(const QString &triggerRef, const Value &payload, const QString &traceTag);
    bool hasRulesFor(const QString &triggerRef) const;
    // Where rule action parameters find the engine's decrypt_kv().
    void setFunctionScope(const expr::Scope *scope) { m_functionScope = scope; }
    // Instances accepted before a crash but not processed: process them now.
    void reprocessPending();

private:
    Value normalize(const Value &doc, const QString &packHint) const;
    void install(const Value &doc);  // index + trigger registration; doc must be normalized
    void refreshActiveTriggers();
    void process(Value &instance);
    void emitEvent(EventKind type, const Value &doc) const;

    store::Store *m_store;
    ContentRegistry *m_content;
    TriggerRegistry *m_triggers;
    ExecutionService *m_executions;
    KeyValueService *m_kv;
    const expr::Scope *m_functionScope = nullptr;
    QString m_systemUser;
    std::function<void(EventKind, const Value &)> m_emit;
    std::unique_ptr<rules::RuleIndex> m_index;
    QHash<QString, Value> m_docs;     // ref -> API document
    QHash<QString, QString> m_ids;    // id -> ref
};

} // namespace squall::engine
