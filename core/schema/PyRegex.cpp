#include "schema/PyRegex.h"

#include "base/Error.h"

#include <QHash>

namespace squall::schema {

namespace {

QString translate(const QString &pattern)
{
    QString out;
    out.reserve(pattern.size());
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == u'\\' && i + 1 < pattern.size()) {
            const QChar n = pattern.at(i + 1);
            // Python's end-of-string anchor is PCRE's \z (PCRE's \Z allows a trailing newline).
            out += n == u'Z' ? QStringLiteral("\\z") : QString(c) + n;
            ++i;
            continue;
        }
        if (c == u'(' && pattern.mid(i, 4) == u"(?P=") {
            // Named backreference: (?P=name) -> (?P>name) is recursion in PCRE; use \k<name>.
            const qsizetype close = pattern.indexOf(u')', i);
            if (close > 0) {
                out += QStringLiteral("\\k<") + pattern.mid(i + 4, close - i - 4) + u'>';
                i = close;
                continue;
            }
        }
        out += c;
    }
    return out;
}

struct CacheKey
{
    QString pattern;
    int options;
    bool operator==(const CacheKey &o) const { return options == o.options && pattern == o.pattern; }
};

size_t qHash(const CacheKey &k, size_t seed = 0) { return ::qHash(k.pattern, seed) ^ size_t(k.options); }

} // namespace

QRegularExpression pythonRegex(const QString &pattern, QRegularExpression::PatternOptions options)
{
    thread_local QHash<CacheKey, QRegularExpression> cache;
    const CacheKey key {pattern, int(options)};
    auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return *it;
    QRegularExpression re(translate(pattern), options);
    if (!re.isValid()) {
        throw SquallException(QStringLiteral("re.error"),
                              QStringLiteral("invalid regular expression '%1': %2 at position %3")
                                  .arg(pattern, re.errorString())
                                  .arg(re.patternErrorOffset()));
    }
    re.optimize();
    if (cache.size() > 4096)
        cache.clear();
    cache.insert(key, re);
    return re;
}

bool regexSearch(const QRegularExpression &re, const QString &subject)
{
    return re.match(subject).hasMatch();
}

bool regexMatch(const QRegularExpression &re, const QString &subject)
{
    return re.match(subject, 0, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption)
        .hasMatch();
}

} // namespace squall::schema
