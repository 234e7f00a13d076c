#include "engine/TriggerRegistry.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "base/Json.h"
#include "engine/ContentRegistry.h"
#include "schema/Validator.h"
#include "sensors/TimerService.h"
#include "store/Store.h"

#include <QSet>
#include <QUuid>

namespace squall::engine {

namespace {
const QString kWebhookType = QStringLiteral("core.st2.webhook");
bool isTimerType(const QString &type)
{
    return type == u"core.st2.IntervalTimer" || type == u"core.st2.DateTimer" || type == u"core.st2.CronTimer";
}
} // namespace

TriggerRegistry::TriggerRegistry(store::Store *store, ContentRegistry *content, sensors::TimerService *timers,
                                 QObject *parent)
    : QObject(parent), m_store(store), m_content(content), m_timers(timers)
{
}

QString TriggerRegistry::key(const QString &type, const Value &parameters) const
{
    json::Style st;
    st.sortKeys = true;
    const Value p = parameters.isDict() ? parameters : Value(ValueDict());
    return type + u'|' + QString::fromUtf8(json::serialize(p, st));
}

QString TriggerRegistry::normalizeWebhookUrl(const QString &url)
{
    QString u = url;
    while (u.startsWith(u'/'))
        u.remove(0, 1);
    while (u.endsWith(u'/'))
        u.chop(1);
    return u;
}

void TriggerRegistry::load()
{
    for (const Value &doc : m_store->definitions(QStringLiteral("trigger"))) {
        const QString ref = doc[u"ref"].toString();
        m_byRef.insert(ref, doc);
        m_byKey.insert(key(doc[u"type"].toString(), doc[u"parameters"]), ref);
        m_byId.insert(doc[u"id"].toString(), ref);
    }
}

Value TriggerRegistry::ensure(const QString &type, const Value &parameters0)
{
    const Value parameters = parameters0.isDict() ? parameters0 : Value(ValueDict());
    const QString k = key(type, parameters);
    if (const auto it = m_byKey.constFind(k); it != m_byKey.cend())
        return m_byRef.value(*it);
    const model::TriggerTypeDef *tt = m_content->triggerType(type);
    if (!tt)
        throw SquallException(QStringLiteral("BadRequest"), QStringLiteral("trigger type \"%1\" is not registered").arg(type));
    if (tt->hasParameters()) {
        const QList<Error> errors = schema::validate(parameters, tt->parametersSchema, QStringLiteral("trigger.parameters"));
        if (!errors.isEmpty())
            throw SquallException(Error{QStringLiteral("invalid parameters for trigger type %1: %2")
                                            .arg(type, errors.first().toString()),
                                        {}, errors.first().field, QStringLiteral("BadRequest")});
    }
    QString ref;
    QString name;
    if (!tt->hasParameters() && parameters.toDict().isEmpty()) {
        ref = type;  // the shadow trigger of a type without parameters
        name = tt->name;
    } else {
        name = QUuid::createUuid().toString(QUuid::WithoutBraces);
        ref = tt->pack + u'.' + name;
    }
    Value doc = makeDict({{QStringLiteral("id"), newId()},
                          {QStringLiteral("ref"), ref},
                          {QStringLiteral("uid"), QStringLiteral("trigger:%1:%2:%3").arg(tt->pack, name, QString())},
                          {QStringLiteral("name"), name},
                          {QStringLiteral("pack"), tt->pack},
                          {QStringLiteral("type"), type},
                          {QStringLiteral("parameters"), parameters},
                          {QStringLiteral("description"), tt->description}});
    doc.dictRef().insert(QStringLiteral("uid"), QStringLiteral("trigger:") + tt->pack + u':' + name);
    m_byRef.insert(ref, doc);
    m_byKey.insert(k, ref);
    m_byId.insert(doc[u"id"].toString(), ref);
    m_store->putDefinition(QStringLiteral("trigger"), ref, doc);
    return doc;
}

Value TriggerRegistry::trigger(const QString &refOrId) const
{
    if (const auto it = m_byRef.constFind(refOrId); it != m_byRef.cend())
        return *it;
    if (const auto it = m_byId.constFind(refOrId); it != m_byId.cend())
        return m_byRef.value(*it);
    return {};
}

ValueList TriggerRegistry::triggers() const
{
    ValueList out;
    for (const Value &v : m_byRef)
        out.append(v);
    std::sort(out.begin(), out.end(), [](const Value &a, const Value &b) {
        return a[u"ref"].toString() < b[u"ref"].toString();
    });
    return out;
}

void TriggerRegistry::setActiveTriggers(const QSet<QString> &refs)
{
    m_webhooks.clear();
    QSet<QString> timers;
    for (const QString &ref : refs) {
        const Value t = m_byRef.value(ref);
        const QString type = t[u"type"].toString();
        if (type == kWebhookType) {
            m_webhooks[normalizeWebhookUrl(t[u"parameters"][u"url"].toString())].append(ref);
        } else if (isTimerType(type) && m_timers) {
            timers.insert(ref);
            if (!m_timers->hasTimer(ref)) {
                const QString err = m_timers->addTimer(ref, type, t[u"parameters"]);
                if (!err.isEmpty())
                    qWarning("timer %s not scheduled: %s", qPrintable(ref), qPrintable(err));
            }
        }
    }
    for (const QString &ref : std::as_const(m_activeTimers)) {
        if (!timers.contains(ref) && m_timers)
            m_timers->removeTimer(ref);
    }
    m_activeTimers = timers;
}

QStringList TriggerRegistry::webhookTriggers(const QString &url) const
{
    return m_webhooks.value(normalizeWebhookUrl(url));
}

ValueList TriggerRegistry::webhooks() const
{
    ValueList out;
    for (const QStringList &refs : m_webhooks)
        for (const QString &r : refs)
            out.append(m_byRef.value(r));
    return out;
}

ValueList TriggerRegistry::timers(const QString &timerType) const
{
    // Only timers that enabled rules use are scheduled, so only those are listed.
    ValueList out;
    for (const QString &ref : m_activeTimers) {
        const Value t = m_byRef.value(ref);
        const QString type = t[u"type"].toString();
        if (timerType.isEmpty() || type == timerType || type.endsWith(u'.' + timerType))
            out.append(t);
    }
    return out;
}

} // namespace squall::engine
