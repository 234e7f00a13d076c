#include "ui/rules/RuleOperators.h"

#include <QCoreApplication>

namespace squall::ui {

const QList<RuleOperator> &ruleOperators()
{
    static const QList<RuleOperator> list = [] {
        auto tr = [](const char *text) { return QCoreApplication::translate("RuleOperators", text); };
        const std::pair<const char *, const char *> raw[] = {
            {"equals", "The value equals the pattern (same type)"},
            {"eq", "Short for equals"},
            {"nequals", "The value differs from the pattern"},
            {"neq", "Short for nequals"},
            {"iequals", "Equal ignoring case"},
            {"ieq", "Short for iequals"},
            {"contains", "The value (string or list) contains the pattern"},
            {"icontains", "Contains, ignoring case"},
            {"ncontains", "Does not contain the pattern"},
            {"incontains", "Does not contain, ignoring case"},
            {"startswith", "The string starts with the pattern"},
            {"istartswith", "Starts with, ignoring case"},
            {"endswith", "The string ends with the pattern"},
            {"iendswith", "Ends with, ignoring case"},
            {"lessthan", "The number is less than the pattern"},
            {"lt", "Short for lessthan"},
            {"greaterthan", "The number is greater than the pattern"},
            {"gt", "Short for greaterthan"},
            {"matchwildcard", "Shell wildcard match (*, ?, [abc])"},
            {"matchregex", "The regular expression matches the whole value"},
            {"regex", "The regular expression matches at the start"},
            {"iregex", "Regular expression, ignoring case"},
            {"timediff_lt", "The time is less than N seconds ago"},
            {"td_lt", "Short for timediff_lt"},
            {"timediff_gt", "The time is more than N seconds ago"},
            {"td_gt", "Short for timediff_gt"},
            {"exists", "The key is present in the payload"},
            {"nexists", "The key is absent from the payload"},
            {"inside", "The value is inside the pattern (a list or string)"},
            {"in", "Short for inside"},
            {"ninside", "The value is not inside the pattern"},
            {"nin", "Short for ninside"},
            {"search", "Items of a list matched by nested criteria (pattern: JSON)"},
        };
        QList<RuleOperator> out;
        for (const auto &[name, help] : raw)
            out.append({QString::fromLatin1(name), tr(help)});
        return out;
    }();
    return list;
}

} // namespace squall::ui
