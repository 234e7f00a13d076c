#include "engine/EngineEvent.h"

#include <array>

namespace squall::engine {

namespace {

constexpr std::array<QStringView, kEventKindCount> kNames = {
    u"st2.execution__create",
    u"st2.execution__update",
    u"st2.execution.output__create",
    u"st2.trigger_instance__create",
    u"st2.rule_enforcement__create",
    u"st2.rule__create",
    u"st2.rule__update",
    u"st2.rule__delete",
    u"st2.inquiry__create",
    u"st2.inquiry__update",
    u"st2.key_value_pair__create",
    u"st2.key_value_pair__update",
    u"st2.key_value_pair__delete",
    u"st2.action__create",
    u"st2.action__update",
    u"st2.action__delete",
    u"st2.packs__register",
    u"st2.sensor__update",
    u"resync",
};

} // namespace

QString eventName(EventKind kind)
{
    return kNames[std::size_t(kind)].toString();
}

std::optional<EventKind> eventKindFromName(QStringView name)
{
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name)
            return EventKind(i);
    }
    return std::nullopt;
}

} // namespace squall::engine
