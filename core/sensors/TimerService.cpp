#include "sensors/TimerService.h"

#include "base/Value.h"
#include "sensors/CivilTime.h"
#include "sensors/CronSchedule.h"

#include <QDateTime>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <sys/timerfd.h>
#include <unistd.h>
#endif

#include <array>
#include <chrono>
#include <limits>
#include <unordered_map>
#include <vector>

namespace squall::sensors {

namespace {

constexpr qint64 kNsPerSec = 1000000000;
constexpr qint64 kNever = std::numeric_limits<qint64>::max();
// A wall-clock step larger than this re-bases the cron and date timers.
constexpr qint64 kClockStepNs = 50 * 1000000LL;
// With wall-clock timers pending, wake at least this often to notice steps.
constexpr qint64 kWallCheckNs = 5 * kNsPerSec;
constexpr qint64 kMaxArmNs = 3600 * kNsPerSec;
// Deadlines off the interval grid (date timers, wall-clock conversions) could
// otherwise each cost a wake-up; at most one wake per this gap bounds the CPU
// cost while adding at most this much lateness.
constexpr qint64 kMinWakeGapNs = 500 * 1000;
// Interval timers start on a 10 ms grid of the steady clock. Every interval is
// a whole number of seconds, so they stay on it and thousands of timers added
// at random moments share at most 100 wake-ups a second. A new timer takes
// the least crowded of the next few grid slots, so a burst of additions does
// not pile into one slot that then takes long to fire in turn. The first firing
// moves by under 100 ms, well within the delay with which a rule's timer gets
// added in the first place.
constexpr qint64 kIntervalGridNs = 10 * 1000000LL;
constexpr int kGridSlotsPerSecond = int(kNsPerSec / kIntervalGridNs);
constexpr int kSlotChoices = 10;

int gridBucket(qint64 deadlineNs)
{
    return int((deadlineNs / kIntervalGridNs) % kGridSlotsPerSecond);
}

qint64 systemWallNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

qint64 (*g_wallNowNs)() = &systemWallNowNs;

qint64 wallNowNs()
{
    return g_wallNowNs();
}

enum class Kind { Interval, Date, Cron };

struct Parsed
{
    Kind kind = Kind::Interval;
    QTimeZone zone;
    qint64 intervalNs = 0;
    qint64 dateMs = 0;
    std::optional<CronSchedule> cron;
};

QString checkKeys(const ValueDict &dict, std::initializer_list<QStringView> allowed)
{
    for (const auto &entry : dict) {
        bool ok = false;
        for (QStringView key : allowed)
            ok = ok || entry.first == key;
        if (!ok)
            return QStringLiteral("%1: unknown parameter (additional properties are not allowed)").arg(entry.first);
    }
    return {};
}

QString parseZone(const ValueDict &dict, const QTimeZone &defaultZone, QTimeZone *zone)
{
    *zone = defaultZone;
    const Value *tz = dict.find(u"timezone");
    if (!tz || tz->isNull())
        return {};
    if (!tz->isString())
        return QStringLiteral("timezone: must be a string, not %1").arg(QLatin1StringView(tz->typeName()));
    const std::optional<QTimeZone> named = civil::zoneFromName(tz->toString());
    if (!named)
        return QStringLiteral("timezone: unknown time zone '%1'").arg(tz->toString());
    *zone = *named;
    return {};
}

QString parse(const QString &type, const Value &parameters, const QTimeZone &defaultZone, Parsed *out)
{
    if (!parameters.isNull() && !parameters.isDict())
        return QStringLiteral("parameters must be an object, not %1").arg(QLatin1StringView(parameters.typeName()));
    const ValueDict empty;
    const ValueDict &dict = parameters.isDict() ? parameters.toDict() : empty;

    if (type == TimerService::intervalType()) {
        out->kind = Kind::Interval;
        if (QString e = checkKeys(dict, { u"timezone", u"unit", u"delta" }); !e.isEmpty())
            return e;
        if (QString e = parseZone(dict, defaultZone, &out->zone); !e.isEmpty())
            return e;
        const Value unit = dict.value(u"unit");
        const Value delta = dict.value(u"delta");
        if (unit.isNull())
            return QStringLiteral("unit: required (one of weeks, days, hours, minutes, seconds)");
        static const std::pair<QStringView, qint64> units[] = {
            { u"weeks", 604800 }, { u"days", 86400 }, { u"hours", 3600 }, { u"minutes", 60 }, { u"seconds", 1 }
        };
        qint64 unitSecs = 0;
        for (const auto &[name, secs] : units) {
            if (unit.isString() && unit.toString() == name)
                unitSecs = secs;
        }
        if (unitSecs == 0) {
            return QStringLiteral("unit: %1 is not one of weeks, days, hours, minutes, seconds")
                .arg(unit.isString() ? QStringLiteral("'%1'").arg(unit.toString()) : QString::fromLatin1(unit.typeName()));
        }
        if (delta.isNull())
            return QStringLiteral("delta: required (a positive integer)");
        if (!delta.isInt())
            return QStringLiteral("delta: must be an integer, not %1").arg(QLatin1StringView(delta.typeName()));
        if (delta.toInt() <= 0)
            return QStringLiteral("delta: must be greater than 0, got %1").arg(delta.toInt());
        // Keep the interval representable in nanoseconds (about 290 years).
        if (delta.toInt() > (std::numeric_limits<qint64>::max() / 4) / (unitSecs * kNsPerSec))
            return QStringLiteral("delta: %1 %2 is too long").arg(delta.toInt()).arg(unit.toString());
        out->intervalNs = delta.toInt() * unitSecs * kNsPerSec;
        return {};
    }
    if (type == TimerService::dateType()) {
        out->kind = Kind::Date;
        if (QString e = checkKeys(dict, { u"timezone", u"date" }); !e.isEmpty())
            return e;
        if (QString e = parseZone(dict, defaultZone, &out->zone); !e.isEmpty())
            return e;
        const Value date = dict.value(u"date");
        if (date.isNull())
            return QStringLiteral("date: required (a date-time string)");
        if (!date.isString())
            return QStringLiteral("date: must be a date-time string, not %1").arg(QLatin1StringView(date.typeName()));
        const std::optional<qint64> ms = civil::parseDateTimeMSecs(date.toString(), out->zone);
        if (!ms)
            return QStringLiteral("date: cannot parse '%1' as a date-time (expected e.g. 2026-12-31 23:59:59)")
                .arg(date.toString());
        out->dateMs = *ms;
        return {};
    }
    if (type == TimerService::cronType()) {
        out->kind = Kind::Cron;
        QString error;
        out->cron = CronSchedule::fromParameters(parameters, &error, defaultZone);
        if (!out->cron)
            return error;
        out->zone = out->cron->timeZone();
        return {};
    }
    return QStringLiteral("unknown timer type '%1' (expected core.st2.IntervalTimer, core.st2.DateTimer or "
                          "core.st2.CronTimer)")
        .arg(type);
}

} // namespace

struct TimerService::Private
{
    struct Entry
    {
        QString ref;
        QString type;
        Kind kind = Kind::Interval;
        QTimeZone zone;
        qint64 intervalNs = 0;
        qint64 wallMs = 0;  // Date/Cron: the scheduled wall-clock time
        std::optional<CronSchedule> cron;
        qint64 deadlineNs = 0;  // steady clock
        quint64 seq = 0;
        size_t heapPos = 0;
    };
    struct Slot
    {
        qint64 deadlineNs;
        quint64 seq;
        Entry *entry;
        bool operator<(const Slot &o) const { return deadlineNs < o.deadlineNs || (deadlineNs == o.deadlineNs && seq < o.seq); }
    };

