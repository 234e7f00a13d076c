#include "rules/PatternTemplate.h"

#include "base/Json.h"
#include "expr/Jinja.h"

namespace squall::rules {

QString PatternTemplate::rewriteForComplex(const QString &s)
{
    QString out;
    out.reserve(s.size() + 32);
    qsizetype i = 0;
    const qsizetype n = s.size();
    while (i < n) {
        const qsizetype open = s.indexOf(u"{{", i);
        if (open < 0) {
            out += QStringView(s).mid(i);
            break;
        }
        out += QStringView(s).mid(i, open - i);
        // Find the closing "}}" outside string literals.
        qsizetype j = open + 2;
        QChar quote;
        qsizetype close = -1;
        for (; j < n; ++j) {
            const QChar c = s.at(j);
            if (!quote.isNull()) {
                if (c == u'\\')
                    ++j;
                else if (c == quote)
                    quote = QChar();
            } else if (c == u'\'' || c == u'"') {
                quote = c;
            } else if (c == u'}' && j + 1 < n && s.at(j + 1) == u'}') {
                close = j;
                break;
            }
        }
        if (close < 0) {
            // Unterminated: leave it for the Jinja parser to report.
            out += QStringView(s).mid(open);
            break;
        }
        QString inner = s.mid(open + 2, close - open - 2);
        QString leftTrim;
        QString rightTrim;
        if (inner.startsWith(u'-') || inner.startsWith(u'+')) {
            leftTrim = inner.left(1);
            inner.remove(0, 1);
        }
        if (inner.endsWith(u'-') || inner.endsWith(u'+')) {
            rightTrim = inner.right(1);
            inner.chop(1);
        }
        out += QStringLiteral("{{") + leftTrim + QStringLiteral(" (") + inner.trimmed()
            + QStringLiteral(") | to_complex ") + rightTrim + QStringLiteral("}}");
        i = close + 2;
    }
    return out;
}

PatternTemplate::PatternTemplate(const QString &source)
    : m_source(source)
{
    m_plain = expr::cachedTemplate(source);
    if (source.contains(u"{{"))
        m_complex = expr::cachedTemplate(rewriteForComplex(source));
}

Value PatternTemplate::render(const expr::Scope &scope) const
{
    if (m_complex) {
        const QString rendered = m_complex->render(scope);
        json::ParseError err;
        Value decoded = json::parse(QStringView(rendered), &err);
        if (err.ok())
            return decoded;
    }
    return m_plain->render(scope);
}

} // namespace squall::rules
