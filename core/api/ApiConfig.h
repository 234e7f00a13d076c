#pragma once

#include <QStringList>

namespace squall::api {

// Knobs the daemon sets from its configuration file.
struct ApiConfig
{
    qint64 maxBodyBytes = 10 * 1024 * 1024;  // larger request bodies get 413
    qint64 maxHeaderBytes = 64 * 1024;       // a request head larger than this gets 431
    // Origins allowed to call the API from a browser ("*" allows any). Empty: no CORS headers.
    QStringList allowedOrigins;
    int sseHeartbeatMs = 15000;  // a bare "\n" keeps idle event streams alive through proxies
};

} // namespace squall::api
