#pragma once

#include "rules/CriteriaPath.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>

namespace squall {
class Value;
}

namespace squall::rules {

class CompiledRule;
using RulePtr = std::shared_ptr<const CompiledRule>;

// The hash key the index uses for a scalar: equal for values Python
// considers equal (1, 1.0 and True); invalid for unhashable values.
struct DiscriminatorKey
{
    enum Kind : quint8 { Invalid, String, Number } kind = Invalid;
    double number = 0;
    QString string;

    static DiscriminatorKey of(const Value &v);
    bool isValid() const { return kind != Invalid; }
    bool operator==(const DiscriminatorKey &o) const
    {
        return kind == o.kind && (kind == String ? string == o.string : number == o.number);
    }
};
size_t qHash(const DiscriminatorKey &k, size_t seed = 0);

// Rules by trigger key, so an incoming trigger instance finds its candidate
// rules with one hash lookup however many rules exist. The key is whatever
// the engine dispatches on (normally the Trigger ref); by default the rule's
// triggerRef(). Only enabled rules are dispatched; all are kept.
//
// Within one key, rules whose first criterion is `equals <static scalar>` on
// a trigger field are also hashed by that value, so candidatesFor() returns
// only the rules an event can possibly match (plus the rules that cannot be
// hashed) — thousands of rules on one trigger cost a few hash lookups.
class RuleIndex
{
public:
    RuleIndex();
    ~RuleIndex();

    // Inserts or replaces the rule with the same ref.
    void upsert(RulePtr rule, const QString &triggerKey = {});
    bool remove(const QString &ref);
    void clear();

    RulePtr rule(const QString &ref) const;
    // All enabled rules for the key, in insertion order; a shared empty list if none.
    const QList<RulePtr> &rulesFor(const QString &triggerKey) const;
    // The enabled rules for the key that can match `payload`, in insertion
    // order: a subset of rulesFor() that excludes only rules whose
    // discriminating equals criterion differs. Feed it to RuleMatcher::match.
    QList<RulePtr> candidatesFor(const QString &triggerKey, const Value &payload) const;

    qsizetype size() const { return m_byRef.size(); }
    QList<RulePtr> allRules() const;

private:
    // Rules sharing a source, with their insertion sequence numbers (for
    // restoring order when several sources contribute).
    struct SlotList
    {
        QList<RulePtr> rules;
        QList<quint64> seqs;
        void append(quint64 seq, const RulePtr &rule);
        qsizetype removeRule(const RulePtr &rule);
    };
    struct PathIndex
    {
        CriteriaPath path;
        QHash<DiscriminatorKey, SlotList> byValue;
        qsizetype count = 0;
    };
    struct Bucket
    {
        QList<RulePtr> rules;
        SlotList residual;
        QHash<QString, PathIndex> byPath;
    };
    struct Entry
    {
        RulePtr rule;
        QString key;
    };

    QHash<QString, Entry> m_byRef;
    QHash<QString, Bucket> m_buckets;
    quint64 m_seq = 0;
};

} // namespace squall::rules
