#pragma once

#include <QObject>
#include <QString>
#include <QTimeZone>

#include <memory>

QT_BEGIN_NAMESPACE
class QDateTime;
QT_END_NAMESPACE

namespace squall {
class Value;
}

namespace squall::sensors {

// The three built-in StackStorm timer trigger types (reference §1), fired
// from one wake-up armed for the earliest deadline of a min-heap: a Linux
// timerfd (nanosecond deadlines) or, elsewhere, a Qt::PreciseTimer.
// Interval timers run on the monotonic clock (immune to wall-clock steps);
// cron and date timers follow the wall clock and are re-based when it steps.
class TimerService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimerService)

public:
    static QString intervalType() { return QStringLiteral("core.st2.IntervalTimer"); }
    static QString dateType() { return QStringLiteral("core.st2.DateTimer"); }
    static QString cronType() { return QStringLiteral("core.st2.CronTimer"); }

    // `defaultZone` applies to timers without a `timezone` parameter
    // (StackStorm's timersengine.local_timezone, America/Los_Angeles by default).
    explicit TimerService(const QTimeZone &defaultZone = QTimeZone("America/Los_Angeles"),
                          QObject *parent = nullptr);
    ~TimerService() override;

    // Adds or replaces the timer for `triggerRef`. Returns "" on success or an
    // error naming the offending parameter. A DateTimer whose date has passed
    // (or a cron schedule that never fires again) is accepted but not
    // scheduled: it returns "" and emits warning(), as StackStorm only logs it.
    QString addTimer(const QString &triggerRef, const QString &type, const Value &parameters);
    // Checks parameters the way addTimer() does, without scheduling anything.
    static QString validate(const QString &type, const Value &parameters, const QTimeZone &defaultZone);

    void removeTimer(const QString &triggerRef);  // safe from a fired() slot
    bool hasTimer(const QString &triggerRef) const;
    int count() const;
    // Wall-clock time of the next firing (in the timer's zone); invalid if none.
    QDateTime nextFireTime(const QString &triggerRef) const;
    QTimeZone defaultZone() const;

    // Inside a fired() slot: the steady-clock deadline (ns) that firing was
    // scheduled for, so callers can measure lateness; 0 elsewhere.
    qint64 currentScheduledNs() const;
    static qint64 steadyNowNs();  // std::chrono::steady_clock, ns

    // Re-reads the wall clock and, if it stepped, re-bases cron and date
    // timers (due ones fire now, later cron ones follow the new time). Linux
    // calls this itself when the clock is set; elsewhere a 5 s poll does.
    void handleClockChange();
    // Tests only: replaces the wall clock (ns since the epoch); nullptr restores it.
    static void setWallClockForTesting(qint64 (*wallNowNs)());

Q_SIGNALS:
    // payload = {"executed_at": "<str() of the aware UTC datetime>", "schedule": None}
    void fired(const QString &triggerRef, const QString &type, const squall::Value &payload);
    void warning(const QString &triggerRef, const QString &message);

private:
    struct Private;
    void onTimeout();
    void arm();
    void disarm();
    std::unique_ptr<Private> d;
};

} // namespace squall::sensors
