#include "workflow/orquesta/Statuses.h"

#include <initializer_list>

namespace squall::orquesta::status {

namespace {
bool oneOf(QStringView s, std::initializer_list<const QString *> set)
{
    for (const QString *x : set)
        if (s == *x)
            return true;
    return false;
}
} // namespace

bool isValid(QStringView s)
{
    return oneOf(s, {&Requested, &Scheduled, &Delayed, &Running, &Pending, &Pausing, &Paused, &Resuming,
                     &Succeeded, &Failed, &Expired, &Abandoned, &Retrying, &Canceling, &Canceled, &Unset});
}
bool isStarting(QStringView s) { return oneOf(s, {&Requested, &Scheduled, &Delayed, &Running, &Pending}); }
bool isRunning(QStringView s)
{
    return oneOf(s, {&Requested, &Scheduled, &Delayed, &Running, &Resuming, &Retrying});
}
bool isActive(QStringView s)
{
    return oneOf(s, {&Requested, &Scheduled, &Delayed, &Running, &Resuming, &Pausing, &Canceling});
}
bool isPause(QStringView s) { return oneOf(s, {&Pausing, &Paused}); }
bool isCancel(QStringView s) { return oneOf(s, {&Canceling, &Canceled}); }
bool isAbended(QStringView s) { return oneOf(s, {&Failed, &Expired, &Abandoned}); }
bool isCompleted(QStringView s) { return oneOf(s, {&Succeeded, &Failed, &Expired, &Abandoned, &Canceled}); }

} // namespace squall::orquesta::status
