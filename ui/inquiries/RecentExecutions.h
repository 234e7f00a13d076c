#pragma once

#include "base/Value.h"

#include <QHash>
#include <QStringList>

namespace squall::ui {

// The latest execution documents the event stream brought, a bounded number of
// them. A list or get answer can be older than an event already seen (it was
// read before the update landed); views pass what they fetched through
// newest() so a finished execution never shows as running again.
class RecentExecutions
{
public:
    explicit RecentExecutions(int capacity = 512) : m_capacity(capacity) { }

    void note(const Value &execution);
    // `fetched`, or the event's document when that is further along.
    Value newest(const Value &fetched) const;
    void clear();

    static bool isFinal(const Value &execution);

private:
    int m_capacity;
    QHash<QString, Value> m_docs;
    QStringList m_order;
};

} // namespace squall::ui
