#include "workflow/inspect/InlineParams.h"

#include "base/Json.h"

#include <QRegularExpression>

namespace squall::workflow {

namespace {

const QRegularExpression &inlineParamRegex()
{
    // Orquesta writes `(?i)` in the middle of the alternation; Python applies
    // such a flag to the whole pattern, so the match is case-insensitive
    // throughout (NULL, True, ...).
    static const QRegularExpression re(
        QStringLiteral("(\\w+)=(\\[.*\\]\\s*|\"[^\"]*\"\\s*|'[^']*'\\s*|[-]?\\d*\\.\\d+|[-]?\\d+|true|false|null"
                       "|<%.*?%>|\\{\\{.*?\\}\\})"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    return re;
}

Value convert(QString v)
{
    v = v.trimmed();
    static const QRegularExpression inQuotes(QStringLiteral("\"[^\"]*\"\\s*"));
    static const QRegularExpression inApostrophes(QStringLiteral("'[^']*'\\s*"));
    const bool quotesInParam = inQuotes.match(v).hasMatch() || inApostrophes.match(v).hasMatch();

    // One leading and one trailing double quote, then the same for single quotes.
    if (v.startsWith(u'"'))
        v.remove(0, 1);
    if (v.endsWith(u'"'))
        v.chop(1);
    if (v.startsWith(u'\''))
        v.remove(0, 1);
    if (v.endsWith(u'\''))
        v.chop(1);

    bool quotesInString = false;
    if (!v.isEmpty()) {
        const bool curly = v.front() == u'{' && v.back() == u'}';
        quotesInString = quotesInParam && !curly;
    }
    if (quotesInString)
        return v;
    const QString lower = v.toLower();
    const QString text = (lower == u"true" || lower == u"false") ? lower : v;
    json::ParseError error;
    Value parsed = json::parse(QStringView(text), &error);
    if (error.ok())
        return parsed;
    return v;
}

} // namespace

ValueList parseInlineParams(const QString &s)
{
    ValueList params;
    if (s.isEmpty())
        return params;
    auto it = inlineParamRegex().globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        ValueDict one;
        one.insert(m.captured(1), convert(m.captured(2)));
        params.append(Value(std::move(one)));
    }
    return params;
}

ValueDict inlineParamsDict(const QString &s)
{
    ValueDict out;
    for (const Value &p : parseInlineParams(s)) {
        const auto &entry = p.toDict().entries().front();
        out.insert(entry.first, entry.second);
    }
    return out;
}

} // namespace squall::workflow
