#pragma once
// What the widget tests share besides an engine: inline JSON documents
// (TestJson.h), and the screenshots they save, when asked, for a person to
// look at.
#include "TestJson.h"

#include <QDir>
#include <QString>
#include <QWidget>

namespace squall::test {

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
