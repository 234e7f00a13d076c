#pragma once

#include <QRegularExpression>
#include <QString>

namespace squall::schema {

// Python `re` patterns on top of PCRE2. The two dialects agree on nearly
// everything StackStorm content uses; the few spellings that differ (`\Z`,
// `(?P=name)`) are rewritten. Compiled patterns are cached per thread, so a
// criterion whose pattern is rendered per event does not recompile each time.
// Throws SquallException kind "re.error" for an invalid pattern.
QRegularExpression pythonRegex(const QString &pattern,
                               QRegularExpression::PatternOptions options = QRegularExpression::NoPatternOption);

// re.search / re.match (anchored at the start) / re.fullmatch.
bool regexSearch(const QRegularExpression &re, const QString &subject);
bool regexMatch(const QRegularExpression &re, const QString &subject);

} // namespace squall::schema
