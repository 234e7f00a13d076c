#include "rules/Wildcard.h"

#include <QRegularExpression>

namespace squall::rules {

QString wildcardToRegex(QStringView glob)
{
    QString out = QStringLiteral("(?s:");
    const qsizetype n = glob.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = glob.at(i++);
        if (c == u'*') {
            // Runs of stars mean the same as one.
            while (i < n && glob.at(i) == u'*')
                ++i;
            out += QStringLiteral(".*");
        } else if (c == u'?') {
            out += u'.';
        } else if (c == u'[') {
            qsizetype j = i;
            if (j < n && glob.at(j) == u'!')
                ++j;
            if (j < n && glob.at(j) == u']')
                ++j;
            while (j < n && glob.at(j) != u']')
                ++j;
            if (j >= n) {
                // No closing bracket: a literal '['.
                out += QStringLiteral("\\[");
                continue;
            }
            QStringView body = glob.mid(i, j - i);
            i = j + 1;
            QString set;
            qsizetype k = 0;
            if (!body.isEmpty() && body.front() == u'!') {
                set += u'^';
                k = 1;
            } else if (!body.isEmpty() && body.front() == u'^') {
                set += QStringLiteral("\\^");
                k = 1;
            }
            for (; k < body.size(); ++k) {
                const QChar b = body.at(k);
                // Ranges keep their '-'; everything else that PCRE treats
                // specially inside a class is escaped.
                if (b == u'\\' || b == u'[' || b == u']')
                    set += u'\\';
                set += b;
            }
            if (set.isEmpty() || set == u"^") {
                // "[]" cannot happen (handled above); "[!]" matches any char in Python 3.7+.
                out += set.isEmpty() ? QStringLiteral("(?!)") : QStringLiteral(".");
            } else {
                out += u'[' + set + u']';
            }
        } else {
            out += QRegularExpression::escape(QString(c));
        }
    }
    out += QStringLiteral(")\\z");
    return out;
}

} // namespace squall::rules
