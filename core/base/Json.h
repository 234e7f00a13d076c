#pragma once

#include "base/Value.h"

#include <QByteArray>

namespace squall::json {

struct ParseError
{
    QString message;
    int line = 0;
    int column = 0;
    qsizetype offset = -1;  // -1 = no error
    bool ok() const { return offset < 0; }
};

// Parses one JSON document (RFC 8259). Integers that fit stay ints; object key
// order is kept; a duplicate key keeps the last value, as Python does.
Value parse(const QByteArray &utf8, ParseError *error = nullptr);
Value parse(QStringView text, ParseError *error = nullptr);

struct Style
{
    int indent = -1;             // < 0: single line
    bool pythonSeparators = false; // ", " and ": " as Python's json.dumps (single-line)
    bool sortKeys = false;
    bool ensureAscii = false;    // \uXXXX for non-ASCII, as Python's default
};

QByteArray serialize(const Value &v, const Style &style = {});
QString toString(const Value &v, const Style &style = {});
// Python's json.dumps(v) with its defaults: ", " / ": " separators, ensure_ascii.
QString dumpsPython(const Value &v, int indent = -1, bool sortKeys = false);

} // namespace squall::json
