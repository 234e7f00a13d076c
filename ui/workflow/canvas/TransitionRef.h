#pragma once

#include <QMetaType>
#include <QString>

namespace squall::ui {

// A transition as the designer names it: the `next` entry `nextIndex` of task
// `from` leading to `to` (ActionChain: 0 = on-success, 1 = on-failure).
struct TransitionRef
{
    QString from;
    int nextIndex = 0;
    QString to;

    friend bool operator==(const TransitionRef &a, const TransitionRef &b)
    {
        return a.nextIndex == b.nextIndex && a.from == b.from && a.to == b.to;
    }
    friend bool operator!=(const TransitionRef &a, const TransitionRef &b) { return !(a == b); }
};

} // namespace squall::ui

Q_DECLARE_METATYPE(squall::ui::TransitionRef)
