#pragma once

#include "expr/Functions.h"
#include "expr/Jinja.h"

#include <QStringView>

// Functions whose meaning depends on the engine doing the evaluating
// (st2kv, decrypt_kv, task): the registry holds one dispatcher per name, and
// each engine lends its own implementation through the scope it evaluates
// with. Nothing process-wide is rebound, so two engines in one process (a
// studio attached to one data dir while testing another) never see each
// other's datastore.
namespace squall::expr {

class FunctionHost
{
public:
    virtual ~FunctionHost() = default;
    // This host's implementation of `name`, or null when it has none.
    virtual const Function *hostedFunction(QStringView name) const = 0;
};

// The root of an evaluation scope that carries a host. Put it under the
// evaluation's own scope (as DataScope's or DictScope's parent): functions find
// it by a name no expression can spell, so templates cannot reach it.
class HostScope final : public Scope
{
public:
    explicit HostScope(const FunctionHost *host, const Scope *parent = nullptr);
    bool lookup(QStringView name, Value *out) const override;
    const FunctionHost *host() const { return m_host; }

private:
    const FunctionHost *m_host;
    const Scope *m_parent;
    Value m_handle;
};

// The host lent to the evaluation this call belongs to, or null.
const FunctionHost *functionHost(const CallContext &cc);
// The host's `name`, or null (no host, or the host lacks it).
const Function *hostedFunction(const CallContext &cc, QStringView name);

} // namespace squall::expr
