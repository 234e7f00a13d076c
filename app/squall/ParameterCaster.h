#pragma once

#include "base/Value.h"

#include <QString>
#include <QStringList>

namespace squall::cli {

// Turns `st2 run`-style `k=v` tokens into typed action parameters, using the
// action's merged parameter schema ({name: {type, items, ...}}):
//  - array: JSON list, or a comma-separated list (items cast by items.type);
//    a repeated array parameter accumulates;
//  - object: JSON object, or k=v,k2=v2;
//  - boolean: true/false (any case); integer; number; anything else stays a string;
//  - `@name=path` sends the content of the file (relative to baseDir);
//  - the first token without '=' makes the rest of the line the `cmd` parameter.
class ParameterCaster
{
public:
    ParameterCaster(QString actionRef, Value schema, QString baseDir = {});

    // Returns a dict; on error returns null and sets *error.
    Value cast(const QStringList &tokens, QString *error) const;

    // One value by its parameter schema (exposed for tests).
    static Value castValue(const QString &text, const Value &paramSchema, QString *error);
    static QString declaredType(const Value &paramSchema);

private:
    QString m_ref;
    Value m_schema;
    QString m_baseDir;
};

} // namespace squall::cli
