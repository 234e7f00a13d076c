#pragma once

#include <QList>
#include <QString>

namespace squall::ui {

// The criteria operators the engine accepts (core/rules/Operators.cpp), long
// names and the short aliases people type, each with a line of help for the
// operator drop-down. tests/ui/rules checks this list against the engine's.
struct RuleOperator
{
    QString name;
    QString help;
};

const QList<RuleOperator> &ruleOperators();

} // namespace squall::ui
