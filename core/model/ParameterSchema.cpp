#include "model/ParameterSchema.h"

#include "base/Python.h"
#include "base/Yaml.h"
#include "model/ActionDef.h"
#include "model/FieldChecker.h"
#include "model/RunnerType.h"

#include <QRegularExpression>

namespace squall::model {

namespace {

constexpr QStringView kAllowedKeys[] = {
    u"title", u"description", u"default", u"id", u"$schema",
    u"type",
    u"enum", u"pattern",
    u"minimum", u"maximum", u"exclusiveMinimum", u"exclusiveMaximum", u"multipleOf",
    u"minLength", u"maxLength",
    u"minItems", u"maxItems", u"uniqueItems", u"items", u"additionalItems",
    u"properties", u"patternProperties", u"additionalProperties", u"dependencies",
    u"minProperties", u"maxProperties", u"definitions",
    u"allOf", u"anyOf", u"oneOf", u"not",
    u"required", u"secret", u"immutable", u"position",
};

constexpr QStringView kSimpleTypes[] = {u"array", u"boolean", u"integer", u"null", u"number", u"object", u"string"};

constexpr QStringView kOverridable[] = {u"default", u"description", u"enum", u"immutable", u"required"};

template <std::size_t N>
bool oneOf(const QStringView (&list)[N], QStringView s)
{
    for (QStringView x : list)
        if (x == s)
            return true;
    return false;
}

QString simpleTypeList()
{
    QStringList l;
    for (QStringView t : kSimpleTypes)
        l.append(t.toString());
    return l.join(QStringLiteral(", "));
}

void checkNonNegativeInt(FieldChecker &c, const ValueDict &d, const QString &key, const QString &prefix)
{
    const Value *v = d.find(key);
    if (v && !(v->isInt() && v->toInt() >= 0))
        c.error(FieldChecker::join(prefix, key), QStringLiteral("must be an integer >= 0"));
}

void checkNumber(FieldChecker &c, const ValueDict &d, const QString &key, const QString &prefix)
{
    const Value *v = d.find(key);
    if (v && (!v->isNumber() || v->isBool()))
        c.error(FieldChecker::join(prefix, key), FieldChecker::typeMismatch("a number", *v));
}

void validateOne(FieldChecker &c, const QString &path, const Value &schema)
{
    if (!schema.isDict()) {
        c.error(path, FieldChecker::typeMismatch("an object (a parameter schema)", schema));
        return;
    }
    const ValueDict &d = schema.toDict();
    for (const auto &[k, v] : d) {
        const QString kp = FieldChecker::join(path, k);
        if (!oneOf(kAllowedKeys, k)) {
            c.error(kp, QStringLiteral("unknown parameter attribute"));
            continue;
        }
        if (k == u"type") {
            if (v.isList())
                c.error(kp, QStringLiteral("must be a single type, not a list (union types are not allowed)"));
            else if (!v.isString())
                c.error(kp, FieldChecker::typeMismatch("a string", v));
            else if (!oneOf(kSimpleTypes, v.toString()))
                c.error(kp, QStringLiteral("unknown type '%1' (expected one of: %2)").arg(v.toString(), simpleTypeList()));
        } else if (k == u"required" || k == u"secret" || k == u"immutable" || k == u"uniqueItems") {
            if (!v.isBool())
                c.error(kp, FieldChecker::typeMismatch("a boolean", v));
        } else if (k == u"position") {
            if (!v.isNumber() || v.isBool())
                c.error(kp, FieldChecker::typeMismatch("a number", v));
            else if (v.toDouble() < 0)
                c.error(kp, QStringLiteral("must be >= 0"));
        } else if (k == u"enum") {
            if (!v.isList())
                c.error(kp, FieldChecker::typeMismatch("an array", v));
            else if (v.toList().isEmpty())
                c.error(kp, QStringLiteral("must not be empty"));
        } else if (k == u"description" || k == u"title" || k == u"pattern" || k == u"id" || k == u"$schema") {
            if (!v.isString())
                c.error(kp, FieldChecker::typeMismatch("a string", v));
            else if (k == u"pattern" && !QRegularExpression(v.toString()).isValid())
                c.error(kp, QStringLiteral("invalid regular expression"));
        } else if (k == u"properties" || k == u"patternProperties" || k == u"definitions") {
            if (!v.isDict())
                c.error(kp, FieldChecker::typeMismatch("an object", v));
        } else if (k == u"additionalProperties" || k == u"additionalItems") {
            if (!v.isBool() && !v.isDict())
                c.error(kp, FieldChecker::typeMismatch("a boolean or an object", v));
        } else if (k == u"items") {
            if (!v.isDict() && !v.isList())
                c.error(kp, FieldChecker::typeMismatch("an object or an array", v));
        } else if (k == u"allOf" || k == u"anyOf" || k == u"oneOf") {
            if (!v.isList() || v.toList().isEmpty())
                c.error(kp, QStringLiteral("must be a non-empty array of schemas"));
        } else if (k == u"not") {
            if (!v.isDict())
                c.error(kp, FieldChecker::typeMismatch("an object", v));
        } else if (k == u"minLength" || k == u"maxLength" || k == u"minItems" || k == u"maxItems"
                   || k == u"minProperties" || k == u"maxProperties") {
            checkNonNegativeInt(c, d, k, path);
        } else if (k == u"minimum" || k == u"maximum" || k == u"multipleOf") {
            checkNumber(c, d, k, path);
        } else if (k == u"exclusiveMinimum" || k == u"exclusiveMaximum") {
            if (!v.isBool())
                c.error(kp, FieldChecker::typeMismatch("a boolean", v));
        }
    }
}

} // namespace

bool isValidParameterName(QStringView name)
{
    static const QRegularExpression re(QStringLiteral("^\\w+$"), QRegularExpression::UseUnicodePropertiesOption);
    return re.match(name.toString()).hasMatch();
}

bool isOverridableRunnerAttribute(QStringView key)
{
    return oneOf(kOverridable, key);
}

int validateParameters(const Value &parameters, const QString &fieldPath, const yaml::LocationMap *locations,
                       QList<Error> *errors, const QString &file)
{
    FieldChecker c(locations, file, errors);
    if (parameters.isNull())
        return 0;
    if (!parameters.isDict()) {
        c.error(fieldPath, FieldChecker::typeMismatch("an object", parameters));
        return c.errorCount();
    }
    for (const auto &[name, schema] : parameters.toDict()) {
        const QString path = FieldChecker::join(fieldPath, name);
        if (!isValidParameterName(name))
            c.error(path, QStringLiteral("invalid parameter name '%1' (letters, digits and _ only)").arg(name));
        validateOne(c, path, schema);
    }
    return c.errorCount();
}

Value mergedParameterSchema(const RunnerType &runner, const ActionDef &action, QList<Error> *errors)
{
    FieldChecker c(action.locations.get(),
                   action.packPath.isEmpty() || action.metadataFile.isEmpty()
                       ? action.metadataFile : action.packPath + u'/' + action.metadataFile,
                   errors);
    const ValueDict &own = action.parameters.toDict();
    ValueDict merged;
    for (const auto &[name, runnerSchema] : runner.runnerParameters.toDict()) {
        const Value *actionSchema = own.find(name);
        if (!actionSchema || !actionSchema->isDict()) {
            merged.insert(name, runnerSchema);
            continue;
        }
        ValueDict m = runnerSchema.toDict();
        for (const auto &[attr, value] : actionSchema->toDict()) {
            const Value *runnerValue = m.find(attr);
            const bool same = runnerValue && py::equals(*runnerValue, value);
            if (!isOverridableRunnerAttribute(attr) && !same) {
                c.error(QStringLiteral("parameters.") + name + u'.' + attr,
                        QStringLiteral("cannot override attribute '%1' of runner parameter '%2' (runner %3); "
                                       "only default, description, enum, immutable and required may be overridden")
                            .arg(attr, name, runner.name));
                continue;
            }
            m.insert(attr, value);
        }
        merged.insert(name, Value(std::move(m)));
    }
    for (const auto &[name, schema] : own)
        if (!merged.contains(name))
            merged.insert(name, schema);
    return Value(std::move(merged));
}

Value parametersJsonSchema(const Value &mergedParameters)
{
    ValueDict props;
    ValueList required;
    for (const auto &[name, schema] : mergedParameters.toDict()) {
        Value s = schema;
        if (s.isDict()) {
            if (s.toDict().value(u"required").toBool())
                required.append(Value(name));
            s.dictRef().remove(u"required");
        }
        props.insert(name, std::move(s));
    }
    ValueDict out;
    out.insert(QStringLiteral("type"), QStringLiteral("object"));
    out.insert(QStringLiteral("properties"), Value(std::move(props)));
    if (!required.isEmpty())
        out.insert(QStringLiteral("required"), Value(std::move(required)));
    out.insert(QStringLiteral("additionalProperties"), false);
    return Value(std::move(out));
}

SplitParameters splitParameters(const RunnerType &runner, const Value &parameters)
{
    ValueDict r;
    ValueDict a;
    for (const auto &[name, value] : parameters.toDict()) {
        if (runner.isRunnerParameter(name))
            r.insert(name, value);
        else
            a.insert(name, value);
    }
    return SplitParameters{Value(std::move(r)), Value(std::move(a))};
}

} // namespace squall::model
