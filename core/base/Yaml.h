#pragma once

#include "base/Error.h"
#include "base/Value.h"

#include <QHash>

#include <memory>

namespace squall::yaml {

// Where each node of a loaded document sits in its file, keyed by field path:
// "parameters.cmd.type", "chain[0].name" ("" is the document root).
class LocationMap
{
public:
    QString file;
    QHash<QString, std::pair<int, int>> positions;  // path -> (line, column), 1-based

    // The location of `path`, or of its nearest ancestor that has one.
    SourceLocation locate(const QString &path) const;
    // An error that names file, line, column and field.
    Error error(const QString &path, const QString &message, const QString &kind = QStringLiteral("schema")) const;
};

struct Document
{
    Value value;
    std::shared_ptr<LocationMap> locations;
};

// Loads YAML with PyYAML's (YAML 1.1) scalar typing so that files behave as
// they do in StackStorm: yes/no/on/off are booleans, 1e3 is a string, quoted
// scalars are always strings. Throws SquallException (kind "yaml") with the
// file, line and column on a syntax error.
Document load(const QByteArray &text, const QString &fileName = {});
Document loadFile(const QString &path);

// Scalar resolution alone (plain, unquoted scalars).
Value resolvePlainScalar(const std::string &s);

// Emits a Value as block-style YAML (for `-y` output and to_yaml_string).
QString dump(const Value &v);

} // namespace squall::yaml
