// B8 (Jinja half): parse once, evaluate many times, never copy the context.
#include "BenchUtil.h"

#include "base/Json.h"
#include "expr/Jinja.h"

#include <QCoreApplication>

using namespace squall;
using namespace squall::expr;

namespace {

Value smallContext()
{
    return makeDict({{QStringLiteral("trigger"),
                      makeDict({{QStringLiteral("body"), makeDict({{QStringLiteral("value"), 95},
                                                                     {QStringLiteral("host"), QStringLiteral("web-1")}})}})}});
}

// About 0.5 MB of payload around the one field the rule reads.
Value bigContext()
{
    ValueDict body;
    const QString filler = QString(100, u'x');
    for (int i = 0; i < 4000; ++i)
        body.insert(QStringLiteral("field_%1").arg(i), filler);
    body.insert(QStringLiteral("value"), 95);
    ValueList events;
    for (int i = 0; i < 500; ++i)
        events.append(makeDict({{QStringLiteral("id"), i}, {QStringLiteral("msg"), filler}}));
    ValueDict trigger;
    trigger.insert(QStringLiteral("body"), Value(std::move(body)));
    trigger.insert(QStringLiteral("events"), Value(std::move(events)));
    return makeDict({{QStringLiteral("trigger"), Value(std::move(trigger))}});
}

Value listContext()
{
    ValueList items;
    for (int i = 0; i < 50; ++i)
        items.append(makeDict({{QStringLiteral("name"), QStringLiteral("item%1").arg(i)}, {QStringLiteral("v"), i}}));
    ValueList nums;
    for (int i = 0; i < 50; ++i)
        nums.append(i);
    return makeDict({{QStringLiteral("items"), Value(std::move(items))}, {QStringLiteral("nums"), Value(std::move(nums))}});
}

QString g_only;  // --only <workload>

void run(const char *name, const QString &source, const Value &ctx, qint64 iterations, bool evaluate, double contextBytes)
{
    if (!g_only.isEmpty() && g_only != QLatin1StringView(name))
        return;
    const auto tpl = Template::compile(source);
    const DictScope scope(ctx);
    // Warm up and keep a result so the loop cannot be optimised away.
    Value last = evaluate ? tpl->evaluate(scope) : Value(tpl->render(scope));
    const double cpu0 = bench::cpuSeconds();
    const auto t0 = bench::Clock::now();
    qint64 sink = 0;
    for (qint64 i = 0; i < iterations; ++i) {
        if (evaluate) {
            last = tpl->evaluate(scope);
            sink += last.isBool() && last.toBool() ? 1 : 0;
        } else {
            sink += tpl->render(scope).size();
        }
    }
    const double secs = bench::secondsSince(t0);
    QJsonObject o;
    o.insert(QStringLiteral("bench"), QStringLiteral("expr"));
    o.insert(QStringLiteral("workload"), QLatin1StringView(name));
    o.insert(QStringLiteral("template"), source);
    o.insert(QStringLiteral("iterations"), iterations);
    o.insert(QStringLiteral("context_bytes"), contextBytes);
    o.insert(QStringLiteral("ns_per_op"), secs * 1e9 / double(iterations));
    o.insert(QStringLiteral("ops_per_s"), double(iterations) / secs);
    const double cpu = bench::cpuSeconds() - cpu0;
    o.insert(QStringLiteral("cpu_s"), cpu);
    // On a shared machine wall time includes time spent descheduled.
    o.insert(QStringLiteral("cpu_ns_per_op"), cpu * 1e9 / double(iterations));
    o.insert(QStringLiteral("result_sample"), evaluate ? json::toString(last) : tpl->render(scope).left(60));
    o.insert(QStringLiteral("checksum"), sink);
    bench::report(o);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 n = 1000000;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--iterations")); i >= 0 && i + 1 < args.size())
        n = args.at(i + 1).toLongLong();
    if (const qsizetype i = args.indexOf(QStringLiteral("--only")); i >= 0 && i + 1 < args.size())
        g_only = args.at(i + 1);

    const QString cond = QStringLiteral("{{ trigger.body.value > 90 }}");
    const Value small = smallContext();
    const Value big = bigContext();
    run("condition_small_ctx", cond, small, n, true, double(json::serialize(small).size()));
    run("condition_0.5MB_ctx", cond, big, n, true, double(json::serialize(big).size()));
    const Value list = listContext();
    const double listBytes = double(json::serialize(list).size());
    run("select_50", QStringLiteral("{{ nums | select('gt', 25) | list }}"), list, n, true, listBytes);
    run("selectattr_map_50", QStringLiteral("{{ items | selectattr('v', 'gt', 25) | map(attribute='name') | list }}"), list, n,
        true, listBytes);
    run("for_if_50", QStringLiteral("{% for x in items %}{% if x.v > 25 %}{{ x.name }},{% endif %}{% endfor %}"), list, n,
        false, listBytes);
    run("render_interpolation", QStringLiteral("host {{ trigger.body.host }} value={{ trigger.body.value }}"), small, n, false,
        0);
    return 0;
}
