#include "schema/Secrets.h"

namespace squall::schema {

namespace {

Value maskValue(const Value &value, const Value &schema);

Value maskObject(const Value &value, const Value &properties, const Value &additional)
{
    if (!value.isDict())
        return value;
    ValueDict out = value.toDict();
    bool changed = false;
    for (const auto &[key, item] : value.toDict()) {
        const Value sub = properties.isDict() && properties.toDict().contains(key) ? properties[key] : additional;
        if (!sub.isDict())
            continue;
        Value masked = maskValue(item, sub);
        if (masked.type() != item.type() || masked != item) {
            out.insert(key, std::move(masked));
            changed = true;
        }
    }
    return changed ? Value(std::move(out)) : value;
}

Value maskValue(const Value &value, const Value &schema)
{
    if (!schema.isDict())
        return value;
    if (schema[u"secret"].toBool())
        return value.isNull() ? value : Value(MaskedValue.toString());
    if (value.isDict())
        return maskObject(value, schema[u"properties"], schema[u"additionalProperties"]);
    if (value.isList() && schema[u"items"].isDict()) {
        ValueList out;
        out.reserve(value.toList().size());
        for (const Value &item : value.toList())
            out.append(maskValue(item, schema[u"items"]));
        return out;
    }
    return value;
}

} // namespace

Value maskSecrets(const Value &params, const Value &paramsSchema)
{
    return maskObject(params, paramsSchema, Value());
}

Value maskSecretsInResult(const Value &result, const Value &outputSchema, const QString &outputKey)
{
    if (!outputSchema.isDict())
        return result;
    const bool fullSchema = outputSchema[u"type"].isString() && outputSchema[u"properties"].isDict();
    const auto maskFields = [&](const Value &fields) {
        return fullSchema ? maskValue(fields, outputSchema) : maskObject(fields, outputSchema, Value());
    };
    if (outputKey.isEmpty())
        return maskFields(result);
    if (!result.isDict() || !result[outputKey].isDict())
        return result;
    ValueDict out = result.toDict();
    out.insert(outputKey, maskFields(result[outputKey]));
    return out;
}

} // namespace squall::schema
