#pragma once
// What the widget tests share besides an engine: inline JSON documents, and
// the screenshots they save when asked so that a person can look at them.
#include "base/Json.h"

#include <QDir>
#include <QString>
#include <QWidget>

namespace squall::test {

// A JSON document written in the test; a typo in it stops the run at once.
inline Value parseJson(const char *json)
{
    json::ParseError e;
    Value v = json::parse(QByteArray(json), &e);
    if (!e.ok())
        qFatal("bad test JSON: %s", qPrintable(e.message));
    return v;
}

// SQUALL_SCREENSHOTS=<dir> asks the tests to save what they show there.
inline QString screenshotDir()
{
    return qEnvironmentVariable("SQUALL_SCREENSHOTS");
}

// What a screenshots-only test skips with when none were asked for.
inline constexpr const char *kNoScreenshots = "set SQUALL_SCREENSHOTS to a folder to write screenshots";

// Saves what `w` shows as <dir>/<name>.png when screenshots were asked for;
// false only when saving failed.
inline bool shoot(QWidget *w, const QString &name)
{
    const QString dir = screenshotDir();
    return dir.isEmpty() || w->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

} // namespace squall::test
