#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <unordered_map>

class QSqlQuery;

namespace squall::store {

// Prepared statements kept for the life of a connection, keyed by their SQL
// text: each distinct statement is prepared once, then only re-bound and run.
class StatementCache
{
public:
    StatementCache() = default;
    ~StatementCache();
    Q_DISABLE_COPY_MOVE(StatementCache)

    void setDatabase(const QSqlDatabase &db) { m_db = db; }
    // The prepared statement for `sql`, or null (see lastError()) when SQLite
    // rejects it.
    QSqlQuery *get(const QString &sql);
    void clear();
    const QString &lastError() const { return m_lastError; }
    size_t size() const { return m_queries.size(); }

private:
    QSqlDatabase m_db;
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_queries;
    QString m_lastError;
};

} // namespace squall::store
