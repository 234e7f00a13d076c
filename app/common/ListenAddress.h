#pragma once

#include <QString>

class QHostAddress;

// "HOST:PORT" as `--listen` takes it ("localhost" and an empty host mean
// 127.0.0.1, "[::1]:9101" for IPv6, port 9101 when left out).
bool splitListen(const QString &listen, QHostAddress *address, quint16 *port, QString *error);
