#pragma once

#include "api/controllers/Controller.h"

namespace squall::api {

// /api/v1/inquiries: executions of core.ask (runner inquirer) waiting for an answer.
class InquiriesController final : public Controller
{
public:
    using Controller::Controller;
    void addRoutes(Router &router) override;
};

} // namespace squall::api
