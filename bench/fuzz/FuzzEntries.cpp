#include "FuzzEntries.h"

#include "api/HttpRequest.h"
#include "api/WebhookBody.h"
#include "base/Error.h"
#include "base/Json.h"
#include "base/Yaml.h"
#include "expr/ExprString.h"
#include "expr/Jinja.h"
#include "expr/Yaql.h"
#include "workflow/inspect/Inspector.h"
#include "workflow/orquesta/Conductor.h"
#include "workflow/orquesta/WorkflowPlan.h"

#include <cmath>
#include <functional>

namespace squall::fuzz {

namespace {

// Nested data of every kind, the shape of a workflow context or a trigger
// payload: dicts of lists of dicts, strings, ints, floats, booleans, null.
const Value &nestedContext()
{
    static const Value context = json::parse(QByteArrayLiteral(R"({
        "a": 1, "b": 2.5, "neg": -3, "zero": 0, "big": 9007199254740993, "f": 1e300,
        "s": "hello world", "empty": "", "u": "ünïcødé ☃", "num": "42", "t": true, "n": null,
        "l": [1, 2, 3, "x", null, 4.5, [5, 6], {"k": "v"}],
        "el": [], "ed": {},
        "d": {"k": "v", "n": null, "items": [{"name": "a", "v": 1, "tags": ["x", "y"]},
                                             {"name": "b", "v": [1, 2], "sub": {"deep": {"deeper": [true, false]}}}]},
        "users": [{"name": "ann", "age": 31, "roles": ["admin"]}, {"name": "bob", "age": 17, "roles": []}],
        "expr": "<% ctx().a %>", "tmpl": "{{ ctx().s }}",
        "__current_item": {"id": 7}
    })"));
    return context;
}

// The workflow functions (ctx(), task_status(), item() ...) are what Orquesta
// expression strings call; register them once as the engine does.
void registerFunctions()
{
    static const bool done = [] {
        orquesta::registerWorkflowFunctions();
        return true;
    }();
    Q_UNUSED(done);
}

QString describe(const SquallException &e)
{
    const Error &err = e.error();
    if (err.message.isEmpty())
        throw InvariantBroken("SquallException of kind '" + err.kind.toStdString() + "' without a message");
    return err.kind + QStringLiteral(": ") + err.message;
}

// Runs one stage; a SquallException is an answer, recorded with its message.
template<typename F>
bool stage(Outcome &out, const char *name, F &&fn)
{
    try {
        fn();
        out.stages.append(QLatin1String(name) + QStringLiteral(": ok"));
        ++out.results;
        return true;
    } catch (const SquallException &e) {
        out.stages.append(QLatin1String(name) + QStringLiteral(": ") + describe(e));
        ++out.errors;
        return false;
    }
}

QString text(QByteArrayView input) { return QString::fromUtf8(input); }

bool containsNaN(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Double:
        return std::isnan(v.toDouble());
    case Value::Type::List:
        for (const Value &x : v.toList())
            if (containsNaN(x))
                return true;
        return false;
    case Value::Type::Dict:
        for (const auto &[k, x] : v.toDict())
            if (containsNaN(x))
                return true;
        return false;
    default:
        return false;
    }
}

// Orquesta expression-string handling of one text: what inspection and the
// conductor do with a workflow field.
void exprString(Outcome &out, const QString &s)
{
    const Value &data = nestedContext();
    stage(out, "validateString", [&] { expr::validateString(s); });
    stage(out, "extractVariables", [&] {
        expr::extractContextVariables(s);
        expr::extractVariables(makeList({Value(s), makeDict({{s, Value(s)}})}));
    });
    stage(out, "evaluateString", [&] { expr::evaluateString(s, data); });
    stage(out, "evaluateValue", [&] { expr::evaluateValue(makeDict({{QStringLiteral("k"), Value(s)}}), data); });
}

} // namespace

Outcome jinja(QByteArrayView input)
{
    registerFunctions();
    Outcome out;
    const QString source = text(input);
    std::shared_ptr<const expr::Template> t;
    if (stage(out, "compile", [&] { t = expr::Template::compile(source); })) {
        const expr::DictScope scope(nestedContext());
        t->isStatic();
        t->isSingleExpression();
        stage(out, "undeclaredVariables", [&] { t->undeclaredVariables(); });
        stage(out, "render", [&] { t->render(scope); });
        stage(out, "evaluate", [&] { t->evaluate(scope); });
    }
    exprString(out, source);
    return out;
}

Outcome yaql(QByteArrayView input)
{
    registerFunctions();
    Outcome out;
    const QString source = text(input);
    std::shared_ptr<const expr::yaql::Expression> e;
    if (stage(out, "compile", [&] { e = expr::yaql::Expression::compile(source); })) {
        const expr::DataScope scope(nestedContext());
        stage(out, "evaluate", [&] { e->evaluate(nestedContext(), &scope); });
    }
    exprString(out, source);
    return out;
}

