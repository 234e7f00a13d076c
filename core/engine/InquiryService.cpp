#include "engine/InquiryService.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "base/Python.h"
#include "engine/ApiQuery.h"
#include "engine/ExecutionService.h"
#include "engine/Statuses.h"
#include "schema/Validator.h"
#include "store/Store.h"

#include <QDateTime>

#include <algorithm>

namespace squall::engine {

namespace {

const QString kInquirer = QStringLiteral("inquirer");

// Longest single wait: QTimer counts in int milliseconds, and a far deadline
// is simply re-armed when this much time has passed.
constexpr qint64 kMaxWaitMs = 24LL * 3600 * 1000;

bool isInquiry(const Value &execution)
{
    return execution[u"runner"][u"name"].toString() == kInquirer;
}

QString parentOf(const Value &execution)
{
    const QString parent = execution[u"parent"].toString();
    return parent.isEmpty() ? execution[u"context"][u"parent"][u"execution_id"].toString() : parent;
}

bool typeIs(const Value &type, QStringView name)
{
    if (type.isString())
        return type.toString() == name;
    if (type.isList()) {
        const ValueList &types = type.toList();
        return std::any_of(types.begin(), types.end(), [name](const Value &t) { return t.toString() == name; });
    }
    return false;
}

bool nullable(const Value &types)
{
    if (types.isString())
        return types.toString() == u"null";
    for (const Value &t : types.toList()) {
        if ((t.isString() && t.toString() == u"null")
            || (t.isDict() && (t.contains(u"type") ? t[u"type"].toString() : QStringLiteral("string")) == u"null"))
            return true;
    }
    return false;
}

// st2 validates answers with `allow_default_none`: a property that is optional
// or defaults to null also accepts null (an untyped one becomes string-or-null,
// since jsonschema's default type there is "string").
Value allowDefaultNone(const Value &schema)
{
    const Value props = schema[u"properties"];
    if (!props.isDict())
        return schema;
    ValueDict outProps;
    for (const auto &[name, sub0] : props.toDict()) {
        Value sub = sub0;
        if (sub.isDict()) {
            const bool optional = !(sub[u"required"].isBool() && sub[u"required"].toBool());
            const Value *def = sub.toDict().find(u"default");
            if ((def || optional) && (!def || def->isNull())) {
                ValueDict &d = sub.dictRef();
                if (Value *any = d.find(u"anyOf"); any && any->isList()) {
                    if (!nullable(*any))
                        any->listRef().append(makeDict({{QStringLiteral("type"), QStringLiteral("null")}}));
                } else if (Value *one = d.find(u"oneOf"); one && one->isList()) {
                    if (!nullable(*one))
                        one->listRef().append(makeDict({{QStringLiteral("type"), QStringLiteral("null")}}));
                } else if (Value *t = d.find(u"type"); t && t->isList()) {
                    if (!nullable(*t))
                        t->listRef().append(QStringLiteral("null"));
                } else if (!d.contains(u"anyOf") && !d.contains(u"oneOf")) {
                    const Value single = d.contains(u"type") ? d.value(u"type") : Value(QStringLiteral("string"));
                    if (!nullable(single))
                        d.insert(QStringLiteral("type"), makeList({single, QStringLiteral("null")}));
                }
            }
            const Value type = sub[u"type"];
            if (typeIs(type, u"array") && sub[u"items"][u"properties"].isDict())
                sub.dictRef().insert(QStringLiteral("items"), allowDefaultNone(sub[u"items"]));
            if (typeIs(type, u"object") && sub[u"properties"].isDict())
                sub = allowDefaultNone(sub);
        }
        outProps.insert(name, sub);
    }
    Value out = schema;
    out.dictRef().insert(QStringLiteral("properties"), Value(std::move(outProps)));
    return out;
}

// st2's default assignment before validation: an absent or null property takes
// its default; objects and lists of objects with properties are visited too.
Value assignDefaults(const Value &instance, const Value &schema)
{
    if (instance.isList()) {
        ValueList items = instance.toList();
        for (Value &item : items)
            item = assignDefaults(item, schema);
        return Value(std::move(items));
    }
    if (!instance.isDict())
        return instance;
    ValueDict out = instance.toDict();
    for (const auto &[name, sub] : schema[u"properties"].toDict()) {
        if (const Value *def = sub.toDict().find(u"default")) {
            const Value *cur = out.find(name);
            if (!cur || cur->isNull())
                out.insert(name, *def);
        }
        const Value type = sub[u"type"];
        Value *cur = out.find(name);
        if (!cur || cur->isNull())
            continue;
        if (typeIs(type, u"array") && sub[u"items"][u"properties"].isDict())
            *cur = assignDefaults(*cur, sub[u"items"]);
        if (typeIs(type, u"object") && sub[u"properties"].isDict())
            *cur = assignDefaults(*cur, sub);
    }
    return Value(std::move(out));
}

qint64 ttlMinutes(const Value &ttl)
{
    if (ttl.isInt())
        return ttl.toInt();
    if (ttl.isDouble())
        return qint64(ttl.toDouble());
    if (ttl.isString())
        return ttl.toString().trimmed().toLongLong();
    return 0;
}

} // namespace

InquiryService::InquiryService(store::Store *store, ExecutionService *executions, QObject *parent)
    : QObject(parent), m_store(store), m_executions(executions)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &InquiryService::expireDue);
    connect(m_executions, &ExecutionService::waiting, this, &InquiryService::onWaiting);
    connect(m_executions, &ExecutionService::completed, this, &InquiryService::onCompleted);
}

