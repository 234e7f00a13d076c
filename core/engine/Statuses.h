#pragma once

#include <QStringList>

// StackStorm's execution statuses (reference §5.3).
namespace squall::engine::status {

inline constexpr char Requested[] = "requested";
inline constexpr char Scheduled[] = "scheduled";
inline constexpr char Delayed[] = "delayed";
inline constexpr char Running[] = "running";
inline constexpr char Pending[] = "pending";
inline constexpr char Pausing[] = "pausing";
inline constexpr char Paused[] = "paused";
inline constexpr char Resuming[] = "resuming";
inline constexpr char Succeeded[] = "succeeded";
inline constexpr char Failed[] = "failed";
inline constexpr char Timeout[] = "timeout";
inline constexpr char Abandoned[] = "abandoned";
inline constexpr char Canceling[] = "canceling";
inline constexpr char Canceled[] = "canceled";

inline bool isCompleted(QStringView s)
{
    return s == QLatin1StringView(Succeeded) || s == QLatin1StringView(Failed) || s == QLatin1StringView(Timeout)
        || s == QLatin1StringView(Canceled) || s == QLatin1StringView(Abandoned);
}

} // namespace squall::engine::status
