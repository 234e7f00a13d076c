#pragma once

#include <QRegularExpression>
#include <QString>

namespace squall::rules {

// Python 3 `re` on str patterns, run by PCRE2.
//
// The pattern is read with Python's grammar and rewritten for PCRE2, so that
// what Python accepts behaves as in Python and what Python refuses is refused:
// Unicode-aware \d \w \s (Python's own sets, not PCRE's), \Z as the absolute
// end, \v as a character, {,n}, global inline flags anywhere applying to the
// whole pattern (Python 3.8-3.10), (?a) ASCII mode; PCRE-only syntax (\h, \K,
// \p{..}, (?|..), (?>..), possessive quantifiers, recursion, POSIX classes)
// is a bad pattern. Throws SquallException kind "re.error" with Python's
// wording where it matters. Compiled patterns are cached per thread.
struct PythonRegexFlags
{
    bool ignoreCase = false;  // re.IGNORECASE
    bool dotAll = false;      // re.DOTALL
};

QRegularExpression compilePythonRegex(const QString &pattern, PythonRegexFlags flags = {});

// The PCRE2 text for a Python pattern and the options it needs (exposed for tests).
QString translatePythonRegex(const QString &pattern, PythonRegexFlags flags,
                             QRegularExpression::PatternOptions *options);

// re.match (anchored at the start only) and re.search.
bool pythonRegexMatch(const QRegularExpression &re, const QString &subject);
bool pythonRegexSearch(const QRegularExpression &re, const QString &subject);

} // namespace squall::rules
