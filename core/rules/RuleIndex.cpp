#include "rules/RuleIndex.h"

#include "base/Python.h"
#include "rules/CompiledRule.h"

#include <algorithm>
#include <vector>

namespace squall::rules {

DiscriminatorKey DiscriminatorKey::of(const Value &v0)
{
    const Value &v = v0.isObject() ? py::resolved(v0) : v0;
    DiscriminatorKey k;
    switch (v.type()) {
    case Value::Type::String:
        k.kind = String;
        k.string = v.toString();
        break;
    case Value::Type::Int:
    case Value::Type::Bool:
    case Value::Type::Double:
        // Python's 1 == 1.0 == True: hash them alike (a wider bucket is safe,
        // the full criteria still decide).
        k.kind = Number;
        k.number = v.toDouble();
        break;
    default:
        break;
    }
    return k;
}

size_t qHash(const DiscriminatorKey &k, size_t seed)
{
    return k.kind == DiscriminatorKey::String ? ::qHash(k.string, seed) : ::qHash(k.number, seed);
}

void RuleIndex::SlotList::append(quint64 seq, const RulePtr &rule)
{
    rules.append(rule);
    seqs.append(seq);
}

qsizetype RuleIndex::SlotList::removeRule(const RulePtr &rule)
{
    const qsizetype i = rules.indexOf(rule);
    if (i < 0)
        return 0;
    rules.removeAt(i);
    seqs.removeAt(i);
    return 1;
}

RuleIndex::RuleIndex() = default;
RuleIndex::~RuleIndex() = default;

void RuleIndex::upsert(RulePtr rule, const QString &triggerKey)
{
    if (!rule)
        return;
    remove(rule->ref());
    const QString key = triggerKey.isEmpty() ? rule->triggerRef() : triggerKey;
    if (rule->enabled()) {
        Bucket &bucket = m_buckets[key];
        const quint64 seq = ++m_seq;
        bucket.rules.append(rule);
        const Criterion *d = rule->discriminator();
        const DiscriminatorKey valueKey = d ? DiscriminatorKey::of(d->rawPattern()) : DiscriminatorKey();
        if (!valueKey.isValid()) {
            bucket.residual.append(seq, rule);
        } else {
            auto it = bucket.byPath.find(d->path().expression());
            if (it == bucket.byPath.end())
                it = bucket.byPath.insert(d->path().expression(), PathIndex {d->path(), {}, 0});
            it->byValue[valueKey].append(seq, rule);
            ++it->count;
        }
    }
    const QString ref = rule->ref();
    m_byRef.insert(ref, Entry {std::move(rule), key});
}

bool RuleIndex::remove(const QString &ref)
{
    auto it = m_byRef.find(ref);
    if (it == m_byRef.end())
        return false;
    auto bucket = m_buckets.find(it->key);
    if (bucket != m_buckets.end()) {
        const RulePtr &rule = it->rule;
        bucket->rules.removeIf([&](const RulePtr &r) { return r == rule; });
        bucket->residual.removeRule(rule);
        if (const Criterion *d = rule->discriminator()) {
            auto path = bucket->byPath.find(d->path().expression());
            if (path != bucket->byPath.end()) {
                auto slots = path->byValue.find(DiscriminatorKey::of(d->rawPattern()));
                if (slots != path->byValue.end()) {
                    path->count -= slots->removeRule(rule);
                    if (slots->rules.isEmpty())
                        path->byValue.erase(slots);
                }
                if (path->count <= 0)
                    bucket->byPath.erase(path);
            }
        }
        if (bucket->rules.isEmpty())
            m_buckets.erase(bucket);
    }
    m_byRef.erase(it);
    return true;
}

void RuleIndex::clear()
{
    m_byRef.clear();
    m_buckets.clear();
}

RulePtr RuleIndex::rule(const QString &ref) const
{
    auto it = m_byRef.constFind(ref);
    return it == m_byRef.constEnd() ? RulePtr() : it->rule;
}

const QList<RulePtr> &RuleIndex::rulesFor(const QString &triggerKey) const
{
    static const QList<RulePtr> empty;
    auto it = m_buckets.constFind(triggerKey);
    return it == m_buckets.constEnd() ? empty : it->rules;
}

QList<RulePtr> RuleIndex::candidatesFor(const QString &triggerKey, const Value &payload) const
{
    auto bucket = m_buckets.constFind(triggerKey);
    if (bucket == m_buckets.constEnd())
        return {};
    if (bucket->byPath.isEmpty())
        return bucket->rules;

    // Usually exactly one source contributes: its list is returned shared.
    const SlotList *sources[8];
    qsizetype count = 0;
    QList<const SlotList *> more;
    const auto add = [&](const SlotList *l) {
        if (count < 8)
            sources[count++] = l;
        else
            more.append(l);
    };
    if (!bucket->residual.rules.isEmpty())
        add(&bucket->residual);
    for (const PathIndex &index : bucket->byPath) {
        Value v;
        if (!index.path.findFirstBelowRoot(payload, &v))
            continue;
        const DiscriminatorKey valueKey = DiscriminatorKey::of(v);
        if (!valueKey.isValid())
            continue;
        auto slots = index.byValue.constFind(valueKey);
        if (slots != index.byValue.constEnd())
            add(&*slots);
    }
    if (count == 0)
        return {};
    if (count == 1)
        return sources[0]->rules;

    // Several sources: merge them back into insertion order.
    std::vector<std::pair<quint64, const RulePtr *>> merged;
    const auto collect = [&](const SlotList *l) {
        for (qsizetype i = 0; i < l->rules.size(); ++i)
            merged.emplace_back(l->seqs.at(i), &l->rules.at(i));
    };
    for (qsizetype i = 0; i < count; ++i)
        collect(sources[i]);
    for (const SlotList *l : std::as_const(more))
        collect(l);
    std::sort(merged.begin(), merged.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<RulePtr> out;
    out.reserve(qsizetype(merged.size()));
    for (const auto &m : merged)
        out.append(*m.second);
    return out;
}

QList<RulePtr> RuleIndex::allRules() const
{
    QList<RulePtr> out;
    out.reserve(m_byRef.size());
    for (const Entry &e : m_byRef)
        out.append(e.rule);
    return out;
}

} // namespace squall::rules
