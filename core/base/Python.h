#pragma once

#include "base/Value.h"

// Python's data-model semantics over Value: the criteria operators, the Jinja
// and YAQL engines and parameter casting all agree with StackStorm because
// they all go through these few functions.
namespace squall::py {

QString str(const Value &v);     // str(v): strings raw, containers as repr
QString repr(const Value &v);    // repr(v): {'foo': 'bar'}, [1, 2.0, None, True]
QString repr(QStringView s);     // 'it''s' quoting rules as Python picks them
QString floatRepr(double d);     // 1.0, 1e+16, 1.5e-05, inf, nan

bool truthy(const Value &v);
bool equals(const Value &a, const Value &b);  // ==, with 1 == 1.0 == True
// <, <=, >, >= ordering. Throws SquallException(kind "TypeError") when Python
// would (e.g. str vs int, None vs anything); `op` is used in that message.
int compare(const Value &a, const Value &b, const char *op = "<");
// `item in container`: substring, list membership or dict key. Throws TypeError.
bool contains(const Value &container, const Value &item);

// Python's int(str) and float(str): surrounding spaces and '_' separators allowed.
bool parseInt(QStringView s, qint64 *out);
bool parseFloat(QStringView s, double *out);

// Resolves lazy ValueObjects (recursively for the top level only).
Value resolved(const Value &v);

} // namespace squall::py
