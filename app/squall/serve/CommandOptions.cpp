#include "CommandOptions.h"

CommandOptions::CommandOptions(const QList<QStringList> &valued)
    : m_valued(valued)
{
}

bool CommandOptions::read(const QStringList &args, const QString &tooMany)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (take(args, &i))
            continue;
        const QString &a = args.at(i);
        if (a.startsWith(u'-')) {
            m_error = QStringLiteral("unknown option ") + a;
            return false;
        }
        if (!m_positional.isEmpty()) {
            m_error = tooMany;
            return false;
        }
        m_positional = a;
    }
    return true;
}

bool CommandOptions::take(const QStringList &args, qsizetype *i)
{
    const QString &a = args.at(*i);
    for (const QStringList &spellings : std::as_const(m_valued)) {
        for (const QString &s : spellings) {
            // An option last on the line has no value: it is refused as unknown.
            if (a == s && *i + 1 < args.size()) {
                m_values.insert(spellings.first(), args.at(++*i));
                return true;
            }
            if (s.startsWith(u"--") && a.startsWith(s + u'=')) {
                m_values.insert(spellings.first(), a.mid(s.size() + 1));
                return true;
            }
        }
    }
    return false;
}
