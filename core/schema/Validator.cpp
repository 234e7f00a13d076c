#include "schema/Validator.h"

#include "base/JsonType.h"
#include "base/Python.h"
#include "schema/PyRegex.h"

#include <QStringBuilder>

#include <cmath>

namespace squall::schema {

namespace {

QString childPath(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path % u'.' % key;
}

QString indexPath(const QString &path, qsizetype i)
{
    return path % u'[' % QString::number(i) % u']';
}

class Validator
{
public:
    QList<Error> errors;

    void error(const QString &path, const QString &message)
    {
        Error e;
        e.message = message;
        e.field = path;
        e.kind = QStringLiteral("schema");
        errors.append(e);
    }

    static bool isValid(const Value &value, const Value &schema)
    {
        Validator v;
        v.check(value, schema, QString());
        return v.errors.isEmpty();
    }

    void check(const Value &value0, const Value &schema, const QString &path)
    {
        if (!schema.isDict())
            return;
        const Value value = value0.isObject() ? py::resolved(value0) : value0;
        const ValueDict &s = schema.toDict();

        if (const Value *t = s.find(u"type"))
            checkType(value, *t, path);
        if (const Value *e = s.find(u"enum"); e && e->isList()) {
            bool found = false;
            for (const Value &x : e->toList())
                found = found || sameJson(x, value);
            if (!found)
                error(path, QStringLiteral("%1 is not one of %2").arg(py::repr(value), py::repr(*e)));
        }
        if (value.isInt() || value.isDouble())
            checkNumber(value, s, path);
        if (value.isString())
            checkString(value.toString(), s, path);
        if (value.isList())
            checkArray(value.toList(), s, path);
        if (value.isDict())
            checkObject(value.toDict(), s, path);
        checkCombinators(value, s, path);
    }

    // JSON equality: unlike Python, true is not 1 in jsonschema's enum/uniqueItems.
    static bool sameJson(const Value &a, const Value &b)
    {
        if (a.isBool() != b.isBool())
            return false;
        if (a.isList() && b.isList()) {
            const ValueList &x = a.toList();
            const ValueList &y = b.toList();
            if (x.size() != y.size())
                return false;
            for (qsizetype i = 0; i < x.size(); ++i) {
                if (!sameJson(x.at(i), y.at(i)))
                    return false;
            }
            return true;
        }
        if (a.isDict() && b.isDict()) {
            const ValueDict &x = a.toDict();
            const ValueDict &y = b.toDict();
            if (x.size() != y.size())
                return false;
            for (const auto &[k, v] : x) {
                const Value *o = y.find(k);
                if (!o || !sameJson(v, *o))
                    return false;
            }
            return true;
        }
        return py::equals(a, b);
    }

    void checkType(const Value &value, const Value &type, const QString &path)
    {
        if (type.isString()) {
            if (!json::isOfType(value, type.toString()))
                error(path, QStringLiteral("%1 is not of type %2").arg(py::repr(value), py::repr(type)));
            return;
        }
        if (!type.isList())
            return;
        QStringList names;
        for (const Value &t : type.toList()) {
            if (t.isString() && json::isOfType(value, t.toString()))
                return;
            if (t.isDict() && isValid(value, t))
                return;
            names.append(py::repr(t));
        }
        error(path, QStringLiteral("%1 is not of type %2").arg(py::repr(value), names.join(QStringLiteral(", "))));
    }

    void checkNumber(const Value &value, const ValueDict &s, const QString &path)
    {
        const double d = value.toDouble();
        if (const Value *m = s.find(u"minimum"); m && m->isNumber()) {
            const bool excl = s.value(u"exclusiveMinimum").toBool();
            const int c = py::compare(value, *m);
            if (excl ? c <= 0 : c < 0)
                error(path, QStringLiteral("%1 is less than %2the minimum of %3")
                                .arg(py::repr(value), excl ? QStringLiteral("or equal to ") : QString(), py::repr(*m)));
        }
        if (const Value *m = s.find(u"maximum"); m && m->isNumber()) {
            const bool excl = s.value(u"exclusiveMaximum").toBool();
            const int c = py::compare(value, *m);
            if (excl ? c >= 0 : c > 0)
                error(path, QStringLiteral("%1 is greater than %2the maximum of %3")
                                .arg(py::repr(value), excl ? QStringLiteral("or equal to ") : QString(), py::repr(*m)));
        }
        if (const Value *m = s.find(u"multipleOf"); m && m->isNumber() && m->toDouble() != 0) {
            bool multiple;
            if (value.isInt() && m->isInt()) {
                multiple = value.toInt() % m->toInt() == 0;
            } else {
                const double q = d / m->toDouble();
                multiple = std::isfinite(q) && q == std::floor(q);
            }
            if (!multiple)
                error(path, QStringLiteral("%1 is not a multiple of %2").arg(py::repr(value), py::repr(*m)));
        }
    }

