#include "workflow/chain/RenderValues.h"

#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "expr/Jinja.h"

namespace squall::actionchain {

namespace {

// Jinja leaves text without markers alone except for newline handling (one
// trailing newline dropped, \r\n normalised), so only such text needs a render.
bool mayChange(const QString &text)
{
    return expr::hasJinja(text) || text.endsWith(u'\n') || text.contains(u'\r');
}

} // namespace

Value renderValues(const Value &mapping, const ValueDict &context, RenderFailure *failure,
                   const expr::Scope *functions)
{
    if (!mapping.isDict() || mapping.toDict().isEmpty())
        return mapping.isDict() ? mapping : Value(ValueDict());

    ValueDict scopeVars;
    scopeVars.insert(QStringLiteral("__context"), Value(context));
    for (const auto &[name, v] : context)
        scopeVars.insert(name, v);
    const expr::DictScope scope{Value(std::move(scopeVars)), functions};

    ValueDict out;
    for (const auto &[key, original] : mapping.toDict()) {
        const bool complex = original.isList() || original.isDict();
        QString text;
        if (complex)
            text = json::dumpsPython(original);
        else if (original.isString())
            text = original.toString();
        else {
            // Scalars print without markers, so they always come back unchanged.
            out.insert(key, original);
            continue;
        }
        if (!mayChange(text)) {
            out.insert(key, original);
            continue;
        }
        QString rendered;
        try {
            rendered = expr::cachedTemplate(text)->render(scope);
        } catch (const SquallException &e) {
            if (failure)
                *failure = RenderFailure{key, text, e.error().message};
            return Value();
        }
        if (rendered == text) {
            out.insert(key, original);
            continue;
        }
        if (!complex) {
            out.insert(key, std::move(rendered));
            continue;
        }
        json::ParseError err;
        Value decoded = json::parse(QStringView(rendered), &err);
        if (!err.ok()) {
            if (failure)
                *failure = RenderFailure{key, text,
                                         QStringLiteral("the rendered value is not valid JSON: %1").arg(err.message)};
            return Value();
        }
        out.insert(key, std::move(decoded));
    }
    return Value(std::move(out));
}

} // namespace squall::actionchain
