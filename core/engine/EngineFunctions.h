#pragma once

#include "expr/FunctionHost.h"
#include "workflow/orquesta/WorkflowFunctions.h"

#include <QString>

namespace squall::store { class Store; }

namespace squall::engine {

class KeyValueService;

// The expression functions that read one engine's data: st2kv() and
// decrypt_kv() over its datastore, and the execution records behind st2's
// task(). Lent to expressions through scope() — never registered process-wide —
// so engines sharing a process stay apart.
class EngineFunctions final : public expr::FunctionHost, public orquesta::Datastore
{
public:
    EngineFunctions(store::Store *store, const KeyValueService *kv, QString systemUser);
    ~EngineFunctions() override;

    // The root to evaluate with (the parent of a DictScope, or a conductor's function scope).
    const expr::Scope *scope() const { return &m_scope; }

    const expr::Function *hostedFunction(QStringView name) const override;
    bool find(bool system, const QString &user, const QString &name, Value *value, bool *secret) const override;
    bool decrypt(const QString &cipher, QString *plain) const override;

private:
    Value taskRecord(const QString &workflowId, const QString &task, int route) const;

    store::Store *m_store;
    const KeyValueService *m_kv;
    QString m_systemUser;
    expr::HostScope m_scope;
    expr::Function m_st2kv, m_decryptKv, m_taskRecord;
};

} // namespace squall::engine