    QTimeZone defaultZone;
    QTimer *timer = nullptr;  // fallback when no timerfd
    QSocketNotifier *notifier = nullptr;
    int timerFd = -1;
    QSocketNotifier *clockNotifier = nullptr;
    int clockFd = -1;  // readable when the wall clock is set

    void watchClockSteps()
    {
#ifdef Q_OS_LINUX
        // A far-future CLOCK_REALTIME timer with CANCEL_ON_SET: the kernel
        // cancels it (fd readable, read() fails with ECANCELED) on every step.
        itimerspec spec {};
        spec.it_value.tv_sec = time_t(4102444800);  // 2100-01-01
        timerfd_settime(clockFd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, nullptr);
#endif
    }
    std::unordered_map<QString, std::unique_ptr<Entry>> entries;
    std::vector<Slot> heap;
    quint64 nextSeq = 0;
    int wallEntries = 0;
    qint64 wallMinusSteadyNs = 0;
    qint64 armedForNs = kNever;
    qint64 lastWakeNs = 0;
    std::array<int, kGridSlotsPerSecond> bucketLoad {};  // interval timers per grid phase
    qint64 currentScheduledNs = 0;

    void place(size_t pos, const Slot &slot)
    {
        heap[pos] = slot;
        slot.entry->heapPos = pos;
    }
    void siftUp(size_t pos)
    {
        const Slot slot = heap[pos];
        while (pos > 0) {
            const size_t parent = (pos - 1) / 2;
            if (!(slot < heap[parent]))
                break;
            place(pos, heap[parent]);
            pos = parent;
        }
        place(pos, slot);
    }
    void siftDown(size_t pos)
    {
        const Slot slot = heap[pos];
        const size_t n = heap.size();
        for (;;) {
            size_t child = 2 * pos + 1;
            if (child >= n)
                break;
            if (child + 1 < n && heap[child + 1] < heap[child])
                ++child;
            if (!(heap[child] < slot))
                break;
            place(pos, heap[child]);
            pos = child;
        }
        place(pos, slot);
    }
    void push(Entry *e)
    {
        heap.push_back(Slot { e->deadlineNs, e->seq, e });
        e->heapPos = heap.size() - 1;
        siftUp(heap.size() - 1);
    }
    void erase(Entry *e)
    {
        const size_t pos = e->heapPos;
        const Slot last = heap.back();
        heap.pop_back();
        if (pos == heap.size())
            return;
        place(pos, last);
        update(pos);
    }
    void update(size_t pos)
    {
        if (pos > 0 && heap[pos] < heap[(pos - 1) / 2])
            siftUp(pos);
        else
            siftDown(pos);
    }
    void reschedule(Entry *e, qint64 deadlineNs)
    {
        e->deadlineNs = deadlineNs;
        heap[e->heapPos].deadlineNs = deadlineNs;
        update(e->heapPos);
    }
    void removeEntry(const QString &ref)
    {
        const auto it = entries.find(ref);
        if (it == entries.end())
            return;
        erase(it->second.get());
        if (it->second->kind != Kind::Interval)
            --wallEntries;
        else
            --bucketLoad[size_t(gridBucket(it->second->deadlineNs))];
        entries.erase(it);
    }
    qint64 steadyFromWallMs(qint64 wallMs) const
    {
        // A date past 2262 (2999-01-01 is a valid date timer) has no
        // nanosecond form: saturate, it is "never" (or "long past") either way.
        qint64 ns;
        if (__builtin_mul_overflow(wallMs, qint64(1000000), &ns) || __builtin_sub_overflow(ns, wallMinusSteadyNs, &ns))
            return wallMs > 0 ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
        return ns;
    }

