#include "ui/common/FieldSpec.h"

#include "base/Json.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace squall::ui {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("squall::ui::SchemaForm", text, disambiguation, n);
}

FieldSpec::Kind kindOf(const QString &type)
{
    using K = FieldSpec::Kind;
    if (type == u"string")
        return K::String;
    if (type == u"integer")
        return K::Integer;
    if (type == u"number")
        return K::Number;
    if (type == u"boolean")
        return K::Boolean;
    if (type == u"array")
        return K::Array;
    if (type == u"object")
        return K::Object;
    return K::Any;
}

// `type` may be a name or a list of names (["string", "null"]): the first one
// that is not null decides the editor.
FieldSpec::Kind kindOfSchema(const Value &schema)
{
    const Value type = schema[u"type"];
    if (type.isString())
        return kindOf(type.toString());
    if (type.isList()) {
        for (const Value &t : type.toList()) {
            if (t.isString() && t.toString() != u"null")
                return kindOf(t.toString());
        }
    }
    return FieldSpec::Kind::Any;
}

std::optional<double> number(const Value &v)
{
    if (v.isInt() || v.isDouble())
        return v.toDouble();
    return std::nullopt;
}

std::optional<qint64> integer(const Value &v)
{
    if (v.isInt())
        return v.toInt();
    return std::nullopt;
}

FieldSpec specOf(const QString &name, const Value &schema, bool requiredByParent)
{
    FieldSpec f;
    f.name = name;
    f.schema = schema;
    f.description = schema[u"description"].toString();
    f.kind = kindOfSchema(schema);
    f.required = requiredByParent || schema[u"required"].toBool();
    f.secret = schema[u"secret"].toBool();
    f.immutable = schema[u"immutable"].toBool();
    if (schema.isDict() && schema.toDict().contains(u"default")) {
        f.hasDefault = true;
        f.defaultValue = schema[u"default"];
    }
    const Value enumValues = schema[u"enum"];
    if (enumValues.isList() && !enumValues.toList().isEmpty()) {
        f.hasEnum = true;
        f.enumValues = enumValues.toList();
    }
    const Value position = schema[u"position"];
    if (position.isInt())
        f.position = position.toInt();
    f.minimum = number(schema[u"minimum"]);
    f.maximum = number(schema[u"maximum"]);
    // Draft 4 spells exclusivity as a flag, later drafts as the bound itself.
    if (schema[u"exclusiveMinimum"].isBool())
        f.exclusiveMinimum = schema[u"exclusiveMinimum"].toBool();
    else if (auto m = number(schema[u"exclusiveMinimum"]))
        f.minimum = m, f.exclusiveMinimum = true;
    if (schema[u"exclusiveMaximum"].isBool())
        f.exclusiveMaximum = schema[u"exclusiveMaximum"].toBool();
    else if (auto m = number(schema[u"exclusiveMaximum"]))
        f.maximum = m, f.exclusiveMaximum = true;
    f.minLength = integer(schema[u"minLength"]);
    f.maxLength = integer(schema[u"maxLength"]);
    f.minItems = integer(schema[u"minItems"]);
    f.maxItems = integer(schema[u"maxItems"]);
    f.pattern = schema[u"pattern"].toString();
    const Value items = schema[u"items"];
    if (items.isDict()) {
        f.itemKind = kindOfSchema(items);
        f.itemsDeclared = items.contains(u"type");
    }
    return f;
}

bool isScalarKind(FieldSpec::Kind k)
{
    using K = FieldSpec::Kind;
    return k == K::String || k == K::Integer || k == K::Number || k == K::Boolean;
}

bool isScalar(const Value &v)
{
    return v.isString() || v.isNumber();
}

} // namespace