InquiryService::~InquiryService() = default;

Value InquiryService::toApi(const Value &execution)
{
    const Value result = execution[u"result"];
    return makeDict({{QStringLiteral("id"), execution[u"id"]},
                     {QStringLiteral("route"), result[u"route"]},
                     {QStringLiteral("ttl"), result[u"ttl"]},
                     {QStringLiteral("users"), result[u"users"]},
                     {QStringLiteral("roles"), result[u"roles"]},
                     {QStringLiteral("schema"), result[u"schema"]}});
}

void InquiryService::start()
{
    store::Query q;
    q.filters.insert(QStringLiteral("runner"), kInquirer);
    q.filters.insert(QStringLiteral("status"), QString::fromLatin1(status::Pending));
    q.limit = 0;
    q.countTotal = false;
    for (const Value &doc : m_store->executions(q).items)
        track(doc);
    arm();
}

ListResult InquiryService::list(const Params &p) const
{
    store::Query q = apiquery::toStoreQuery(p, {});
    q.filters.insert(QStringLiteral("runner"), kInquirer);
    q.filters.insert(QStringLiteral("status"), QString::fromLatin1(status::Pending));
    const store::Page page = m_store->executions(q);
    ListResult r;
    r.total = page.total;
    r.limit = q.limit;
    r.offset = q.offset;
    for (const Value &doc : page.items)
        r.items.append(toApi(doc));
    return r;
}

Value InquiryService::load(const QString &id) const
{
    const auto doc = m_store->execution(id);
    if (!doc)
        throw SquallException(QStringLiteral("NotFound"), QStringLiteral("inquiry %1 not found").arg(id));
    // st2's check_inquiry, in its order.
    if (!isInquiry(*doc))
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("execution %1 is not an inquiry (runner %2)")
                                  .arg(id, (*doc)[u"runner"][u"name"].toString()));
    const QString st = (*doc)[u"status"].toString();
    if (st == QLatin1StringView(status::Timeout))
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("inquiry %1 timed out and can no longer be answered").arg(id));
    if (st != QLatin1StringView(status::Pending))
        throw SquallException(QStringLiteral("BadRequest"),
                              QStringLiteral("inquiry %1 was already answered (its execution is %2)").arg(id, st));
    return *doc;
}

Value InquiryService::get(const QString &id) const
{
    return toApi(load(id));
}

