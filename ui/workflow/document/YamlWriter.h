#pragma once

#include "base/Value.h"

#include <QString>
#include <QStringView>

namespace squall::ui {

// Writes values as block YAML in a file's own style, so inserted text looks
// like its neighbours and re-loads (PyYAML typing) as the same value.
struct YamlStyle
{
    int indent = 2;             // spaces per level
    bool indentedLists = true;  // "key:\n  - x" (true) or "key:\n- x"
    QString newline = QStringLiteral("\n");

    // The style of an existing text: its newline, the smallest indentation
    // step, and whether lists under keys are indented.
    static YamlStyle detect(QStringView text);
};

namespace yamlwriter {

// A scalar as it must appear in plain context: plain when that reads back
// as the same value, double-quoted otherwise.
QString scalar(const Value &v);
bool isInline(const Value &v);  // scalars and empty collections
// What follows "key:" for `v` when the key sits at column `keyColumn`:
// " scalar", or a newline and the block lines (no final newline).
QString afterKey(const Value &v, int keyColumn, const YamlStyle &style);
// `key: value` at column `column` (first line not padded), no final newline.
QString entry(const QString &key, const Value &v, int column, const YamlStyle &style);
// A list item "- ..." whose dash sits at `column` (first line not padded), no final newline.
QString item(const Value &v, int column, const YamlStyle &style);
// A whole mapping or list at `column`, every line padded, no final newline.
QString block(const Value &v, int column, const YamlStyle &style);

} // namespace yamlwriter

} // namespace squall::ui