    void checkString(const QString &str, const ValueDict &s, const QString &path)
    {
        // Lengths count code points, as Python's len() does.
        const auto length = [&str] {
            qsizetype n = 0;
            for (qsizetype i = 0; i < str.size(); ++i) {
                if (!(str.at(i).isLowSurrogate() && i > 0 && str.at(i - 1).isHighSurrogate()))
                    ++n;
            }
            return n;
        };
        if (const Value *m = s.find(u"minLength"); m && m->isNumber() && length() < m->toInt())
            error(path, QStringLiteral("%1 is too short").arg(py::repr(QStringView(str))));
        if (const Value *m = s.find(u"maxLength"); m && m->isNumber() && length() > m->toInt())
            error(path, QStringLiteral("%1 is too long").arg(py::repr(QStringView(str))));
        if (const Value *p = s.find(u"pattern"); p && p->isString()) {
            try {
                if (!regexSearch(pythonRegex(p->toString()), str))
                    error(path, QStringLiteral("%1 does not match %2").arg(py::repr(QStringView(str)), py::repr(*p)));
            } catch (const SquallException &e) {
                error(path, e.error().message);
            }
        }
    }

    void checkArray(const ValueList &list, const ValueDict &s, const QString &path)
    {
        if (const Value *m = s.find(u"minItems"); m && m->isNumber() && list.size() < m->toInt())
            error(path, QStringLiteral("%1 is too short").arg(py::repr(Value(list))));
        if (const Value *m = s.find(u"maxItems"); m && m->isNumber() && list.size() > m->toInt())
            error(path, QStringLiteral("%1 is too long").arg(py::repr(Value(list))));
        if (s.value(u"uniqueItems").toBool()) {
            bool unique = true;
            for (qsizetype i = 0; unique && i < list.size(); ++i) {
                for (qsizetype j = i + 1; unique && j < list.size(); ++j)
                    unique = !sameJson(list.at(i), list.at(j));
            }
            if (!unique)
                error(path, QStringLiteral("%1 has non-unique elements").arg(py::repr(Value(list))));
        }
        const Value *items = s.find(u"items");
        if (!items)
            return;
        if (items->isDict()) {
            for (qsizetype i = 0; i < list.size(); ++i)
                check(list.at(i), *items, indexPath(path, i));
            return;
        }
        if (!items->isList())
            return;
        const ValueList &tuple = items->toList();
        for (qsizetype i = 0; i < list.size() && i < tuple.size(); ++i)
            check(list.at(i), tuple.at(i), indexPath(path, i));
        if (list.size() <= tuple.size())
            return;
        const Value *additional = s.find(u"additionalItems");
        if (!additional)
            return;
        if (additional->isDict()) {
            for (qsizetype i = tuple.size(); i < list.size(); ++i)
                check(list.at(i), *additional, indexPath(path, i));
        } else if (additional->isBool() && !additional->toBool()) {
            QStringList extra;
            for (qsizetype i = tuple.size(); i < list.size(); ++i)
                extra.append(py::repr(list.at(i)));
            error(path, QStringLiteral("Additional items are not allowed (%1 %2 unexpected)")
                            .arg(extra.join(QStringLiteral(", ")),
                                 extra.size() == 1 ? QStringLiteral("was") : QStringLiteral("were")));
        }
    }

