#pragma once

#include "base/Value.h"

#include <QStringList>

#include <atomic>
#include <functional>
#include <initializer_list>
#include <memory>

// The function registry shared by the expression languages (Jinja now, YAQL
// later): one table of named callables, each usable as a Jinja filter (piped
// value = first argument), as a Jinja global call, or both.
namespace squall::expr {

class Scope;

// What a function may know about the place it is called from.
struct CallContext
{
    const Scope *scope = nullptr;  // variables visible at the call site; may be null
    const char *language = "jinja"; // "jinja" or "yaql"
    void *userData = nullptr;      // free for the embedding engine
};

using Function = std::function<Value(const ValueList &args, const ValueDict &kwargs, const CallContext &ctx)>;

enum FunctionKind : unsigned {
    Filter = 1,   // `x | name(...)`
    Global = 2,   // `name(...)`
    FilterAndGlobal = 3,
};

// A named, re-bindable slot: compiled templates hold the slot, so overriding a
// function at runtime reaches templates compiled earlier. (Functions that
// depend on the engine evaluating — st2kv, decrypt_kv, task — are not rebound:
// see FunctionHost.)
class FunctionSlot
{
public:
    explicit FunctionSlot(QString name) : m_name(std::move(name)) { }
    const QString &name() const { return m_name; }
    std::shared_ptr<const Function> function() const;  // null when unbound
    void bind(std::shared_ptr<const Function> fn);
    Value call(const ValueList &args, const ValueDict &kwargs, const CallContext &ctx) const;

private:
    QString m_name;
    mutable std::atomic_flag m_lock = ATOMIC_FLAG_INIT;
    std::shared_ptr<const Function> m_fn;
};

class FunctionRegistry
{
public:
    // The process-wide registry, pre-populated with Jinja's built-in filters
    // and globals and StackStorm's custom functions. Thread-safe.
    static FunctionRegistry &instance();

    // Registers or replaces `name`. `kinds` says where it is visible.
    void add(const QString &name, Function fn, unsigned kinds = FilterAndGlobal);
    void remove(const QString &name);

    // The slot for a filter/global, or null when no such name is registered.
    std::shared_ptr<const FunctionSlot> filter(QStringView name) const;
    std::shared_ptr<const FunctionSlot> global(QStringView name) const;
    bool hasFilter(QStringView name) const { return filter(name) != nullptr; }
    bool hasGlobal(QStringView name) const { return global(name) != nullptr; }
    QStringList filterNames() const;
    QStringList globalNames() const;

    // Calls a registered function by name (filter namespace first); throws
    // SquallException kind "TemplateError" when unknown.
    Value call(QStringView name, const ValueList &args, const ValueDict &kwargs = {},
               const CallContext &ctx = {}) const;

    FunctionRegistry();
    ~FunctionRegistry();
    FunctionRegistry(const FunctionRegistry &) = delete;
    FunctionRegistry &operator=(const FunctionRegistry &) = delete;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Binds Python-style positional and keyword arguments to named parameters
// and raises Python's TypeErrors for bad calls.
class ArgBinder
{
public:
    ArgBinder(const char *function, const ValueList &args, const ValueDict &kwargs,
              std::initializer_list<const char *> params, int required = 1);
    bool has(int i) const;
    Value get(int i, const Value &fallback = {}) const;
    const Value &at(int i) const;  // must be present
    int count() const { return int(m_bound.size()); }

private:
    QList<Value> m_bound;
    QList<bool> m_present;
};

// Registration hooks (each defined in its own translation unit).
void registerJinjaBuiltins(FunctionRegistry &r);
void registerSt2Functions(FunctionRegistry &r);

// Throwing helpers with Python-shaped kinds.
[[noreturn]] void throwTypeError(const QString &message);
[[noreturn]] void throwValueError(const QString &message);
[[noreturn]] void throwTemplateError(const QString &message);

} // namespace squall::expr