    // Next cron time after `afterMs`, skipping runs missed by more than a
    // second (APScheduler's default misfire grace time) instead of replaying them.
    qint64 nextCronMs(const Entry &e, qint64 afterMs, qint64 wallNowMs) const
    {
        qint64 next = e.cron->nextFireSecs(civil::floorDiv(afterMs, 1000));
        if (next >= 0 && next * 1000 < wallNowMs - 1000)
            next = e.cron->nextFireSecs(civil::floorDiv(wallNowMs, 1000) - 1);
        return next < 0 ? -1 : next * 1000;
    }

    // The wall clock stepped: keep due wall timers due, pull later ones in
    // line with the new time, then rebuild the heap.
    void rebase(qint64 wallNowMs)
    {
        for (auto &[ref, entry] : entries) {
            Entry &e = *entry;
            if (e.kind == Kind::Interval)
                continue;
            if (e.kind == Kind::Cron && e.wallMs > wallNowMs) {
                const qint64 next = e.cron->nextFireSecs(civil::floorDiv(wallNowMs, 1000));
                if (next >= 0)
                    e.wallMs = std::min(e.wallMs, next * 1000);
            }
            e.deadlineNs = steadyFromWallMs(e.wallMs);
            heap[e.heapPos].deadlineNs = e.deadlineNs;
        }
        for (size_t i = heap.size() / 2; i-- > 0;)
            siftDown(i);
    }
};

TimerService::TimerService(const QTimeZone &defaultZone, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->defaultZone = defaultZone.isValid() ? defaultZone : QTimeZone::utc();
    d->wallMinusSteadyNs = wallNowNs() - steadyNowNs();
    // Queued connections and QSignalSpy need the payload type registered by name.
    qRegisterMetaType<squall::Value>();
#ifdef Q_OS_LINUX
    // QTimer takes whole milliseconds and the glib dispatcher rounds its poll
    // timeout up again, costing up to 2 ms of lateness; a timerfd on
    // CLOCK_MONOTONIC (std::chrono::steady_clock) wakes on the exact deadline.
    d->timerFd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (d->timerFd >= 0) {
        d->notifier = new QSocketNotifier(qintptr(d->timerFd), QSocketNotifier::Read, this);
        connect(d->notifier, &QSocketNotifier::activated, this, [this] {
            quint64 expirations = 0;
            [[maybe_unused]] const ssize_t n = ::read(d->timerFd, &expirations, sizeof expirations);
            onTimeout();
        });
        d->clockFd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
        if (d->clockFd >= 0) {
            d->watchClockSteps();
            d->clockNotifier = new QSocketNotifier(qintptr(d->clockFd), QSocketNotifier::Read, this);
            connect(d->clockNotifier, &QSocketNotifier::activated, this, [this] {
                quint64 expirations = 0;
                [[maybe_unused]] const ssize_t n = ::read(d->clockFd, &expirations, sizeof expirations);
                d->watchClockSteps();
                handleClockChange();
            });
        }
        return;
    }
#endif
    d->timer = new QTimer(this);
    d->timer->setSingleShot(true);
    d->timer->setTimerType(Qt::PreciseTimer);
    connect(d->timer, &QTimer::timeout, this, &TimerService::onTimeout);
}

TimerService::~TimerService()
{
#ifdef Q_OS_LINUX
    if (d->timerFd >= 0) {
        delete d->notifier;
        ::close(d->timerFd);
    }
    if (d->clockFd >= 0) {
        delete d->clockNotifier;
        ::close(d->clockFd);
    }
#endif
}

qint64 TimerService::steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QString TimerService::validate(const QString &type, const Value &parameters, const QTimeZone &defaultZone)
{
    Parsed parsed;
    return parse(type, parameters, defaultZone, &parsed);
}

QString TimerService::addTimer(const QString &triggerRef, const QString &type, const Value &parameters)
{
    Parsed parsed;
    if (QString error = parse(type, parameters, d->defaultZone, &parsed); !error.isEmpty())
        return error;
    d->removeEntry(triggerRef);

    auto entry = std::make_unique<Private::Entry>();
    entry->ref = triggerRef;
    entry->type = type;
    entry->kind = parsed.kind;
    entry->zone = parsed.zone;
    entry->seq = d->nextSeq++;
    const qint64 steadyNow = steadyNowNs();
    const qint64 wallNowMs = (steadyNow + d->wallMinusSteadyNs) / 1000000;
    switch (parsed.kind) {
    case Kind::Interval:
        // Like APScheduler's IntervalTrigger: the first run is one interval from now.
        entry->intervalNs = parsed.intervalNs;
        {
            const qint64 first = (steadyNow + parsed.intervalNs + kIntervalGridNs - 1) / kIntervalGridNs * kIntervalGridNs;
            qint64 best = first;
            for (int k = 1; k < kSlotChoices; ++k) {
                const qint64 candidate = first + k * kIntervalGridNs;
                if (d->bucketLoad[size_t(gridBucket(candidate))] < d->bucketLoad[size_t(gridBucket(best))])
                    best = candidate;
            }
            entry->deadlineNs = best;
            ++d->bucketLoad[size_t(gridBucket(best))];
        }
        break;
    case Kind::Date:
        if (parsed.dateMs < wallNowMs) {
            Q_EMIT warning(triggerRef, QStringLiteral("not scheduling expired timer: %1 is in the past")
                                           .arg(QDateTime::fromMSecsSinceEpoch(parsed.dateMs, parsed.zone)
                                                    .toString(Qt::ISODateWithMs)));
            return {};
        }
        entry->wallMs = parsed.dateMs;
        entry->deadlineNs = d->steadyFromWallMs(parsed.dateMs);
        break;
    case Kind::Cron: {
        entry->cron = std::move(parsed.cron);
        const qint64 next = entry->cron->nextFireSecs(civil::floorDiv(wallNowMs, 1000));
        if (next < 0) {
            Q_EMIT warning(triggerRef, QStringLiteral("not scheduling cron timer: it never fires again"));
            return {};
        }
        entry->wallMs = next * 1000;
        entry->deadlineNs = d->steadyFromWallMs(entry->wallMs);
        break;
    }
    }
    if (entry->kind != Kind::Interval)
        ++d->wallEntries;
    Private::Entry *raw = entry.get();
    d->entries.emplace(triggerRef, std::move(entry));
    d->push(raw);
    if (raw->deadlineNs < d->armedForNs)
        arm();
    return {};
}

void TimerService::removeTimer(const QString &triggerRef)
{
    d->removeEntry(triggerRef);
    if (d->heap.empty())
        disarm();
}

bool TimerService::hasTimer(const QString &triggerRef) const
{
    return d->entries.find(triggerRef) != d->entries.end();
}

int TimerService::count() const
{
    return int(d->entries.size());
}

QDateTime TimerService::nextFireTime(const QString &triggerRef) const
{
    const auto it = d->entries.find(triggerRef);
    if (it == d->entries.end())
        return {};
    const Private::Entry &e = *it->second;
    const qint64 wallMs = e.kind == Kind::Interval ? (e.deadlineNs + d->wallMinusSteadyNs) / 1000000 : e.wallMs;
    return QDateTime::fromMSecsSinceEpoch(wallMs, e.zone);
}

QTimeZone TimerService::defaultZone() const
{
    return d->defaultZone;
}

qint64 TimerService::currentScheduledNs() const
{
    return d->currentScheduledNs;
}

void TimerService::setWallClockForTesting(qint64 (*wallNow)())
{
    g_wallNowNs = wallNow ? wallNow : &systemWallNowNs;
}

void TimerService::handleClockChange()
{
    onTimeout();  // samples the wall/steady offset first and re-bases on a step
}

void TimerService::disarm()
{
    d->armedForNs = kNever;
#ifdef Q_OS_LINUX
    if (d->timerFd >= 0) {
        const itimerspec off {};
        timerfd_settime(d->timerFd, 0, &off, nullptr);
        return;
    }
#endif
    d->timer->stop();
}

void TimerService::arm()
{
    if (d->heap.empty()) {
        disarm();
        return;
    }
    const qint64 now = steadyNowNs();
    qint64 target = d->heap.front().deadlineNs;
    if (d->wallEntries > 0)
        target = std::min(target, now + kWallCheckNs);
    target = std::min(target, now + kMaxArmNs);
    target = std::max(target, d->lastWakeNs + kMinWakeGapNs);
    d->armedForNs = target;
#ifdef Q_OS_LINUX
    if (d->timerFd >= 0) {
        // An absolute deadline already past fires at once; zero would disarm.
        const qint64 at = std::max<qint64>(target, 1);
        itimerspec spec {};
        spec.it_value.tv_sec = time_t(at / kNsPerSec);
        spec.it_value.tv_nsec = long(at % kNsPerSec);
        timerfd_settime(d->timerFd, TFD_TIMER_ABSTIME, &spec, nullptr);
        return;
    }
#endif
    // Round up: a precise QTimer has millisecond resolution and must not fire early.
    const qint64 waitMs = std::max<qint64>(0, (target - now + 999999) / 1000000);
    d->timer->start(std::chrono::milliseconds(waitMs));
}

void TimerService::onTimeout()
{
    d->armedForNs = kNever;
    qint64 now = steadyNowNs();
    d->lastWakeNs = now;
    const qint64 offset = wallNowNs() - now;
    if (std::abs(offset - d->wallMinusSteadyNs) > kClockStepNs) {
        d->wallMinusSteadyNs = offset;
        d->rebase((now + offset) / 1000000);
    }

    QPointer<TimerService> guard(this);
    Value payload;
    while (!d->heap.empty()) {
        if (d->heap.front().deadlineNs > now) {
            // Deadlines that came due while this pass ran go in the same pass.
            now = steadyNowNs();
            if (d->heap.front().deadlineNs > now)
                break;
        }
        Private::Entry *e = d->heap.front().entry;
        const qint64 scheduled = e->deadlineNs;
        const QString ref = e->ref;
        const QString type = e->type;
        // Reschedule before emitting so a slot sees (and may change) a consistent state.
        switch (e->kind) {
        case Kind::Interval: {
            qint64 next = scheduled + e->intervalNs;
            if (next <= now)  // fell a whole interval behind (e.g. a stalled loop): skip, don't burst
                next += ((now - next) / e->intervalNs + 1) * e->intervalNs;
            d->reschedule(e, next);
            break;
        }
        case Kind::Date:
            d->removeEntry(ref);
            break;
        case Kind::Cron: {
            const qint64 next = d->nextCronMs(*e, e->wallMs, (now + d->wallMinusSteadyNs) / 1000000);
            if (next < 0) {
                d->removeEntry(ref);
            } else {
                e->wallMs = next;
                d->reschedule(e, d->steadyFromWallMs(next));
            }
            break;
        }
        }
        if (payload.isNull()) {
            const qint64 wallUs = (steadyNowNs() + d->wallMinusSteadyNs) / 1000;
            payload = makeDict({ { QStringLiteral("executed_at"), civil::pythonUtcString(wallUs) },
                                 { QStringLiteral("schedule"), Value() } });
        }
        d->currentScheduledNs = scheduled;
        Q_EMIT fired(ref, type, payload);
        if (!guard)
            return;
        d->currentScheduledNs = 0;
    }
    arm();
}

} // namespace squall::sensors