    void checkObject(const ValueDict &obj, const ValueDict &s, const QString &path)
    {
        if (const Value *m = s.find(u"minProperties"); m && m->isNumber() && obj.size() < m->toInt())
            error(path, QStringLiteral("%1 does not have enough properties").arg(py::repr(Value(obj))));
        if (const Value *m = s.find(u"maxProperties"); m && m->isNumber() && obj.size() > m->toInt())
            error(path, QStringLiteral("%1 has too many properties").arg(py::repr(Value(obj))));
        if (const Value *r = s.find(u"required"); r && r->isList()) {
            for (const Value &name : r->toList()) {
                if (name.isString() && !obj.contains(name.toString()))
                    error(childPath(path, name.toString()),
                          QStringLiteral("%1 is a required property").arg(py::repr(name)));
            }
        }
        const Value props = s.value(u"properties");
        if (props.isDict()) {
            for (const auto &[name, sub] : props.toDict()) {
                const Value *v = obj.find(name);
                if (v)
                    check(*v, sub, childPath(path, name));
                else if (sub[u"required"].isBool() && sub[u"required"].toBool())
                    error(childPath(path, name), QStringLiteral("%1 is a required property").arg(py::repr(QStringView(name))));
            }
        }
        const Value patternProps = s.value(u"patternProperties");
        if (patternProps.isDict()) {
            for (const auto &[pattern, sub] : patternProps.toDict()) {
                try {
                    const QRegularExpression re = pythonRegex(pattern);
                    for (const auto &[key, v] : obj) {
                        if (regexSearch(re, key))
                            check(v, sub, childPath(path, key));
                    }
                } catch (const SquallException &e) {
                    error(path, e.error().message);
                }
            }
        }
        if (const Value *additional = s.find(u"additionalProperties")) {
            QStringList extra;
            QList<const Value *> extraValues;
            for (const auto &[key, v] : obj) {
                if (props.isDict() && props.toDict().contains(key))
                    continue;
                bool matched = false;
                if (patternProps.isDict()) {
                    for (const auto &[pattern, sub] : patternProps.toDict()) {
                        try {
                            matched = matched || regexSearch(pythonRegex(pattern), key);
                        } catch (const SquallException &) {
                        }
                    }
                }
                if (matched)
                    continue;
                if (additional->isDict())
                    check(v, *additional, childPath(path, key));
                else
                    extra.append(py::repr(QStringView(key)));
            }
            if (additional->isBool() && !additional->toBool() && !extra.isEmpty())
                error(path, QStringLiteral("Additional properties are not allowed (%1 %2 unexpected)")
                                .arg(extra.join(QStringLiteral(", ")),
                                     extra.size() == 1 ? QStringLiteral("was") : QStringLiteral("were")));
        }
        if (const Value *deps = s.find(u"dependencies"); deps && deps->isDict()) {
            for (const auto &[name, dep] : deps->toDict()) {
                if (!obj.contains(name))
                    continue;
                if (dep.isList()) {
                    for (const Value &d : dep.toList()) {
                        if (d.isString() && !obj.contains(d.toString()))
                            error(path, QStringLiteral("%1 is a dependency of %2").arg(py::repr(d), py::repr(QStringView(name))));
                    }
                } else if (dep.isString()) {
                    if (!obj.contains(dep.toString()))
                        error(path, QStringLiteral("%1 is a dependency of %2").arg(py::repr(dep), py::repr(QStringView(name))));
                } else if (dep.isDict()) {
                    check(Value(obj), dep, path);
                }
            }
        }
    }

    void checkCombinators(const Value &value, const ValueDict &s, const QString &path)
    {
        if (const Value *all = s.find(u"allOf"); all && all->isList()) {
            for (const Value &sub : all->toList())
                check(value, sub, path);
        }
        if (const Value *any = s.find(u"anyOf"); any && any->isList()) {
            bool ok = false;
            for (const Value &sub : any->toList())
                ok = ok || isValid(value, sub);
            if (!ok)
                error(path, QStringLiteral("%1 is not valid under any of the given schemas").arg(py::repr(value)));
        }
        if (const Value *one = s.find(u"oneOf"); one && one->isList()) {
            int count = 0;
            for (const Value &sub : one->toList())
                count += isValid(value, sub) ? 1 : 0;
            if (count == 0)
                error(path, QStringLiteral("%1 is not valid under any of the given schemas").arg(py::repr(value)));
            else if (count > 1)
                error(path, QStringLiteral("%1 is valid under more than one of the given schemas").arg(py::repr(value)));
        }
        if (const Value *n = s.find(u"not"); n && n->isDict() && isValid(value, *n))
            error(path, QStringLiteral("%1 is not allowed for %2").arg(py::repr(*n), py::repr(value)));
    }
};

} // namespace

QList<Error> validate(const Value &value, const Value &schema, const QString &path)
{
    Validator v;
    v.check(value, schema, path);
    return v.errors;
}

Value applyDefaults(const Value &value, const Value &schema)
{
    if (!schema.isDict())
        return value;
    const Value props = schema[u"properties"];
    if (!props.isDict())
        return value;
    if (!value.isDict() && !value.isNull())
        return value;
    ValueDict out = value.isDict() ? value.toDict() : ValueDict();
    for (const auto &[name, sub] : props.toDict()) {
        Value *existing = out.find(name);
        if (existing) {
            if (existing->isDict())
                *existing = applyDefaults(*existing, sub);
            continue;
        }
        if (sub.isDict() && sub.toDict().contains(u"default")) {
            out.insert(name, applyDefaults(sub[u"default"], sub));
        } else if (sub[u"type"].isString() && sub[u"type"].toString() == u"object" && sub[u"properties"].isDict()) {
            // A nested object whose own properties carry defaults gets materialised.
            Value nested = applyDefaults(ValueDict(), sub);
            if (!nested.toDict().isEmpty())
                out.insert(name, nested);
        }
    }
    return out;
}

} // namespace squall::schema
