#pragma once

#include "base/Error.h"
#include "base/Value.h"
#include "workflow/chain/ChainNode.h"

#include <QHash>
#include <QList>

#include <memory>

namespace squall::yaml {
class LocationMap;
struct Document;
}

namespace squall::actionchain {

// An ActionChain definition (the runner's entry point file), loaded once,
// checked as a whole and shared read-only by every execution of the action.
class ChainSpec
{
public:
    // Checks `doc` and returns the spec, or nullptr with every problem in
    // `errors` (file:line:col and field, in document order). `locations` may be
    // null (errors then carry the field only).
    static std::shared_ptr<const ChainSpec> fromValue(const Value &doc, const yaml::LocationMap *locations,
                                                      QList<Error> *errors);
    static std::shared_ptr<const ChainSpec> fromDocument(const yaml::Document &doc, QList<Error> *errors);
    // Reads a YAML or JSON file; syntax errors come back in `errors` too.
    static std::shared_ptr<const ChainSpec> loadFile(const QString &path, QList<Error> *errors);

    const QList<ChainNode> &nodes() const { return m_nodes; }
    const ChainNode *node(const QString &name) const;  // nullptr when not defined
    // The start node: `default`, else the first node no other node names as
    // its next node, else the first node.
    const QString &defaultNode() const { return m_default; }
    const Value &vars() const { return m_vars; }  // dict (possibly empty) of templates
    const QString &file() const { return m_file; }
    // Accepted but suspicious content, e.g. unknown keys on nodes after the
    // first one (StackStorm only checks the first node's keys).
    const QList<Error> &warnings() const { return m_warnings; }

private:
    ChainSpec() = default;

    QString m_file;
    QList<ChainNode> m_nodes;
    QHash<QString, qsizetype> m_index;
    QString m_default;
    Value m_vars;
    QList<Error> m_warnings;
};

} // namespace squall::actionchain
