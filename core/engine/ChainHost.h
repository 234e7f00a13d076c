#pragma once

#include "engine/WorkflowHost.h"

#include <memory>

namespace squall::actionchain { class ChainConductor; struct ChainStep; }

namespace squall::engine {

// Hosts one ActionChain execution: one child execution at a time, the chain
// state saved after every step so a restart continues the chain.
class ChainHost final : public WorkflowHost
{
public:
    ChainHost(WorkflowService *service, WorkflowRun *run, Value execution);
    ~ChainHost() override;

    void start() override;
    void childCompleted(const Value &child) override;
    void childPending(const Value &child) override;
    bool pause() override;
    bool resume() override;
    void cancel() override;

private:
    void handle(actionchain::ChainStep step);
    void save();

    std::unique_ptr<actionchain::ChainConductor> m_chain;
    bool m_waitingOnInquiry = false;  // paused by a pending child, not by a person
};

} // namespace squall::engine
