#pragma once

#include "base/Error.h"
#include "base/Yaml.h"

#include <optional>

namespace squall::model {

// Reads a YAML or JSON document. JSON is valid YAML, but a JSON file (a
// `.json` name, or text starting with `{` or `[`) is parsed as JSON first so
// that a syntax error reads like a JSON error and numbers keep JSON's typing;
// the YAML parser then only supplies field locations. On failure, appends one
// error (kind "yaml" or "json", with file, line and column) and returns nullopt.
std::optional<yaml::Document> loadDocument(const QString &path, QList<Error> *errors);
std::optional<yaml::Document> loadDocumentText(const QByteArray &text, const QString &fileName,
                                               QList<Error> *errors);

} // namespace squall::model
