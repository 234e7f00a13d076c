#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QTcpServer>
#include <QUrlQuery>

// A tiny HTTP/1.1 server answering canned JSON, recording what the CLI sent.
class FakeDaemon
{
public:
    struct Request
    {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QHash<QByteArray, QByteArray> headers;  // names lower-cased
        QByteArray body;
    };
    struct Reply
    {
        int status = 200;
        QByteArray body;
        QList<std::pair<QByteArray, QByteArray>> headers;
    };

    FakeDaemon();
    bool listen();
    QString url() const;

    // Replies for "METHOD /path" are used in order; the last one repeats.
    void on(const QByteArray &method, const QString &path, const Reply &reply);
    void onFile(const QByteArray &method, const QString &path, const QString &file, int status = 200);

    QList<Request> requests;
    QList<Request> requestsTo(const QByteArray &method, const QString &path) const;

private:
    void serve(class QTcpSocket *socket);

    QTcpServer m_server;
    QHash<QString, QList<Reply>> m_routes;
};
