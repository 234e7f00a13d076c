#include "InquiryPrompt.h"

#include "ApiClient.h"
#include "OutputFormat.h"
#include "base/Json.h"

#include <algorithm>

namespace squall::cli {

namespace {

// The words st2's interactive form accepts for yes and no.
bool parseBool(const QString &text, bool *value)
{
    static const QStringList yes{QStringLiteral("1"), QStringLiteral("y"), QStringLiteral("yes"), QStringLiteral("true")};
    static const QStringList no{QStringLiteral("0"), QStringLiteral("n"), QStringLiteral("no"), QStringLiteral("nope"),
                                QStringLiteral("nah"), QStringLiteral("false")};
    const QString t = text.trimmed().toLower();
    if (yes.contains(t)) {
        *value = true;
        return true;
    }
    if (no.contains(t)) {
        *value = false;
        return true;
    }
    return false;
}

// A property's type; the first non-null one of a type list, "" when untyped.
QString typeOf(const Value &spec)
{
    const Value t = spec[u"type"];
    if (t.isString())
        return t.toString();
    for (const Value &one : t.toList()) {
        if (one.isString() && one.toString() != u"null")
            return one.toString();
    }
    return {};
}

bool isRequired(const Value &spec, const Value &parent, const QString &name)
{
    if (spec[u"required"].isBool())
        return spec[u"required"].toBool();
    for (const Value &r : parent[u"required"].toList()) {
        if (r.toString() == name)
            return true;
    }
    return false;
}

// A scalar typed as `type`; false with *error set when the text does not fit.
bool convert(const QString &text, const QString &type, Value *out, QString *error)
{
    const QString t = text.trimmed();
    if (type == u"boolean") {
        bool b = false;
        if (!parseBool(t, &b)) {
            *error = QStringLiteral("\"%1\" is not a yes/no answer: use y, yes, true, 1 or n, no, false, 0").arg(t);
            return false;
        }
        *out = b;
        return true;
    }
    if (type == u"integer") {
        bool ok = false;
        const qint64 n = t.toLongLong(&ok);
        if (!ok) {
            *error = QStringLiteral("\"%1\" is not an integer").arg(t);
            return false;
        }
        *out = n;
        return true;
    }
    if (type == u"number") {
        bool ok = false;
        const double d = t.toDouble(&ok);
        if (!ok) {
            *error = QStringLiteral("\"%1\" is not a number").arg(t);
            return false;
        }
        *out = d;
        return true;
    }
    if (type == u"null") {
        *out = Value();
        return true;
    }
    *out = text;
    return true;
}

QString defaultText(const Value &def, const QString &type)
{
    if (type == u"boolean")
        return def.toBool() ? QStringLiteral("y") : QStringLiteral("n");
    if (def.isList()) {
        QStringList parts;
        for (const Value &v : def.toList())
            parts << output::cellText(v);
        return parts.join(u',');
    }
    return output::cellText(def);
}

} // namespace

Value InquiryPrompt::ask(const Value &schema)
{
    return askProperties(schema, QString());
}

Value InquiryPrompt::askProperties(const Value &schema, const QString &prefix)
{
    ValueDict out;
    for (const auto &[name, spec] : schema[u"properties"].toDict()) {
        const QString label = prefix + name;
        const bool required = isRequired(spec, schema, name);
        for (;;) {
            Value v;
            if (askOne(label, spec, &v)) {
                out.insert(name, v);
                break;
            }
            if (!required)
                break;
            m_out << "  \"" << label << "\" needs an answer.\n";
        }
    }
    return Value(std::move(out));
}

QString InquiryPrompt::readLine(const QString &name)
{
    m_out.flush();
    QString line;
    if (!m_in.readLineInto(&line))
        throw CliError{QStringLiteral("the input ended before \"%1\" was answered").arg(name), 1};
    if (line.endsWith(u'\r'))
        line.chop(1);
    return line;
}

bool InquiryPrompt::confirm(const QString &question, bool byDefault)
{
    for (;;) {
        m_out << question << (byDefault ? " [y]: " : " [n]: ");
        const QString answer = readLine(question);
        if (answer.trimmed().isEmpty())
            return byDefault;
        bool b = false;
        if (parseBool(answer, &b))
            return b;
        m_out << "  Answer y or n.\n";
    }
}

bool InquiryPrompt::askEnum(const QString &name, const Value &spec, const Value &choices, bool many, Value *out)
{
    const ValueList options = choices.toList();
    const Value *def = spec.toDict().find(u"default");
    m_out << name << ":\n";
    for (qsizetype i = 0; i < options.size(); ++i)
        m_out << ' ' << i << " - " << output::cellText(options.at(i)) << '\n';
    QString defaultChoice;
    if (def) {
        QStringList idx;
        const ValueList defaults = many ? def->toList() : ValueList{*def};
        for (const Value &d : defaults) {
            const qsizetype at = options.indexOf(d);
            if (at >= 0)
                idx << QString::number(at);
        }
        defaultChoice = idx.join(QStringLiteral(", "));
    }
    for (;;) {
        m_out << "Choose " << (many ? "one or more (comma-separated) " : "one ") << "of 0-" << options.size() - 1;
        if (!defaultChoice.isEmpty())
            m_out << " [" << defaultChoice << ']';
        m_out << ": ";
        const QString answer = readLine(name);
        if (answer.trimmed().isEmpty()) {
            if (!def)
                return false;
            *out = *def;
            return true;
        }
        ValueList picked;
        QString bad;
        const QStringList parts = many ? answer.split(u',', Qt::SkipEmptyParts) : QStringList{answer};
        for (const QString &part0 : parts) {
            const QString part = part0.trimmed();
            bool ok = false;
            const int index = part.toInt(&ok);
            if (ok && index >= 0 && index < options.size()) {
                picked.append(options.at(index));
                continue;
            }
            // The value itself is understood too.
            const auto same = std::find_if(options.begin(), options.end(),
                                           [&part](const Value &o) { return output::cellText(o) == part; });
            if (same == options.end()) {
                bad = part;
                break;
            }
            picked.append(*same);
        }
        if (!bad.isEmpty()) {
            m_out << "  \"" << bad << "\" is not one of the choices.\n";
            continue;
        }
        *out = many ? Value(std::move(picked)) : picked.value(0);
        return true;
    }
}

bool InquiryPrompt::askObjectList(const QString &name, const Value &spec, Value *out)
{
    ValueList items;
    for (int i = 0;; ++i) {
        items.append(askProperties(spec[u"items"], QStringLiteral("%1[%2].").arg(name).arg(i)));
        if (!confirm(QStringLiteral("Add another item to \"%1\"?").arg(name), false))
            break;
    }
    *out = Value(std::move(items));
    return true;
}

bool InquiryPrompt::askOne(const QString &name, const Value &spec, Value *out)
{
    const QString type = typeOf(spec);
    if (spec[u"description"].isString())
        m_out << spec[u"description"].toString() << '\n';
    if (spec[u"enum"].isList())
        return askEnum(name, spec, spec[u"enum"], false, out);
    const Value items = spec[u"items"];
    if (type == u"array" && items[u"enum"].isList())
        return askEnum(name, spec, items[u"enum"], true, out);
    if (type == u"array" && typeOf(items) == u"object" && items[u"properties"].isDict())
        return askObjectList(name, spec, out);
    if (type == u"object" && spec[u"properties"].isDict()) {
        *out = askProperties(spec, name + u'.');
        return true;
    }

    const Value *def = spec.toDict().find(u"default");
    QString hint;
    if (type == u"boolean" || type == u"integer" || type == u"number")
        hint = type;
    else if (type == u"array")
        hint = QStringLiteral("comma-separated list, or JSON");
    else if (type == u"object")
        hint = QStringLiteral("JSON object");
    else if (spec[u"secret"].toBool())
        hint = QStringLiteral("secret");
    for (;;) {
        m_out << name;
        if (!hint.isEmpty())
            m_out << " (" << hint << ')';
        if (def)
            m_out << " [" << defaultText(*def, type) << ']';
        m_out << ": ";
        const QString answer = readLine(name);
        if (answer.isEmpty() || (type != QLatin1String("string") && !type.isEmpty() && answer.trimmed().isEmpty())) {
            if (!def)
                return false;
            *out = *def;
            return true;
        }
        QString error;
        if (type == u"object" || (type == u"array" && answer.trimmed().startsWith(u'['))) {
            json::ParseError pe;
            const Value parsed = json::parse(answer.toUtf8(), &pe);
            if (pe.ok() && (type == u"object" ? parsed.isDict() : parsed.isList())) {
                *out = parsed;
                return true;
            }
            m_out << "  Not a JSON " << (type == u"object" ? "object" : "array") << ".\n";
            continue;
        }
        if (type == u"array") {
            const QString itemType = typeOf(items).isEmpty() ? QStringLiteral("string") : typeOf(items);
            ValueList list;
            for (const QString &part : answer.split(u',')) {
                Value item;
                if (!convert(part.trimmed(), itemType, &item, &error))
                    break;
                list.append(item);
            }
            if (error.isEmpty()) {
                *out = Value(std::move(list));
                return true;
            }
        } else if (convert(answer, type, out, &error)) {
            return true;
        }
        m_out << "  " << error << ".\n";
    }
}

} // namespace squall::cli
