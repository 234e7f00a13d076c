#pragma once

#include "base/Value.h"

#include <QString>

// How StackStorm's shell runners turn parameters into a command line and
// process output into result values (st2 ShellScriptAction / action_db.get_args,
// strip_shell_chars, jsonify.json_loads).
namespace squall::runners::shell {

// POSIX shell quoting as Python's shlex.quote: safe words stay bare.
QString quote(const QString &s);

// One positional argument serialised by its declared JSON-schema type:
// bool -> 1/0, array -> comma-joined, object -> JSON, string/number -> str().
QString serializePositional(const Value &type, const Value &value);

// "<named args> <positional args>" for a local-shell-script action, already
// shell-quoted. Positional parameters are those with a `position` in the schema.
QString scriptArguments(const Value &actionParameters, const Value &parameterSchema,
                        const QString &kwargOp);

// Drops one trailing "\n" and then one trailing "\r".
QString stripShellChars(QString s);

// The parsed JSON value when `text` is a JSON document, else `text` itself.
Value jsonOrString(const QString &text);

} // namespace squall::runners::shell
