#include "engine/ChainHost.h"

#include "base/Error.h"
#include "base/Ids.h"
#include "engine/ContentRegistry.h"
#include "engine/CrashGuard.h"
#include "engine/ExecutionService.h"
#include "engine/KeyValueService.h"
#include "engine/Statuses.h"
#include "engine/WorkflowRun.h"
#include "engine/WorkflowService.h"
#include "runners/RunRequest.h"
#include "store/Store.h"
#include "workflow/chain/ChainConductor.h"
#include "workflow/chain/ChainSpec.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcChain, "squall.chain")

namespace squall::engine {

using actionchain::ChainStep;

ChainHost::ChainHost(WorkflowService *service, WorkflowRun *run, Value execution)
    : WorkflowHost(service, run, std::move(execution))
{
}

ChainHost::~ChainHost() = default;

void ChainHost::start()
{
    if (!run())
        return;
    const CrashGuard::Conducting conducting(service()->crashGuard(), id());
    const runners::RunRequest &rr = run()->request();
    std::shared_ptr<const actionchain::ChainSpec> spec;
    try {
        spec = service()->chainSpec(rr.entryPoint);
    } catch (const SquallException &e) {
        finish(QStringLiteral("failed"), makeDict({{QStringLiteral("error"), e.error().message}}));
        return;
    }
    actionchain::ChainEnvironment env;
    const QString user = execution()[u"context"][u"user"].toString();
    env.datastore = service()->keyValues()->templateVariable(user.isEmpty() ? rr.user : user);
    env.configContext = service()->content()->packConfig(rr.packName);
    ContentRegistry *content = service()->content();
    env.actionExists = [content](const QString &ref) { return content->action(ref) != nullptr; };
    env.functions = service()->functionScope();

    if (const auto state = service()->store()->workflowState(id())) {
        CrashGuard *guard = service()->crashGuard();
        if (guard && guard->isQuarantined(id())) {
            qCWarning(lcChain).noquote() << "action-chain" << id()
                                         << "was being conducted when the engine stopped; it is recorded as failed "
                                            "instead of resumed, to avoid a crash loop";
            finish(QStringLiteral("failed"),
                   makeDict({{QStringLiteral("error"),
                              QStringLiteral("the engine stopped while conducting this workflow; it was not resumed "
                                             "to avoid a crash loop")}}));
            guard->release(id());
            return;
        }
        if (guard)
            guard->beginResume(id());
        try {
            m_chain = std::make_unique<actionchain::ChainConductor>(
                actionchain::ChainConductor::restore(spec, state->snapshot[u"chain"], env));
        } catch (const SquallException &e) {
            if (guard)
                guard->endResume();
            finish(QStringLiteral("failed"), makeDict({{QStringLiteral("error"), e.error().message}}));
            return;
        }
        if (guard)
            guard->endResume();
        // The outstanding child may have ended while the daemon was down.
        const QString current = m_chain->currentExecutionId();
        QTimer::singleShot(0, run(), [this, current] {
            if (isFinished() || current.isEmpty() || m_chain->currentExecutionId() != current)
                return;
            const Value doc = service()->executionRecord(current);
            const QString st = doc[u"status"].toString();
            if (doc.isNull())
                handle(m_chain->nodeCompleted(QStringLiteral("abandoned"), Value(), nowTimestamp()));
            else if (status::isCompleted(st))
                handle(m_chain->nodeCompleted(st, doc[u"result"], doc[u"end_timestamp"].toString()));
        });
        return;
    }

    actionchain::ChainInputs inputs;
    inputs.parameters = rr.actionParameters;
    inputs.context = execution()[u"context"];
    inputs.executionId = id();
    inputs.notify = execution()[u"notify"];
    const Value display = rr.runnerParameters[u"display_published"];
    inputs.displayPublished = display.isNull() || display.toBool();
    for (const Value &v : rr.runnerParameters[u"skip_notify"].toList())
        inputs.skipNotify << v.toString();
    m_chain = std::make_unique<actionchain::ChainConductor>(spec, inputs, env);
    handle(m_chain->start());
}

void ChainHost::handle(ChainStep step)
{
    const CrashGuard::Conducting conducting(service()->crashGuard(), id());
    // Each step may at once give the next one (a refused child fails its node).
    for (;;) {
        if (step.action == ChainStep::Action::RunNode) {
            ExecutionRequest req;
            req.actionRef = step.request.ref;
            req.parameters = step.request.parameters;
            Value ctx = step.request.context;
            if (ctx.isNull())
                ctx = Value(ValueDict());
            ValueDict &c = ctx.dictRef();
            if (!c.contains(u"user"))
                c.insert(QStringLiteral("user"), execution()[u"context"][u"user"]);
            if (!c.contains(u"trace_context") && !execution()[u"context"][u"trace_context"].isNull())
                c.insert(QStringLiteral("trace_context"), execution()[u"context"][u"trace_context"]);
            req.context = ctx;
            try {
                const Value child = service()->requestChild(req);
                m_chain->nodeScheduled(child[u"id"].toString(), {}, child[u"start_timestamp"].toString());
            } catch (const SquallException &e) {
                step = m_chain->nodeRequestFailed(e.error().message, nowTimestamp());
                continue;
            }
        } else if (step.action == ChainStep::Action::ResumeNode) {
            service()->executions()->resumeChild(step.request.executionId);
        }
        break;
    }
    save();
    if (m_chain->isFinished()) {
        finish(m_chain->status(), m_chain->result());
        return;
    }
    const QString st = m_chain->status();
    if (st == u"pausing" || st == u"paused" || st == u"canceling" || st == u"running")
        reportStatus(st);
}

void ChainHost::save()
{
    service()->store()->putWorkflowSnapshot(id(), makeDict({{QStringLiteral("chain"), m_chain->toValue()}}));
}

void ChainHost::childCompleted(const Value &child)
{
    if (!m_chain || child[u"id"].toString() != m_chain->currentExecutionId())
        return;
    try {
        handle(m_chain->nodeCompleted(child[u"status"].toString(), child[u"result"],
                                      child[u"end_timestamp"].toString()));
        // An answered inquiry resumes the chain it paused.
        if (m_waitingOnInquiry && m_chain->status() == u"paused") {
            m_waitingOnInquiry = false;
            handle(m_chain->resume());
        }
    } catch (const SquallException &e) {
        finish(QStringLiteral("failed"), makeDict({{QStringLiteral("error"), e.error().message}}));
    }
}

void ChainHost::childPending(const Value &child)
{
    if (!m_chain || child[u"id"].toString() != m_chain->currentExecutionId())
        return;
    try {
        m_waitingOnInquiry = true;
        handle(m_chain->nodeCompleted(QStringLiteral("pending"), child[u"result"], nowTimestamp()));
    } catch (const SquallException &e) {
        finish(QStringLiteral("failed"), makeDict({{QStringLiteral("error"), e.error().message}}));
    }
}

bool ChainHost::pause()
{
    if (!m_chain || !m_chain->requestPause())
        return false;
    if (!m_chain->currentExecutionId().isEmpty())
        service()->executions()->pauseChild(m_chain->currentExecutionId());
    handle(ChainStep{});
    return true;
}

bool ChainHost::resume()
{
    if (!m_chain || (m_chain->status() != u"paused" && m_chain->status() != u"pausing"))
        return false;
    handle(m_chain->resume());
    return true;
}

void ChainHost::cancel()
{
    if (!m_chain) {
        finish(QStringLiteral("canceled"), Value(ValueDict()));
        return;
    }
    const QString current = m_chain->currentExecutionId();
    if (!m_chain->requestCancel())
        return;
    if (!current.isEmpty())
        service()->executions()->cancelChild(current);
    handle(ChainStep{});
}

} // namespace squall::engine
