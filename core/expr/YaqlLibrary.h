#pragma once

// Internal to the YAQL engine: argument access for standard library functions.

#include "expr/YaqlAst.h"

#include <optional>
#include <vector>

namespace squall::expr::yaql {

enum Fn {
    F_let, F_switch, F_coalesce, F_list, F_dict, F_set, F_str, F_int, F_float, F_bool, F_len, F_count,
    F_where, F_select, F_selectMany, F_first, F_last, F_single, F_distinct, F_keys, F_values, F_items,
    F_toList, F_toSet, F_toDict, F_join, F_contains, F_containsKey, F_containsValue, F_orderBy,
    F_orderByDescending, F_thenBy, F_thenByDescending, F_sum, F_max, F_min, F_any, F_all, F_skip, F_take,
    F_limit, F_concat, F_append, F_flatten, F_groupBy, F_indexOf, F_lastIndexOf, F_indexWhere,
    F_lastIndexWhere, F_get, F_delete, F_deleteAll, F_insert, F_replace, F_toUpper, F_toLower, F_split,
    F_rightSplit, F_trim, F_trimLeft, F_trimRight, F_norm, F_startsWith, F_endsWith, F_substring, F_format,
    F_isEmpty, F_range, F_isString, F_isList, F_isDict, F_isSet, F_isInteger, F_isNumber, F_isBoolean,
    F_isRegex, F_regex, F_matches, F_search, F_searchAll, F_escapeRegex, F_abs, F_pow, F_sign, F_round,
    F_reverse, F_enumerate, F_zip, F_aggregate, F_union, F_intersect, F_difference, F_symmetricDifference,
    F_takeWhile, F_skipWhile, F_memorize, F_toCharArray, F_repeat, F_mergeWith, F_sort,
    F_hex, F_random, F_zipLongest, F_slice, F_splitAt, F_add, F_remove, F_assert
};

// The arguments of one standard-library call: the receiver (for `x.f()`)
// counts as argument 0; values are evaluated on first use, lambdas are
// handed out as nodes.
class Args
{
public:
    Args(const Node *call, const Env &env, const Value *receiver);

    int count() const { return int(m_nodes.size()); }
    bool hasNamed() const { return !m_named.empty(); }
    const std::vector<const Node *> &named() const { return m_named; }
    const Env &env() const { return m_env; }
    const Node *call() const { return m_call; }
    const Value *receiver() const { return m_receiver; }

    const Value &at(int i);
    const Node *node(int i) const { return m_nodes[size_t(i)]; }
    // Named argument `name`, or positional `i`, or `fallback`.
    Value opt(int i, const char16_t *name, const Value &fallback = {});
    const Node *namedNode(const char16_t *name) const;
    const Node *lambda(int i, const char16_t *name) const;
    Value apply(const Node *lambda, const Value &item) const;

private:
    const Node *m_call;
    const Env &m_env;
    const Value *m_receiver;
    std::vector<const Node *> m_nodes;
    std::vector<const Node *> m_named;
    std::vector<std::optional<Value>> m_values;
};

bool isNum(const Value &v);
qint64 intArg(const Value &v, const QString &fn);
QString strArg(const Value &v, const QString &fn);
QString dictKey(const Value &k);  // how a non-string key is stored in a ValueDict

// YaqlStrings.cpp
bool callBuiltinMore(int index, Args &a, Value *out);
// Sorts by several (selector, ascending) keys with yaql's ordering, stably.
Value sortList(const ValueList &l, const std::vector<std::pair<const Node *, bool>> &keys, const Env &env);
// a.orderBy(x).thenBy(y)...: `dot` is the Dot node whose right side is thenBy/thenByDescending.
Value evalThenBy(const Node *dot, const Env &env);
bool isRegexValue(const Value &v);
QString regexReplace(const Value &regex, const QString &s, const QString &repl, qint64 count);
QString pyReplace(const QString &s, const QString &old, const QString &repl, qint64 count);

} // namespace squall::expr::yaql
