#include "store/Checkpointer.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

namespace squall::store {

Checkpointer::Checkpointer(QString path, QString connectionName)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
{
}

Checkpointer::~Checkpointer() = default;

void Checkpointer::open()
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        m_open = db.open();
        if (m_open)
            QSqlQuery(db).exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
    }
    if (!m_open)
        QSqlDatabase::removeDatabase(m_connectionName);
}

void Checkpointer::checkpoint()
{
    if (!m_open)
        return;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    // PASSIVE never blocks the writer; frames it cannot copy yet wait for the next round.
    if (q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")) && q.next())
        Q_EMIT checkpointed(q.value(1).toInt(), q.value(2).toInt());
}

void Checkpointer::close()
{
    if (!m_open)
        return;
    m_open = false;
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

} // namespace squall::store