Value InquiryService::respond(const QString &id, const Value &response, const QString &user)
{
    const Value doc = load(id);
    const Value result = doc[u"result"];
    const ValueList users = result[u"users"].toList();
    if (!users.isEmpty()
        && std::none_of(users.begin(), users.end(), [&user](const Value &u) { return u.toString() == user; }))
        throw SquallException(QStringLiteral("Forbidden"),
                              QStringLiteral("user \"%1\" is not allowed to answer inquiry %2").arg(user, id));
    // Roles need RBAC, which Squall does not have: like st2 without an RBAC
    // backend, every user passes the role check.

    const Value schema = result[u"schema"];
    if (schema.isDict()) {
        const Value relaxed = allowDefaultNone(schema);
        Value instance = response;
        if (typeIs(schema[u"type"], u"object") && instance.isDict())
            instance = assignDefaults(instance, relaxed);
        const QList<Error> errors = schema::validate(instance, relaxed, QStringLiteral("response"));
        if (!errors.isEmpty()) {
            const Error &e = errors.first();
            throw SquallException(QStringLiteral("BadRequest"),
                                  QStringLiteral("the response to inquiry %1 does not match its schema: %2%3")
                                      .arg(id, e.field.isEmpty() ? QString() : e.field + u": ", e.message));
        }
    }

    Q_EMIT responded(id, parentOf(doc));
    Value answered = result;
    answered.dictRef().insert(QStringLiteral("response"), response);
    m_executions->completePending(id, QString::fromLatin1(status::Succeeded), answered);
    Value event = toApi(doc);
    event.dictRef().insert(QStringLiteral("status"), QString::fromLatin1(status::Succeeded));
    event.dictRef().insert(QStringLiteral("response"), response);
    emitEvent(EventKind::InquiryUpdate, event);
    return makeDict({{QStringLiteral("id"), id}, {QStringLiteral("response"), response}});
}

void InquiryService::onWaiting(const Value &execution)
{
    if (!isInquiry(execution))
        return;
    track(execution);
    arm();
    emitEvent(EventKind::InquiryCreate, toApi(execution));
}

void InquiryService::onCompleted(const Value &execution)
{
    const QString id = execution[u"id"].toString();
    if (!m_deadline.contains(id))
        return;
    untrack(id);
    arm();
}

void InquiryService::track(const Value &execution)
{
    const qint64 ttl = ttlMinutes(execution[u"result"][u"ttl"]);
    if (ttl <= 0)
        return;  // 0 disables expiry
    const QDateTime started = parseTimestamp(execution[u"start_timestamp"].toString());
    const qint64 base = started.isValid() ? started.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
    const QString id = execution[u"id"].toString();
    untrack(id);
    const qint64 deadline = base + ttl * m_minuteMs;
    m_deadline.insert(id, deadline);
    m_byDeadline.insert(deadline, id);
}

void InquiryService::untrack(const QString &id)
{
    const auto it = m_deadline.constFind(id);
    if (it == m_deadline.constEnd())
        return;
    m_byDeadline.remove(*it, id);
    m_deadline.erase(it);
}

void InquiryService::arm()
{
    if (m_byDeadline.isEmpty()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = m_byDeadline.firstKey() - QDateTime::currentMSecsSinceEpoch();
    m_timer.start(int(std::clamp<qint64>(wait, 0, kMaxWaitMs)));
}

void InquiryService::expireDue()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QStringList due;
    for (auto it = m_byDeadline.constBegin(); it != m_byDeadline.constEnd() && it.key() <= now; ++it)
        due.append(it.value());
    for (const QString &id : due) {
        untrack(id);
        const auto doc = m_store->execution(id);
        if (!doc || (*doc)[u"status"].toString() != QLatin1StringView(status::Pending))
            continue;
        Q_EMIT timedOut(id, parentOf(*doc));
        try {
            // The result stays what the inquiry asked, as st2's expiry leaves it.
            m_executions->completePending(id, QString::fromLatin1(status::Timeout), (*doc)[u"result"]);
        } catch (const SquallException &e) {
            qWarning("inquiry %s could not expire: %s", qPrintable(id), e.what());
            continue;
        }
        Value event = toApi(*doc);
        event.dictRef().insert(QStringLiteral("status"), QString::fromLatin1(status::Timeout));
        emitEvent(EventKind::InquiryUpdate, event);
    }
    arm();
}

void InquiryService::emitEvent(EventKind type, const Value &doc) const
{
    if (m_emit)
        m_emit(type, doc);
}

} // namespace squall::engine
