#include "expr/YaqlLibrary.h"

#include <QHash>

namespace squall::expr::yaql {

namespace {

struct Entry
{
    const char16_t *name;
    Fn fn;
};

const Entry kTable[] = {
    {u"let", F_let}, {u"switch", F_switch}, {u"coalesce", F_coalesce}, {u"list", F_list}, {u"dict", F_dict},
    {u"set", F_set}, {u"str", F_str}, {u"int", F_int}, {u"float", F_float}, {u"bool", F_bool}, {u"len", F_len},
    {u"count", F_count}, {u"where", F_where}, {u"filter", F_where}, {u"select", F_select},
    {u"selectMany", F_selectMany}, {u"first", F_first}, {u"last", F_last}, {u"single", F_single},
    {u"distinct", F_distinct}, {u"keys", F_keys}, {u"values", F_values}, {u"items", F_items},
    {u"toList", F_toList}, {u"toSet", F_toSet}, {u"toDict", F_toDict}, {u"join", F_join},
    {u"contains", F_contains}, {u"containsKey", F_containsKey}, {u"containsValue", F_containsValue},
    {u"orderBy", F_orderBy}, {u"orderByDescending", F_orderByDescending}, {u"thenBy", F_thenBy},
    {u"thenByDescending", F_thenByDescending}, {u"sum", F_sum}, {u"max", F_max}, {u"min", F_min},
    {u"any", F_any}, {u"all", F_all}, {u"skip", F_skip}, {u"take", F_take}, {u"limit", F_limit},
    {u"concat", F_concat}, {u"append", F_append}, {u"flatten", F_flatten}, {u"groupBy", F_groupBy},
    {u"indexOf", F_indexOf}, {u"lastIndexOf", F_lastIndexOf}, {u"indexWhere", F_indexWhere},
    {u"lastIndexWhere", F_lastIndexWhere}, {u"get", F_get}, {u"delete", F_delete}, {u"deleteAll", F_deleteAll},
    {u"insert", F_insert}, {u"replace", F_replace}, {u"toUpper", F_toUpper}, {u"toLower", F_toLower},
    {u"split", F_split}, {u"rightSplit", F_rightSplit}, {u"trim", F_trim}, {u"trimLeft", F_trimLeft},
    {u"trimRight", F_trimRight}, {u"norm", F_norm}, {u"startsWith", F_startsWith}, {u"endsWith", F_endsWith},
    {u"substring", F_substring}, {u"format", F_format}, {u"isEmpty", F_isEmpty}, {u"range", F_range},
    {u"isString", F_isString}, {u"isList", F_isList}, {u"isDict", F_isDict}, {u"isSet", F_isSet},
    {u"isInteger", F_isInteger}, {u"isNumber", F_isNumber}, {u"isBoolean", F_isBoolean}, {u"isRegex", F_isRegex},
    {u"regex", F_regex}, {u"matches", F_matches}, {u"search", F_search}, {u"searchAll", F_searchAll},
    {u"escapeRegex", F_escapeRegex}, {u"abs", F_abs}, {u"pow", F_pow}, {u"sign", F_sign}, {u"round", F_round},
    {u"reverse", F_reverse}, {u"enumerate", F_enumerate}, {u"zip", F_zip}, {u"aggregate", F_aggregate},
    {u"reduce", F_aggregate}, {u"union", F_union}, {u"intersect", F_intersect}, {u"difference", F_difference},
    {u"symmetricDifference", F_symmetricDifference}, {u"takeWhile", F_takeWhile}, {u"skipWhile", F_skipWhile},
    {u"memorize", F_memorize}, {u"toCharArray", F_toCharArray}, {u"repeat", F_repeat},
    {u"mergeWith", F_mergeWith}, {u"sort", F_sort}, {u"hex", F_hex}, {u"random", F_random}, {u"zipLongest", F_zipLongest},
    {u"slice", F_slice}, {u"splitAt", F_splitAt},
    {u"add", F_add}, {u"remove", F_remove}, {u"assert", F_assert},
};

} // namespace

int builtinIndex(QStringView name)
{
    static const QHash<QString, int> index = [] {
        QHash<QString, int> h;
        for (const Entry &e : kTable)
            h.insert(QString::fromUtf16(e.name), int(e.fn));
        return h;
    }();
    return index.value(name.toString(), -1);
}

Args::Args(const Node *call, const Env &env, const Value *receiver) : m_call(call), m_env(env), m_receiver(receiver)
{
    if (receiver)
        m_nodes.push_back(nullptr);
    for (const auto &c : call->children) {
        if (c->kind == NodeKind::Mapping)
            m_named.push_back(c.get());
        else
            m_nodes.push_back(c.get());
    }
    m_values.resize(m_nodes.size());
}

const Value &Args::at(int i)
{
    // A builtin reading an argument the call does not have (`distinct()` with
    // no receiver) is a call that matches no signature, as in yaql.
    if (i < 0 || size_t(i) >= m_nodes.size())
        throwNoMatch(m_call->name, m_receiver);
    auto &slot = m_values[size_t(i)];
    if (!slot)
        slot = m_nodes[size_t(i)] == nullptr ? *m_receiver : Evaluator::eval(m_nodes[size_t(i)], m_env);
    return *slot;
}

Value Args::opt(int i, const char16_t *name, const Value &fallback)
{
    if (const Node *n = namedNode(name))
        return Evaluator::eval(n->child(1), m_env);
    return i < count() ? at(i) : fallback;
}

const Node *Args::namedNode(const char16_t *name) const
{
    for (const Node *n : m_named) {
        if (n->child(0)->kind == NodeKind::Keyword && n->child(0)->name == QStringView(name))
            return n;
    }
    return nullptr;
}

const Node *Args::lambda(int i, const char16_t *name) const
{
    if (const Node *n = namedNode(name))
        return n->child(1);
    return i < count() ? m_nodes[size_t(i)] : nullptr;
}

Value Args::apply(const Node *lambda, const Value &item) const
{
    return Evaluator::apply(lambda, m_env, item);
}

} // namespace squall::expr::yaql
