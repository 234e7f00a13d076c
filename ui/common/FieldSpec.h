#pragma once

#include "base/Value.h"

#include <QList>
#include <QString>

#include <optional>

namespace squall::ui {

// One input of a schema, read from either a StackStorm parameter map entry or
// a JSON schema property. No widgets here: SchemaForm builds editors from it.
struct FieldSpec
{
    enum class Kind { String, Integer, Number, Boolean, Array, Object, Any };

    QString name;
    QString description;
    Kind kind = Kind::Any;
    Kind itemKind = Kind::Any;    // arrays: the kind of their items
    bool itemsDeclared = false;   // arrays: `items` names a type
    bool required = false;
    bool secret = false;
    bool immutable = false;
    bool hasDefault = false;
    Value defaultValue;
    bool hasEnum = false;
    ValueList enumValues;
    std::optional<qint64> position;
    std::optional<double> minimum, maximum;
    bool exclusiveMinimum = false, exclusiveMaximum = false;
    std::optional<qint64> minLength, maxLength, minItems, maxItems;
    QString pattern;
    Value schema;  // the field's own schema, as given

    // Strings shown in a multi-line editor: commands, scripts, bodies, messages.
    bool multiLine() const;
    // Arrays edited as one item per line rather than as JSON.
    bool listOfScalars() const;
    QString label() const { return name; }
};

// The fields of `schema` in StackStorm's display order: by position, then
// required first, then by name.
QList<FieldSpec> fieldsFromSchema(const Value &schema);

// True when `text` holds a Jinja expression or statement.
bool isTemplate(QStringView text);

// What is wrong with `value` for the field (type, enum, bounds, length,
// pattern), or an empty string. Template strings pass every check.
QString checkValue(const FieldSpec &field, const Value &value);

// A value as a user types it: strings bare, everything else as compact JSON.
QString valueText(const Value &value);

} // namespace squall::ui
