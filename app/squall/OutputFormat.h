#pragma once

#include "base/Value.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace squall::cli {

// Text layouts shaped like st2's: box tables, property tables and the
// "key: value" execution view.
namespace output {

// Value at a dotted path ("action.ref", "context.user"); null when absent.
Value lookup(const Value &v, QStringView dottedPath);

// How one value reads inside a table cell: strings raw, True/False, JSON for containers.
QString cellText(const Value &v);

// "2020-11-05T10:34:06.123456Z" -> "Thu, 05 Nov 2020 10:34:06 UTC"; other text unchanged.
QString formatTimestamp(const QString &iso);

// "succeeded (1s elapsed)" for completed or running executions, plain status otherwise.
// nowMicros (0 = now) makes the running case testable.
QString formatStatus(const Value &execution, qint64 nowMicros = 0);

// The value of `attr` for display: applies timestamp/status transforms.
Value displayValue(const Value &object, const QString &attr);

// Wraps each line of text to at most `width` characters, breaking at spaces when possible.
QStringList wrap(const QString &text, int width);

// Column widths that fit `totalWidth` (borders included), shrinking the widest
// columns first; `fixed` (from -w) forces one width for all or one per column.
QList<int> fitColumns(const QList<int> &natural, const QList<int> &minimum, int totalWidth,
                      const QList<int> &fixed = {});

// A box table with a rule between every row, like st2's list output.
QString table(const ValueList &rows, const QStringList &attributes, int totalWidth, const QList<int> &fixed = {});

// A two-column Property/Value table, like st2's get output. `attributes` empty or
// containing "all" shows every key, the ones in `displayOrder` first.
QString propertyTable(const Value &object, QStringList attributes, const QStringList &displayOrder, int totalWidth);

// "id: ...\nstatus: ...\nresult: \n  stdout: ..." like st2 run / execution get.
QString executionView(const Value &execution, const QStringList &attributes);

// The width to lay tables out for: $COLUMNS, the terminal's width, or 120.
int terminalWidth();

} // namespace output
} // namespace squall::cli
