#include "FakeDaemon.h"

#include <QFile>
#include <QTcpSocket>
#include <QUrl>

#include <memory>

FakeDaemon::FakeDaemon()
{
    QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection())
            serve(s);
    });
}

bool FakeDaemon::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString FakeDaemon::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
}

void FakeDaemon::on(const QByteArray &method, const QString &path, const Reply &reply)
{
    m_routes[QString::fromLatin1(method) + u' ' + path].append(reply);
}

void FakeDaemon::onFile(const QByteArray &method, const QString &path, const QString &file, int status)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(file));
    on(method, path, Reply{status, f.readAll(), {}});
}

QList<FakeDaemon::Request> FakeDaemon::requestsTo(const QByteArray &method, const QString &path) const
{
    QList<Request> out;
    for (const Request &r : requests) {
        if (r.method == method && r.path == path)
            out.append(r);
    }
    return out;
}

void FakeDaemon::serve(QTcpSocket *socket)
{
    auto buffer = std::make_shared<QByteArray>();
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
        *buffer += socket->readAll();
        const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer->left(headerEnd).split('\n');
        Request req;
        const QList<QByteArray> first = lines.first().trimmed().split(' ');
        req.method = first.value(0);
        const QUrl target(QString::fromLatin1(first.value(1)));
        req.path = target.path(QUrl::FullyEncoded);
        req.query = QUrlQuery(target.query());
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                req.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = req.headers.value("content-length", "0").toLongLong();
        if (buffer->size() < headerEnd + 4 + length)
            return;
        req.body = buffer->mid(headerEnd + 4, length);
        buffer->clear();
        requests.append(req);

        Reply reply{404, QByteArrayLiteral("{\"faultstring\": \"no canned reply\"}"), {}};
        auto it = m_routes.find(QString::fromLatin1(req.method) + u' ' + req.path);
        if (it != m_routes.end() && !it->isEmpty())
            reply = it->size() > 1 ? it->takeFirst() : it->constFirst();
        const QByteArray reason = reply.status == 200 ? "OK" : reply.status == 201 ? "Created"
                                : reply.status == 404 ? "Not Found" : "Error";
        QByteArray response = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason + "\r\n"
                              "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
                              + QByteArray::number(reply.body.size()) + "\r\n";
        for (const auto &[k, v] : reply.headers)
            response += k + ": " + v + "\r\n";
        socket->write(response + "\r\n" + reply.body);
        socket->disconnectFromHost();
    });
}
