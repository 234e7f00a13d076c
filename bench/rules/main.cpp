// B2 (in-memory part): trigger instances dispatched against 10 / 1,000 /
// 10,000 rules. Payloads are pre-parsed (~500 B as JSON). Rules: 70 % plain
// equals, 20 % equals + numeric gt/lt, 10 % equals + regex/contains; each
// event is aimed at one rule. Two layouts: all rules on 4 trigger refs
// ("few-triggers") and ~10 rules per trigger ref ("spread"). A linear scan
// (every enabled rule of the trigger evaluated) is measured as a baseline.
#include "../BenchUtil.h"

#include "base/Json.h"
#include "expr/Jinja.h"
#include "rules/CompiledRule.h"
#include "rules/RuleIndex.h"
#include "rules/RuleMatcher.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QRandomGenerator>

#include <vector>

using namespace squall;
using namespace squall::rules;

namespace {

struct Event
{
    QString triggerKey;
    Value payload;
    int target;  // rule index the event was aimed at
};

QString triggerFor(int rule, int rules, bool spread)
{
    const int refs = spread ? qMax(1, rules / 10) : 4;
    return QStringLiteral("pack.trigger_%1").arg(rule % refs);
}

Value makeRule(int i, int rules, bool spread)
{
    const QString type = QStringLiteral("type-%1").arg(i);
    ValueDict criteria;
    criteria.insert(QStringLiteral("trigger.event_type"),
                    makeDict({{QStringLiteral("type"), QStringLiteral("equals")}, {QStringLiteral("pattern"), type}}));
    const int kind = i % 10;  // 0-6 equals, 7-8 numeric, 9 regex/contains
    if (kind == 7) {
        criteria.insert(QStringLiteral("trigger.metrics.value"),
                        makeDict({{QStringLiteral("type"), QStringLiteral("gt")}, {QStringLiteral("pattern"), 90}}));
    } else if (kind == 8) {
        criteria.insert(QStringLiteral("trigger.metrics.latency_ms"),
                        makeDict({{QStringLiteral("type"), QStringLiteral("lessthan")}, {QStringLiteral("pattern"), 250.5}}));
    } else if (kind == 9) {
        if ((i / 10) % 2 == 0)
            criteria.insert(QStringLiteral("trigger.message"),
                            makeDict({{QStringLiteral("type"), QStringLiteral("regex")},
                                      {QStringLiteral("pattern"), QStringLiteral("disk (usage|full) on host-\\d+")}}));
        else
            criteria.insert(QStringLiteral("trigger.tags"),
                            makeDict({{QStringLiteral("type"), QStringLiteral("contains")},
                                      {QStringLiteral("pattern"), QStringLiteral("prod")}}));
    }
    return makeDict({
        {QStringLiteral("name"), QStringLiteral("rule_%1").arg(i)},
        {QStringLiteral("pack"), QStringLiteral("bench")},
        {QStringLiteral("enabled"), true},
        {QStringLiteral("trigger"), makeDict({{QStringLiteral("type"), QStringLiteral("pack.trigger")},
                                              {QStringLiteral("ref"), triggerFor(i, rules, spread)}})},
        {QStringLiteral("criteria"), Value(std::move(criteria))},
        {QStringLiteral("action"), makeDict({{QStringLiteral("ref"), QStringLiteral("core.noop")}})},
    });
}

Value makePayload(int target, int seq, QRandomGenerator &rng)
{
    const bool hit = rng.bounded(10) != 0;  // 90 % satisfy the target's second criterion
    const QString json = QStringLiteral(
        "{\"event_type\": \"type-%1\", \"id\": %2, \"host\": \"host-%3.example.internal\","
        " \"service\": \"svc-%4\", \"region\": \"eu-west-1\", \"severity\": %5,"
        " \"message\": \"%6 on host-%3 at /var/lib/data (threshold exceeded, see runbook)\","
        " \"tags\": [\"%7\", \"linux\", \"team-%4\"],"
        " \"metrics\": {\"value\": %8, \"latency_ms\": %9, \"count\": %2, \"ratio\": 0.25},"
        " \"meta\": {\"source\": \"sensor.bench\", \"version\": \"1.4.2\", \"trace\": \"t-%2-abcdef0123456789\"}}")
                             .arg(target)
                             .arg(seq)
                             .arg(rng.bounded(500))
                             .arg(rng.bounded(40))
                             .arg(rng.bounded(5))
                             .arg(hit ? QStringLiteral("disk usage") : QStringLiteral("cpu load"))
                             .arg(hit ? QStringLiteral("prod") : QStringLiteral("dev"))
                             .arg(hit ? 95 : 50)
                             .arg(hit ? 120.0 : 900.0);
    return json::parse(QStringView(json));
}

struct Run
{
    qint64 events = 0;
    qint64 matched = 0;
    qint64 evaluated = 0;
    double seconds = 0;
    double cpu = 0;
};

Run dispatch(const RuleIndex &index, const RuleMatcher &matcher, const std::vector<Event> &events, qint64 count,
             bool linear)
{
    Run run;
    const double cpu0 = bench::cpuSeconds();
    const auto t0 = bench::Clock::now();
    const qint64 n = qint64(events.size());
    for (qint64 i = 0; i < count; ++i) {
        const Event &e = events[size_t(i % n)];
        if (linear) {
            const QList<RulePtr> &candidates = index.rulesFor(e.triggerKey);
            run.evaluated += candidates.size();
            run.matched += matcher.match(candidates, e.payload).matched.size();
        } else {
            const QList<RulePtr> candidates = index.candidatesFor(e.triggerKey, e.payload);
            run.evaluated += candidates.size();
            run.matched += matcher.match(candidates, e.payload).matched.size();
        }
    }
    run.seconds = bench::secondsSince(t0);
    run.cpu = bench::cpuSeconds() - cpu0;
    run.events = count;
    return run;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    qint64 eventCount = 1000000;
    if (args.size() > 1)
        eventCount = args.at(1).toLongLong();
    // "--indexed-only" skips the linear-scan baseline (for profiling).
    const bool indexedOnly = args.contains(QStringLiteral("--indexed-only"));

    // st2kv is visible to templates; no rule here uses it, but the scope is
    // the one the engine passes.
    const expr::DictScope extra(makeDict({}));
    const RuleMatcher matcher(&extra);

    for (const bool spread : {false, true}) {
        for (const int ruleCount : {10, 1000, 10000}) {
            QRandomGenerator rng(42);
            RuleIndex index;
            const auto c0 = bench::Clock::now();
            for (int i = 0; i < ruleCount; ++i)
                index.upsert(std::make_shared<const CompiledRule>(makeRule(i, ruleCount, spread)));
            const double compileSeconds = bench::secondsSince(c0);

            // 20k distinct pre-parsed payloads, cycled.
            std::vector<Event> events;
            events.reserve(20000);
            for (int i = 0; i < 20000; ++i) {
                const int target = int(rng.bounded(ruleCount));
                events.push_back({triggerFor(target, ruleCount, spread), makePayload(target, i, rng), target});
            }

            const char *layout = spread ? "spread" : "few-triggers";
            for (const bool linear : {false, true}) {
                if (linear && indexedOnly)
                    continue;
                // A linear scan over thousands of rules per event is slow: fewer events.
                const qint64 rulesPerEvent = index.rulesFor(events.front().triggerKey).size();
                const qint64 count = linear ? qMin<qint64>(eventCount, qMax<qint64>(5000, 20000000 / qMax<qint64>(1, rulesPerEvent)))
                                            : eventCount;
                const Run run = dispatch(index, matcher, events, count, linear);
                QJsonObject o;
                o[QStringLiteral("bench")] = QStringLiteral("B2-rules-in-memory");
                o[QStringLiteral("layout")] = QString::fromLatin1(layout);
                o[QStringLiteral("mode")] = linear ? QStringLiteral("linear-scan") : QStringLiteral("indexed");
                o[QStringLiteral("rules")] = ruleCount;
                o[QStringLiteral("rules_per_trigger")] = double(rulesPerEvent);
                o[QStringLiteral("events")] = double(run.events);
                o[QStringLiteral("matched_per_event")] = double(run.matched) / double(run.events);
                o[QStringLiteral("rules_evaluated_per_event")] = double(run.evaluated) / double(run.events);
                o[QStringLiteral("seconds")] = run.seconds;
                o[QStringLiteral("events_per_sec")] = double(run.events) / run.seconds;
                o[QStringLiteral("events_per_cpu_sec")] = double(run.events) / qMax(1e-9, run.cpu);
                o[QStringLiteral("compile_rules_ms")] = compileSeconds * 1000;
                o[QStringLiteral("rss_mb")] = bench::currentRssMb();
                bench::report(o);
            }
        }
    }
    return 0;
}
