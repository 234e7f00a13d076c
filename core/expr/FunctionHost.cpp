#include "expr/FunctionHost.h"

namespace squall::expr {

namespace {

// Neither Jinja nor YAQL identifiers may hold '@' or a space.
constexpr QStringView kHostName = u"@function host";

// How the host travels through Scope::lookup, which deals in Values.
class HostHandle final : public ValueObject
{
public:
    explicit HostHandle(const FunctionHost *host) : m_host(host) { }
    Value attribute(const QString &) const override { return {}; }
    Value resolve() const override { return {}; }
    const FunctionHost *host() const { return m_host; }

private:
    const FunctionHost *m_host;
};

} // namespace

HostScope::HostScope(const FunctionHost *host, const Scope *parent)
    : m_host(host), m_parent(parent), m_handle(std::make_shared<HostHandle>(host))
{
}

bool HostScope::lookup(QStringView name, Value *out) const
{
    if (name == kHostName) {
        *out = m_handle;
        return true;
    }
    return m_parent && m_parent->lookup(name, out);
}

const FunctionHost *functionHost(const CallContext &cc)
{
    Value handle;
    if (!cc.scope || !cc.scope->lookup(kHostName, &handle) || !handle.isObject())
        return nullptr;
    const auto *h = dynamic_cast<const HostHandle *>(handle.toObject().get());
    return h ? h->host() : nullptr;
}

const Function *hostedFunction(const CallContext &cc, QStringView name)
{
    const FunctionHost *host = functionHost(cc);
    return host ? host->hostedFunction(name) : nullptr;
}

} // namespace squall::expr
