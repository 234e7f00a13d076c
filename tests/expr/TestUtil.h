#pragma once

#include "base/Error.h"
#include "base/Json.h"
#include "base/Python.h"
#include "expr/Jinja.h"

#include <QTest>

// Shared fixtures for the expr tests: a rich default context and helpers
// that render a template and capture errors as "Kind: message".
namespace squall::expr::test {

inline Value defaultContext()
{
    static const Value ctx = json::parse(QByteArray(
        "{\"s\": \"Hello World\", \"n\": 5, \"f\": 2.5, \"neg\": -3, \"t\": true, \"none\": null,"
        " \"l\": [3, 1, 2], \"d\": {\"a\": 1, \"b\": \"two\"},"
        " \"users\": [{\"name\": \"bob\", \"age\": 30, \"active\": true, \"team\": \"x\"},"
        "             {\"name\": \"alice\", \"age\": 25, \"active\": false, \"team\": \"y\"},"
        "             {\"name\": \"carol\", \"age\": 35, \"active\": true, \"team\": \"x\"}],"
        " \"nested\": {\"x\": {\"y\": [10, 20, {\"z\": \"deep\"}]}}, \"empty\": [], \"es\": \"\","
        " \"words\": \"a b  c\", \"html\": \"<b>x</b> & 'y'\", \"mixed\": [\"b\", \"A\", \"c\"],"
        " \"strs\": [\"1\", \"2\"], \"items\": {\"k\": \"v\"}}"));
    return ctx;
}

inline Value parseJson(const QString &text)
{
    if (text.isEmpty())
        return defaultContext();
    json::ParseError err;
    Value v = json::parse(QStringView(text), &err);
    if (!err.ok())
        qFatal("bad test JSON: %s", qPrintable(text));
    return v;
}

// Renders; on error returns "!Kind: message".
inline QString renderOrError(const QString &tpl, const Value &ctx)
{
    try {
        return Template::compile(tpl)->render(DictScope(ctx));
    } catch (const SquallException &e) {
        return QStringLiteral("!%1: %2").arg(e.error().kind, e.error().message);
    }
}

} // namespace squall::expr::test
