#pragma once

#include "api/HttpReply.h"
#include "api/HttpRequest.h"

#include <memory>

class QWebSocket;

namespace squall::api {

// All the transport knows about the application: a request to answer through
// its reply handle (now or later), and upgraded WebSocket connections.
class RequestHandler
{
public:
    virtual ~RequestHandler() = default;
    virtual void handleRequest(const HttpRequest &request, const HttpReply &reply) = 0;
    // Asked before a WebSocket upgrade is accepted; on refusal, `refusal` is
    // sent as an ordinary HTTP response and the connection closed.
    virtual bool acceptWebSocket(const HttpRequest &request, HttpResponse *refusal) = 0;
    virtual void handleWebSocket(std::unique_ptr<QWebSocket> socket) = 0;
};

} // namespace squall::api
