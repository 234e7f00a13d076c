#include "ui/inquiries/RecentExecutions.h"

namespace squall::ui {

bool RecentExecutions::isFinal(const Value &execution)
{
    static const QStringList done{QStringLiteral("succeeded"), QStringLiteral("failed"), QStringLiteral("timeout"),
                                  QStringLiteral("canceled"), QStringLiteral("abandoned")};
    return done.contains(execution[u"status"].toString());
}

void RecentExecutions::note(const Value &execution)
{
    const QString id = execution[u"id"].toString();
    if (id.isEmpty())
        return;
    if (!m_docs.contains(id)) {
        m_order.append(id);
        if (m_order.size() > m_capacity)
            m_docs.remove(m_order.takeFirst());
    }
    m_docs.insert(id, execution);
}

Value RecentExecutions::newest(const Value &fetched) const
{
    const Value seen = m_docs.value(fetched[u"id"].toString());
    if (seen.isNull())
        return fetched;
    // Statuses only move forward to a final one; before that the event is the later word.
    return isFinal(seen) || !isFinal(fetched) ? seen : fetched;
}

void RecentExecutions::clear()
{
    m_docs.clear();
    m_order.clear();
}

} // namespace squall::ui
