#include "base/Value.h"

#include <QHash>

#include <cmath>

namespace squall {

namespace {
const QString kEmptyString;
const ValueList kEmptyList;
const ValueDict kEmptyDict;
const std::shared_ptr<const ValueObject> kNoObject;
constexpr qsizetype kIndexThreshold = 12;
} // namespace

Value::Value(const ValueDict &d) : m_v(std::make_shared<ValueDict>(d)) { }
Value::Value(ValueDict &&d) : m_v(std::make_shared<ValueDict>(std::move(d))) { }

qint64 Value::toInt() const
{
    switch (type()) {
    case Type::Int: return std::get<qint64>(m_v);
    case Type::Double: return qint64(std::get<double>(m_v));
    case Type::Bool: return std::get<bool>(m_v) ? 1 : 0;
    default: return 0;
    }
}

double Value::toDouble() const
{
    switch (type()) {
    case Type::Int: return double(std::get<qint64>(m_v));
    case Type::Double: return std::get<double>(m_v);
    case Type::Bool: return std::get<bool>(m_v) ? 1.0 : 0.0;
    default: return 0.0;
    }
}

const QString &Value::toString() const &
{
    return isString() ? std::get<QString>(m_v) : kEmptyString;
}

QString Value::toString() &&
{
    return isString() ? std::get<QString>(m_v) : QString();
}

const ValueList &Value::toList() const &
{
    return isList() ? std::get<ValueList>(m_v) : kEmptyList;
}

ValueList Value::toList() &&
{
    return isList() ? std::get<ValueList>(m_v) : ValueList();
}

const ValueDict &Value::toDict() const &
{
    return isDict() ? *std::get<std::shared_ptr<ValueDict>>(m_v) : kEmptyDict;
}

ValueDict Value::toDict() &&
{
    return isDict() ? *std::get<std::shared_ptr<ValueDict>>(m_v) : ValueDict();
}

const std::shared_ptr<const ValueObject> &Value::toObject() const
{
    return isObject() ? std::get<std::shared_ptr<const ValueObject>>(m_v) : kNoObject;
}

ValueList &Value::listRef()
{
    if (!isList())
        m_v = ValueList();
    return std::get<ValueList>(m_v);
}

ValueDict &Value::dictRef()
{
    if (!isDict()) {
        m_v = std::make_shared<ValueDict>();
    } else {
        auto &p = std::get<std::shared_ptr<ValueDict>>(m_v);
        if (p.use_count() > 1)
            p = std::make_shared<ValueDict>(*p);
    }
    return *std::get<std::shared_ptr<ValueDict>>(m_v);
}

Value Value::operator[](QStringView key) const
{
    if (!isDict())
        return {};
    const Value *v = toDict().find(key);
    return v ? *v : Value();
}

Value Value::operator[](qsizetype index) const
{
    const ValueList &l = toList();
    if (index < 0)
        index += l.size();
    return (index >= 0 && index < l.size()) ? l.at(index) : Value();
}

bool Value::contains(QStringView key) const
{
    return isDict() && toDict().contains(key);
}

bool Value::operator==(const Value &other) const
{
    const Type a = type();
    const Type b = other.type();
    if (isNumber() && other.isNumber()) {
        if ((a == Type::Double) || (b == Type::Double))
            return toDouble() == other.toDouble();
        return toInt() == other.toInt();
    }
    if (a != b)
        return false;
    switch (a) {
    case Type::Null: return true;
    case Type::String: return toString() == other.toString();
    case Type::List: return toList() == other.toList();
    case Type::Dict: return toDict() == other.toDict();
    case Type::Object: return toObject() == other.toObject();
    default: return false;
    }
}

const char *Value::typeName(Type t)
{
    switch (t) {
    case Type::Null: return "NoneType";
    case Type::Bool: return "bool";
    case Type::Int: return "int";
    case Type::Double: return "float";
    case Type::String: return "str";
    case Type::List: return "list";
    case Type::Dict: return "dict";
    case Type::Object: return "object";
    }
    return "?";
}

ValueDict::ValueDict(std::initializer_list<Entry> init)
{
    m_entries.reserve(qsizetype(init.size()));
    for (const Entry &e : init)
        insert(e.first, e.second);
}

void ValueDict::rebuildIndex()
{
    if (m_entries.size() < kIndexThreshold) {
        m_index.reset();
        return;
    }
    auto idx = std::make_shared<QHash<QString, qsizetype>>();
    idx->reserve(m_entries.size());
    for (qsizetype i = 0; i < m_entries.size(); ++i)
        idx->insert(m_entries.at(i).first, i);
    m_index = std::move(idx);
}

qsizetype ValueDict::indexOf(QStringView key) const
{
    if (!m_index) {
        for (qsizetype i = 0; i < m_entries.size(); ++i) {
            if (m_entries.at(i).first == key)
                return i;
        }
        return -1;
    }
    // Qt 6.4's QHash cannot be probed with a view; only large dicts get here.
    return indexOf(key.toString());
}

qsizetype ValueDict::indexOf(const QString &key) const
{
    if (!m_index) {
        for (qsizetype i = 0; i < m_entries.size(); ++i) {
            if (m_entries.at(i).first == key)
                return i;
        }
        return -1;
    }
    const auto it = m_index->constFind(key);
    return it == m_index->cend() ? -1 : it.value();
}

const Value *ValueDict::find(QStringView key) const
{
    const qsizetype i = indexOf(key);
    return i < 0 ? nullptr : &m_entries.at(i).second;
}

Value *ValueDict::find(QStringView key)
{
    const qsizetype i = indexOf(key);
    return i < 0 ? nullptr : &m_entries[i].second;
}

const Value *ValueDict::find(const QString &key) const
{
    const qsizetype i = indexOf(key);
    return i < 0 ? nullptr : &m_entries.at(i).second;
}

Value *ValueDict::find(const QString &key)
{
    const qsizetype i = indexOf(key);
    return i < 0 ? nullptr : &m_entries[i].second;
}

Value ValueDict::value(QStringView key, const Value &fallback) const
{
    const Value *v = find(key);
    return v ? *v : fallback;
}

void ValueDict::insert(const QString &key, Value value)
{
    if (Value *v = find(key)) {
        *v = std::move(value);
        return;
    }
    m_entries.append({key, std::move(value)});
    if (m_index) {
        auto idx = m_index.use_count() > 1 ? std::make_shared<QHash<QString, qsizetype>>(*m_index)
                                           : std::const_pointer_cast<QHash<QString, qsizetype>>(m_index);
        idx->insert(key, m_entries.size() - 1);
        m_index = std::move(idx);
    } else if (m_entries.size() >= kIndexThreshold) {
        rebuildIndex();
    }
}

bool ValueDict::remove(QStringView key)
{
    const qsizetype i = indexOf(key);
    if (i < 0)
        return false;
    m_entries.removeAt(i);
    rebuildIndex();
    return true;
}

Value &ValueDict::operator[](const QString &key)
{
    if (Value *v = find(key))
        return *v;
    insert(key, Value());
    return m_entries.last().second;
}

QStringList ValueDict::keys() const
{
    QStringList out;
    out.reserve(m_entries.size());
    for (const Entry &e : m_entries)
        out.append(e.first);
    return out;
}

bool ValueDict::operator==(const ValueDict &other) const
{
    if (size() != other.size())
        return false;
    for (const Entry &e : m_entries) {
        const Value *o = other.find(e.first);
        if (!o || !(*o == e.second))
            return false;
    }
    return true;
}

Value makeDict(std::initializer_list<ValueDict::Entry> init)
{
    return Value(ValueDict(init));
}

Value makeList(std::initializer_list<Value> init)
{
    return Value(ValueList(init));
}

} // namespace squall
