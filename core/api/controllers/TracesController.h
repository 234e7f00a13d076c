#pragma once

#include "api/controllers/Controller.h"

namespace squall::api {

class TracesController final : public Controller
{
public:
    using Controller::Controller;
    void addRoutes(Router &router) override;
};

} // namespace squall::api