bool FieldSpec::multiLine() const
{
    if (kind != Kind::String || secret || hasEnum)
        return false;
    static const QRegularExpression names(
        QStringLiteral("(^|_)(cmd|command|script|body|message|text|content|template)$"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression words(QStringLiteral("multi-?line|multiple lines"),
                                          QRegularExpression::CaseInsensitiveOption);
    return names.match(name).hasMatch() || words.match(description).hasMatch()
        || defaultValue.toString().contains(u'\n');
}

bool FieldSpec::listOfScalars() const
{
    if (kind != Kind::Array)
        return false;
    if (itemsDeclared)
        return isScalarKind(itemKind);
    // No item type: a list of strings unless the default says otherwise.
    if (hasDefault && defaultValue.isList()) {
        const auto &l = defaultValue.toList();
        return std::all_of(l.begin(), l.end(), isScalar);
    }
    return !schema[u"items"].isDict();
}

QList<FieldSpec> fieldsFromSchema(const Value &schema)
{
    QList<FieldSpec> fields;
    if (!schema.isDict())
        return fields;
    // A JSON schema object has `type: object` and a `properties` map; a
    // parameter named "type" would map to a dict, never to the string.
    const bool jsonSchema = schema[u"type"].isString() && schema[u"type"].toString() == u"object"
        && (schema[u"properties"].isDict() || !schema.contains(u"properties"));
    if (jsonSchema) {
        QStringList required;
        for (const Value &r : schema[u"required"].toList())
            required << r.toString();
        for (const auto &[name, sub] : schema[u"properties"].toDict())
            fields << specOf(name, sub, required.contains(name));
    } else {
        for (const auto &[name, sub] : schema.toDict()) {
            if (sub.isDict())
                fields << specOf(name, sub, false);
        }
    }
    std::stable_sort(fields.begin(), fields.end(), [](const FieldSpec &a, const FieldSpec &b) {
        if (a.position.has_value() != b.position.has_value())
            return a.position.has_value();
        if (a.position && *a.position != *b.position)
            return *a.position < *b.position;
        if (a.required != b.required)
            return a.required;
        return a.name < b.name;
    });
    return fields;
}

bool isTemplate(QStringView text)
{
    return text.contains(u"{{") || text.contains(u"{%");
}

QString valueText(const Value &value)
{
    return value.isString() ? value.toString() : json::toString(value);
}

QString checkValue(const FieldSpec &f, const Value &v)
{
    using K = FieldSpec::Kind;
    if (v.isString() && isTemplate(v.toString()))
        return {};
    if (f.hasEnum) {
        const bool known = std::any_of(f.enumValues.begin(), f.enumValues.end(),
                                       [&](const Value &e) { return e == v; });
        if (!known) {
            QStringList names;
            for (const Value &e : f.enumValues)
                names << valueText(e);
            return tr("Must be one of: %1").arg(names.join(QStringLiteral(", ")));
        }
    }
    switch (f.kind) {
    case K::String:
        if (!v.isString())
            return tr("Must be a string");
        break;
    case K::Integer:
        if (!v.isInt())
            return tr("Must be a whole number");
        break;
    case K::Number:
        if (!v.isInt() && !v.isDouble())
            return tr("Must be a number");
        break;
    case K::Boolean:
        if (!v.isBool())
            return tr("Must be true or false");
        break;
    case K::Array:
        if (!v.isList())
            return tr("Must be a JSON array ([...])");
        break;
    case K::Object:
        if (!v.isDict())
            return tr("Must be a JSON object ({...})");
        break;
    case K::Any: break;
    }
    if (v.isInt() || v.isDouble()) {
        const double x = v.toDouble();
        if (f.minimum && (f.exclusiveMinimum ? x <= *f.minimum : x < *f.minimum))
            return (f.exclusiveMinimum ? tr("Must be greater than %1") : tr("Must be at least %1"))
                .arg(*f.minimum);
        if (f.maximum && (f.exclusiveMaximum ? x >= *f.maximum : x > *f.maximum))
            return (f.exclusiveMaximum ? tr("Must be less than %1") : tr("Must be at most %1"))
                .arg(*f.maximum);
    }
    if (v.isString()) {
        const auto n = v.toString().size();
        if (f.minLength && n < *f.minLength)
            return tr("Must be at least %n character(s)", nullptr, int(*f.minLength));
        if (f.maxLength && n > *f.maxLength)
            return tr("Must be at most %n character(s)", nullptr, int(*f.maxLength));
        if (!f.pattern.isEmpty()) {
            const QRegularExpression re(f.pattern);
            if (re.isValid() && !re.match(v.toString()).hasMatch())
                return tr("Must match the pattern %1").arg(f.pattern);
        }
    }
    if (v.isList()) {
        const auto n = v.toList().size();
        if (f.minItems && n < *f.minItems)
            return tr("Needs at least %n item(s)", nullptr, int(*f.minItems));
        if (f.maxItems && n > *f.maxItems)
            return tr("Takes at most %n item(s)", nullptr, int(*f.maxItems));
        if (f.itemsDeclared) {
            const FieldSpec item = specOf(QString(), f.schema[u"items"], false);
            for (qsizetype i = 0; i < n; ++i) {
                const QString m = checkValue(item, v.toList().at(i));
                if (!m.isEmpty())
                    return tr("Item %1: %2").arg(i + 1).arg(m);
            }
        }
    }
    return {};
}

} // namespace squall::ui
