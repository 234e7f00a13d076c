#include "ListenAddress.h"

#include <QHostAddress>

bool splitListen(const QString &listen, QHostAddress *address, quint16 *port, QString *error)
{
    const qsizetype colon = listen.lastIndexOf(u':');
    QString host = colon >= 0 ? listen.left(colon) : listen;
    const QString portText = colon >= 0 ? listen.mid(colon + 1) : QStringLiteral("9101");
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty() || host == u"localhost")
        host = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint p = portText.toUInt(&ok);
    if (!ok || p > 65535 || !address->setAddress(host)) {
        *error = QStringLiteral("--listen wants HOST:PORT with a numeric address, not \"%1\"").arg(listen);
        return false;
    }
    *port = quint16(p);
    return true;
}
