#include "runners/ShellArguments.h"

#include "base/Json.h"
#include "base/Python.h"

#include <QSet>
#include <QStringBuilder>

#include <map>

namespace squall::runners::shell {

namespace {

bool isSafeChar(QChar c)
{
    // shlex.quote leaves words made of these characters unquoted.
    if (c.unicode() >= 128)
        return false;
    return c.isLetterOrNumber() || c == u'_' || c == u'@' || c == u'%' || c == u'+' || c == u'='
        || c == u':' || c == u',' || c == u'.' || c == u'/' || c == u'-';
}

QString joinComma(const Value &value)
{
    QStringList parts;
    switch (value.type()) {
    case Value::Type::List:
        for (const Value &item : value.toList())
            parts.append(py::str(item));
        break;
    case Value::Type::Dict:
        parts = value.toDict().keys();
        break;
    case Value::Type::String:
        // Python's join iterates a string character by character.
        for (QChar c : value.toString())
            parts.append(QString(c));
        break;
    default:
        return py::str(value);
    }
    return parts.join(u',');
}

} // namespace

QString quote(const QString &s)
{
    if (s.isEmpty())
        return QStringLiteral("''");
    bool safe = true;
    for (QChar c : s) {
        if (!isSafeChar(c)) {
            safe = false;
            break;
        }
    }
    if (safe)
        return s;
    QString escaped = s;
    escaped.replace(u'\'', QStringLiteral("'\"'\"'"));
    return u'\'' % escaped % u'\'';
}

QString serializePositional(const Value &typeValue, const Value &value)
{
    const QString type = typeValue.toString();
    if (type == u"string" || type == u"number" || type == u"float")
        return value.isNull() ? QString() : py::str(value);
    if (type == u"boolean") {
        if (value.isNull())
            return {};
        return py::truthy(value) ? QStringLiteral("1") : QStringLiteral("0");
    }
    if (type == u"array" || type == u"list")
        return py::truthy(value) ? joinComma(value) : QString();
    if (type == u"object")
        return py::truthy(value) ? json::dumpsPython(value) : QString();
    if (type == u"null")
        return {};
    // Any other type (integer included) goes through str() but, like st2,
    // falsy values such as 0 become the empty string.
    return py::truthy(value) ? py::str(value) : QString();
}

QString scriptArguments(const Value &actionParameters, const Value &parameterSchema,
                        const QString &kwargOp)
{
    // Later parameters with the same position replace earlier ones, as the
    // position -> name dict does in st2.
    std::map<qint64, QString> byPosition;
    for (const auto &[name, meta] : parameterSchema.toDict()) {
        const Value pos = meta[u"position"];
        if (pos.isInt() || pos.isDouble())
            byPosition[pos.toInt()] = name;
    }

    QStringList positional;
    QSet<QString> positionalNames;
    for (const auto &[pos, name] : byPosition) {
        Q_UNUSED(pos);
        const Value type = parameterSchema[name][u"type"];
        positional.append(quote(serializePositional(type, actionParameters[name])));
        positionalNames.insert(name);
    }

    QStringList parts;
    for (const auto &[name, value] : actionParameters.toDict()) {
        if (positionalNames.contains(name))
            continue;
        if (value.isNull() || (value.isString() && value.toString().isEmpty()))
            continue;
        const QString flag = kwargOp + name;
        if (value.isBool()) {
            if (value.toBool())
                parts.append(flag);
            continue;
        }
        parts.append(quote(flag) % u'=' % quote(py::str(value)));
    }
    if (!positional.isEmpty())
        parts.append(positional.join(u' '));
    return parts.join(u' ');
}

QString stripShellChars(QString s)
{
    if (s.endsWith(u'\n'))
        s.chop(1);
    if (s.endsWith(u'\r'))
        s.chop(1);
    return s;
}

Value jsonOrString(const QString &text)
{
    // Cheap pre-check: plain text output is the common case and never JSON.
    qsizetype i = 0;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    if (i == text.size())
        return text;
    const QChar c = text.at(i);
    if (!(c == u'{' || c == u'[' || c == u'"' || c == u'-' || c.isDigit() || c == u't' || c == u'f'
          || c == u'n'))
        return text;
    json::ParseError error;
    Value parsed = json::parse(QStringView(text), &error);
    return error.ok() ? parsed : Value(text);
}

} // namespace squall::runners::shell
