#include "rules/CompiledRule.h"

#include "base/Python.h"

namespace squall::rules {

namespace {

QString stringField(const Value &v)
{
    return v.isString() ? v.toString() : QString();
}

} // namespace

CompiledRule::CompiledRule(const Value &doc)
    : m_doc(doc)
{
    m_name = stringField(doc[u"name"]);
    m_pack = doc.contains(u"pack") ? stringField(doc[u"pack"]) : QStringLiteral("default");
    m_ref = doc[u"ref"].isString() ? doc[u"ref"].toString() : m_pack + u'.' + m_name;
    m_id = stringField(doc[u"id"]);
    m_uid = doc[u"uid"].isString() ? doc[u"uid"].toString() : QStringLiteral("rule:%1:%2").arg(m_pack, m_name);
    // Rules default to disabled, as in StackStorm.
    m_enabled = doc[u"enabled"].isBool() && doc[u"enabled"].toBool();
    const Value type = doc[u"type"];
    m_backstop = (type.isDict() ? stringField(type[u"ref"]) : stringField(type)) == u"backstop";

    const Value trigger = doc[u"trigger"];
    m_triggerType = stringField(trigger[u"type"]);
    m_triggerRef = trigger[u"ref"].isString() ? trigger[u"ref"].toString() : m_triggerType;
    m_triggerParameters = trigger[u"parameters"].isDict() ? trigger[u"parameters"] : Value(ValueDict());

    const Value action = doc[u"action"];
    m_actionRef = stringField(action[u"ref"]);
    m_actionParameters = action[u"parameters"].isDict() ? action[u"parameters"] : Value(ValueDict());

    const auto addError = [this](const QString &field, const QString &message) {
        Error e;
        e.field = field;
        e.message = message;
        e.kind = QStringLiteral("rule");
        m_errors.append(e);
    };

    const Value criteria = doc[u"criteria"];
    if (!criteria.isNull() && !criteria.isDict())
        addError(QStringLiteral("criteria"), QStringLiteral("criteria must be an object"));
    for (const auto &[key, spec] : criteria.toDict()) {
        Criterion c(key, spec);
        if (!c.compileError().isEmpty())
            addError(QStringLiteral("criteria.%1").arg(key), c.compileError());
        else if (!c.hasType())
            addError(QStringLiteral("criteria.%1.type").arg(key),
                     QStringLiteral("criterion has no type; it can never match"));
        m_criteria.append(std::move(c));
    }
}

const Criterion *CompiledRule::discriminator() const
{
    if (m_criteria.isEmpty())
        return nullptr;
    const Criterion &c = m_criteria.first();
    if (!c.compileError().isEmpty() || !c.hasType() || c.op() != Operator::Equals || c.isTemplated())
        return nullptr;
    // Only a plain field chain: its lookup cannot raise, so skipping the rule
    // can never hide a criteria error that would have been recorded.
    if (!c.path().isValid() || !c.path().isPlainFieldChain() || c.path().rootName() != u"trigger")
        return nullptr;
    const Value &p = c.rawPattern();
    if (!(p.isString() || p.isInt() || p.isDouble() || p.isBool()))
        return nullptr;
    return &c;
}

} // namespace squall::rules
