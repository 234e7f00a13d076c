#pragma once

#include "base/Value.h"

#include <QHash>
#include <QObject>
#include <QSet>

namespace squall::store { class Store; }
namespace squall::sensors { class TimerService; }

namespace squall::engine {

class ContentRegistry;

// Triggers are trigger types bound to concrete parameters (reference §1): a
// rule on `core.st2.webhook {url: ineat}` and another with the same type and
// parameters share one trigger, and trigger instances point at it. Webhook urls
// and timers are registered here from the triggers that enabled rules use.
class TriggerRegistry final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TriggerRegistry)
public:
    TriggerRegistry(store::Store *store, ContentRegistry *content, sensors::TimerService *timers,
                    QObject *parent = nullptr);

    void load();  // triggers persisted by earlier runs

    // The trigger for (type, parameters), created and persisted if new. Throws
    // SquallException BadRequest when the type is unknown or the parameters do
    // not fit its parameters schema.
    Value ensure(const QString &type, const Value &parameters);
    Value trigger(const QString &refOrId) const;  // null when unknown
    ValueList triggers() const;

    // Which triggers enabled rules currently use; drives webhooks and timers.
    void setActiveTriggers(const QSet<QString> &refs);

    QStringList webhookTriggers(const QString &url) const;  // refs listening on that url
    ValueList webhooks() const;                              // trigger docs of registered webhooks
    ValueList timers(const QString &timerType) const;        // timer trigger docs

    static QString normalizeWebhookUrl(const QString &url);  // strips leading/trailing '/'

private:
    QString key(const QString &type, const Value &parameters) const;

    store::Store *m_store;
    ContentRegistry *m_content;
    sensors::TimerService *m_timers;
    QHash<QString, Value> m_byRef;
    QHash<QString, QString> m_byKey;   // type + canonical parameters -> ref
    QHash<QString, QString> m_byId;
    QHash<QString, QStringList> m_webhooks;  // url -> refs
    QSet<QString> m_activeTimers;
};

} // namespace squall::engine
