#pragma once

#include "base/Value.h"

#include <QProcess>
#include <QTemporaryDir>

// Starts `squall serve` on a free loopback port in a temporary data directory
// and talks to it over HTTP and through the `squall` CLI, as a user would.
class Daemon
{
public:
    Daemon();
    ~Daemon();

    bool start(const QStringList &extraArgs = {});
    void stop();
    // Simulates a crash: SIGKILL, nothing is flushed or recorded.
    void kill();
    bool isRunning() const { return m_proc.state() == QProcess::Running; }

    QString url() const { return m_url; }
    QString dataDir() const { return m_dir.path() + QStringLiteral("/data"); }
    QString apiKey() const;
    QString output();  // everything the daemon printed so far

    struct Reply
    {
        int status = 0;
        QByteArray body;
        squall::Value json;
        QList<std::pair<QByteArray, QByteArray>> headers;
    };
    // `auth` false sends no credentials.
    Reply request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                  const QByteArray &contentType = "application/json", bool auth = true,
                  const QList<std::pair<QByteArray, QByteArray>> &headers = {});

    struct CliResult
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    CliResult cli(const QStringList &args, const QByteArray &input = {});

private:
    QTemporaryDir m_dir;
    QProcess m_proc;
    QString m_url;
    QString m_log;
};
