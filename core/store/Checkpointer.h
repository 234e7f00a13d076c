#pragma once

#include <QObject>
#include <QString>

namespace squall::store {

// Copies the WAL back into the database file on a thread of its own, with its
// own connection, so the engine thread never waits for a checkpoint's page
// copies and fsyncs (SQLite would otherwise run them inside a commit).
class Checkpointer final : public QObject
{
    Q_OBJECT
public:
    explicit Checkpointer(QString path, QString connectionName);
    ~Checkpointer() override;
    Q_DISABLE_COPY_MOVE(Checkpointer)

    // All three run on the checkpointer's thread (invoke them queued).
    void open();
    void checkpoint();
    void close();

Q_SIGNALS:
    void checkpointed(int walFrames, int copiedFrames);

private:
    QString m_path;
    QString m_connectionName;
    bool m_open = false;
};

} // namespace squall::store
