#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

// The arguments of one offline sub-command (`squall workflow graph FILE
// --format dot`): options that take a value, under one or more spellings
// (`-p`, `--base-path`; a long one also as `--base-path=VALUE`), and at most
// one positional argument.
class CommandOptions
{
public:
    // Each entry names one option's spellings; the first is the key value() takes.
    explicit CommandOptions(const QList<QStringList> &valued);

    // False, with error() set, on an unknown option (or one missing its value)
    // and on a second positional argument, which is refused with `tooMany`.
    bool read(const QStringList &args, const QString &tooMany);

    QString value(const QString &name, const QString &fallback = {}) const { return m_values.value(name, fallback); }
    QString positional() const { return m_positional; }
    QString error() const { return m_error; }

private:
    // Reads the option at args[*i] and its value, moving *i past the value.
    bool take(const QStringList &args, qsizetype *i);

    QList<QStringList> m_valued;
    QHash<QString, QString> m_values;
    QString m_positional;
    QString m_error;
};
