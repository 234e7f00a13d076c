#pragma once

#include "base/Value.h"

#include <QRegularExpression>

// Helpers behind StackStorm's custom functions.
namespace squall::expr::st2 {

// jsonpath_rw subset: `$`, `a.b`, `a[0]`, `[*]`, `*`, `..name`, `['key']`.
// Returns the list of matches (possibly empty). Throws ValueError on a bad path.
ValueList jsonPathQuery(const Value &root, const QString &path);

// Semantic versions (python-semver 2.x).
struct SemVer
{
    qint64 major = 0, minor = 0, patch = 0;
    QString prerelease, build;
    static SemVer parse(const QString &s);  // throws ValueError "x is not valid SemVer string"
    QString toString() const;
};
int semverCompare(const QString &a, const QString &b);
bool semverMatch(const QString &version, const QString &expr);

// A Python `re` pattern compiled for QRegularExpression (cached per thread).
QRegularExpression pythonRegex(const QString &pattern, bool ignoreCase, bool dotAll = false);
// re.sub with Python's replacement template syntax (\1, \g<1>, \g<name>).
QString pythonSub(const QRegularExpression &re, const QString &repl, const QString &subject, qint64 count = 0);
// re.findall: whole matches, the single group, or lists of groups.
ValueList pythonFindAll(const QRegularExpression &re, const QString &subject);

} // namespace squall::expr::st2
