#include "expr/Functions.h"

#include "base/Error.h"

#include <QHash>
#include <QReadWriteLock>

namespace squall::expr {

void throwTypeError(const QString &message)
{
    throw SquallException(QStringLiteral("TypeError"), message);
}

void throwValueError(const QString &message)
{
    throw SquallException(QStringLiteral("ValueError"), message);
}

void throwTemplateError(const QString &message)
{
    throw SquallException(QStringLiteral("TemplateError"), message);
}

std::shared_ptr<const Function> FunctionSlot::function() const
{
    while (m_lock.test_and_set(std::memory_order_acquire)) { }
    std::shared_ptr<const Function> fn = m_fn;
    m_lock.clear(std::memory_order_release);
    return fn;
}

void FunctionSlot::bind(std::shared_ptr<const Function> fn)
{
    while (m_lock.test_and_set(std::memory_order_acquire)) { }
    m_fn.swap(fn);
    m_lock.clear(std::memory_order_release);
    // The previous function is released here, outside the lock.
}

Value FunctionSlot::call(const ValueList &args, const ValueDict &kwargs, const CallContext &ctx) const
{
    const std::shared_ptr<const Function> fn = function();
    if (!fn)
        throwTemplateError(QStringLiteral("no function named '%1'").arg(m_name));
    return (*fn)(args, kwargs, ctx);
}

struct FunctionRegistry::Private
{
    mutable QReadWriteLock lock;
    QHash<QString, std::shared_ptr<FunctionSlot>> filters;
    QHash<QString, std::shared_ptr<FunctionSlot>> globals;

    static std::shared_ptr<FunctionSlot> slotIn(QHash<QString, std::shared_ptr<FunctionSlot>> &h, const QString &name)
    {
        auto &s = h[name];
        if (!s)
            s = std::make_shared<FunctionSlot>(name);
        return s;
    }
};

FunctionRegistry::FunctionRegistry() : d(std::make_unique<Private>()) { }
FunctionRegistry::~FunctionRegistry() = default;

FunctionRegistry &FunctionRegistry::instance()
{
    static FunctionRegistry *r = [] {
        auto *reg = new FunctionRegistry;
        registerJinjaBuiltins(*reg);
        registerSt2Functions(*reg);
        return reg;
    }();
    return *r;
}

void FunctionRegistry::add(const QString &name, Function fn, unsigned kinds)
{
    auto shared = std::make_shared<const Function>(std::move(fn));
    QWriteLocker locker(&d->lock);
    if (kinds & Filter)
        Private::slotIn(d->filters, name)->bind(shared);
    if (kinds & Global)
        Private::slotIn(d->globals, name)->bind(shared);
}

void FunctionRegistry::remove(const QString &name)
{
    QWriteLocker locker(&d->lock);
    // Slots stay (templates may hold them) but become unbound.
    if (auto it = d->filters.find(name); it != d->filters.end())
        (*it)->bind(nullptr);
    if (auto it = d->globals.find(name); it != d->globals.end())
        (*it)->bind(nullptr);
}

static std::shared_ptr<const FunctionSlot> findSlot(const QHash<QString, std::shared_ptr<FunctionSlot>> &h,
                                                    QStringView name)
{
    const auto it = h.constFind(name.toString());
    if (it == h.cend() || !(*it)->function())
        return nullptr;
    return *it;
}

std::shared_ptr<const FunctionSlot> FunctionRegistry::filter(QStringView name) const
{
    QReadLocker locker(&d->lock);
    return findSlot(d->filters, name);
}

std::shared_ptr<const FunctionSlot> FunctionRegistry::global(QStringView name) const
{
    QReadLocker locker(&d->lock);
    return findSlot(d->globals, name);
}

QStringList FunctionRegistry::filterNames() const
{
    QReadLocker locker(&d->lock);
    QStringList out;
    for (auto it = d->filters.cbegin(); it != d->filters.cend(); ++it)
        if ((*it)->function())
            out << it.key();
    out.sort();
    return out;
}

QStringList FunctionRegistry::globalNames() const
{
    QReadLocker locker(&d->lock);
    QStringList out;
    for (auto it = d->globals.cbegin(); it != d->globals.cend(); ++it)
        if ((*it)->function())
            out << it.key();
    out.sort();
    return out;
}

Value FunctionRegistry::call(QStringView name, const ValueList &args, const ValueDict &kwargs,
                             const CallContext &ctx) const
{
    auto slot = filter(name);
    if (!slot)
        slot = global(name);
    if (!slot)
        throwTemplateError(QStringLiteral("no function named '%1'").arg(name));
    return slot->call(args, kwargs, ctx);
}

ArgBinder::ArgBinder(const char *function, const ValueList &args, const ValueDict &kwargs,
                     std::initializer_list<const char *> params, int required)
{
    const int n = int(params.size());
    m_bound.resize(n);
    m_present.resize(n);
    if (args.size() > n)
        throwTypeError(QStringLiteral("%1() takes at most %2 arguments (%3 given)")
                           .arg(QLatin1StringView(function)).arg(n).arg(args.size()));
    for (int i = 0; i < args.size(); ++i) {
        m_bound[i] = args.at(i);
        m_present[i] = true;
    }
    for (const auto &[key, value] : kwargs) {
        int idx = -1;
        int i = 0;
        for (const char *p : params) {
            if (key == QLatin1StringView(p)) {
                idx = i;
                break;
            }
            ++i;
        }
        if (idx < 0)
            throwTypeError(QStringLiteral("%1() got an unexpected keyword argument '%2'")
                               .arg(QLatin1StringView(function), key));
        if (m_present[idx])
            throwTypeError(QStringLiteral("%1() got multiple values for argument '%2'")
                               .arg(QLatin1StringView(function), key));
        m_bound[idx] = value;
        m_present[idx] = true;
    }
    for (int i = 0; i < required && i < n; ++i) {
        if (!m_present[i])
            throwTypeError(QStringLiteral("%1() missing required argument: '%2'")
                               .arg(QLatin1StringView(function), QLatin1StringView(params.begin()[i])));
    }
}

bool ArgBinder::has(int i) const
{
    return i >= 0 && i < m_present.size() && m_present[i];
}

Value ArgBinder::get(int i, const Value &fallback) const
{
    return has(i) ? m_bound[i] : fallback;
}

const Value &ArgBinder::at(int i) const
{
    return m_bound[i];
}

} // namespace squall::expr
