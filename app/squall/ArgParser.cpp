#include "ArgParser.h"

namespace squall::cli {

QString OptionSpec::dest() const
{
    if (!key.isEmpty())
        return key;
    for (const QString &n : names) {
        if (n.startsWith(u"--"))
            return n.mid(2).replace(u'-', u'_');
    }
    return names.isEmpty() ? QString() : names.first().mid(1);
}

CommandSpec &CommandSpec::option(QStringList optionNames, OptionSpec::Kind kind, QString helpText, QString metavar)
{
    OptionSpec o;
    o.names = std::move(optionNames);
    o.kind = kind;
    o.help = std::move(helpText);
    o.metavar = std::move(metavar);
    options.append(std::move(o));
    return *this;
}

CommandSpec &CommandSpec::positional(QString positionalName, PositionalSpec::Arity arity, QString helpText)
{
    positionals.append(PositionalSpec{std::move(positionalName), arity, std::move(helpText)});
    return *this;
}

CommandSpec &CommandSpec::child(CommandSpec c)
{
    children.append(std::move(c));
    return *this;
}

const CommandSpec *CommandSpec::findChild(QStringView childName) const
{
    for (const CommandSpec &c : children) {
        if (c.name == childName)
            return &c;
    }
    return nullptr;
}

const OptionSpec *CommandSpec::findOption(QStringView optionName) const
{
    for (const OptionSpec &o : options) {
        if (o.names.contains(optionName))
            return &o;
    }
    return nullptr;
}

QString ParsedArgs::value(const QString &key, const QString &fallback) const
{
    const auto it = options.constFind(key);
    if (it == options.cend() || it->isEmpty())
        return fallback;
    return it->constLast();
}

QString ParsedArgs::positional(const QString &name) const
{
    const QStringList l = positionals.value(name);
    return l.isEmpty() ? QString() : l.first();
}

namespace {

bool looksLikeOption(const QString &tok)
{
    if (tok.size() < 2 || !tok.startsWith(u'-'))
        return false;
    // "-1" is a value (execution list -n -1), not an option.
    bool isNumber = false;
    tok.toDouble(&isNumber);
    return !isNumber;
}

} // namespace

ParseOutcome ArgParser::parse(const QStringList &arguments) const
{
    ParseOutcome out;
    QList<const CommandSpec *> chain{&m_root};
    int positionalIndex = 0;
    bool onlyPositionals = false;
    bool restMode = false;

    auto fail = [&](const QString &message) {
        out.status = ParseOutcome::Error;
        out.error = message;
        out.command = chain.constLast();
        return out;
    };
    auto findOption = [&](QStringView name) -> const OptionSpec * {
        for (auto it = chain.crbegin(); it != chain.crend(); ++it) {
            if (const OptionSpec *o = (*it)->findOption(name))
                return o;
        }
        return nullptr;
    };

    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &tok = arguments.at(i);
        const CommandSpec *cur = chain.constLast();

        if (restMode) {
            out.args.positionals[cur->positionals.at(positionalIndex).name].append(tok);
            continue;
        }
        if (!onlyPositionals && tok == u"--") {
            onlyPositionals = true;
            continue;
        }
        if (!onlyPositionals && looksLikeOption(tok)) {
            if (tok == u"-h" || tok == u"--help") {
                if (cur->handlesHelp && cur->children.isEmpty()) {
                    out.args.helpRequested = true;
                    continue;
                }
                out.status = ParseOutcome::Help;
                out.command = cur;
                return out;
            }
            QString name = tok;
            QString inlineValue;
            bool hasInline = false;
            if (tok.startsWith(u"--")) {
                const qsizetype eq = tok.indexOf(u'=');
                if (eq > 0) {
                    name = tok.left(eq);
                    inlineValue = tok.mid(eq + 1);
                    hasInline = true;
                }
            }
            const OptionSpec *opt = findOption(name);
            if (!opt)
                return fail(QStringLiteral("unknown option '%1'").arg(name));
            const QString dest = opt->dest();
            switch (opt->kind) {
            case OptionSpec::Flag:
                if (hasInline)
                    return fail(QStringLiteral("option '%1' takes no value").arg(name));
                out.args.options[dest];
                break;
            case OptionSpec::Value:
                if (!hasInline) {
                    if (i + 1 >= arguments.size())
                        return fail(QStringLiteral("option '%1' needs a value").arg(name));
                    inlineValue = arguments.at(++i);
                }
                out.args.options[dest] = QStringList{inlineValue};
                break;
            case OptionSpec::Multi: {
                QStringList &list = out.args.options[dest];
                if (hasInline)
                    list.append(inlineValue);
                while (i + 1 < arguments.size() && !looksLikeOption(arguments.at(i + 1))
                       && arguments.at(i + 1) != u"--") {
                    list.append(arguments.at(++i));
                }
                if (list.isEmpty())
                    return fail(QStringLiteral("option '%1' needs at least one value").arg(name));
                break;
            }
            }
            continue;
        }

        if (!cur->children.isEmpty() && !onlyPositionals) {
            const CommandSpec *next = cur->findChild(tok);
            if (!next)
                return fail(QStringLiteral("unknown command '%1'").arg(tok));
            chain.append(next);
            out.args.commandPath.append(next->name);
            positionalIndex = 0;
            continue;
        }
        if (positionalIndex >= cur->positionals.size())
            return fail(QStringLiteral("unexpected argument '%1'").arg(tok));
        const PositionalSpec &p = cur->positionals.at(positionalIndex);
        out.args.positionals[p.name].append(tok);
        if (p.arity == PositionalSpec::Rest) {
            if (cur->restStopsAtBareToken && !tok.contains(u'='))
                restMode = true;
        } else {
            ++positionalIndex;
        }
    }

