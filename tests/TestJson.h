#pragma once
// JSON documents written inline in tests.
#include "base/Json.h"
#include "base/Value.h"

namespace squall::test {

// A typo in the test's JSON stops the run at once.
inline Value parseJson(const char *json)
{
    json::ParseError e;
    Value v = json::parse(QByteArray(json), &e);
    if (!e.ok())
        qFatal("bad test JSON: %s", qPrintable(e.message));
    return v;
}

} // namespace squall::test
