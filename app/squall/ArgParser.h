#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace squall::cli {

class CommandContext;
class ParsedArgs;

using CommandHandler = std::function<int(CommandContext &, const ParsedArgs &)>;

// One option of a command. `names` holds every spelling ("-n", "--last");
// the first long name (without dashes, '-' turned into '_') is its key.
struct OptionSpec
{
    enum Kind { Flag, Value, Multi };  // Multi takes one or more values (argparse nargs='+')

    QStringList names;
    Kind kind = Flag;
    QString help;
    QString metavar;
    QString key;  // derived from names when empty

    QString dest() const;
};

struct PositionalSpec
{
    enum Arity { Required, Optional, Rest };

    QString name;
    Arity arity = Required;
    QString help;
};

// A node of the command tree: either a group with children or a leaf with a handler.
struct CommandSpec
{
    QString name;
    QString help;
    QList<OptionSpec> options;
    QList<PositionalSpec> positionals;
    QList<CommandSpec> children;
    CommandHandler handler;
    // `run`: the handler prints the action's own help for `-h` after the ref.
    bool handlesHelp = false;
    // `run`: once a rest positional sees a token without '=', every later
    // token (options included) belongs to it, so `run core.local ls -l` works.
    bool restStopsAtBareToken = false;

    CommandSpec &option(QStringList names, OptionSpec::Kind kind, QString help, QString metavar = {});
    CommandSpec &positional(QString name, PositionalSpec::Arity arity, QString help);
    CommandSpec &child(CommandSpec c);
    const CommandSpec *findChild(QStringView name) const;
    const OptionSpec *findOption(QStringView name) const;
};

class ParsedArgs
{
public:
    QStringList commandPath;  // e.g. {"execution", "list"}
    QHash<QString, QStringList> options;
    QHash<QString, QStringList> positionals;
    bool helpRequested = false;

    bool isSet(const QString &key) const { return options.contains(key); }
    QString value(const QString &key, const QString &fallback = {}) const;
    QStringList values(const QString &key) const { return options.value(key); }
    QString positional(const QString &name) const;
    QStringList positionalList(const QString &name) const { return positionals.value(name); }
};

struct ParseOutcome
{
    enum Status { Ok, Help, Error };
    Status status = Ok;
    ParsedArgs args;
    const CommandSpec *command = nullptr;  // deepest command reached
    QString error;
};

// A small argparse-like parser for a tree of subcommands. Options of every
// ancestor (the global ones) are accepted at any depth.
class ArgParser
{
public:
    explicit ArgParser(const CommandSpec &root) : m_root(root) { }

    ParseOutcome parse(const QStringList &arguments) const;
    QString usage(const CommandSpec &command, const QStringList &path) const;

private:
    const CommandSpec &m_root;
};

} // namespace squall::cli
