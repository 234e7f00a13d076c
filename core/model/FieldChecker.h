#pragma once

#include "base/Error.h"
#include "base/Value.h"

#include <QList>

namespace squall::yaml {
class LocationMap;
}

namespace squall::model {

// Collects located errors while a loader walks a document: every message names
// the file, the line and column of the field (or of its nearest located
// parent) and the field's dotted path. Errors have kind "schema" (or "yaml");
// warnings have kind "warning" and do not make a document invalid.
class FieldChecker
{
public:
    FieldChecker(const yaml::LocationMap *locations, const QString &file, QList<Error> *errors);

    static QString join(const QString &prefix, const QString &key);
    static bool isWarning(const Error &e) { return e.kind == QStringLiteral("warning"); }

    void error(const QString &path, const QString &message) { add(path, message, QStringLiteral("schema")); }
    void warning(const QString &path, const QString &message) { add(path, message, QStringLiteral("warning")); }
    void add(const QString &path, const QString &message, const QString &kind);
    int errorCount() const { return m_errorCount; }
    const QString &file() const { return m_file; }

    // `d[key]` must be a string when present; an error names the field otherwise.
    // Returns the string, or `fallback` when absent or of the wrong type.
    QString string(const ValueDict &d, const QString &key, const QString &prefix, bool required,
                   const QString &fallback = {});
    bool boolean(const ValueDict &d, const QString &key, const QString &prefix, bool fallback);
    // The field when it is a dict (or absent: an empty dict), an error otherwise.
    Value dict(const ValueDict &d, const QString &key, const QString &prefix, bool required = false);
    Value list(const ValueDict &d, const QString &key, const QString &prefix);
    // One error per key of `d` that is not in `allowed`.
    void onlyKeys(const ValueDict &d, std::initializer_list<QStringView> allowed, const QString &prefix);
    // Tags: a list of {name, value} dicts.
    Value tags(const ValueDict &d, const QString &prefix);

    static QString typeMismatch(const char *expected, const Value &got);

private:
    const yaml::LocationMap *m_locations;
    QString m_file;
    QList<Error> *m_errors;
    int m_errorCount = 0;
};

} // namespace squall::model