    const CommandSpec *cur = chain.constLast();
    out.command = cur;
    if (!cur->children.isEmpty() && !cur->handler) {
        if (chain.size() == 1 && arguments.isEmpty()) {
            out.status = ParseOutcome::Help;
            return out;
        }
        return fail(QStringLiteral("missing command"));
    }
    for (const PositionalSpec &p : cur->positionals) {
        if (p.arity == PositionalSpec::Required && !out.args.positionals.contains(p.name)) {
            if (out.args.helpRequested) {
                // `run -h` without an action: the command's own usage.
                out.status = ParseOutcome::Help;
                return out;
            }
            return fail(QStringLiteral("missing argument <%1>").arg(p.name));
        }
    }
    return out;
}

QString ArgParser::usage(const CommandSpec &command, const QStringList &path) const
{
    QString line = QStringLiteral("usage: squall");
    for (const QString &p : path)
        line += u' ' + p;
    if (!command.children.isEmpty())
        line += QStringLiteral(" <command>");
    if (!command.options.isEmpty() || &command != &m_root)
        line += QStringLiteral(" [options]");
    for (const PositionalSpec &p : command.positionals) {
        switch (p.arity) {
        case PositionalSpec::Required: line += QStringLiteral(" <%1>").arg(p.name); break;
        case PositionalSpec::Optional: line += QStringLiteral(" [%1]").arg(p.name); break;
        case PositionalSpec::Rest: line += QStringLiteral(" [%1...]").arg(p.name); break;
        }
    }
    QString text = line + u'\n';
    if (!command.help.isEmpty())
        text += u'\n' + command.help + u'\n';

    auto row = [](const QString &left, const QString &right) -> QString {
        QString l = QStringLiteral("  ") + left;
        if (l.size() < 30)
            return l.leftJustified(30) + right + u'\n';
        return l + QStringLiteral("\n") + QString(30, u' ') + right + u'\n';
    };
    if (!command.children.isEmpty()) {
        text += QStringLiteral("\nCommands:\n");
        for (const CommandSpec &c : command.children)
            text += row(c.name, c.help.section(u'\n', 0, 0));
    }
    if (!command.positionals.isEmpty()) {
        text += QStringLiteral("\nArguments:\n");
        for (const PositionalSpec &p : command.positionals)
            text += row(p.name, p.help);
    }
    auto optionRows = [&](const CommandSpec &c) {
        QString rows;
        for (const OptionSpec &o : c.options) {
            QString left = o.names.join(QStringLiteral(", "));
            if (o.kind == OptionSpec::Value)
                left += u' ' + (o.metavar.isEmpty() ? o.dest().toUpper() : o.metavar);
            else if (o.kind == OptionSpec::Multi)
                left += u' ' + (o.metavar.isEmpty() ? o.dest().toUpper() : o.metavar) + QStringLiteral(" ...");
            rows += row(left, o.help);
        }
        return rows;
    };
    if (!command.options.isEmpty() && &command != &m_root)
        text += QStringLiteral("\nOptions:\n") + optionRows(command);
    text += QStringLiteral("\nGlobal options:\n") + row(QStringLiteral("-h, --help"), QStringLiteral("Show this help and exit."))
        + optionRows(m_root);
    if (!command.children.isEmpty()) {
        QString p = path.join(u' ');
        text += QStringLiteral("\nRun 'squall %1%2<command> --help' for the options of a command.\n")
                    .arg(p, p.isEmpty() ? QString() : QStringLiteral(" "));
    }
    return text;
}

} // namespace squall::cli
