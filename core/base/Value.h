#pragma once

// The engine is headless: a core translation unit that sees QtGui or QtWidgets
// means some target wired a GUI library into core by mistake. (GUI code may
// include core headers; only core's own sources carry SQUALL_CORE_MODULE.)
#if defined(SQUALL_CORE_MODULE) && (defined(QT_GUI_LIB) || defined(QT_WIDGETS_LIB))
#error "core/ must not depend on QtGui or QtWidgets"
#endif

#include <QList>
#include <QString>

#include <memory>
#include <variant>

namespace squall {

class Value;
class ValueDict;
class ValueObject;

using ValueList = QList<Value>;

// A dynamically typed value with Python's data model in mind: it is what JSON
// payloads, YAML documents, expression results and parameters are made of.
// Ints and floats stay apart (Python prints 1 and 1.0 differently), dicts keep
// insertion order (Python dicts do), and containers are shared copy-on-write so
// passing a 0.5 MB context around never copies it.
class Value
{
public:
    enum class Type : quint8 { Null, Bool, Int, Double, String, List, Dict, Object };

    Value() = default;
    Value(std::nullptr_t) { }
    Value(bool b) : m_v(b) { }
    Value(int i) : m_v(qint64(i)) { }
    Value(qint64 i) : m_v(i) { }
    Value(double d) : m_v(d) { }
    Value(const QString &s) : m_v(s) { }
    Value(QString &&s) : m_v(std::move(s)) { }
    Value(const char16_t *s) : m_v(QString::fromUtf16(s)) { }
    template<typename A, typename B>
    Value(const QStringBuilder<A, B> &s) : m_v(QString(s)) { }
    Value(const ValueList &l) : m_v(l) { }
    Value(ValueList &&l) : m_v(std::move(l)) { }
    Value(const ValueDict &d);
    Value(ValueDict &&d);
    Value(std::shared_ptr<const ValueObject> o) : m_v(std::move(o)) { }
    // A char* would silently become bool; make that a compile error instead.
    Value(const char *) = delete;

    static Value fromUtf8(const char *s) { return Value(QString::fromUtf8(s)); }

    Type type() const { return Type(m_v.index()); }
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isInt() const { return type() == Type::Int; }
    bool isDouble() const { return type() == Type::Double; }
    // Python's numbers: bool is an int subclass there, so it counts.
    bool isNumber() const { return isInt() || isDouble() || isBool(); }
    bool isString() const { return type() == Type::String; }
    bool isList() const { return type() == Type::List; }
    bool isDict() const { return type() == Type::Dict; }
    bool isObject() const { return type() == Type::Object; }

    bool toBool() const { return isBool() ? std::get<bool>(m_v) : false; }
    qint64 toInt() const;      // numbers only; 0 otherwise
    double toDouble() const;   // numbers only; 0 otherwise
    // The string payload; empty for non-strings (use py::str() to format values).
    // On a temporary Value these return copies (cheap: shared data), so that
    // `for (auto &x : doc[u"list"].toList())` never iterates a destroyed value.
    const QString &toString() const &;
    QString toString() &&;
    const ValueList &toList() const &;
    ValueList toList() &&;
    const ValueDict &toDict() const &;
    ValueDict toDict() &&;
    const std::shared_ptr<const ValueObject> &toObject() const;

    // Mutable access; converts the value to an empty container of that kind
    // if it is something else, and detaches shared data.
    ValueList &listRef();
    ValueDict &dictRef();

    // Dict / list convenience: a null Value when absent or not a container.
    Value operator[](QStringView key) const;
    Value operator[](qsizetype index) const;
    bool contains(QStringView key) const;

    // Structural equality (Python ==, with 1 == 1.0 == True).
    bool operator==(const Value &other) const;
    bool operator!=(const Value &other) const { return !(*this == other); }

    static const char *typeName(Type t);  // Python type names: NoneType, int, str...
    const char *typeName() const { return typeName(type()); }

private:
    std::variant<std::monostate, bool, qint64, double, QString, ValueList,
                 std::shared_ptr<ValueDict>, std::shared_ptr<const ValueObject>>
        m_v;
};

// An insertion-ordered string-keyed map. Lookups are linear while small and
// use a hash index once the dict grows, so both tiny payloads and large
// workflow contexts stay fast.
class ValueDict
{
public:
    using Entry = std::pair<QString, Value>;

    ValueDict() = default;
    ValueDict(std::initializer_list<Entry> init);

    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }

    const Value *find(QStringView key) const;
    Value *find(QStringView key);
    // Same, without building a temporary QString for large (indexed) dicts.
    const Value *find(const QString &key) const;
    Value *find(const QString &key);
    bool contains(QStringView key) const { return find(key) != nullptr; }
    Value value(QStringView key, const Value &fallback = {}) const;

    // Sets or replaces, keeping the original position of an existing key.
    void insert(const QString &key, Value value);
    bool remove(QStringView key);
    Value &operator[](const QString &key);

    const QList<Entry> &entries() const { return m_entries; }
    QStringList keys() const;
    auto begin() const { return m_entries.cbegin(); }
    auto end() const { return m_entries.cend(); }

    bool operator==(const ValueDict &other) const;  // order-insensitive, like Python

private:
    void rebuildIndex();
    qsizetype indexOf(QStringView key) const;
    qsizetype indexOf(const QString &key) const;

    QList<Entry> m_entries;
    // Built eagerly once the dict grows past a few entries, so concurrent
    // readers of a shared dict never race to build it.
    std::shared_ptr<const QHash<QString, qsizetype>> m_index;
};

// A value computed on demand, such as a datastore namespace (`st2kv.system`)
// whose attributes are looked up only when a template reads them.
class ValueObject
{
public:
    virtual ~ValueObject() = default;
    // Attribute access (`obj.name` / `obj['name']`); a null Value if absent.
    virtual Value attribute(const QString &name) const = 0;
    // What the object stands for when used as a plain value (printed, compared).
    virtual Value resolve() const = 0;
};

// Convenience builders.
Value makeDict(std::initializer_list<ValueDict::Entry> init);
Value makeList(std::initializer_list<Value> init);

} // namespace squall
