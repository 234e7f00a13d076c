#pragma once

#include <QString>

namespace squall::rules {

// Python's fnmatch.translate: a shell glob (`*`, `?`, `[seq]`, `[!seq]`) as an
// anchored regular expression. Case-sensitive, as fnmatch is on POSIX.
QString wildcardToRegex(QStringView glob);

} // namespace squall::rules
