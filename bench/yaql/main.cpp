// B8 (YAQL half): parse once, evaluate many times, never copy the context.
#include "BenchUtil.h"

#include "base/Json.h"
#include "expr/ExprString.h"
#include "expr/Functions.h"
#include "expr/Yaql.h"

#include <QCoreApplication>

using namespace squall;
using namespace squall::expr;

namespace {

Value smallContext()
{
    return makeDict({{QStringLiteral("cpu"), 80},
                     {QStringLiteral("threshold"), 75},
                     {QStringLiteral("host"), QStringLiteral("web-1")}});
}

// About 0.5 MB of workflow context around the two variables the condition reads.
Value bigContext()
{
    ValueDict ctx;
    const QString filler = QString(100, u'x');
    for (int i = 0; i < 2000; ++i)
        ctx.insert(QStringLiteral("var_%1").arg(i), filler);
    ValueList events;
    for (int i = 0; i < 2500; ++i)
        events.append(makeDict({{QStringLiteral("id"), i}, {QStringLiteral("msg"), filler}}));
    ctx.insert(QStringLiteral("events"), Value(std::move(events)));
    ctx.insert(QStringLiteral("cpu"), 80);
    ctx.insert(QStringLiteral("threshold"), 75);
    return Value(std::move(ctx));
}

Value listContext()
{
    ValueList items;
    for (int i = 0; i < 50; ++i)
        items.append(makeDict({{QStringLiteral("name"), QStringLiteral("item%1").arg(i)}, {QStringLiteral("v"), i}}));
    return makeDict({{QStringLiteral("items"), Value(std::move(items))}});
}

QString g_only;  // --only <workload>

template<typename F>
void run(const char *name, const QString &source, qint64 iterations, double contextBytes, F &&evaluate)
{
    if (!g_only.isEmpty() && g_only != QLatin1StringView(name))
        return;
    Value last = evaluate();  // warm-up; also keeps the result observable
    const double cpu0 = bench::cpuSeconds();
    const auto t0 = bench::Clock::now();
    qint64 sink = 0;
    for (qint64 i = 0; i < iterations; ++i) {
        last = evaluate();
        sink += last.isBool() ? (last.toBool() ? 1 : 0) : (last.isList() ? last.toList().size() : 0);
    }
    const double secs = bench::secondsSince(t0);
    const double cpu = bench::cpuSeconds() - cpu0;
    QJsonObject o;
    o.insert(QStringLiteral("bench"), QStringLiteral("yaql"));
    o.insert(QStringLiteral("workload"), QLatin1StringView(name));
    o.insert(QStringLiteral("expression"), source);
    o.insert(QStringLiteral("iterations"), iterations);
    o.insert(QStringLiteral("context_bytes"), contextBytes);
    o.insert(QStringLiteral("ns_per_op"), secs * 1e9 / double(iterations));
    o.insert(QStringLiteral("ops_per_s"), double(iterations) / secs);
    o.insert(QStringLiteral("cpu_s"), cpu);
    // On a shared machine wall time includes time spent descheduled.
    o.insert(QStringLiteral("cpu_ns_per_op"), cpu * 1e9 / double(iterations));
    o.insert(QStringLiteral("result_sample"), json::toString(last).left(80));
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

    // The workflow module registers Orquesta's ctx(); without it, a minimal
    // one reading the DataScope the expression runs in.
    if (!FunctionRegistry::instance().hasGlobal(u"ctx")) {
        FunctionRegistry::instance().add(QStringLiteral("ctx"), [](const ValueList &a, const ValueDict &, const CallContext &cc) {
            const auto *scope = dynamic_cast<const DataScope *>(cc.scope);
            if (!scope)
                return Value();
            return a.isEmpty() ? scope->data() : scope->data()[a.at(0).toString()];
        });
    }

    const QString cond = QStringLiteral("ctx().cpu > ctx().threshold");
    const auto condExpr = yaql::Expression::compile(cond);
    const Value small = smallContext();
    const Value big = bigContext();
    const DataScope smallScope(small), bigScope(big);
    run("condition_small_ctx", cond, n, double(json::serialize(small).size()),
        [&] { return condExpr->evaluate(small, &smallScope); });
    run("condition_0.5MB_ctx", cond, n, double(json::serialize(big).size()),
        [&] { return condExpr->evaluate(big, &bigScope); });
    // The whole Orquesta path: delimiter scan, cache lookup, evaluation.
    const QString condString = QStringLiteral("<% ") + cond + QStringLiteral(" %>");
    run("exprstring_condition_0.5MB_ctx", condString, n, double(json::serialize(big).size()),
        [&] { return evaluateString(condString, big); });

    const QString query = QStringLiteral("$.items.where($.v > 25).select($.name)");
    const auto queryExpr = yaql::Expression::compile(query);
    const Value list = listContext();
    run("where_select_50", query, n, double(json::serialize(list).size()), [&] { return queryExpr->evaluate(list); });
    return 0;
}
