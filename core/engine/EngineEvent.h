#pragma once

#include "base/Value.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>

#include <optional>

namespace squall::engine {

// What happened, as a closed set: subscribers switch on the kind instead of
// comparing strings, and filters become bit tests. The stream names are
// StackStorm's ("st2.execution__update", ...), see eventName().
enum class EventKind : quint8 {
    ExecutionCreate,
    ExecutionUpdate,
    ExecutionOutput,
    TriggerInstanceCreate,
    RuleEnforcementCreate,
    RuleCreate,
    RuleUpdate,
    RuleDelete,
    InquiryCreate,
    InquiryUpdate,
    KeyValueCreate,
    KeyValueUpdate,
    KeyValueDelete,
    ActionCreate,
    ActionUpdate,
    ActionDelete,
    PacksRegister,
    SensorUpdate,
    // Not an engine fact: tells a resuming subscriber that events it missed are
    // gone (older than the retention window) and that it must reload its views.
    Resync,
};
inline constexpr int kEventKindCount = int(EventKind::Resync) + 1;

QString eventName(EventKind kind);
std::optional<EventKind> eventKindFromName(QStringView name);

// One event. `id` grows by one per event and never repeats, across restarts:
// a subscriber that remembers the last id it saw can ask for everything after it.
struct Event
{
    qint64 id = 0;
    EventKind kind = EventKind::ExecutionUpdate;
    Value doc;
    // `doc` serialized once when the event was published; the store and every
    // stream client share these bytes.
    QByteArray json;

    QString name() const { return eventName(kind); }
};

using EventBatch = QList<Event>;

} // namespace squall::engine

Q_DECLARE_METATYPE(squall::engine::Event)
Q_DECLARE_METATYPE(squall::engine::EventBatch)
