#pragma once

#include "engine/EngineApi.h"

namespace squall::store { struct Query; }

namespace squall::engine {

// Turning REST query parameters into store queries and list pages, the same
// way for every resource.
namespace apiquery {

int limitOf(const Params &p, int fallback = 100);   // "-1" -> all (0)
int offsetOf(const Params &p);
store::Query toStoreQuery(const Params &p, const QStringList &filterNames);

// include_attributes / exclude_attributes (comma lists, dotted paths allowed).
Value project(const Value &doc, const Params &p);
ValueList project(const ValueList &docs, const Params &p);

// Pages an in-memory list after keeping items whose fields equal the given
// filters (`filterFields` maps a query name to a dotted field path).
ListResult page(const ValueList &all, const Params &p, const QHash<QString, QString> &filterFields);

Value field(const Value &doc, QStringView dottedPath);
bool isTrue(const QString &s);

} // namespace apiquery
} // namespace squall::engine
