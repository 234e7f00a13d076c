#pragma once

#include <QString>

#include <exception>

namespace squall {

// Where something came from: a file and a 1-based line/column, when known.
struct SourceLocation
{
    QString file;
    int line = 0;    // 0 = unknown
    int column = 0;  // 0 = unknown

    bool isValid() const { return !file.isEmpty() || line > 0; }
    QString toString() const;  // "file:line:col", omitting what is unknown
};

// One error, rendered the same way by the CLI, the API and the studio:
// "file:line:col: field: message".
struct Error
{
    QString message;
    SourceLocation location;
    QString field;   // dotted path of the offending field, e.g. "parameters.cmd.type"
    QString kind;    // short machine-readable category, e.g. "yaml", "schema", "TypeError"

    QString toString() const;
};

// Thrown inside a module and caught at its boundary, where it becomes a value.
class SquallException : public std::exception
{
public:
    explicit SquallException(Error error);
    SquallException(const QString &kind, const QString &message);
    const Error &error() const { return m_error; }
    const char *what() const noexcept override { return m_what.constData(); }

private:
    Error m_error;
    QByteArray m_what;
};

} // namespace squall
