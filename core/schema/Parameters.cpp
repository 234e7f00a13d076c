#include "schema/Parameters.h"

#include "schema/Validator.h"

namespace squall::schema {

Value parametersSchema(const Value &mergedSchema)
{
    return makeDict({{QStringLiteral("type"), QStringLiteral("object")},
                     {QStringLiteral("properties"), mergedSchema.isDict() ? mergedSchema : Value(ValueDict())},
                     {QStringLiteral("additionalProperties"), false}});
}

QList<Error> validateParameters(const Value &params, const Value &mergedSchema)
{
    const QString root = QStringLiteral("parameters");
    if (!params.isDict() && !params.isNull()) {
        Error e;
        e.kind = QStringLiteral("schema");
        e.field = root;
        e.message = QStringLiteral("parameters must be an object");
        return {e};
    }
    // Nulls for optional parameters are dropped before validation, so the
    // per-type checks do not reject an unset optional value.
    ValueDict present;
    const ValueDict schemaDict = mergedSchema.isDict() ? mergedSchema.toDict() : ValueDict();
    for (const auto &[name, v] : params.toDict()) {
        const Value *sub = schemaDict.find(name);
        if (v.isNull() && sub && !(*sub)[u"required"].toBool())
            continue;
        present.insert(name, v);
    }
    return validate(Value(std::move(present)), parametersSchema(mergedSchema), root);
}

} // namespace squall::schema
