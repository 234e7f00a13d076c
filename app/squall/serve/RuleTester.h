#pragma once

#include <QStringList>

// `squall rule test`: does a rule match a trigger instance, and what would it run?
// Offline with --rule FILE --trigger-instance FILE; against a daemon with
// --rule-ref REF --trigger-instance-id ID. Exit 0 on a match, 1 on none, 2 on bad input.
int runRuleTest(const QStringList &args);
