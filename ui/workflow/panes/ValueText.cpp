#include "ui/workflow/panes/ValueText.h"

#include "base/Json.h"
#include "base/Yaml.h"

namespace squall::ui::valuetext {

namespace {

bool isExpression(const QString &text)
{
    return text.contains(u"{{") || text.contains(u"<%") || text.contains(u"{%");
}

} // namespace

QString format(const Value &value)
{
    if (value.isNull())
        return {};
    if (value.isString()) {
        const QString &s = value.toString();
        if (s.isEmpty())
            return QStringLiteral("\"\"");
        if (isExpression(s))
            return s;
        // A string that would read back as something else is shown quoted.
        if (parse(s) != value)
            return json::toString(value);
        return s;
    }
    return json::toString(value);
}

Value parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    if (isExpression(trimmed))
        return Value(trimmed);
    try {
        const yaml::Document doc = yaml::load(trimmed.toUtf8());
        // A bare word with a colon or a dash list in one line is still meant as text.
        if (doc.value.isDict() && !trimmed.startsWith(u'{'))
            return Value(trimmed);
        if (doc.value.isList() && !trimmed.startsWith(u'['))
            return Value(trimmed);
        return doc.value;
    } catch (...) {
        return Value(trimmed);
    }
}

Value expression(const QString &text)
{
    const QString trimmed = text.trimmed();
    return trimmed.isEmpty() ? Value() : Value(trimmed);
}

} // namespace squall::ui::valuetext
