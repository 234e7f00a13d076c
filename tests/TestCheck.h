#pragma once

#include <QTest>

// QVERIFY, QCOMPARE and QTRY_* return from the function they are written in.
// Inside a helper that is the helper, not the test: the test would go on after
// a failure, and report a second, misleading one. Wrap every call of a helper
// that asserts; the test function stops as soon as the helper failed:
//
//     CHECKED(startEngine());
//     Value done;
//     CHECKED(done = waitCompleted(id));
#define CHECKED(...)                                                                                                   \
    do {                                                                                                               \
        __VA_ARGS__;                                                                                                   \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)
