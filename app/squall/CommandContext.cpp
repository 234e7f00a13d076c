#include "CommandContext.h"

#include "ArgParser.h"
#include "OutputFormat.h"
#include "base/Json.h"
#include "base/Yaml.h"

namespace squall::cli {

CommandContext::CommandContext(ClientConfig config, QTextStream &out, QTextStream &err)
    : m_config(std::move(config)), m_out(out), m_err(err), m_width(output::terminalWidth())
{
}

CommandContext::~CommandContext() = default;

ApiClient &CommandContext::api()
{
    if (!m_api)
        m_api = std::make_unique<ApiClient>(m_config);
    return *m_api;
}

QStringList CommandContext::attributeArgs(const ParsedArgs &args, const QString &key)
{
    QStringList out;
    // Accept "-a id status" as well as "-a id,status".
    for (const QString &v : args.values(key)) {
        for (const QString &part : v.split(u',', Qt::SkipEmptyParts))
            out.append(part.trimmed());
    }
    return out;
}

QList<int> CommandContext::widthArgs(const ParsedArgs &args)
{
    QList<int> out;
    for (const QString &v : args.values(QStringLiteral("width"))) {
        bool ok = false;
        const int w = v.toInt(&ok);
        if (!ok || w <= 0)
            throw CliError{QStringLiteral("invalid width '%1'").arg(v), 2};
        out.append(w);
    }
    return out;
}

bool CommandContext::printStructured(const Value &v, const ParsedArgs &args)
{
    if (args.isSet(QStringLiteral("json"))) {
        json::Style style;
        style.indent = 4;
        m_out << json::toString(v, style) << '\n';
        return true;
    }
    if (args.isSet(QStringLiteral("yaml"))) {
        m_out << yaml::dump(v);
        return true;
    }
    return false;
}

namespace {

// Keeps only the selected (dotted) attributes, nesting them as they were.
Value project(const Value &item, const QStringList &attrs)
{
    if (attrs.isEmpty() || attrs.contains(u"all") || !item.isDict())
        return item;
    ValueDict out;
    for (const QString &a : attrs) {
        const Value v = output::lookup(item, a);
        const QStringList parts = a.split(u'.');
        ValueDict *cur = &out;
        for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
            Value &child = (*cur)[parts.at(i)];
            if (!child.isDict())
                child = Value(ValueDict());
            cur = &child.dictRef();
        }
        cur->insert(parts.constLast(), v);
    }
    return Value(std::move(out));
}

} // namespace

void CommandContext::printList(const ValueList &items, const QStringList &defaultAttributes, const ParsedArgs &args)
{
    QStringList attrs = attributeArgs(args);
    if (args.isSet(QStringLiteral("json")) || args.isSet(QStringLiteral("yaml"))) {
        if (attrs.isEmpty()) {
            printStructured(Value(items), args);
        } else {
            ValueList projected;
            for (const Value &i : items)
                projected.append(project(i, attrs));
            printStructured(Value(std::move(projected)), args);
        }
        return;
    }
    if (items.isEmpty())
        return;  // st2 prints nothing for an empty list
    if (attrs.isEmpty())
        attrs = defaultAttributes;
    if (attrs.contains(u"all")) {
        attrs = items.first().isDict() ? items.first().toDict().keys() : QStringList();
        attrs.sort();
    }
    m_out << output::table(items, attrs, m_width, widthArgs(args));
}

void CommandContext::printObject(const Value &item, const QStringList &displayOrder, const ParsedArgs &args)
{
    const QStringList attrs = attributeArgs(args);
    if (printStructured(project(item, attrs), args))
        return;
    m_out << output::propertyTable(item, attrs, displayOrder, m_width);
}

} // namespace squall::cli
