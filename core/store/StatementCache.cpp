#include "store/StatementCache.h"

#include <QSqlError>
#include <QSqlQuery>

namespace squall::store {

StatementCache::~StatementCache()
{
    clear();
}

QSqlQuery *StatementCache::get(const QString &sql)
{
    const auto it = m_queries.find(sql);
    if (it != m_queries.end())
        return it->second.get();
    auto q = std::make_unique<QSqlQuery>(m_db);
    q->setForwardOnly(true);
    if (!q->prepare(sql)) {
        m_lastError = q->lastError().text() + QStringLiteral(" [") + sql + QLatin1Char(']');
        return nullptr;
    }
    return m_queries.emplace(sql, std::move(q)).first->second.get();
}

void StatementCache::clear()
{
    m_queries.clear();
    m_db = QSqlDatabase();
}

} // namespace squall::store
