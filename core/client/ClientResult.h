#pragma once

#include "base/Error.h"
#include "base/Value.h"

#include <optional>

namespace squall::client {

// The outcome of one client call, as a value: the document (or list) on
// success, the error with its kind, message, field and location otherwise.
// Both backends fill it the same way, so a view cannot tell them apart.
struct ClientResult
{
    Value value;
    std::optional<Error> error;
    int status = 0;      // the HTTP status the REST API answers (or would answer) with
    qint64 total = -1;   // lists: matches before paging (X-Total-Count)
    int limit = 0;       // lists: page size used (X-Limit)

    bool ok() const { return !error.has_value(); }
    QString errorText() const { return error ? error->toString() : QString(); }
};

} // namespace squall::client
