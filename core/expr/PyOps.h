#pragma once

#include "base/Value.h"

// Python operator and built-in method semantics over Value, as the Jinja
// evaluator (and later YAQL) needs them. All errors are SquallExceptions with
// Python's exception name as kind and Python's wording as message.
namespace squall::expr::ops {

enum class BinOp { Add, Sub, Mul, Div, FloorDiv, Mod, Pow };

// The most items (characters of a string, elements of a list) one operation
// may add beyond its largest input: yaql's own collection limit. An expression
// is user input, and `"x" * 10**9`, a format width of 10**9 or a string
// doubled in a loop must end in an error, not take the daemon's memory; a
// large action result merely passed through (`result ~ "\n"`) adds little and
// is never refused. Python would try (and raise MemoryError when it cannot);
// kind "MemoryError" here too.
constexpr qint64 kMaxGrowth = 10'000'000;
void checkGrowth(qint64 newItems);

Value binary(BinOp op, const Value &a, const Value &b);
Value negate(const Value &a);
Value positive(const Value &a);

// Jinja's environment.getattr / getitem: attribute falls back to item and
// vice versa. Missing -> an Undefined value (never throws for absence).
Value getattr(const Value &obj, const QString &name);
Value getitem(const Value &obj, const Value &key);
Value slice(const Value &obj, const Value &start, const Value &stop, const Value &step);

// Python iteration: list items, dict keys, string characters.
ValueList iterate(const Value &v);
qint64 length(const Value &v);  // len(); TypeError for scalars

// Built-in methods of str/dict/list; false when `name` is not a method of `obj`.
bool callMethod(const Value &obj, const QString &name, const ValueList &args, const ValueDict &kwargs, Value *out);

// "%s" % args (printf-style) and str.format.
// `argsAreTuple`: the list in `args` is a real argument tuple (the format
// filter); otherwise a list is guessed to be a tuple only when its size
// matches several conversions, since Value has no tuple type.
QString percentFormat(const QString &fmt, const Value &args, bool argsAreTuple = false);
QString strFormat(const QString &fmt, const ValueList &args, const ValueDict &kwargs);
// format(value, spec) for one replacement field.
QString formatSpec(const Value &v, QStringView spec);

// Python's str.split / title / capitalize semantics.
ValueList split(const QString &s, const Value &sep, qint64 maxsplit, bool fromRight = false);
QString title(const QString &s);
QString capitalize(const QString &s);
QString strip(const QString &s, const Value &chars, bool left, bool right);

// py::compare / py::equals with fast paths for plain numbers and strings
// (no copies); everything else defers to py::.
int compare(const Value &a, const Value &b, const char *op);
bool equals(const Value &a, const Value &b);

// Numbers
bool isInteger(const Value &v);  // int or bool
Value toNumber(const Value &v, const char *what);

} // namespace squall::expr::ops
