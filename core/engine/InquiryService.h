#pragma once

#include "engine/EngineEvent.h"
#include "engine/EngineApi.h"

#include <QHash>
#include <QMultiMap>
#include <QObject>
#include <QTimer>

#include <functional>

namespace squall::store { class Store; }

namespace squall::engine {

class ExecutionService;

// Inquiries (reference §8): executions of runner `inquirer` waiting in
// `pending` for a person's answer. There is no inquiry table: an inquiry is
// its execution, reshaped. This service lists and answers them, and expires
// them after their `ttl` minutes (0 = never) — Squall enforces the TTL itself,
// where StackStorm leaves it to an opt-in garbage collector.
class InquiryService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InquiryService)
public:
    InquiryService(store::Store *store, ExecutionService *executions, QObject *parent = nullptr);
    ~InquiryService() override;

    // Stream events: "st2.inquiry__create" with the inquiry document when one
    // starts waiting, "st2.inquiry__update" with the document plus "status"
    // (succeeded | timeout) and, when answered, "response".
    void setEventSink(std::function<void(EventKind kind, const Value &doc)> sink) { m_emit = std::move(sink); }
    // How long a TTL minute lasts; tests shorten it.
    void setMinuteMs(qint64 ms) { m_minuteMs = ms; }

    // Picks up the inquiries left pending by a previous run (after
    // ExecutionService::recover()) and arms their expiry; overdue ones time
    // out on the next event-loop turn.
    void start();

    // GET /inquiries: pending inquirer executions, newest first unless
    // sort_asc; limit/offset as for executions.
    ListResult list(const Params &p) const;
    // GET /inquiries/{id}. NotFound (404); BadRequest (400) when the execution
    // is not an inquiry, timed out or was already answered (st2's checks).
    Value get(const QString &id) const;
    // PUT /inquiries/{id}: StackStorm's checks in its order — runner inquirer,
    // still pending (else timed out / already responded: 400), `users` (403;
    // `roles` are not checked: Squall has no RBAC, like st2 without an RBAC
    // backend), the response against `schema` with defaults applied (400).
    // The execution then succeeds with result {...inquiry, response}; the
    // response is stored as given, as st2 does. Returns {id, response}.
    Value respond(const QString &id, const Value &response, const QString &user);

    // The API shape {id, route, ttl, users, roles, schema} of an inquiry execution.
    static Value toApi(const Value &execution);

Q_SIGNALS:
    // Emitted when an answer was accepted, just before the inquiry's execution
    // is marked succeeded (st2 resumes the parent first, then completes the
    // inquiry; the completion then arrives as ExecutionService::completed).
    // parentExecutionId is the direct parent ("" when run on its own): under
    // orquesta it is the workflow to resume; under action-chain st2 resumes the
    // root, which the receiver finds by walking up the parents.
    void responded(const QString &executionId, const QString &parentExecutionId);
    // The same for an inquiry whose TTL expired, just before it becomes `timeout`.
    void timedOut(const QString &executionId, const QString &parentExecutionId);

private:
    void onWaiting(const Value &execution);
    void onCompleted(const Value &execution);
    void track(const Value &execution);
    void untrack(const QString &id);
    void arm();
    void expireDue();
    Value load(const QString &id) const;
    void emitEvent(EventKind type, const Value &doc) const;

    store::Store *m_store;
    ExecutionService *m_executions;
    std::function<void(EventKind, const Value &)> m_emit;
    qint64 m_minuteMs = 60'000;
    QTimer m_timer;
    QMultiMap<qint64, QString> m_byDeadline;  // epoch ms -> execution id
    QHash<QString, qint64> m_deadline;        // execution id -> epoch ms
};

} // namespace squall::engine