Outcome workflow(QByteArrayView input)
{
    registerFunctions();
    Outcome out;
    yaml::Document doc;
    if (!stage(out, "load", [&] { doc = yaml::load(input.toByteArray(), QStringLiteral("fuzz.yaml")); }))
        return out;
    QList<workflow::InspectionError> errors;
    stage(out, "inspect", [&] {
        errors = workflow::inspectWorkflow(doc.value, doc.locations.get(), {QStringLiteral("st2")});
        workflow::inspectionToValue(errors);
        workflow::inspectionToSt2Errors(errors);
        workflow::formatInspection(errors);
    });
    // The engine builds a plan only from a document that inspected clean, but
    // compile() promises an error for anything it cannot run: hold it to that.
    stage(out, "plan", [&] {
        const auto plan = orquesta::WorkflowPlan::compile(doc.value, doc.locations);
        for (const QString &name : plan->taskNames()) {
            plan->task(name);
            plan->isSplitTask(name);
        }
        plan->barriers();
    });
    return out;
}

Outcome yaml(QByteArrayView input)
{
    Outcome out;
    yaml::Document doc;
    if (!stage(out, "load", [&] { doc = yaml::load(input.toByteArray(), QStringLiteral("fuzz.yaml")); }))
        return out;
    if (!doc.locations)
        throw InvariantBroken("a loaded YAML document has no location map");
    for (auto it = doc.locations->positions.cbegin(); it != doc.locations->positions.cend(); ++it) {
        doc.locations->locate(it.key());
        doc.locations->locate(it.key() + QStringLiteral(".missing[3]"));
        doc.locations->error(it.key(), QStringLiteral("message"));
    }
    QString dumped;
    stage(out, "dump", [&] { dumped = yaml::dump(doc.value); });
    stage(out, "reload", [&] { yaml::load(dumped.toUtf8()); });
    return out;
}

Outcome json(QByteArrayView input)
{
    Outcome out;
    const QByteArray bytes = input.toByteArray();
    json::ParseError error;
    const Value v = json::parse(bytes, &error);
    if (!error.ok()) {
        if (error.message.isEmpty())
            throw InvariantBroken("a JSON parse error without a message");
        out.stages.append(QStringLiteral("parse: ") + error.message);
        ++out.errors;
        // The QString overload must agree with the UTF-8 one on valid UTF-8 only;
        // here it merely has to answer.
        json::parse(QString::fromUtf8(bytes), nullptr);
        return out;
    }
    out.stages.append(QStringLiteral("parse: ok"));
    ++out.results;
    // Round trip, in every style the engine writes.
    const json::Style styles[] = {{}, {2, false, false, false}, {-1, true, false, true}, {4, false, true, true}};
    for (const json::Style &style : styles) {
        const QByteArray written = json::serialize(v, style);
        json::ParseError again;
        const Value back = json::parse(written, &again);
        if (!again.ok())
            throw InvariantBroken("serialized JSON does not parse: " + again.message.toStdString() + " in "
                                  + written.left(200).toStdString());
        if (!containsNaN(v) && !(back == v))
            throw InvariantBroken("JSON round trip changed the value: " + written.left(200).toStdString());
        if (json::serialize(back, style) != written)
            throw InvariantBroken("JSON serialization is not stable: " + written.left(200).toStdString());
    }
    json::dumpsPython(v);
    json::toString(v);
    return out;
}

Outcome webhook(QByteArrayView input)
{
    Outcome out;
    api::HttpRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/api/v1/webhooks/fuzz");
    // Headers up to the first empty line; the rest is the body.
    qsizetype pos = 0;
    while (pos < input.size()) {
        qsizetype eol = input.indexOf('\n', pos);
        if (eol < 0)
            eol = input.size();
        QByteArrayView line = input.sliced(pos, eol - pos);
        pos = eol + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            request.headers.append({line.toByteArray(), QByteArray()});
        else
            request.headers.append({line.first(colon).toByteArray(), line.sliced(colon + 1).trimmed().toByteArray()});
    }
    if (pos < input.size())
        request.body = input.sliced(pos).toByteArray();
    stage(out, "body", [&] { api::parseWebhookBody(request); });
    stage(out, "headers", [&] { api::webhookHeaders(request); });
    stage(out, "query", [&] { api::parseQueryString(request.body); });
    return out;
}

Entry entryByName(const QString &name)
{
    static const QHash<QString, Entry> entries = {
        {QStringLiteral("jinja"), &jinja},       {QStringLiteral("yaql"), &yaql},
        {QStringLiteral("workflow"), &workflow}, {QStringLiteral("yaml"), &yaml},
        {QStringLiteral("json"), &json},         {QStringLiteral("webhook"), &webhook},
    };
    return entries.value(name, nullptr);
}

QStringList entryNames()
{
    return {QStringLiteral("jinja"), QStringLiteral("yaql"), QStringLiteral("workflow"),
            QStringLiteral("yaml"),  QStringLiteral("json"), QStringLiteral("webhook")};
}

} // namespace squall::fuzz
