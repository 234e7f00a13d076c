#pragma once

#include "base/Value.h"

#include <QString>

// How the panes show a YAML value in a one-line field and read it back:
// plain strings stay plain, expressions ({{ }}, <% %>) always stay strings,
// anything else is typed as PyYAML would type it.
namespace squall::ui::valuetext {

QString format(const Value &value);
// `text` as YAML would read it; an empty text is null.
Value parse(const QString &text);
// An expression kept as written (only trimmed); empty text is null.
Value expression(const QString &text);

} // namespace squall::ui::valuetext
